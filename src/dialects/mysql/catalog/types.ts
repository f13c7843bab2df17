/**
 * MySQL's column types read into the neutral model: display widths dropped (`int(11)` is `int`), `tinyint(1)` as
 * boolean, datetime as timestamp without a time zone and timestamp as one with, longblob as bytea. Types the model
 * has no kind for (`mediumint`, `enum('a','b')`, `int unsigned`) are custom types, as MySQL spells them.
 */
import type { ColumnType } from "../../../schema/model.js";

function precisionOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return value === 0 ? undefined : value;
}

/** The neutral type of a COLUMN_TYPE (`varchar(200)`, `decimal(10,2)`, `datetime(6)`, `int(11) unsigned`). */
export function typeOf(columnType: string): ColumnType {
  const text = columnType.trim().toLowerCase();
  if (text === "tinyint(1)") return { kind: "boolean" };
  const match = /^([a-z]+)(?:\(([^)]*)\))?(.*)$/.exec(text);
  if (!match) return { kind: "custom", sql: text };
  const [, name, args, rest] = match as unknown as [string, string, string | undefined, string];
  const modifiers = rest.trim();
  if (modifiers !== "") return { kind: "custom", sql: `${name}${keepsArguments(name) && args ? `(${args})` : ""} ${modifiers}` };
  switch (name) {
    case "smallint":
      return { kind: "smallint" };
    case "int":
    case "integer":
      return { kind: "integer" };
    case "bigint":
      return { kind: "bigint" };
    case "varchar":
      return { kind: "varchar", length: Number(args) };
    case "char":
      return { kind: "char", length: Number(args ?? 1) };
    case "text":
      return { kind: "text" };
    case "decimal":
    case "numeric": {
      const [precision, scale] = (args ?? "10,0").split(",").map((part) => Number(part.trim()));
      return { kind: "numeric", precision: precision ?? 10, scale: scale ?? 0 };
    }
    case "float":
      return { kind: "real" };
    case "double":
      return { kind: "doublePrecision" };
    case "date":
      return { kind: "date" };
    case "time":
      return withPrecision({ kind: "time", withTimeZone: false }, precisionOf(args));
    case "datetime":
      return withPrecision({ kind: "timestamp", withTimeZone: false }, precisionOf(args));
    case "timestamp":
      return withPrecision({ kind: "timestamp", withTimeZone: true }, precisionOf(args));
    case "json":
      return { kind: "json" };
    case "longblob":
      return { kind: "bytea" };
    default:
      return { kind: "custom", sql: keepsArguments(name) && args !== undefined ? `${name}(${args})` : name };
  }
}

function withPrecision<T extends ColumnType & { readonly precision?: number }>(type: T, precision: number | undefined): T {
  return precision === undefined ? type : { ...type, precision };
}

/** Integer types' parentheses are display widths, which mean nothing; others' are part of the type. */
function keepsArguments(name: string): boolean {
  return !/^(tinyint|smallint|mediumint|int|integer|bigint)$/.test(name);
}
