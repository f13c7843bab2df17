/**
 * Tables: created, dropped (with their definition, for the downgrade), and for tables on both sides their
 * columns, constraints, indexes and comment.
 */
import type { Operation } from "../../ops/operation.js";
import type { Table } from "../../schema/model.js";
import { objectKey } from "../names.js";
import { compareColumns } from "./columns.js";
import { compareConstraints } from "./constraints.js";
import type { CompareSettings } from "./equality.js";
import { compareIndexes } from "./indexes.js";
import { comparePartitioning, comparesColumns } from "./partitions.js";
import { type Comparison, mergeComparisons } from "./result.js";

function compareComment(from: Table, to: Table): Operation[] {
  const before = from.comment ?? null;
  const after = to.comment ?? null;
  if (before === after) return [];
  if (after === null) return [{ kind: "dropTableComment", table: to.name, schema: to.schema, existing: before ?? undefined }];
  return [{ kind: "createTableComment", table: to.name, schema: to.schema, comment: after, existing: before }];
}

/**
 * Compares one table on both sides (renames already applied to `from`). `original` is `from` before the
 * renames: constraints and indexes are dropped before renaming, under the names they had.
 */
export function compareTable(from: Table, to: Table, options: CompareSettings, original: Table = from): Comparison {
  const inline = new Set<string>();
  const columns = comparesColumns(from, to) ? compareColumns(from, to, options, inline) : { operations: [], manual: [] };
  return mergeComparisons([
    columns,
    comparePartitioning(from, to, options),
    compareConstraints(from, to, options, inline, original),
    compareIndexes(from, to, options, original),
    { operations: compareComment(from, to), manual: [] },
  ]);
}

/**
 * Compares the tables of two snapshots (renames already applied to `from`; `originals` maps each to its
 * table before renames), in name order.
 */
export function compareTables(
  from: readonly Table[],
  to: readonly Table[],
  options: CompareSettings,
  originals: ReadonlyMap<string, Table> = new Map(),
): Comparison {
  const before = new Map(from.map((table) => [objectKey(table.schema, table.name), table]));
  const after = new Map(to.map((table) => [objectKey(table.schema, table.name), table]));
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const parts: Comparison[] = [];
  for (const key of keys) {
    const previous = before.get(key);
    const next = after.get(key);
    if (previous === undefined && next !== undefined) {
      parts.push({ operations: [{ kind: "createTable", table: next }], manual: [] });
    } else if (next === undefined && previous !== undefined) {
      parts.push({ operations: [{ kind: "dropTable", name: previous.name, schema: previous.schema, existing: previous }], manual: [] });
    } else if (previous !== undefined && next !== undefined) {
      parts.push(compareTable(previous, next, options, originals.get(key) ?? previous));
    }
  }
  return mergeComparisons(parts);
}
