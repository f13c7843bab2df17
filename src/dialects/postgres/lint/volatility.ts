/**
 * Whether a column default is volatile: evaluated once per row, so ADD COLUMN writes every existing row (a table
 * rewrite under ACCESS EXCLUSIVE). A non-volatile default (a literal, now(), a stable function) is stored once
 * in the catalog and the ADD COLUMN is instant.
 */
import type { Column, ColumnType } from "../../../schema/model.js";
import { type AstNode, parseSql, walk } from "./ast.js";

/** Built-in volatile functions a default commonly calls. */
const VOLATILE_FUNCTIONS = new Set([
  "random",
  "random_normal",
  "gen_random_uuid",
  "uuidv4",
  "uuidv7",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "clock_timestamp",
  "timeofday",
  "nextval",
  "setval",
  "txid_current",
  "pg_current_xact_id",
]);

/** Whether `expression` names one of the volatile functions at all (then only the parser can tell whether it calls one). */
export function mentionsVolatileFunction(expression: string): boolean {
  const text = expression.toLowerCase();
  for (const name of VOLATILE_FUNCTIONS) if (text.includes(name)) return true;
  return false;
}

/** The volatile function an expression (SQL text of a default) calls, or `undefined`. */
export function volatileCallIn(expression: string): string | undefined {
  if (!mentionsVolatileFunction(expression)) return undefined;
  const parsed = parseSql(`SELECT ${expression}`);
  if (parsed === undefined) return undefined;
  return volatileCallInNode(parsed);
}

/** The volatile function called somewhere in a parse tree (node), or `undefined`. */
export function volatileCallInNode(node: unknown): string | undefined {
  let found: string | undefined;
  walk(node, (key, value) => {
    if (found !== undefined || key !== "FuncCall") return;
    const names = ((value as AstNode).funcname as AstNode[] | undefined) ?? [];
    const last = names[names.length - 1] as AstNode | undefined;
    const name = ((last?.String as AstNode | undefined)?.sval as string | undefined)?.toLowerCase();
    if (name !== undefined && VOLATILE_FUNCTIONS.has(name)) found = `${name}()`;
  });
  return found;
}

/** Types whose values come from a sequence: adding such a column fills every row with nextval(). */
export function isSerial(type: ColumnType): boolean {
  return type.kind === "serial" || type.kind === "bigserial" || type.kind === "smallserial";
}

/**
 * What PostgreSQL computes for every existing row when `column` is added (serial, identity, a volatile default),
 * or `undefined` when the ADD COLUMN only changes the catalog. Needs the parser when the default names a volatile
 * function.
 */
export function perRowValueOf(column: Column): string | undefined {
  if (isSerial(column.type)) return `${column.type.kind} (nextval())`;
  if (column.identity !== undefined) return "GENERATED AS IDENTITY";
  if (column.default?.kind === "expression") return volatileCallIn(column.default.sql);
  return undefined;
}
