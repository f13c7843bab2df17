/**
 * `countUnmodelled`: what the included schemas hold that introspection does not read into a snapshot (functions,
 * triggers, policies, …), counted in one query, so `retort pull` can say what its models leave out.
 * Objects that belong to an extension are not counted (the extension is, once).
 */
import type { UnmodelledCounts, UnmodelledKind } from "../../dialect.js";
import type { DatabaseSession } from "../../session.js";

const notInExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

const relations = (condition: string) => `(SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY($1::text[]) AND ${condition} AND ${notInExtension("pg_class", "c.oid")})`;

/** Functions a person wrote: not those a range type makes for itself (its constructors, an internal dependency). */
const functions = (condition: string) => `(SELECT count(*)::int FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE n.nspname = ANY($1::text[]) AND ${condition} AND ${notInExtension("pg_proc", "p.oid")}
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i'))`;

const types = (condition: string) => `(SELECT count(*)::int FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = ANY($1::text[]) AND ${condition} AND ${notInExtension("pg_type", "t.oid")})`;

/** Rows of `catalog` (alias `o`, with `relation` its table's oid) on tables of the included schemas. */
const onTables = (catalog: string, relation: string, condition: string) => `(SELECT count(*)::int FROM ${catalog} o
  JOIN pg_class c ON c.oid = ${relation} JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY($1::text[]) AND ${condition} AND ${notInExtension("pg_class", "c.oid")})`;

/**
 * The kinds a snapshot carries (sequences, domains, extensions, views and materialized views) are not counted;
 * nor, partly, functions and triggers.
 */
type Counted = Exclude<UnmodelledKind, "sequence" | "domain" | "extension" | "view" | "materializedView">;

const COUNTS: Readonly<Partial<Record<Counted, string>>> = {
  foreignTable: relations("c.relkind = 'f'"),
  inheritance: relations(
    "c.relkind IN ('r', 'p') AND NOT c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)",
  ),
  rowLevelSecurity: relations("c.relkind IN ('r', 'p') AND c.relrowsecurity"),
  // Functions and procedures in SQL or a procedural language are modelled; aggregates, window functions and
  // routines in C are not.
  function: functions(
    "(p.prokind IN ('a', 'w') OR (p.prokind IN ('f', 'p') AND (SELECT l.lanname FROM pg_language l WHERE l.oid = p.prolang) IN ('c', 'internal')))",
  ),
  trigger: onTables("pg_trigger", "o.tgrelid", "NOT o.tgisinternal AND c.relkind NOT IN ('r', 'p')"),
  policy: onTables("pg_policy", "o.polrelid", "true"),
  rule: onTables("pg_rewrite", "o.ev_class", "o.rulename <> '_RETURN'"),
  exclusionConstraint: onTables("pg_constraint", "o.conrelid", "o.contype = 'x'"),
  generatedColumn: onTables(
    "pg_attribute",
    "o.attrelid",
    "c.relkind IN ('r', 'p') AND o.attnum > 0 AND NOT o.attisdropped AND o.attgenerated = 'v'",
  ),
  compositeType: types("t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'"),
  rangeType: types("t.typtype = 'r'"),
};

/** One row, one count per kind, for the schemas in `$1`. */
export const UNMODELLED_SQL = `SELECT ${Object.entries(COUNTS)
  .map(([kind, query]) => `${query} AS "${kind}"`)
  .join(",\n  ")}`;

/**
 * Counts the objects of `schemas` that a snapshot cannot carry (sequences, domains and extensions it carries).
 */
export async function countUnmodelled(session: DatabaseSession, schemas: readonly string[]): Promise<UnmodelledCounts> {
  const [row] = await session.query<Record<string, number>>(UNMODELLED_SQL, [schemas.length === 0 ? ["public"] : [...schemas]]);
  const counts: Partial<Record<UnmodelledKind, number>> = {};
  for (const kind of Object.keys(COUNTS) as Counted[]) {
    const count = Number(row?.[kind] ?? 0);
    if (count > 0) counts[kind] = count;
  }
  return counts;
}
