/**
 * Partitioning of a table on both sides: a partition attached, detached or moved (detached, then attached with
 * its new parent or bound), and a changed partition key, which no operation makes (PostgreSQL cannot change a
 * table's key: the table is created again and its rows moved), left to a person.
 */
import type { Operation } from "../../ops/operation.js";
import type { PartitionKey, PartitionOf, Table } from "../../schema/model.js";
import { displayName, explicitSchema, objectKey } from "../names.js";
import { type EqualityOptions, sameSql } from "./equality.js";
import type { Comparison, ManualChange } from "./result.js";

/** The same partition key: strategy, and each part (expressions as normalised SQL). */
export function samePartitionKey(a: PartitionKey | undefined, b: PartitionKey | undefined, options: EqualityOptions): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.strategy === b.strategy &&
    a.elements.length === b.elements.length &&
    a.elements.every((element, i) => {
      const other = b.elements[i]!;
      if (element.kind === "column") return other.kind === "column" && element.name === other.name;
      return other.kind === "expression" && sameSql(element.sql, other.sql, options);
    })
  );
}

/** The same parent and bound. */
function samePlace(a: PartitionOf | undefined, b: PartitionOf | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return objectKey(a.schema, a.table) === objectKey(b.schema, b.table) && a.bound === b.bound;
}

/** The partition's schema as the operation writes it: absent when it is its parent's. */
function partitionSchema(table: Table, of: PartitionOf): { readonly schema?: string; readonly partitionSchema?: string } {
  const parent = explicitSchema(of.schema);
  const own = explicitSchema(table.schema);
  return { ...(parent === undefined ? {} : { schema: parent }), ...(own === parent || own === undefined ? {} : { partitionSchema: own }) };
}

function keyText(key: PartitionKey | undefined): string {
  if (key === undefined) return "none";
  return `${key.strategy} (${key.elements.map((element) => (element.kind === "column" ? element.name : element.sql)).join(", ")})`;
}

/** Compares the partitioning of one table present on both sides. */
export function comparePartitioning(from: Table, to: Table, options: EqualityOptions): Comparison {
  const manual: ManualChange[] = [];
  if (!samePartitionKey(from.partitionBy, to.partitionBy, options)) {
    manual.push({
      subject: displayName(to.schema, to.name),
      message: `partition key changes from ${keyText(from.partitionBy)} to ${keyText(to.partitionBy)}; PostgreSQL cannot change it in place: write it by hand (create the table anew with its key, move the rows and the partitions, drop the old one).`,
      dataLoss: false,
    });
  }
  const operations: Operation[] = [];
  if (!samePlace(from.partitionOf, to.partitionOf)) {
    if (from.partitionOf !== undefined) {
      operations.push({
        kind: "detachPartition",
        table: from.partitionOf.table,
        ...partitionSchema(from, from.partitionOf),
        partition: from.name,
        existingBound: from.partitionOf.bound,
      });
    }
    if (to.partitionOf !== undefined) {
      operations.push({
        kind: "attachPartition",
        table: to.partitionOf.table,
        ...partitionSchema(to, to.partitionOf),
        partition: to.name,
        bound: to.partitionOf.bound,
      });
    }
  }
  return { operations, manual };
}

/** Whether a table's columns are compared: not a partition's on either side (they are its parent's). */
export function comparesColumns(from: Table, to: Table): boolean {
  return from.partitionOf === undefined && to.partitionOf === undefined;
}
