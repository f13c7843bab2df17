/**
 * Indexes of a table present on both sides, matched by name. A changed index is dropped and created again.
 */
import type { Operation } from "../../ops/operation.js";
import type { Index, Table } from "../../schema/model.js";
import { explicitSchema } from "../names.js";
import { type EqualityOptions, sameIndex } from "./equality.js";
import type { Comparison } from "./result.js";

/**
 * Compares the indexes of two versions of a table (renames already applied to `from`). Drops run before
 * renames, so they name the table and record the index as `original` (the table before renames) has them.
 */
export function compareIndexes(from: Table, to: Table, options: EqualityOptions, original: Table = from): Comparison {
  const asBefore = new Map(original.indexes.map((ix) => [ix.name, ix]));
  const operations: Operation[] = [];
  const schema = explicitSchema(to.schema);
  const after = new Map(to.indexes.map((ix) => [ix.name, ix]));
  const before = new Map(from.indexes.map((ix) => [ix.name, ix]));
  // An index only renamed (same definition, another name) is left alone, as constraints are.
  const renamedOnly = new Set<Index>();
  const unmatchedAfter = to.indexes.filter((ix) => !before.has(ix.name));
  for (const index of from.indexes.filter((ix) => !after.has(ix.name))) {
    const twin = unmatchedAfter.find((ix) => !renamedOnly.has(ix) && sameIndex(index, ix, options));
    if (twin !== undefined) {
      renamedOnly.add(index);
      renamedOnly.add(twin);
    }
  }
  for (const index of from.indexes) {
    const target = after.get(index.name);
    if (renamedOnly.has(index)) continue;
    if (target === undefined || !sameIndex(index, target, options)) {
      operations.push({ kind: "dropIndex", name: index.name, table: original.name, schema, existing: asBefore.get(index.name) ?? index });
    }
  }
  for (const index of to.indexes) {
    const previous = before.get(index.name);
    if (renamedOnly.has(index)) continue;
    if (previous === undefined || !sameIndex(previous, index, options)) {
      operations.push({ kind: "createIndex", table: to.name, schema, index });
    }
  }
  return { operations, manual: [] };
}
