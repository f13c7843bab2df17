/**
 * SQL for indexes: CREATE [UNIQUE] INDEX … and DROP INDEX … ON. Partial indexes, INCLUDE columns, operator
 * classes and NULLS FIRST/LAST are PostgreSQL's and refused. A key part written `name(10)` is a prefix of the
 * column (as MySQL needs on text and blob columns).
 */
import { UnsupportedOperationError } from "../../../errors.js";
import type { DropIndexOp } from "../../../ops/operation.js";
import type { Index, IndexElement } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";

/** `title(10)`: a column prefix, as introspection reads it and as a model may write it. */
export const PREFIX_PART = /^\s*`?([^`()\s]+)`?\s*\(\s*(\d+)\s*\)\s*$/;

function refuse(index: Index, table: string, what: string): never {
  throw new UnsupportedOperationError(`Index "${index.name}" on table "${table}": ${what}; the mysql dialect cannot express it.`, {
    hint: "Leave it out of the index, or create the index with op.execute.",
    details: { index: index.name, table },
  });
}

function element(part: IndexElement, index: Index, table: string): string {
  if (part.opclass !== undefined) refuse(index, table, "operator classes are PostgreSQL's");
  if (part.nulls !== undefined) refuse(index, table, "NULLS FIRST/LAST is PostgreSQL's");
  let text: string;
  if (part.kind === "column") text = quoteIdentifier(part.name);
  else {
    const prefix = PREFIX_PART.exec(part.sql);
    text = prefix ? `${quoteIdentifier(prefix[1]!)}(${prefix[2]})` : `(${part.sql})`;
  }
  if (part.order !== undefined) text += ` ${part.order.toUpperCase()}`;
  return text;
}

/** One CREATE INDEX statement; `concurrently` asks MySQL to build it online (LOCK=NONE) or fail. */
export function compileIndex(
  table: string,
  schema: string | undefined,
  index: Index,
  options: { readonly concurrently?: boolean; readonly ifNotExists?: boolean },
): string {
  if (index.where !== undefined) refuse(index, table, "partial indexes (WHERE) are PostgreSQL's");
  if (index.include !== undefined) refuse(index, table, "INCLUDE columns are PostgreSQL's");
  if (index.nullsNotDistinct) refuse(index, table, "NULLS NOT DISTINCT is PostgreSQL's");
  if (options.ifNotExists) refuse(index, table, "IF NOT EXISTS is not portable to MySQL");
  const method = index.method === undefined ? "" : ` USING ${methodOf(index, table)}`;
  const parts = index.elements.map((part) => element(part, index, table)).join(", ");
  const online = options.concurrently ? " ALGORITHM=INPLACE LOCK=NONE" : "";
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quoteIdentifier(index.name)} ON ${qualifiedName(table, schema)} (${parts})${method}${online}`;
}

function methodOf(index: Index, table: string): string {
  const method = index.method?.toLowerCase();
  if (method === "btree" || method === "hash") return method.toUpperCase();
  return refuse(index, table, `the access method ${index.method} is PostgreSQL's`);
}

/** DROP INDEX … ON …: MySQL needs the table. */
export function compileDropIndex(op: DropIndexOp): string {
  if (op.table === undefined) {
    throw new UnsupportedOperationError(`dropIndex "${op.name}": MySQL drops an index of a table, and no table was given.`, {
      hint: 'Pass the table: op.dropIndex("ix_name", { table: "movies" }).',
      details: { index: op.name },
    });
  }
  if (op.ifExists) refuse({ name: op.name, elements: [], unique: false }, op.table, "IF EXISTS is not portable to MySQL");
  const online = op.concurrently ? " ALGORITHM=INPLACE LOCK=NONE" : "";
  return `DROP INDEX ${quoteIdentifier(op.name)} ON ${qualifiedName(op.table, op.schema)}${online}`;
}
