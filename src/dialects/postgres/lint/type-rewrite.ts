/**
 * What ALTER COLUMN … TYPE does to a PostgreSQL table. Only a binary-coercible change whose length, precision
 * or scale does not shrink is a catalog change (varchar(n) to a longer varchar or to text, numeric(p,s) to a
 * larger precision at the same scale, a timestamp to a finer precision); anything else rewrites the table and
 * rebuilds its indexes under ACCESS EXCLUSIVE. A `USING` expression, and any change of an array's element type, are
 * taken to rewrite.
 */
import type { ColumnType } from "../../../schema/model.js";
import type { TypeChangeEffect } from "../../lint-support.js";
import { classifyTypeChange } from "../type-change.js";

const UNBOUNDED = Number.POSITIVE_INFINITY;

function sameType(from: ColumnType, to: ColumnType): boolean {
  return JSON.stringify(from) === JSON.stringify(to);
}

function varcharLength(type: ColumnType): number | undefined {
  if (type.kind === "text") return UNBOUNDED;
  if (type.kind === "varchar") return type.length ?? UNBOUNDED;
  return undefined;
}

function catalogOnly(from: ColumnType, to: ColumnType): boolean {
  if (sameType(from, to)) return true;
  const fromLength = varcharLength(from);
  const toLength = varcharLength(to);
  if (fromLength !== undefined && toLength !== undefined) return toLength >= fromLength;
  if (from.kind === "numeric" && to.kind === "numeric") {
    if (to.precision === undefined) return true;
    if (from.precision === undefined) return false;
    return (to.scale ?? 0) === (from.scale ?? 0) && to.precision >= from.precision;
  }
  if ((from.kind === "timestamp" || from.kind === "time") && to.kind === from.kind) {
    return from.withTimeZone === to.withTimeZone && (to.precision ?? 6) >= (from.precision ?? 6);
  }
  return false;
}

/** The effect of changing a column from `from` (unknown when absent) to `to`, and whether values may not fit. */
export function typeChangeRewrite(
  from: ColumnType | undefined,
  to: ColumnType,
  using: string | undefined,
): { readonly effect: TypeChangeEffect; readonly narrowing: boolean } {
  if (from === undefined) return { effect: "unknown", narrowing: false };
  const narrowing = !sameType(from, to) && classifyTypeChange(from, to) === "narrowing";
  if (using !== undefined) return { effect: "rewrite", narrowing };
  return { effect: catalogOnly(from, to) ? "catalog" : "rewrite", narrowing };
}
