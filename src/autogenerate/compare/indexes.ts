/**
 * Indexes of a table present on both sides, matched by name. A changed index is dropped and created again.
 */
import type { Operation } from "../../ops/operation.js";
import type { Table } from "../../schema/model.js";
import { explicitSchema } from "../names.js";
import { type EqualityOptions, sameIndex } from "./equality.js";
import type { Comparison } from "./result.js";

/** Compares the indexes of two versions of a table (renames already applied to `from`). */
export function compareIndexes(from: Table, to: Table, options: EqualityOptions): Comparison {
  const operations: Operation[] = [];
  const schema = explicitSchema(to.schema);
  const after = new Map(to.indexes.map((ix) => [ix.name, ix]));
  const before = new Map(from.indexes.map((ix) => [ix.name, ix]));
  for (const index of from.indexes) {
    const target = after.get(index.name);
    if (target === undefined || !sameIndex(index, target, options)) {
      operations.push({ kind: "dropIndex", name: index.name, table: to.name, schema, existing: index });
    }
  }
  for (const index of to.indexes) {
    const previous = before.get(index.name);
    if (previous === undefined || !sameIndex(previous, index, options)) {
      operations.push({ kind: "createIndex", table: to.name, schema, index });
    }
  }
  return { operations, manual: [] };
}
