/**
 * SQL for data (bulk insert), and the refusal of objects MySQL does not have as PostgreSQL does (named enum types,
 * sequences, schemas beside databases).
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import type { BulkInsertOp, BulkValue, Operation } from "../../../ops/operation.js";
import { qualifiedName, quoteLiteral } from "../quote.js";
import { columnList } from "./table.js";

/** One cell of a bulk insert or backfill: a literal, a date (as UTC date-time text), JSON text, or raw SQL. */
export function bulkValue(value: BulkValue): string {
  if (value === null || typeof value !== "object") return quoteLiteral(value);
  if (value instanceof Date) return quoteLiteral(value);
  switch (value.kind) {
    case "sql":
      return value.sql;
    case "json":
      return quoteLiteral(JSON.stringify(value.value));
    default:
      return assertNever(value, "bulk value");
  }
}

/** INSERT INTO … VALUES …, one statement for all rows; a missing cell takes the column's default. */
export function compileBulkInsert(op: BulkInsertOp): string[] {
  if (op.rows.length === 0) return [];
  const rows = op.rows.map((row) => `(${op.columns.map((_, i) => (row[i] === undefined ? "DEFAULT" : bulkValue(row[i]!))).join(", ")})`);
  return [`INSERT INTO ${qualifiedName(op.table, op.schema)} (${columnList(op.columns)}) VALUES\n    ${rows.join(",\n    ")}`];
}

/** An operation on an object kind MySQL does not have: refused with what to do instead. */
export function refuseObject(operation: Operation, what: string, hint: string): never {
  throw new UnsupportedOperationError(`${operation.kind}: ${what}; the mysql dialect has no such object.`, {
    hint,
    details: { operation: operation.kind },
  });
}
