/**
 * PostgreSQL's part in autogenerate's safe forms, from the lint's own knowledge: which type changes rewrite the
 * table, which new-column defaults are computed per row, and the `IS NOT NULL` check that lets SET NOT NULL skip
 * its scan (PostgreSQL 12+ uses a validated one).
 */
import type { Operation } from "../../../ops/operation.js";
import { shortenedObjectName } from "../../../schema/naming.js";
import type { SafeFormSupport } from "../../safe-forms.js";
import { MAX_IDENTIFIER_BYTES, quoteIdentifier } from "../quote.js";
import { loadParser } from "./ast.js";
import { typeChangeRewrite } from "./type-rewrite.js";
import { mentionsVolatileFunction, perRowValueOf } from "./volatility.js";

const SUPPORT: SafeFormSupport = Object.freeze<SafeFormSupport>({
  typeChangeEffect: (change) => typeChangeRewrite(change.from, change.to, change.using).effect,
  perRowValue: perRowValueOf,
  notNullCheck: (column: string) => `${quoteIdentifier(column)} IS NOT NULL`,
  notNullCheckName: (table: string, column: string) => shortenedObjectName(table, column, "not_null_check", MAX_IDENTIFIER_BYTES),
  rewriteLock: "ACCESS EXCLUSIVE",
});

/**
 * The support for planning `operations`; PostgreSQL's parser (WebAssembly) is loaded only when a new column's
 * default names a volatile function, the one case a text search cannot settle.
 */
export async function postgresSafeForms(operations: readonly Operation[]): Promise<SafeFormSupport> {
  const parse = operations.some(
    (op) => op.kind === "addColumn" && op.column.default?.kind === "expression" && mentionsVolatileFunction(op.column.default.sql),
  );
  if (parse) await loadParser();
  return SUPPORT;
}
