/**
 * MySQL text of column types and defaults. Types PostgreSQL has and MySQL lacks (jsonb, arrays, named enum types,
 * interval, times with a time zone) are refused, naming the column.
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import type { ColumnDefault, ColumnType } from "../../../schema/model.js";
import { quoteLiteral } from "../quote.js";

/** Where a type or default is used, for messages: `table "movies", column "tags"`. */
export interface ColumnPlace {
  readonly table: string;
  readonly column: string;
}

function withPrecision(name: string, precision: number | undefined): string {
  return precision === undefined ? name : `${name}(${precision})`;
}

function unsupported(type: string, place: ColumnPlace, hint: string): never {
  throw new UnsupportedOperationError(
    `Table "${place.table}", column "${place.column}": the type ${type} is PostgreSQL's; the mysql dialect has no such type.`,
    { hint, details: { table: place.table, column: place.column, type } },
  );
}

/** The SQL of a column type, in MySQL's spelling (`int`, `varchar(200)`, `datetime(6)`). */
export function compileType(type: ColumnType, place: ColumnPlace): string {
  switch (type.kind) {
    case "smallint":
    case "smallserial":
      return "smallint";
    case "integer":
    case "serial":
      return "int";
    case "bigint":
    case "bigserial":
      return "bigint";
    case "boolean":
      return "tinyint(1)";
    case "text":
      return "text";
    case "varchar":
      if (type.length === undefined) return unsupported("varchar without a length", place, "MySQL needs a length: varchar(255).");
      return `varchar(${type.length})`;
    case "char":
      return withPrecision("char", type.length);
    case "numeric":
      if (type.precision === undefined) return "decimal";
      return type.scale === undefined ? `decimal(${type.precision})` : `decimal(${type.precision},${type.scale})`;
    case "real":
      return "float";
    case "doublePrecision":
      return "double";
    case "date":
      return "date";
    case "time":
      if (type.withTimeZone) return unsupported("time with time zone", place, "Use time() (without a time zone).");
      return withPrecision("time", type.precision);
    case "timestamp":
      // TIMESTAMP is stored in UTC and read in the session's zone, as timestamptz is; DATETIME is a plain date-time.
      return withPrecision(type.withTimeZone ? "timestamp" : "datetime", type.precision);
    case "uuid":
      return "char(36)";
    case "json":
      return "json";
    case "bytea":
      return "longblob";
    case "jsonb":
      return unsupported("jsonb", place, "Use json().");
    case "interval":
      return unsupported("interval", place, "Store a number of seconds (integer()) or use sql types through a custom type.");
    case "array":
      return unsupported("array", place, "Store the values as json(), or in a table of their own.");
    case "enum":
      return unsupported(
        `enum ${type.name}`,
        place,
        "MySQL's ENUM belongs to the column, not to a named type: use varchar() with a check constraint, or a custom type `enum('a','b')`.",
      );
    case "custom":
      return type.sql;
    default:
      return assertNever(type, "column type");
  }
}

/** Whether the type is one of the serial kinds, which MySQL spells as an integer with AUTO_INCREMENT. */
export function isSerial(type: ColumnType): boolean {
  return type.kind === "smallserial" || type.kind === "serial" || type.kind === "bigserial";
}

/**
 * The SQL of a server default: an escaped literal, or the expression in parentheses (MySQL 8 takes an expression
 * default only so), except CURRENT_TIMESTAMP, which both servers take bare and MySQL 8 takes only bare on a
 * datetime or timestamp column.
 */
export function compileDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case "literal":
      return quoteLiteral(value.value);
    case "expression": {
      const bare = /^\s*(current_timestamp|now|localtimestamp)\s*(\(\s*\d*\s*\))?\s*$/i.exec(value.sql);
      const precision = bare?.[2]?.replace(/\s+/g, "");
      if (bare) return `CURRENT_TIMESTAMP${precision && precision !== "()" ? precision : ""}`;
      return `(${value.sql})`;
    }
    default:
      return assertNever(value, "column default");
  }
}
