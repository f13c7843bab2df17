/**
 * The models' views as PostgreSQL stores them. Text comparison of queries cannot be trusted (`SELECT * FROM
 * users` is stored with its columns listed and qualified), so each view of the models is created in a scratch
 * schema inside a transaction that is rolled back, and read back: the query as `pg_get_viewdef` prints it, the
 * columns it yields and the relations it reads. One message for all the views, whatever their number.
 *
 * The scratch schema of the default schema's views comes first in the search path, and holds a placeholder for
 * each of them from the start, so a view reading another view of the models reads the models' version. Views are created in passes until no more succeed, so one may
 * read another whatever their order. A view the database refuses (it reads a table the models add in the same
 * revision) keeps its text as written: it is compared as text.
 */
import { randomBytes } from "node:crypto";
import type { View } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";
import { VIEW_COLUMNS, VIEW_READS, viewDefinition } from "../catalog/views.js";
import { createViewStatement } from "../compile/views.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";

const DEFAULT_SCHEMA = "public";

/** One row per view created in a scratch schema. */
interface CanonicalRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  readonly definition: string;
  readonly columns: readonly string[];
  readonly reads: readonly string[];
}

/** A dollar-quote tag that occurs in none of `texts`. */
function dollarTag(texts: readonly string[]): string {
  let tag = "$retort_views$";
  for (let i = 0; texts.some((text) => text.includes(tag)); i++) tag = `$retort_views_${i}$`;
  return tag;
}

/** The message: the scratch schemas, the views created in passes, the catalog read back, the rollback. */
export function canonicalViewsSql(views: readonly View[], scratchOf: ReadonlyMap<string, string>): string {
  const nameOf = (view: View) => `${quoteIdentifier(scratchOf.get(view.schema ?? DEFAULT_SCHEMA)!)}.${quoteIdentifier(view.name)}`;
  // Materialized views first: they replace their placeholder by dropping it, before other views read it.
  const ordered = [...views.filter((view) => view.materialized), ...views.filter((view) => !view.materialized)];
  const creates = ordered.map((view) =>
    view.materialized
      ? `DROP VIEW IF EXISTS ${nameOf(view)}; ${createViewStatement({ ...view, withNoData: true }, nameOf(view))}`
      : createViewStatement(view, nameOf(view), true),
  );
  // A zero-column placeholder per view of the default schema: a view reading another view of the models reads
  // the scratch one (the placeholder replaced in place), never the database's view of the same name.
  const placeholders = views
    .filter((view) => (view.schema ?? DEFAULT_SCHEMA) === DEFAULT_SCHEMA)
    .map((view) => `CREATE VIEW ${nameOf(view)} AS SELECT`);
  const tag = dollarTag(creates);
  const scratches = [...scratchOf.values()];
  const first = scratchOf.get(DEFAULT_SCHEMA);
  return [
    "BEGIN",
    ...scratches.map((scratch) => `CREATE SCHEMA ${quoteIdentifier(scratch)}`),
    ...(first === undefined
      ? []
      : [`SELECT set_config('search_path', ${quoteLiteral(`${quoteIdentifier(first)}, `)} || current_setting('search_path'), true)`]),
    ...placeholders,
    `DO ${tag}
DECLARE
  pending text[] := ARRAY[${creates.map(quoteLiteral).join(", ")}]::text[];
  failed text[];
  statement text;
  progress boolean := true;
BEGIN
  WHILE progress AND cardinality(pending) > 0 LOOP
    progress := false;
    failed := '{}';
    FOREACH statement IN ARRAY pending LOOP
      BEGIN
        EXECUTE statement;
        progress := true;
      EXCEPTION WHEN others THEN
        failed := failed || statement;
      END;
    END LOOP;
    pending := failed;
  END LOOP;
END
${tag}`,
    `SELECT n.nspname AS schema, c.relname AS name, pg_get_viewdef(c.oid, true) AS definition,
  ${VIEW_COLUMNS("c.oid")} AS columns, ${VIEW_READS("c.oid")} AS reads
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND c.relnatts > 0 AND n.nspname IN (${scratches.map((s) => quoteLiteral(s)).join(", ")})`,
    "ROLLBACK",
  ].join(";\n");
}

/** `text` with references to the scratch schemas written as the schemas they stand for. */
function unscratched(text: string, realOf: ReadonlyMap<string, string>): string {
  let result = text;
  for (const [scratch, real] of realOf) {
    const shown = real === DEFAULT_SCHEMA ? "" : `${quoteIdentifier(real)}.`;
    result = result.replaceAll(`${scratch}.`, shown);
  }
  return result;
}

/**
 * `snapshot` (the models) with each view's `stored` form read from the database behind `session`. The database
 * is left as it was; should the message fail as a whole, the views are returned as written.
 */
export async function canonicalViews(session: DatabaseSession, snapshot: SchemaSnapshot): Promise<SchemaSnapshot> {
  const views = snapshot.views ?? [];
  if (views.length === 0) return snapshot;
  const suffix = randomBytes(4).toString("hex");
  const schemas = [...new Set(views.map((view) => view.schema ?? DEFAULT_SCHEMA))].sort();
  const scratchOf = new Map(schemas.map((schema, i) => [schema, `retort_views_${suffix}_${i}`]));
  const realOf = new Map([...scratchOf].map(([real, scratch]) => [scratch, real]));
  let rows: CanonicalRow[];
  try {
    const results = await session.queryMany(canonicalViewsSql(views, scratchOf));
    rows = results[results.length - 2] as CanonicalRow[];
  } catch {
    await session.execute("ROLLBACK").catch(() => undefined);
    return snapshot;
  }
  const found = new Map(rows.map((row) => [`${realOf.get(row.schema)}.${row.name}`, row]));
  return {
    ...snapshot,
    views: views.map((view): View => {
      const row = found.get(`${view.schema ?? DEFAULT_SCHEMA}.${view.name}`);
      if (row === undefined) return view;
      return {
        ...view,
        stored: {
          definition: unscratched(viewDefinition(row.definition), realOf),
          columns: [...row.columns],
          reads: row.reads.map((read) => {
            const dot = read.indexOf(".");
            const real = realOf.get(read.slice(0, dot));
            return real === undefined ? read : `${real}${read.slice(dot)}`;
          }),
        },
      };
    }),
  };
}
