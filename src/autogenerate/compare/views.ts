/**
 * Views and materialized views: created, dropped (with their query, for the downgrade), replaced or
 * re-created. The query is compared as the database stores it (`stored`: introspection reads it; for the
 * models, the dialect asks the database to canonicalise the query), so any spelling of one query is one view.
 *
 * A plain view whose query or options changed but whose columns (names and types, in order) stay is replaced
 * (`CREATE OR REPLACE VIEW`); otherwise it is dropped and created, as is a changed materialized view (which runs
 * its query again). Views that read a re-created view, or a table whose columns this run drops or retypes
 * (PostgreSQL refuses both while a view reads them), are dropped and created again too, from the models. A
 * materialized view kept as it is has its indexes compared as a table's.
 */
import type { Operation } from "../../ops/operation.js";
import type { Table, View } from "../../schema/model.js";
import { explicitSchema, objectKey } from "../names.js";
import type { EqualityOptions } from "./equality.js";
import { compareIndexes } from "./indexes.js";
import { type Comparison, mergeComparisons } from "./result.js";

const keyOf = (view: View) => objectKey(view.schema, view.name);
const query = (view: View) => view.stored?.definition ?? view.definition;

/** Same query and options (what `CREATE OR REPLACE VIEW` can change). */
function sameView(from: View, to: View): boolean {
  return (
    query(from) === query(to) && (from.securityBarrier ?? false) === (to.securityBarrier ?? false) && from.checkOption === to.checkOption
  );
}

/** `CREATE OR REPLACE VIEW` can turn `from` into `to`: both plain views yielding the same columns. */
function replaceable(from: View, to: View): boolean {
  if (from.materialized || to.materialized || from.stored === undefined || to.stored === undefined) return false;
  const [a, b] = [from.stored.columns, to.stored.columns];
  return a.length === b.length && a.every((column, i) => column === b[i]);
}

/** Tables whose columns the operations drop or retype (`schema.name`), which views reading them must let go of. */
function changedTables(operations: readonly Operation[]): Set<string> {
  const found = new Set<string>();
  for (const op of operations) {
    if (op.kind === "dropTable") found.add(objectKey(op.schema, op.name));
    if (op.kind === "dropColumn") found.add(objectKey(op.schema, op.table));
    if (op.kind === "alterColumn" && (op.type !== undefined || op.collation !== undefined)) found.add(objectKey(op.schema, op.table));
  }
  return found;
}

/** A materialized view as a table holding only its indexes, for {@link compareIndexes}. */
function asTable(view: View): Table {
  return {
    name: view.name,
    ...(view.schema === undefined ? {} : { schema: view.schema }),
    columns: [],
    uniqueConstraints: [],
    foreignKeys: [],
    checkConstraints: [],
    indexes: view.indexes ?? [],
  };
}

function dropOf(view: View): Operation {
  const schema = explicitSchema(view.schema);
  return {
    kind: "dropView",
    name: view.name,
    ...(schema === undefined ? {} : { schema }),
    ...(view.materialized ? { materialized: true } : {}),
    existing: view,
  };
}

/**
 * Compares the views of two snapshots. `tableOperations` are the table changes of the same comparison: views
 * reading a table they change are re-created.
 */
export function compareViews(
  from: readonly View[],
  to: readonly View[],
  options: EqualityOptions,
  tableOperations: readonly Operation[],
): Comparison {
  const before = new Map(from.map((view) => [keyOf(view), view]));
  const after = new Map(to.map((view) => [keyOf(view), view]));
  const recreate = new Set<string>();
  const replace = new Set<string>();
  for (const [key, next] of after) {
    const previous = before.get(key);
    if (previous === undefined || (sameView(previous, next) && Boolean(previous.materialized) === Boolean(next.materialized))) continue;
    if (replaceable(previous, next)) replace.add(key);
    else recreate.add(key);
  }
  // Views reading what goes away or changes shape go too, and come back from the models (to a fixed point).
  const gone = new Set([...changedTables(tableOperations), ...[...before.keys()].filter((key) => !after.has(key))]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, previous] of before) {
      if (recreate.has(key) || !after.has(key)) continue;
      const reads = previous.stored?.reads ?? [];
      if (reads.some((read) => gone.has(read) || recreate.has(read))) {
        recreate.add(key);
        replace.delete(key);
        grew = true;
      }
    }
  }
  const operations: Operation[] = [];
  const parts: Comparison[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const previous = before.get(key);
    const next = after.get(key);
    if (previous === undefined) operations.push({ kind: "createView", view: next! });
    else if (next === undefined) operations.push(dropOf(previous));
    else if (recreate.has(key)) operations.push(dropOf(previous), { kind: "createView", view: next });
    else if (replace.has(key)) operations.push({ kind: "replaceView", view: next, existing: previous });
    else if (next.materialized) parts.push(compareIndexes(asTable(previous), asTable(next), options));
  }
  return mergeComparisons([{ operations, manual: [] }, ...parts]);
}
