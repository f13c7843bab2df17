/**
 * Column types read back from the catalog: the internal type name (`int4`, `varchar`, `timestamptz`) and
 * `atttypmod` become the neutral {@link ColumnType}; enums keep their name; anything else is `custom` with
 * PostgreSQL's own `format_type` text.
 */
import type { ColumnType } from "../../../schema/model.js";

/** What the catalog says about one (element) type. */
export interface CatalogType {
  /** `pg_type.typname`. */
  readonly name: string;
  /** The schema of the type. */
  readonly schema: string;
  /** `pg_type.typtype`: `b` base, `e` enum, `d` domain, … */
  readonly typtype: string;
  /** `format_type(oid, typmod)`. */
  readonly formatted: string;
}

/** Header size PostgreSQL adds to the typmod of length-limited types. */
const VARHDRSZ = 4;

const PLAIN: Readonly<Record<string, ColumnType>> = {
  int2: { kind: "smallint" },
  int4: { kind: "integer" },
  int8: { kind: "bigint" },
  bool: { kind: "boolean" },
  text: { kind: "text" },
  float4: { kind: "real" },
  float8: { kind: "doublePrecision" },
  date: { kind: "date" },
  uuid: { kind: "uuid" },
  json: { kind: "json" },
  jsonb: { kind: "jsonb" },
  bytea: { kind: "bytea" },
};

function numericType(typmod: number): ColumnType {
  if (typmod < VARHDRSZ) return { kind: "numeric" };
  const value = typmod - VARHDRSZ;
  const precision = (value >> 16) & 0xffff;
  // The scale is an 11-bit signed number since PostgreSQL 15 (negative scales round left of the point).
  const scale = ((value & 0x7ff) ^ 1024) - 1024;
  return scale === 0 ? { kind: "numeric", precision } : { kind: "numeric", precision, scale };
}

function timeType(kind: "time" | "timestamp", withTimeZone: boolean, typmod: number): ColumnType {
  return typmod < 0 ? { kind, withTimeZone } : { kind, withTimeZone, precision: typmod };
}

/** One (non-array) type from its catalog entry and the column's typmod. */
export function catalogElementType(type: CatalogType, typmod: number): ColumnType {
  if (type.typtype === "e") {
    return type.schema === "public" ? { kind: "enum", name: type.name } : { kind: "enum", name: type.name, schema: type.schema };
  }
  const custom: ColumnType = { kind: "custom", sql: type.formatted };
  if (type.schema !== "pg_catalog" || type.typtype !== "b") return custom;
  const plain = PLAIN[type.name];
  if (plain !== undefined) return plain;
  switch (type.name) {
    case "varchar":
      return typmod < 0 ? { kind: "varchar" } : { kind: "varchar", length: typmod - VARHDRSZ };
    case "bpchar":
      return typmod < 0 ? custom : { kind: "char", length: typmod - VARHDRSZ };
    case "numeric":
      return numericType(typmod);
    case "time":
      return timeType("time", false, typmod);
    case "timetz":
      return timeType("time", true, typmod);
    case "timestamp":
      return timeType("timestamp", false, typmod);
    case "timestamptz":
      return timeType("timestamp", true, typmod);
    case "interval":
      return typmod < 0 ? { kind: "interval" } : custom;
    default:
      return custom;
  }
}

/**
 * A column's type: arrays (whose element is `element`) with their declared dimensions (at least one),
 * anything else as {@link catalogElementType}.
 */
export function catalogColumnType(type: CatalogType, element: CatalogType | undefined, typmod: number, dimensions: number): ColumnType {
  if (element === undefined) return catalogElementType(type, typmod);
  return { kind: "array", element: catalogElementType(element, typmod), dimensions: Math.max(1, dimensions) };
}
