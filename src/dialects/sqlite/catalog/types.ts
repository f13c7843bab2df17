import type { ColumnDefault, ColumnType } from "../../../schema/model.js";

/** A declared type as the models would spell it; a declaration Retort does not write stays custom text. */
export function readType(declared: string): ColumnType {
  const text = declared.trim().replace(/\s+/g, " ");
  const m = /^([A-Za-z ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?$/.exec(text);
  const name = m?.[1]?.toUpperCase();
  const a = m?.[2] === undefined ? undefined : Number(m[2]);
  const b = m?.[3] === undefined ? undefined : Number(m[3]);
  switch (name) {
    case "INTEGER":
    case "INT":
      return { kind: "integer" };
    case "SMALLINT":
      return { kind: "smallint" };
    case "BIGINT":
      return { kind: "bigint" };
    case "BOOLEAN":
      return { kind: "boolean" };
    case "TEXT":
      return { kind: "text" };
    case "VARCHAR":
    case "CHARACTER VARYING":
      return a === undefined ? { kind: "varchar" } : { kind: "varchar", length: a };
    case "CHAR":
    case "CHARACTER":
      return a === undefined ? { kind: "char" } : { kind: "char", length: a };
    case "NUMERIC":
    case "DECIMAL":
      return a === undefined
        ? { kind: "numeric" }
        : b === undefined
          ? { kind: "numeric", precision: a }
          : { kind: "numeric", precision: a, scale: b };
    case "REAL":
      return { kind: "real" };
    case "DOUBLE PRECISION":
    case "DOUBLE":
      return { kind: "doublePrecision" };
    case "DATE":
      return { kind: "date" };
    case "TIME":
      return { kind: "time", withTimeZone: false };
    case "TIMESTAMP":
    case "DATETIME":
      return { kind: "timestamp", withTimeZone: false };
    case "TIMESTAMPTZ":
      return { kind: "timestamp", withTimeZone: true };
    case "UUID":
      return { kind: "uuid" };
    case "JSON":
      return { kind: "json" };
    case "BLOB":
      return { kind: "bytea" };
    default:
      return { kind: "custom", sql: text };
  }
}

/** SQLite's five affinities (https://www.sqlite.org/datatype3.html#determination_of_column_affinity). */
export type Affinity = "INTEGER" | "TEXT" | "BLOB" | "REAL" | "NUMERIC";

/** The affinity of a declared type, by SQLite's rules in their order. */
export function affinityOf(declared: string): Affinity {
  const t = declared.toUpperCase();
  if (t.includes("INT")) return "INTEGER";
  if (t.includes("CHAR") || t.includes("CLOB") || t.includes("TEXT")) return "TEXT";
  if (t.includes("BLOB") || t.trim() === "") return "BLOB";
  if (t.includes("REAL") || t.includes("FLOA") || t.includes("DOUB")) return "REAL";
  return "NUMERIC";
}

/** A default as `pragma_table_xinfo` gives it (the text written after DEFAULT). */
export function readDefault(text: string | null): ColumnDefault | undefined {
  if (text === null) return undefined;
  const t = text.trim();
  if (/^'.*'$/s.test(t)) return { kind: "literal", value: t.slice(1, -1).replaceAll("''", "'") };
  if (/^[-+]?\d+$/.test(t)) {
    const n = Number(t);
    return { kind: "literal", value: Number.isSafeInteger(n) ? n : BigInt(t) };
  }
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$/.test(t)) return { kind: "literal", value: Number(t) };
  if (/^\(\s*[-+]?\d+(\.\d*)?\s*\)$/.test(t)) return { kind: "literal", value: Number(t.slice(1, -1)) };
  if (/^NULL$/i.test(t)) return { kind: "literal", value: null };
  if (/^TRUE$/i.test(t)) return { kind: "literal", value: 1 };
  if (/^FALSE$/i.test(t)) return { kind: "literal", value: 0 };
  if (t.startsWith("(") && t.endsWith(")")) return { kind: "expression", sql: t.slice(1, -1).trim() };
  return { kind: "expression", sql: t };
}
