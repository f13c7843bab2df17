/**
 * SQL of partitioning: the `PARTITION BY` clause of a partitioned table, `CREATE TABLE … PARTITION OF` for a
 * partition, and ATTACH / DETACH PARTITION.
 */
import type { AttachPartitionOp, DetachPartitionOp } from "../../../ops/operation.js";
import type { PartitionKey, Table } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";

/** `PARTITION BY RANGE ("created_at")`; an expression is put in parentheses, as PostgreSQL requires. */
export function partitionByClause(key: PartitionKey): string {
  const parts = key.elements.map((element) => (element.kind === "column" ? quoteIdentifier(element.name) : `(${element.sql})`));
  return `PARTITION BY ${key.strategy.toUpperCase()} (${parts.join(", ")})`;
}

/**
 * `CREATE TABLE "events_2026" PARTITION OF "events" [(constraints)] FOR VALUES … [PARTITION BY …]`: a partition
 * has its parent's columns; `lines` are its own constraints, as CREATE TABLE writes them.
 */
export function createPartitionStatement(
  table: Table & { readonly partitionOf: NonNullable<Table["partitionOf"]> },
  lines: readonly string[],
): string {
  const parent = qualifiedName(table.partitionOf.table, table.partitionOf.schema);
  const own = lines.length === 0 ? "" : ` (\n${lines.map((line) => `    ${line}`).join(",\n")}\n)`;
  const sub = table.partitionBy === undefined ? "" : ` ${partitionByClause(table.partitionBy)}`;
  return `CREATE TABLE ${qualifiedName(table.name, table.schema)} PARTITION OF ${parent}${own} ${table.partitionOf.bound}${sub}`;
}

/** `ALTER TABLE "events" ATTACH PARTITION "events_2026" FOR VALUES …`. */
export function compileAttachPartition(op: AttachPartitionOp): string[] {
  const partition = qualifiedName(op.partition, op.partitionSchema ?? op.schema);
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} ATTACH PARTITION ${partition} ${op.bound}`];
}

/** `ALTER TABLE "events" DETACH PARTITION "events_2026"`. */
export function compileDetachPartition(op: DetachPartitionOp): string[] {
  return [
    `ALTER TABLE ${qualifiedName(op.table, op.schema)} DETACH PARTITION ${qualifiedName(op.partition, op.partitionSchema ?? op.schema)}`,
  ];
}
