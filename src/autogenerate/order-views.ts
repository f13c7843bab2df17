/**
 * The order of view operations among themselves. `orderOperations` puts every view drop before the table
 * changes and every view create or replace after them; here each run of drops is ordered so that a view goes
 * before the views it reads, and each run of creates so that a view comes after the views it reads. What a view
 * reads is the database's record of it (`stored.reads`: for a dropped view, the database's; for a created one,
 * the models' query as the database resolved it). Pure.
 */
import type { Operation } from "../ops/operation.js";
import type { View } from "../schema/model.js";
import { objectKey } from "./names.js";

type ViewOp = Extract<Operation, { kind: "createView" | "replaceView" | "dropView" }>;

function viewOf(op: ViewOp): { key: string; view: View | undefined } {
  if (op.kind === "dropView") return { key: objectKey(op.schema, op.name), view: op.existing };
  return { key: objectKey(op.view.schema, op.view.name), view: op.view };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * What `view` reads: the database's record, or, for a view the database could not resolve (it reads a table
 * created in the same revision), the views of `ops` its query names.
 */
function readsOf(view: View | undefined, ops: readonly ViewOp[]): readonly string[] {
  if (view === undefined) return [];
  if (view.stored?.reads !== undefined) return view.stored.reads;
  return ops
    .map((op) => viewOf(op))
    .filter(({ key }) => {
      const name = key.slice(key.indexOf(".") + 1);
      return new RegExp(`(^|[^\\w$"])("?)${escaped(name)}\\2($|[^\\w$"])`, "i").test(view.definition);
    })
    .map(({ key }) => key);
}

/**
 * `ops` in dependency order, otherwise as given: creates (`readsFirst`) each after the views of the run it reads,
 * drops each before them.
 */
function inDependencyOrder(ops: readonly ViewOp[], readsFirst: boolean): ViewOp[] {
  const keys = ops.map((op) => viewOf(op).key);
  const inRun = new Set(keys);
  const reads = new Map(
    ops.map((op) => {
      const { key, view } = viewOf(op);
      return [key, readsOf(view, ops).filter((read) => read !== key && inRun.has(read))];
    }),
  );
  const left = [...ops];
  const order: ViewOp[] = [];
  while (left.length > 0) {
    const remaining = new Set(left.map((op) => viewOf(op).key));
    const ready = left.findIndex((op) => {
      const key = viewOf(op).key;
      return readsFirst
        ? reads.get(key)!.every((read) => !remaining.has(read))
        : [...remaining].every((other) => !reads.get(other)!.includes(key));
    });
    // A cycle cannot exist among views PostgreSQL accepted; should the record be odd, keep the given order.
    order.push(...left.splice(ready < 0 ? 0 : ready, 1));
  }
  return order;
}

const isDrop = (op: Operation): op is ViewOp => op.kind === "dropView";
const isCreate = (op: Operation): op is ViewOp => op.kind === "createView" || op.kind === "replaceView";

/** `ordered` (in phase order) with its runs of view drops and of view creates in dependency order. */
export function withViewsInDependencyOrder(ordered: readonly Operation[]): Operation[] {
  const result: Operation[] = [];
  let i = 0;
  while (i < ordered.length) {
    const op = ordered[i]!;
    const inRun = isDrop(op) ? isDrop : isCreate(op) ? isCreate : undefined;
    if (inRun === undefined) {
      result.push(op);
      i++;
      continue;
    }
    const run: ViewOp[] = [];
    while (i < ordered.length && inRun(ordered[i]!)) run.push(ordered[i++] as ViewOp);
    result.push(...inDependencyOrder(run, inRun === isCreate));
  }
  return result;
}
