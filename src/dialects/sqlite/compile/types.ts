/**
 * Column types and defaults as SQLite declares them. SQLite keeps the declared type's text and gives the column
 * an affinity from it (https://www.sqlite.org/datatype3.html); Retort declares the familiar names so the text
 * reads as the models do, and compares by affinity. Types SQLite has no affinity-preserving form for
 * (PostgreSQL's jsonb, arrays, enums, intervals, identity columns) are refused, naming the table and column.
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import type { ColumnDefault, ColumnType } from "../../../schema/model.js";
import { quoteLiteral } from "../quote.js";

/** Where a type is used, for the message refusing it. */
export interface TypeSite {
  readonly table: string;
  readonly column: string;
}

/** Custom type names that only PostgreSQL (or its extensions) knows. */
const POSTGRES_ONLY =
  /^(tsvector|tsquery|citext|hstore|inet|cidr|macaddr8?|money|xml|oid|regclass|geometry|geography|ltree|int4range|int8range|numrange|tsrange|tstzrange|daterange|point|line|lseg|box|path|polygon|circle|bit|varbit|bit varying|pg_lsn|txid_snapshot)\b/i;

export function compileType(type: ColumnType, site: TypeSite): string {
  switch (type.kind) {
    case "smallint":
      return "SMALLINT";
    case "integer":
    case "serial":
    case "smallserial":
      // Exactly INTEGER: a one-column INTEGER primary key is the rowid, assigned on insert.
      return "INTEGER";
    case "bigint":
    case "bigserial":
      return "BIGINT";
    case "boolean":
      return "BOOLEAN";
    case "text":
      return "TEXT";
    case "varchar":
      return type.length === undefined ? "VARCHAR" : `VARCHAR(${type.length})`;
    case "char":
      return type.length === undefined ? "CHAR" : `CHAR(${type.length})`;
    case "numeric":
      if (type.precision === undefined) return "NUMERIC";
      return type.scale === undefined ? `NUMERIC(${type.precision})` : `NUMERIC(${type.precision}, ${type.scale})`;
    case "real":
      return "REAL";
    case "doublePrecision":
      return "DOUBLE PRECISION";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "timestamp":
      return type.withTimeZone ? "TIMESTAMPTZ" : "TIMESTAMP";
    case "uuid":
      return "UUID";
    case "json":
      return "JSON";
    case "bytea":
      return "BLOB";
    case "custom":
      if (POSTGRES_ONLY.test(type.sql.trim())) throw unsupportedType(type.sql.trim(), site);
      return type.sql;
    case "jsonb":
      throw unsupportedType("jsonb", site, "Use json() (SQLite stores JSON as text and its json functions read it).");
    case "interval":
      throw unsupportedType("interval", site, "Store a number of seconds (integer()) or ISO-8601 text.");
    case "array":
      throw unsupportedType("an array type", site, "Store the values as JSON (json()) or in a table of their own.");
    case "enum":
      throw unsupportedType(`the enum ${type.name}`, site, "Use text() with a check constraint listing the values.");
    default:
      return assertNever(type, "column type");
  }
}

function unsupportedType(what: string, site: TypeSite, hint?: string): UnsupportedOperationError {
  return new UnsupportedOperationError(`The column ${site.table}.${site.column} has type ${what}, which SQLite does not have.`, {
    hint: hint ?? 'Choose a type SQLite has (see README "SQLite"), or keep these models for PostgreSQL.',
    details: { table: site.table, column: site.column, dialect: "sqlite" },
  });
}

/** A default: a literal as a literal, an expression in parentheses (SQLite requires them around expressions). */
export function compileDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case "literal":
      return typeof value.value === "number" && value.value < 0 ? `(${quoteLiteral(value.value)})` : quoteLiteral(value.value);
    case "expression":
      return /^(CURRENT_TIMESTAMP|CURRENT_DATE|CURRENT_TIME)$/i.test(value.sql.trim()) ? value.sql.trim().toUpperCase() : `(${value.sql})`;
    default:
      return assertNever(value, "default");
  }
}
