/** A Drizzle column's `.default(…)` as a Retort {@link ColumnDefault}, as drizzle-kit writes it into SQL. */
import type { ColumnDefault } from "../../schema/model.js";
import type { DrizzleColumn, DrizzleSql } from "./drizzle-types.js";
import { type DrizzleWhere, unsupported } from "./unsupported.js";

/** Renders an SQL fragment to text; a fragment with bound parameters cannot be a default or a predicate. */
export type SqlRenderer = (sql: DrizzleSql, where: DrizzleWhere, what: string) => string;

/** True for a Drizzle `sql\`…\`` fragment (duck-typed: the project's copy of drizzle-orm made it). */
export function isDrizzleSql(value: unknown): value is DrizzleSql {
  return (
    typeof value === "object" &&
    value !== null &&
    Array.isArray((value as { queryChunks?: unknown }).queryChunks) &&
    typeof (value as { toQuery?: unknown }).toQuery === "function"
  );
}

/**
 * A `Date` default as drizzle-kit sends it, except that a `timestamp` without time zone (which ignores a zone in
 * its input) is spelled as the server prints it back: `2024-01-02 03:04:05.12`, no trailing zeros.
 */
function dateText(value: Date, sqlType: string): string {
  const iso = value.toISOString();
  if (sqlType === "date") return iso.split("T")[0] as string;
  if (/^timestamp( ?\(\d\))?$/.test(sqlType))
    return iso
      .replace("T", " ")
      .slice(0, 23)
      .replace(/\.?0+$/, "");
  return iso;
}

/** An array element as PostgreSQL prints it: quoted only when it has to be. */
function arrayElement(text: string): string {
  if (text.length > 0 && !/[{}",\\\s]/.test(text) && text.toLowerCase() !== "null") return text;
  return `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * An array default as PostgreSQL array text (`{1,2}`, `{ok,"two words"}`), with the elements drizzle-kit writes,
 * spelled as the server prints them back.
 */
function arrayText(values: readonly unknown[], sqlType: string): string {
  const items = values.map((value) => {
    if (typeof value === "number" || typeof value === "bigint") return value.toString();
    if (typeof value === "boolean") return value ? "t" : "f";
    if (Array.isArray(value)) return arrayText(value, sqlType);
    if (value instanceof Date) return arrayElement(dateText(value, sqlType));
    if (typeof value === "object" && value !== null) return arrayElement(JSON.stringify(value));
    return arrayElement(String(value));
  });
  return `{${items.join(",")}}`;
}

/** Orders keys as jsonb stores them: shorter keys first, then byte by byte. */
function jsonbKeyOrder(a: string, b: string): number {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length - right.length || Buffer.compare(left, right);
}

/** A JSON value as PostgreSQL prints a jsonb (`{"a": 1, "bb": [1, 2]}`), so the default compares as the server stores it. */
function jsonbText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(jsonbKeyOrder);
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText(record[key])}`).join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** The server default of `column`, or `undefined` when it has none (a `$defaultFn` runs in the application). */
export function drizzleDefault(column: DrizzleColumn, where: DrizzleWhere, render: SqlRenderer): ColumnDefault | undefined {
  const value = column.default;
  if (value === undefined) return undefined;
  if (isDrizzleSql(value)) return { kind: "expression", sql: render(value, where, "the default") };
  const sqlType = column.getSQLType().toLowerCase();
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean" || value === null) {
    return { kind: "literal", value };
  }
  // drizzle-kit writes `'<JSON.stringify(value)>'::jsonb`; json keeps that text, jsonb prints it its own way.
  if (sqlType === "json") return { kind: "literal", value: JSON.stringify(value) };
  if (sqlType === "jsonb") return { kind: "literal", value: jsonbText(JSON.parse(JSON.stringify(value)) as unknown) };
  if (value instanceof Date) return { kind: "literal", value: dateText(value, sqlType) };
  if (Array.isArray(value) && sqlType.endsWith("]")) return { kind: "literal", value: arrayText(value, sqlType.split("[")[0] as string) };
  throw unsupported(where, `the default ${JSON.stringify(value)}`, "Write the default as sql`…`.");
}
