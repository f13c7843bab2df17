/**
 * The normal form of partitioning: names as PostgreSQL folds them, the default schema left out, key expressions
 * as other expressions are normalised. Bounds are compared as PostgreSQL writes them (the models' are
 * canonicalised by the database before comparing: see `canonical/partitions.ts`).
 */
import { frozen } from "../../../schema/freeze.js";
import type { PartitionKey, PartitionOf, Table } from "../../../schema/model.js";
import { normalizeExpression } from "./expression.js";

/** The partitioning fields of `table` in normal form, to spread into the normalised table. */
export function normalizePartitioning(
  table: Table,
  canonicalName: (name: string) => string,
  canonicalSchema: (schema: string | undefined) => string | undefined,
): { readonly partitionBy?: PartitionKey; readonly partitionOf?: PartitionOf } {
  const key = table.partitionBy;
  const of = table.partitionOf;
  return frozen({
    partitionBy:
      key === undefined
        ? undefined
        : {
            strategy: key.strategy,
            elements: key.elements.map((element) =>
              element.kind === "column"
                ? { kind: "column" as const, name: element.name }
                : { kind: "expression" as const, sql: normalizeExpression(element.sql) },
            ),
          },
    partitionOf:
      of === undefined
        ? undefined
        : {
            table: canonicalName(of.table),
            schema: canonicalSchema(of.schema),
            bound: /^\s*default\s*$/i.test(of.bound) ? "DEFAULT" : of.bound.trim(),
          },
  });
}
