/**
 * Views and materialized views of the included schemas: their query as PostgreSQL prints it, options, the
 * columns they yield, the relations they read (from `pg_depend`), and a materialized view's indexes. Two
 * queries, sent in introspection's one message.
 */
import { frozen } from "../../../schema/freeze.js";
import type { Index, View, ViewCheckOption } from "../../../schema/model.js";
import { canonicalSchema } from "../normalize/index.js";

/** One row per view or materialized view. */
export interface ViewRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  /** `name type` per column, in order. */
  readonly columns: readonly string[];
  readonly options: readonly string[] | null;
  readonly populated: boolean;
  /** `schema.name` of each table or view the query reads. */
  readonly reads: readonly string[];
}

/**
 * The relations `relation` (an oid) reads through its `_RETURN` rule, as `schema.name`, other than itself.
 * Shared with the canonicaliser of the models' views.
 */
export const VIEW_READS = (relation: string) => `ARRAY(SELECT DISTINCT rn.nspname || '.' || rc.relname
    FROM pg_rewrite r JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
    WHERE r.ev_class = ${relation} AND d.refobjid <> ${relation} ORDER BY 1)::text[]`;

/** `name type` of each column of `relation` (an oid), in order. Shared with the canonicaliser. */
export const VIEW_COLUMNS = (relation: string) => `ARRAY(SELECT quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
    FROM pg_attribute a WHERE a.attrelid = ${relation} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[]`;

/** Views and materialized views in the schemas `$1`, leaving out extension members. */
const VIEWS_QUERY = `SELECT n.nspname AS schema, c.relname AS name, c.relkind = 'm' AS materialized,
  pg_get_viewdef(c.oid, true) AS definition, ${VIEW_COLUMNS("c.oid")} AS columns,
  c.reloptions::text[] AS options, c.relispopulated AS populated, ${VIEW_READS("c.oid")} AS reads
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname`;

/** The index query of tables (`indexesQuery`), for materialized views instead. */
export function viewIndexesQuery(tableIndexes: string, tables: string): string {
  return tableIndexes.replace(
    tables,
    `c.relkind = 'm' AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')`,
  );
}

/** The view queries, in introspection's order: views, then materialized views' indexes. */
export function viewQueries(tableIndexes: string, tables: string): readonly string[] {
  return [VIEWS_QUERY, viewIndexesQuery(tableIndexes, tables)];
}

/** The query as a models module would write it: PostgreSQL's text without its leading space and final semicolon. */
export function viewDefinition(printed: string): string {
  return printed.trim().replace(/;$/, "");
}

function option(options: readonly string[] | null, name: string): string | undefined {
  const found = (options ?? []).find((entry) => entry.startsWith(`${name}=`));
  return found?.slice(name.length + 1);
}

/** The views of `rows`, each with its indexes (by `schema.name`), sorted by schema and name. */
export function buildViews(rows: readonly ViewRow[], indexes: ReadonlyMap<string, readonly Index[]>): View[] {
  return rows.map((row) => {
    const definition = viewDefinition(row.definition);
    const barrier = option(row.options, "security_barrier");
    const check = option(row.options, "check_option");
    const own = indexes.get(`${row.schema}.${row.name}`) ?? [];
    return frozen({
      kind: "view",
      name: row.name,
      schema: canonicalSchema(row.schema),
      definition,
      materialized: row.materialized || undefined,
      securityBarrier: !row.materialized && barrier !== undefined && barrier !== "false" && barrier !== "off" ? true : undefined,
      checkOption: check === "local" || check === "cascaded" ? (check as ViewCheckOption) : undefined,
      withNoData: row.materialized && !row.populated ? true : undefined,
      indexes: own.length === 0 ? undefined : [...own].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      stored: { definition, columns: [...row.columns], reads: [...row.reads] },
    });
  });
}

/** Index rows by `schema.name` of their materialized view. */
export function indexesByView<R extends { readonly schema: string; readonly table: string }>(
  rows: readonly R[],
  indexOf: (row: R) => Index,
): Map<string, Index[]> {
  const found = new Map<string, Index[]>();
  for (const row of rows) {
    const key = `${row.schema}.${row.table}`;
    found.set(key, [...(found.get(key) ?? []), indexOf(row)]);
  }
  return found;
}
