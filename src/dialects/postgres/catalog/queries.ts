import { quoteLiteral } from "../quote.js";
import { ROUTINES_QUERY, TRIGGERS_QUERY } from "./routines.js";
import { viewQueries } from "./views.js";
import { POLICIES_QUERY, TABLE_SECURITY_QUERY } from "./security.js";
import { partitionsQuery } from "./partitions.js";

/**
 * The catalog queries of introspection: one per kind of object, each for every included schema at once
 * (`$1` is the schemas, as `text[]`), so reading a database costs the same few queries whatever its size; and
 * all of them go in one message (`introspectionSql`).
 * Catalog arrays of `name` are cast to `text[]` (drivers return `name[]` as a string). Tables are ordinary and
 * partitioned tables and partitions; objects that belong to an extension are left out.
 */

/** Tables in the included schemas (partitions too), leaving out extension members. */
const TABLES = `c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')`;

/** One row per column (or one row with `column` null for a table without columns). */
export interface ColumnRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly table_comment: string | null;
  readonly column: string | null;
  readonly not_null: boolean;
  readonly identity: string;
  readonly generated: string;
  readonly formatted: string;
  readonly typmod: number;
  readonly ndims: number;
  readonly type_name: string;
  readonly type_schema: string;
  readonly type_type: string;
  readonly is_array: boolean;
  readonly element_name: string | null;
  readonly element_schema: string | null;
  readonly element_type: string | null;
  readonly element_formatted: string | null;
  readonly default: string | null;
  /** The column's collation when it is not its type's default one. */
  readonly collation: string | null;
  readonly column_comment: string | null;
}

/** Tables with their columns, types, defaults and comments. */
const COLUMNS_QUERY = `SELECT n.nspname AS schema, c.relname AS table, td.description AS table_comment,
  a.attname AS column, a.attnotnull AS not_null, a.attidentity AS identity, a.attgenerated AS generated,
  format_type(a.atttypid, a.atttypmod) AS formatted, a.atttypmod AS typmod, a.attndims AS ndims,
  t.typname AS type_name, tn.nspname AS type_schema, t.typtype AS type_type,
  (t.typcategory = 'A' AND t.typelem <> 0) AS is_array,
  et.typname AS element_name, etn.nspname AS element_schema, et.typtype AS element_type,
  format_type(et.oid, a.atttypmod) AS element_formatted,
  pg_get_expr(ad.adbin, ad.adrelid, true) AS default, cd.description AS column_comment,
  CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
    THEN (SELECT co.collname::text FROM pg_collation co WHERE co.oid = a.attcollation) END AS collation
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description td ON td.objoid = c.oid AND td.classoid = 'pg_class'::regclass AND td.objsubid = 0
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_description cd ON cd.objoid = c.oid AND cd.classoid = 'pg_class'::regclass AND cd.objsubid = a.attnum
WHERE ${TABLES}
ORDER BY n.nspname, c.relname, a.attnum`;

/** One row per primary key, unique, foreign key, check or exclusion constraint. */
export interface ConstraintRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: "p" | "u" | "f" | "c" | "x";
  readonly columns: readonly string[];
  readonly referred_schema: string | null;
  readonly referred_table: string | null;
  readonly referred_columns: readonly string[] | null;
  readonly on_delete: string;
  readonly on_update: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly definition: string | null;
  readonly nulls_not_distinct: boolean;
  /** An exclusion constraint's index, as {@link IndexRow} reads an index (its name is the constraint's). */
  readonly exclusion_index: IndexRow | null;
  /** An exclusion constraint's operators, one per element (`OPERATOR(schema.op)` outside pg_catalog). */
  readonly exclusion_operators: readonly string[] | null;
}

const KEY_NAMES = (keys: string, relation: string) => `ARRAY(SELECT a.attname FROM unnest(${keys}) WITH ORDINALITY k(num, ord)
    JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.num ORDER BY k.ord)::text[]`;

/**
 * `pg_index.indnullsnotdistinct` (PostgreSQL 15+) read through the row as JSON, so the query still runs on older
 * servers, which lack the column (and the feature: false).
 */
const NULLS_NOT_DISTINCT = (index: string) => `COALESCE((to_jsonb(${index}) ->> 'indnullsnotdistinct')::boolean, false)`;

/** An index's fields as {@link IndexRow} has them, from `pg_index i`, its relation `ic` and access method `am`. */
const INDEX_FIELDS = `n.nspname AS schema, c.relname AS table, ic.relname AS name, i.indisunique AS unique,
  am.amname AS method, i.indnkeyatts AS key_count,
  ARRAY(SELECT a.attname FROM generate_series(0, i.indnatts - 1) k
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] ORDER BY k)::text[] AS columns,
  ARRAY(SELECT pg_get_indexdef(i.indexrelid, k + 1, true) FROM generate_series(0, i.indnatts - 1) k ORDER BY k)::text[] AS definitions,
  ARRAY(SELECT CASE WHEN oc.opcdefault THEN NULL WHEN ocn.nspname IN ('pg_catalog', 'public') THEN oc.opcname::text
      ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
    FROM generate_series(0, i.indnkeyatts - 1) k JOIN pg_opclass oc ON oc.oid = i.indclass[k]
    JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace ORDER BY k)::text[] AS opclasses,
  ARRAY(SELECT i.indoption[k]::int FROM generate_series(0, i.indnkeyatts - 1) k ORDER BY k) AS options,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate, ${NULLS_NOT_DISTINCT("i")} AS nulls_not_distinct`;

/** The index behind exclusion constraint `con` (of table `c` in `n`), as one JSON object of {@link INDEX_FIELDS}. */
const EXCLUSION_INDEX = `(SELECT to_jsonb(x) FROM (SELECT ${INDEX_FIELDS}
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    WHERE i.indexrelid = con.conindid) x)`;

/** The operators of exclusion constraint `con`, in element order. */
const EXCLUSION_OPERATORS = `ARRAY(SELECT CASE WHEN opn.nspname = 'pg_catalog' THEN o.oprname::text
      ELSE 'OPERATOR(' || quote_ident(opn.nspname) || '.' || o.oprname || ')' END
    FROM unnest(con.conexclop) WITH ORDINALITY k(op, ord) JOIN pg_operator o ON o.oid = k.op
    JOIN pg_namespace opn ON opn.oid = o.oprnamespace ORDER BY k.ord)::text[]`;

/**
 * Primary keys, unique constraints, foreign keys, checks and exclusion constraints (NOT NULL constraints of
 * PostgreSQL 18 left out).
 */
const CONSTRAINTS_QUERY = `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, con.contype AS type,
  ${KEY_NAMES("con.conkey", "con.conrelid")} AS columns,
  rn.nspname AS referred_schema, rc.relname AS referred_table,
  CASE WHEN con.contype = 'f' THEN ${KEY_NAMES("con.confkey", "con.confrelid")} END AS referred_columns,
  con.confdeltype AS on_delete, con.confupdtype AS on_update, con.condeferrable AS deferrable, con.condeferred AS deferred,
  CASE WHEN con.contype = 'c' THEN pg_get_constraintdef(con.oid, true) END AS definition,
  CASE WHEN con.contype = 'u' THEN (SELECT ${NULLS_NOT_DISTINCT("ix")} FROM pg_index ix WHERE ix.indexrelid = con.conindid)
    ELSE false END AS nulls_not_distinct,
  CASE WHEN con.contype = 'x' THEN ${EXCLUSION_INDEX} END AS exclusion_index,
  CASE WHEN con.contype = 'x' THEN ${EXCLUSION_OPERATORS} END AS exclusion_operators
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND ${TABLES}`;

/** One row per index that does not back a primary key, unique or exclusion constraint. */
export interface IndexRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly method: string;
  readonly key_count: number;
  /** Per key and included column: the column's name, or null for an expression. */
  readonly columns: readonly (string | null)[];
  /** Per key and included column: its definition (the expression's text for an expression). */
  readonly definitions: readonly string[];
  /** Per key column: the operator class when it is not the default one. */
  readonly opclasses: readonly (string | null)[];
  /** Per key column: `indoption` bits (1 = DESC, 2 = NULLS FIRST). */
  readonly options: readonly number[];
  readonly predicate: string | null;
  readonly nulls_not_distinct: boolean;
}

/** Indexes with their elements, operator classes, ordering, predicate and included columns. */
const INDEXES_QUERY = `SELECT ${INDEX_FIELDS}
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE ${TABLES}
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
    AND con.contype IN ('p', 'u', 'x'))`;

/** One row per enum type. */
export interface EnumRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  readonly values: readonly string[];
}

/** Enum types with their values in order. */
const ENUMS_QUERY = `SELECT n.nspname AS schema, t.typname AS name,
  ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)::text[] AS values
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e')`;

/** One row per sequence, with the column that owns it (`a`: serial or OWNED BY; `i`: identity). */
export interface SequenceRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  /** The sequence as `regclass` text (as `nextval('…'::regclass)` defaults spell it). */
  readonly regclass: string;
  readonly data_type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  readonly owner_kind: string | null;
  readonly owner_schema: string | null;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
}

/** Sequences with their options and owning column; numbers as text (they may exceed 2^53). */
const SEQUENCES_QUERY = `SELECT n.nspname AS schema, c.relname AS name, c.oid::regclass::text AS regclass,
  format_type(s.seqtypid, NULL) AS data_type, s.seqstart::text AS start, s.seqincrement::text AS increment,
  s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
  d.deptype AS owner_kind, dn.nspname AS owner_schema, dc.relname AS owner_table, da.attname AS owner_column
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
  AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
LEFT JOIN pg_class dc ON dc.oid = d.refobjid
LEFT JOIN pg_namespace dn ON dn.oid = dc.relnamespace
LEFT JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
WHERE n.nspname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')`;

/** The session's current schema and which of the included schemas exist. */
export interface SchemasRow extends Record<string, unknown> {
  readonly current: string | null;
  readonly existing: readonly string[];
}

/** `current_schema()` (where unqualified names live) and the included schemas that exist. */
const SCHEMAS_QUERY = `SELECT current_schema() AS current,
  ARRAY(SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) ORDER BY nspname)::text[] AS existing`;

/**
 * The queries in one message, in the order columns, constraints, indexes, enums, sequences, schemas, routines,
 * triggers, views, materialized views' indexes, table security, policies, then `more` (queries of other kinds,
 * written with the same `$1`): one
 * round trip. A message of several statements takes no parameters, so the schema list is written in.
 */
export function introspectionSql(schemas: readonly string[], more: readonly string[] = []): string {
  const list = `ARRAY[${schemas.map((schema) => quoteLiteral(schema)).join(", ")}]::text[]`;
  return [
    COLUMNS_QUERY,
    CONSTRAINTS_QUERY,
    INDEXES_QUERY,
    ENUMS_QUERY,
    SEQUENCES_QUERY,
    SCHEMAS_QUERY,
    ROUTINES_QUERY,
    TRIGGERS_QUERY,
    ...viewQueries(INDEXES_QUERY, TABLES),
    TABLE_SECURITY_QUERY,
    POLICIES_QUERY,
    ...more,
    partitionsQuery(TABLES),
  ]
    .map((query) => query.replaceAll("$1::text[]", list))
    .join(";\n");
}
