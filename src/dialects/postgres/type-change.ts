/**
 * What a column type change does to existing values (PostgreSQL's casts): a widening keeps every value; a
 * narrowing may cut or refuse some; a conversion between kinds needs an explicit `USING` cast when the catalog
 * has no implicit or assignment cast (pg_cast), and Retort suggests one.
 */
import type { ColumnType } from "../../schema/model.js";
import type { TypeChangeKind } from "../dialect.js";
import { compileType } from "./compile/types.js";
import { quoteIdentifier } from "./quote.js";

const STRING_KINDS = new Set(["text", "varchar", "char"]);
const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };

/**
 * Pairs `from>to` PostgreSQL converts without USING (implicit or assignment casts in pg_cast, besides
 * casts to string types, which every type has through its output function).
 */
const AUTOMATIC_CASTS = new Set([
  "smallint>integer",
  "smallint>bigint",
  "smallint>numeric",
  "smallint>real",
  "smallint>doublePrecision",
  "integer>smallint",
  "integer>bigint",
  "integer>numeric",
  "integer>real",
  "integer>doublePrecision",
  "bigint>smallint",
  "bigint>integer",
  "bigint>numeric",
  "bigint>real",
  "bigint>doublePrecision",
  "numeric>smallint",
  "numeric>integer",
  "numeric>bigint",
  "numeric>real",
  "numeric>doublePrecision",
  "real>smallint",
  "real>integer",
  "real>bigint",
  "real>numeric",
  "real>doublePrecision",
  "doublePrecision>smallint",
  "doublePrecision>integer",
  "doublePrecision>bigint",
  "doublePrecision>numeric",
  "doublePrecision>real",
  "date>timestamp",
  "timestamp>date",
  "time>interval",
  "interval>time",
  "time>time",
  "json>jsonb",
  "jsonb>json",
]);

const WIDENINGS = new Set([
  "smallint>integer",
  "smallint>bigint",
  "integer>bigint",
  "smallint>numeric",
  "integer>numeric",
  "bigint>numeric",
  "real>doublePrecision",
  "smallint>doublePrecision",
  "integer>doublePrecision",
  "json>jsonb",
  "date>timestamp",
]);

function baseKind(type: ColumnType): string {
  return type.kind === "smallserial" ? "smallint" : type.kind === "serial" ? "integer" : type.kind === "bigserial" ? "bigint" : type.kind;
}

function lengthOf(type: ColumnType): number {
  return (type.kind === "varchar" || type.kind === "char") && type.length !== undefined ? type.length : type.kind === "char" ? 1 : Infinity;
}

function stringChange(from: ColumnType, to: ColumnType): TypeChangeKind {
  if (to.kind === "text" || (to.kind === "varchar" && to.length === undefined)) return "widening";
  if (from.kind === "char" && to.kind !== "char") return lengthOf(to) >= lengthOf(from) ? "widening" : "narrowing";
  if (to.kind === "char" && from.kind !== "char") return "narrowing";
  return lengthOf(to) >= lengthOf(from) ? "widening" : "narrowing";
}

function numericChange(from: ColumnType, to: ColumnType): TypeChangeKind {
  if (from.kind !== "numeric" || to.kind !== "numeric") return "conversion";
  if (to.precision === undefined) return "widening";
  if (from.precision === undefined) return "narrowing";
  const fromScale = from.scale ?? 0;
  const toScale = to.scale ?? 0;
  return to.precision - toScale >= from.precision - fromScale && toScale >= fromScale ? "widening" : "narrowing";
}

/** Classifies a type change (types assumed different). */
export function classifyTypeChange(from: ColumnType, to: ColumnType): TypeChangeKind {
  const a = baseKind(from);
  const b = baseKind(to);
  if (STRING_KINDS.has(a) && STRING_KINDS.has(b)) return stringChange(from, to);
  if (a === "numeric" && b === "numeric") return numericChange(from, to);
  if ((a === "timestamp" || a === "time") && a === b && from.kind === to.kind) {
    const fromPrecision = "precision" in from && from.precision !== undefined ? from.precision : 6;
    const toPrecision = "precision" in to && to.precision !== undefined ? to.precision : 6;
    return toPrecision >= fromPrecision ? "widening" : "narrowing";
  }
  if (a === "array" && b === "array" && from.kind === "array" && to.kind === "array" && from.dimensions === to.dimensions) {
    return classifyTypeChange(from.element, to.element);
  }
  if (WIDENINGS.has(`${a}>${b}`)) return "widening";
  if (INTEGER_RANK[a] !== undefined && INTEGER_RANK[b] !== undefined) return "narrowing";
  if (STRING_KINDS.has(b) && !STRING_KINDS.has(a)) return to.kind === "text" || lengthOf(to) === Infinity ? "widening" : "narrowing";
  return "conversion";
}

/** True when PostgreSQL converts the values itself (no USING needed). */
export function castsAutomatically(from: ColumnType, to: ColumnType): boolean {
  const a = baseKind(from);
  const b = baseKind(to);
  if (a === b && a !== "enum" && a !== "custom" && a !== "array") return true;
  if (STRING_KINDS.has(b)) return from.kind !== "array" || to.kind === "text";
  if (a === "timestamp" && b === "timestamp") return true;
  if (from.kind === "array" && to.kind === "array")
    return from.dimensions === to.dimensions && castsAutomatically(from.element, to.element);
  return AUTOMATIC_CASTS.has(`${a}>${b}`);
}

/**
 * The `USING` expression that converts `column` to `to`, or `undefined` when PostgreSQL needs none: a cast
 * (`"title"::integer`), through text between enum types (`"genre"::text::"genre_v2"`).
 */
export function suggestUsing(column: string, from: ColumnType, to: ColumnType): string | undefined {
  if (castsAutomatically(from, to)) return undefined;
  const through = from.kind === "enum" && to.kind === "enum" ? "::text" : "";
  return `${quoteIdentifier(column)}${through}::${compileType(to)}`;
}
