/**
 * SQL for indexes: CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] … and DROP INDEX.
 */
import type { Index, IndexElement } from "../../../schema/model.js";
import type { DropIndexOp } from "../../../ops/operation.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";

/** One index element as CREATE INDEX and EXCLUDE write it: `"col"` or `(expr)`, then operator class and ordering. */
export function element(part: IndexElement): string {
  let text = part.kind === "column" ? quoteIdentifier(part.name) : `(${part.sql})`;
  if (part.opclass !== undefined) text += ` ${part.opclass}`;
  if (part.order !== undefined) text += ` ${part.order.toUpperCase()}`;
  if (part.nulls !== undefined) text += ` NULLS ${part.nulls.toUpperCase()}`;
  return text;
}

/** One CREATE INDEX statement; the index lives in the table's schema. */
export function compileIndex(
  table: string,
  schema: string | undefined,
  index: Index,
  options: { readonly concurrently?: boolean; readonly ifNotExists?: boolean },
): string {
  let text = `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${options.concurrently ? "CONCURRENTLY " : ""}`;
  text += `${options.ifNotExists ? "IF NOT EXISTS " : ""}${quoteIdentifier(index.name)} ON ${qualifiedName(table, schema)}`;
  if (index.method !== undefined) text += ` USING ${index.method}`;
  text += ` (${index.elements.map(element).join(", ")})`;
  if (index.include !== undefined) text += ` INCLUDE (${index.include.map(quoteIdentifier).join(", ")})`;
  if (index.nullsNotDistinct) text += " NULLS NOT DISTINCT";
  if (index.where !== undefined) text += ` WHERE ${index.where}`;
  return text;
}

/** DROP INDEX [CONCURRENTLY] [IF EXISTS]. */
export function compileDropIndex(op: DropIndexOp): string {
  return `DROP INDEX ${op.concurrently ? "CONCURRENTLY " : ""}${op.ifExists ? "IF EXISTS " : ""}${qualifiedName(op.name, op.schema)}`;
}
