/**
 * PostgreSQL text of column types and defaults.
 */
import { assertNever } from "../../../errors.js";
import type { ColumnDefault, ColumnType } from "../../../schema/model.js";
import { qualifiedName, quoteLiteral } from "../quote.js";

function withPrecision(name: string, precision: number | undefined): string {
  return precision === undefined ? name : `${name}(${precision})`;
}

/** The SQL of a column type, in PostgreSQL's spelling (`integer`, `varchar(200)`, `timestamp with time zone`). */
export function compileType(type: ColumnType): string {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "smallserial":
    case "serial":
    case "bigserial":
    case "boolean":
    case "text":
    case "real":
    case "date":
    case "interval":
    case "uuid":
    case "json":
    case "jsonb":
    case "bytea":
      return type.kind;
    case "doublePrecision":
      return "double precision";
    case "varchar":
    case "char":
      return withPrecision(type.kind, type.length);
    case "numeric":
      if (type.precision === undefined) return "numeric";
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision}, ${type.scale})`;
    case "time":
    case "timestamp":
      return `${withPrecision(type.kind, type.precision)} ${type.withTimeZone ? "with" : "without"} time zone`;
    case "array":
      return compileType(type.element) + "[]".repeat(type.dimensions);
    case "enum":
      return qualifiedName(type.name, type.schema);
    case "custom":
      return type.sql;
    default:
      return assertNever(type, "column type");
  }
}

/** The SQL of a server default: an escaped literal, or the expression as written. */
export function compileDefault(value: ColumnDefault): string {
  switch (value.kind) {
    case "literal":
      return quoteLiteral(value.value);
    case "expression":
      return value.sql;
    default:
      return assertNever(value, "column default");
  }
}
