/**
 * SQL for views and materialized views: CREATE (a materialized view with its indexes), CREATE OR REPLACE, DROP.
 */
import type { DropViewOp } from "../../../ops/operation.js";
import type { View } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { compileIndex } from "./indexes.js";

/** `CREATE [OR REPLACE] [MATERIALIZED] VIEW name [(columns)] [WITH (…)] AS query [WITH … CHECK OPTION | WITH NO DATA]`, `name` given. */
export function createViewStatement(view: View, name: string, orReplace = false): string {
  const kind = view.materialized ? "MATERIALIZED VIEW" : "VIEW";
  let text = `CREATE ${orReplace ? "OR REPLACE " : ""}${kind} ${name}`;
  if (view.columns !== undefined) text += ` (${view.columns.map(quoteIdentifier).join(", ")})`;
  if (!view.materialized && view.securityBarrier) text += " WITH (security_barrier)";
  text += ` AS ${view.definition}`;
  if (!view.materialized && view.checkOption !== undefined) text += ` WITH ${view.checkOption.toUpperCase()} CHECK OPTION`;
  if (view.materialized && view.withNoData) text += " WITH NO DATA";
  return text;
}

/** CREATE [MATERIALIZED] VIEW, then a materialized view's indexes. */
export function compileCreateView(view: View): string[] {
  return [
    createViewStatement(view, qualifiedName(view.name, view.schema)),
    ...(view.materialized ? (view.indexes ?? []).map((index) => compileIndex(view.name, view.schema, index, {})) : []),
  ];
}

/** CREATE OR REPLACE VIEW; PostgreSQL replaces the view's options (security_barrier, check option) with the new ones. */
export function compileReplaceView(view: View): string[] {
  return [createViewStatement(view, qualifiedName(view.name, view.schema), true)];
}

/** DROP [MATERIALIZED] VIEW [IF EXISTS]. */
export function compileDropView(op: DropViewOp): string[] {
  return [`DROP ${op.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${op.ifExists ? "IF EXISTS " : ""}${qualifiedName(op.name, op.schema)}`];
}
