/**
 * The one message that lets PostgreSQL parse the candidate expressions: inside a transaction that is rolled back,
 * a temporary stand-in table per table (the model's columns and types), each candidate check, default, generated
 * column and index added to it on its own (a refused one is recorded, not fatal), then the catalog read back with
 * the functions introspection uses (`pg_get_constraintdef`, `pg_get_expr`, `pg_get_indexdef`). Nothing outside the
 * session's temporary schema is created, and the transaction leaves nothing behind. Pure: builds text, reads rows.
 */
import type { Column, ColumnType, EnumType, Index } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { compileIndex } from "../compile/indexes.js";
import { collateClause } from "../compile/table.js";
import { compileDefault, compileType } from "../compile/types.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { objectKey, type TableCandidates } from "./candidates.js";

/** The temporary schema, as PostgreSQL resolves it for the session. */
const TEMP = "pg_temp";
const FAILED = "retort_canon_failed";

/** The stand-in of the `i`-th candidate table, and of its `j`-th candidate index. */
export const standInTable = (i: number): string => `retort_canon_t${i}`;
export const standInIndex = (i: number, j: number): string => `retort_canon_t${i}_${j}`;

/** What one candidate expression is, in the failure rows: `check:<name>`, `default:<column>`, … */
export type ItemKey = `${"table" | "enum" | "check" | "default" | "generated" | "index"}:${string}`;

/** `type` with serial types as their integers and enums the database lacks as the session's temporary copies. */
function standInType(type: ColumnType, databaseEnums: ReadonlySet<string>): ColumnType {
  switch (type.kind) {
    case "smallserial":
      return { kind: "smallint" };
    case "serial":
      return { kind: "integer" };
    case "bigserial":
      return { kind: "bigint" };
    case "array":
      return { ...type, element: standInType(type.element, databaseEnums) };
    case "enum":
      return databaseEnums.has(objectKey(type.schema, type.name)) ? type : { kind: "custom", sql: qualifiedName(type.name, TEMP) };
    default:
      return type;
  }
}

/** The enums of the models that the database lacks, used by a column of a candidate table. */
function missingEnums(candidates: readonly TableCandidates[], database: SchemaSnapshot, models: SchemaSnapshot): EnumType[] {
  const present = new Set(database.enums.map((e) => objectKey(e.schema, e.name)));
  const wanted = new Set<string>();
  const visit = (type: ColumnType): void => {
    if (type.kind === "array") visit(type.element);
    else if (type.kind === "enum" && !present.has(objectKey(type.schema, type.name))) wanted.add(objectKey(type.schema, type.name));
  };
  for (const table of candidates) for (const column of table.model.columns) visit(column.type);
  const seen = new Set<string>();
  return models.enums.filter((e) => {
    // Two missing enums of one name in different schemas share the temporary schema: the first one is made.
    if (!wanted.has(objectKey(e.schema, e.name)) || seen.has(e.name)) return false;
    seen.add(e.name);
    return true;
  });
}

function plainColumn(column: Column, enums: ReadonlySet<string>): string {
  const parts = [quoteIdentifier(column.name), compileType(standInType(column.type, enums))];
  if (column.collation !== undefined) parts.push(collateClause(column.collation));
  return parts.join(" ");
}

/** One statement, run on its own: a failure is recorded under (`table`, `item`) and the rest carries on. */
function guarded(statement: string, table: number, item: ItemKey): string {
  return `BEGIN EXECUTE ${quoteLiteral(statement)}; EXCEPTION WHEN OTHERS THEN INSERT INTO ${TEMP}.${FAILED} VALUES (${table}, ${quoteLiteral(item)}, SQLERRM); END;`;
}

/** The statements of one candidate table's stand-in, each guarded. */
function tableStatements(candidates: TableCandidates, i: number, enums: ReadonlySet<string>): string[] {
  const { model } = candidates;
  const name = qualifiedName(standInTable(i), TEMP);
  const generated = new Set(candidates.generated);
  const columns = model.columns.filter((column) => !generated.has(column.name)).map((column) => plainColumn(column, enums));
  const statements = [guarded(`CREATE TEMP TABLE ${quoteIdentifier(standInTable(i))} (${columns.join(", ")})`, i, "table:")];
  for (const check of model.checkConstraints) {
    if (!candidates.checks.includes(check.name)) continue;
    statements.push(
      guarded(`ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`, i, `check:${check.name}`),
    );
  }
  for (const column of model.columns) {
    if (candidates.defaults.includes(column.name) && column.default !== undefined) {
      const sql = `ALTER TABLE ${name} ALTER COLUMN ${quoteIdentifier(column.name)} SET DEFAULT ${compileDefault(column.default)}`;
      statements.push(guarded(sql, i, `default:${column.name}`));
    }
    if (generated.has(column.name) && column.generatedAs !== undefined) {
      const sql = `ALTER TABLE ${name} ADD COLUMN ${plainColumn(column, enums)} GENERATED ALWAYS AS (${column.generatedAs}) STORED`;
      statements.push(guarded(sql, i, `generated:${column.name}`));
    }
  }
  for (const [j, indexName] of candidates.indexes.entries()) {
    const index = model.indexes.find((ix) => ix.name === indexName);
    if (index === undefined) continue;
    const standIn: Index = { ...index, name: standInIndex(i, j) };
    statements.push(guarded(compileIndex(standInTable(i), TEMP, standIn, {}), i, `index:${indexName}`));
  }
  return statements;
}

/** A dollar-quote tag that `body` does not contain. */
function dollarTag(body: string): string {
  let tag = "$retort_canon$";
  for (let n = 1; body.includes(tag); n++) tag = `$retort_canon_${n}$`;
  return tag;
}

const STAND_INS = `c.relnamespace = pg_my_temp_schema() AND c.relname LIKE 'retort\\_canon\\_t%'`;

/** Checks of the stand-ins, as introspection reads them. */
const CHECKS = `SELECT c.relname AS stand_in, con.conname AS name, pg_get_constraintdef(con.oid, true) AS definition
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE con.contype = 'c' AND ${STAND_INS}`;

/** Defaults and generated expressions of the stand-ins, as introspection reads them. */
const DEFAULTS = `SELECT c.relname AS stand_in, a.attname AS column, a.attgenerated AS generated,
  pg_get_expr(ad.adbin, ad.adrelid, true) AS expression
FROM pg_attrdef ad JOIN pg_class c ON c.oid = ad.adrelid
JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
WHERE ${STAND_INS}`;

/** Indexes of the stand-ins: per key column its name (null for an expression) and definition; the predicate. */
const INDEXES = `SELECT ic.relname AS stand_in,
  ARRAY(SELECT a.attname FROM generate_series(0, i.indnatts - 1) k
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k] ORDER BY k)::text[] AS columns,
  ARRAY(SELECT pg_get_indexdef(i.indexrelid, k + 1, true) FROM generate_series(0, i.indnatts - 1) k ORDER BY k)::text[] AS definitions,
  pg_get_expr(i.indpred, i.indrelid, true) AS predicate
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
WHERE ${STAND_INS}`;

/**
 * The message for `candidates`, or undefined when there are none. Its results, in order: nothing for BEGIN, the
 * failure table and the DO block, then the rows of {@link CanonicalRows} (checks, defaults, indexes, failures),
 * then nothing for ROLLBACK.
 */
export function canonicalMessage(
  candidates: readonly TableCandidates[],
  database: SchemaSnapshot,
  models: SchemaSnapshot,
): string | undefined {
  if (candidates.length === 0) return undefined;
  const present = new Set(database.enums.map((e) => objectKey(e.schema, e.name)));
  const body = [
    ...missingEnums(candidates, database, models).map((e) =>
      guarded(
        `CREATE TYPE ${qualifiedName(e.name, TEMP)} AS ENUM (${e.values.map((v) => quoteLiteral(v)).join(", ")})`,
        -1,
        `enum:${e.name}`,
      ),
    ),
    ...candidates.flatMap((table, i) => tableStatements(table, i, present)),
  ].join("\n");
  const tag = dollarTag(body);
  return [
    "BEGIN",
    `CREATE TEMP TABLE ${FAILED} (stand_in integer, item text, message text)`,
    `DO ${tag}\nBEGIN\n${body}\nEND\n${tag}`,
    CHECKS,
    DEFAULTS,
    INDEXES,
    `SELECT stand_in, item, message FROM ${TEMP}.${FAILED} ORDER BY stand_in, item`,
    "ROLLBACK",
  ].join(";\n");
}

/** A check of a stand-in. */
export interface CheckRow extends Record<string, unknown> {
  readonly stand_in: string;
  readonly name: string;
  readonly definition: string;
}

/** A default or generated expression of a stand-in's column (`generated` is `s` for a generated column). */
export interface DefaultRow extends Record<string, unknown> {
  readonly stand_in: string;
  readonly column: string;
  readonly generated: string;
  readonly expression: string;
}

/** An index of a stand-in (named by {@link standInIndex}). */
export interface IndexRow extends Record<string, unknown> {
  readonly stand_in: string;
  readonly columns: readonly (string | null)[];
  readonly definitions: readonly string[];
  readonly predicate: string | null;
}

/** A statement PostgreSQL refused (`stand_in` -1 for a missing enum). */
export interface FailureRow extends Record<string, unknown> {
  readonly stand_in: number;
  readonly item: ItemKey;
  readonly message: string;
}

/** The rows the message answers. */
export interface CanonicalRows {
  readonly checks: readonly CheckRow[];
  readonly defaults: readonly DefaultRow[];
  readonly indexes: readonly IndexRow[];
  readonly failures: readonly FailureRow[];
}

/** The rows of {@link canonicalMessage}'s results. */
export function canonicalRows(results: readonly Record<string, unknown>[][]): CanonicalRows {
  const [, , , checks = [], defaults = [], indexes = [], failures = []] = results;
  return {
    checks: checks as CheckRow[],
    defaults: defaults as DefaultRow[],
    indexes: indexes as IndexRow[],
    failures: failures as FailureRow[],
  };
}
