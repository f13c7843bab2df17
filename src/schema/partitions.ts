/**
 * Partitioned tables and partitions in `table()` options: the partition key (`partitionBy`) of a partitioned
 * table, and the parent and bound (`partitionOf`, `forValues` or `defaultPartition`) of a partition.
 */
import { frozen } from "./freeze.js";
import type { PartitionKey, PartitionKeyElement, PartitionOf } from "./model.js";
import { checkOptions } from "./options.js";
import { schemaError } from "./resolve-column.js";
import { isSqlExpression, type SqlExpression, sqlText } from "./sql.js";

/** A part of a partition key as written: a column name, or an expression (`sql\`lower(region)\``). */
export type PartitionKeyInput = string | SqlExpression;

/** `partitionBy` as written: one strategy and its key. */
export type PartitionBySpec =
  | { readonly range: readonly PartitionKeyInput[] }
  | { readonly list: readonly PartitionKeyInput[] }
  | { readonly hash: readonly PartitionKeyInput[] };

const STRATEGIES = ["range", "list", "hash"] as const;

/**
 * The neutral partition key of `spec`, checked against the table's columns (`known`; undefined for a partition
 * declared without its parent's columns, whose key PostgreSQL checks).
 */
export function partitionKeyOf(table: string, spec: PartitionBySpec, known: ReadonlySet<string> | undefined): PartitionKey {
  if (typeof spec !== "object" || spec === null) {
    throw schemaError({ table }, "partitionBy must be { range: [...] }, { list: [...] } or { hash: [...] }");
  }
  checkOptions(`Table "${table}": partitionBy`, spec, STRATEGIES);
  const strategies = STRATEGIES.filter((strategy) => strategy in spec);
  const strategy = strategies[0];
  if (strategies.length !== 1 || strategy === undefined) {
    throw schemaError({ table }, "partitionBy needs exactly one of range, list or hash", 'Write partitionBy: { range: ["created_at"] }.');
  }
  const parts = (spec as Record<string, readonly PartitionKeyInput[]>)[strategy];
  if (!Array.isArray(parts) || parts.length === 0) throw schemaError({ table }, `partitionBy.${strategy} has no columns or expressions`);
  if (strategy === "list" && parts.length > 1) {
    throw schemaError(
      { table },
      "a list partition key has one column or expression",
      "Partition by range or hash for a key of several parts.",
    );
  }
  const elements = parts.map((part): PartitionKeyElement => {
    if (isSqlExpression(part)) return { kind: "expression", sql: part.sql };
    if (typeof part !== "string" || (known !== undefined && !known.has(part))) {
      throw schemaError(
        { table, ...(typeof part === "string" ? { column: part } : {}) },
        "the partition key names a column the table does not have",
        `The table's columns are: ${[...(known ?? [])].join(", ")}.`,
      );
    }
    return { kind: "column", name: part };
  });
  return frozen({ strategy, elements });
}

/** A partition's bound as written: `forValues: sql\`FROM (…) TO (…)\`` or `defaultPartition: true`. */
export interface PartitionBoundSpec {
  readonly forValues?: SqlExpression | string;
  readonly defaultPartition?: boolean;
}

/**
 * The bound as PostgreSQL writes it: `FOR VALUES …` (the text given, which starts after `FOR VALUES`), or
 * `DEFAULT`. `what` names the table or operation in errors.
 */
export function partitionBound(what: { readonly table: string }, spec: PartitionBoundSpec): string {
  const given = spec.forValues === undefined ? undefined : sqlText(spec.forValues).trim();
  if ((given === undefined || given.length === 0) === (spec.defaultPartition !== true)) {
    throw schemaError(
      what,
      "a partition needs exactly one of forValues and defaultPartition: true",
      "Write forValues: sql`FROM ('2026-01-01') TO ('2027-01-01')`, sql`IN ('eu', 'uk')` or sql`WITH (MODULUS 4, REMAINDER 0)`, or defaultPartition: true.",
    );
  }
  if (given === undefined) return "DEFAULT";
  return /^for\s+values\s/i.test(given) ? `FOR VALUES ${given.replace(/^for\s+values\s+/i, "")}` : `FOR VALUES ${given}`;
}

/** The neutral description of a partition of `parent`. */
export function partitionOfModel(
  table: string,
  parent: { readonly table: string; readonly schema?: string | undefined },
  spec: PartitionBoundSpec,
): PartitionOf {
  if (parent.table.length === 0) throw schemaError({ table }, "partitionOf needs the parent table's name");
  return frozen({ table: parent.table, schema: parent.schema, bound: partitionBound({ table }, spec) });
}

/** The text after `FOR VALUES` of a bound, or undefined for `DEFAULT`: what `forValues` is written as. */
export function forValuesText(bound: string): string | undefined {
  return bound.startsWith("FOR VALUES ") ? bound.slice("FOR VALUES ".length) : undefined;
}
