/**
 * `undeclaredDependencies`: the columns of the included schemas' tables that rest on an object a models module
 * cannot declare: a range or composite type as the column's type (or its array's element type). (Domains and
 * standalone sequences are declared in models.) A database built from the models alone lacks these objects,
 * so `retort pull` and `retort check` name them, and the baseline of `pull --baseline` creates what it can.
 */
import type { UndeclaredDependency } from "../../dialect.js";
import type { DatabaseSession } from "../../session.js";

const inExtension = (catalog: string, oid: string) =>
  `EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = '${catalog}'::regclass AND x.objid = ${oid} AND x.deptype = 'e')`;

/** A domain's definition as one `CREATE DOMAIN`, from its base type, default, NOT NULL and check constraints. */
const DOMAIN_DEFINITION = `format('CREATE DOMAIN %I.%I AS %s', tn.nspname, t.typname, format_type(t.typbasetype, t.typtypmod))
    || coalesce(' DEFAULT ' || t.typdefault, '')
    || CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END
    || coalesce((SELECT string_agg(format(' CONSTRAINT %I %s', k.conname, pg_get_constraintdef(k.oid)), '' ORDER BY k.conname)
                 FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '')`;

export const DEPENDENCIES_SQL = `WITH columns AS (
  SELECT n.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name, a.attrelid, a.attnum, a.atttypid
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
    AND NOT ${inExtension("pg_class", "c.oid")}
)
SELECT col.table_schema, col.table_name, col.column_name,
  CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'rangeType' ELSE 'compositeType' END AS kind,
  tn.nspname AS object_schema, t.typname AS object_name,
  CASE WHEN t.typtype = 'd' THEN ${DOMAIN_DEFINITION} END AS create_sql,
  CASE WHEN t.typtype = 'd' THEN format('DROP DOMAIN %I.%I', tn.nspname, t.typname) END AS drop_sql
FROM columns col
JOIN pg_type ct ON ct.oid = col.atttypid
JOIN pg_type t ON t.oid = CASE WHEN ct.typcategory = 'A' AND ct.typelem <> 0 THEN ct.typelem ELSE ct.oid END
JOIN pg_namespace tn ON tn.oid = t.typnamespace
WHERE (t.typtype = 'r' OR (t.typtype = 'c' AND (SELECT r.relkind FROM pg_class r WHERE r.oid = t.typrelid) = 'c'))
  AND NOT ${inExtension("pg_type", "t.oid")}
ORDER BY 1, 2, 3, 4, 5, 6`;

interface Row extends Record<string, unknown> {
  table_schema: string;
  table_name: string;
  column_name: string;
  kind: UndeclaredDependency["kind"];
  object_schema: string;
  object_name: string;
  create_sql: string | null;
  drop_sql: string | null;
}

/** The columns of `schemas` that use an object models cannot declare, sorted by table, column and object. */
export async function undeclaredDependencies(session: DatabaseSession, schemas: readonly string[]): Promise<UndeclaredDependency[]> {
  const rows = await session.query<Row>(DEPENDENCIES_SQL, [schemas.length === 0 ? ["public"] : [...schemas]]);
  return rows.map((row) => ({
    table: { schema: row.table_schema, name: row.table_name },
    column: row.column_name,
    kind: row.kind,
    object: { schema: row.object_schema, name: row.object_name },
    ...(row.create_sql === null || row.drop_sql === null ? {} : { create: row.create_sql, drop: row.drop_sql }),
  }));
}
