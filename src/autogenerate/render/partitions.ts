/**
 * Partitioning as TypeScript: the `partitionBy`, `partitionOf` and bound options of `table()` /
 * `op.createTable`, and `op.attachPartition` / `op.detachPartition` calls.
 */
import type { AttachPartitionOp, DetachPartitionOp } from "../../ops/operation.js";
import type { PartitionKey, Table } from "../../schema/model.js";
import { forValuesText } from "../../schema/partitions.js";
import { type Imports, object, optionsArgument, sqlTemplate, str } from "./code.js";

/** `{ range: ["created_at"] }`, with expressions as `sql\`…\``. */
function partitionByValue(key: PartitionKey, imports: Imports): string {
  const parts = key.elements.map((element) => (element.kind === "column" ? str(element.name) : sqlTemplate(element.sql, imports)));
  return `{ ${key.strategy}: [${parts.join(", ")}] }`;
}

/** The bound as options: `forValues: sql\`…\`` or `defaultPartition: true` (`prefix` for the `existing` forms). */
export function boundEntries(bound: string, imports: Imports, existing = false): (readonly [string, string | undefined])[] {
  const values = forValuesText(bound);
  return values === undefined
    ? [[existing ? "existingDefaultPartition" : "defaultPartition", "true"]]
    : [[existing ? "existingForValues" : "forValues", sqlTemplate(values, imports)]];
}

/**
 * The partitioning options of a table. `parent` names the parent's const in a models module; without it (a
 * revision file) the parent is its name, with its schema when that differs from the partition's.
 */
export function partitionEntries(
  table: Table,
  imports: Imports,
  parent?: (partitionOf: NonNullable<Table["partitionOf"]>) => string | undefined,
): (readonly [string, string | undefined])[] {
  const of = table.partitionOf;
  const parentName =
    of === undefined
      ? undefined
      : (parent?.(of) ??
        (of.schema === table.schema
          ? str(of.table)
          : object([
              ["table", str(of.table)],
              ["schema", of.schema === undefined ? undefined : str(of.schema)],
            ])));
  return [
    ["partitionBy", table.partitionBy === undefined ? undefined : partitionByValue(table.partitionBy, imports)],
    ["partitionOf", parentName],
    ...(of === undefined ? [] : boundEntries(of.bound, imports)),
  ];
}

/** `await op.attachPartition(…)` / `await op.detachPartition(…)`. */
export function partitionCall(op: AttachPartitionOp | DetachPartitionOp, imports: Imports): string {
  const schemas: (readonly [string, string | undefined])[] = [
    ["schema", op.schema === undefined ? undefined : str(op.schema)],
    ["partitionSchema", op.partitionSchema === undefined ? undefined : str(op.partitionSchema)],
  ];
  if (op.kind === "attachPartition") {
    return `await op.attachPartition(${str(op.table)}, ${str(op.partition)}${optionsArgument([...boundEntries(op.bound, imports), ...schemas])});`;
  }
  const existing = op.existingBound === undefined ? [] : boundEntries(op.existingBound, imports, true);
  return `await op.detachPartition(${str(op.table)}, ${str(op.partition)}${optionsArgument([...existing, ...schemas])});`;
}
