import { describe, expect, it } from "vitest";
import { reverseOperation } from "../../ops/reverse.js";
import type { PartitionKey, Table } from "../../schema/model.js";
import { orderOperations } from "../order.js";
import type { EqualityOptions } from "./equality.js";
import { comparePartitioning, comparesColumns, samePartitionKey } from "./partitions.js";
import { compareTable } from "./tables.js";
import type { ComparisonRules } from "../../dialects/dialect.js";

const rules: ComparisonRules = {
  normalize: (snapshot) => snapshot,
  classifyTypeChange: () => "conversion",
  suggestUsing: () => undefined,
  typeName: (type) => type.kind,
};
const ALL: EqualityOptions = { compareTypes: true, compareDefaults: true, compareExpressions: true };
const YEAR = "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')";

function tbl(name: string, extra: Partial<Table> = {}): Table {
  return { name, columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [], ...extra };
}
const range = (...columns: string[]): PartitionKey => ({ strategy: "range", elements: columns.map((name) => ({ kind: "column", name })) });

describe("samePartitionKey", () => {
  it("compares strategy, parts in order, and expressions as normalised SQL", () => {
    expect(samePartitionKey(range("a"), range("a"), ALL)).toBe(true);
    expect(samePartitionKey(range("a"), { ...range("a"), strategy: "hash" }, ALL)).toBe(false);
    expect(samePartitionKey(range("a", "b"), range("b", "a"), ALL)).toBe(false);
    expect(samePartitionKey(range("a"), range("a", "b"), ALL)).toBe(false);
    expect(samePartitionKey(range("a"), undefined, ALL)).toBe(false);
    expect(samePartitionKey(undefined, undefined, ALL)).toBe(true);
    const lower = (sql: string): PartitionKey => ({ strategy: "list", elements: [{ kind: "expression", sql }] });
    expect(samePartitionKey(lower("lower(code)"), lower("lower( code )"), ALL)).toBe(true);
    expect(samePartitionKey(lower("lower(code)"), lower("upper(code)"), ALL)).toBe(false);
    expect(samePartitionKey(lower("code"), range("code"), ALL)).toBe(false);
  });
});

describe("comparePartitioning", () => {
  const partition = (bound = YEAR, table = "events") => tbl("events_2026", { partitionOf: { table, bound } });

  it("finds nothing when parent and bound agree", () => {
    expect(comparePartitioning(partition(), partition(), ALL)).toEqual({ operations: [], manual: [] });
  });

  it("attaches a table that becomes a partition, detaches one that stops being one (recording its bound)", () => {
    expect(comparePartitioning(tbl("events_2026"), partition(), ALL).operations).toEqual([
      { kind: "attachPartition", table: "events", partition: "events_2026", bound: YEAR },
    ]);
    expect(comparePartitioning(partition(), tbl("events_2026"), ALL).operations).toEqual([
      { kind: "detachPartition", table: "events", partition: "events_2026", existingBound: YEAR },
    ]);
  });

  it("moves a partition whose bound or parent changes: detach, then attach; the reverse restores it", () => {
    const moved = comparePartitioning(partition(), partition("DEFAULT", "archive"), ALL).operations;
    expect(moved).toEqual([
      { kind: "detachPartition", table: "events", partition: "events_2026", existingBound: YEAR },
      { kind: "attachPartition", table: "archive", partition: "events_2026", bound: "DEFAULT" },
    ]);
    expect(moved.map(reverseOperation)).toEqual([
      { kind: "attachPartition", table: "events", partition: "events_2026", bound: YEAR },
      { kind: "detachPartition", table: "archive", partition: "events_2026", existingBound: "DEFAULT" },
    ]);
  });

  it("writes the partition's schema only when it is not its parent's", () => {
    const of = { table: "events", schema: "app", bound: YEAR };
    expect(comparePartitioning(tbl("p", { schema: "app" }), tbl("p", { schema: "app", partitionOf: of }), ALL).operations).toEqual([
      { kind: "attachPartition", table: "events", schema: "app", partition: "p", bound: YEAR },
    ]);
    expect(comparePartitioning(tbl("p", { schema: "old" }), tbl("p", { schema: "old", partitionOf: of }), ALL).operations).toEqual([
      { kind: "attachPartition", table: "events", schema: "app", partition: "p", partitionSchema: "old", bound: YEAR },
    ]);
  });

  it("leaves a changed key to a person, naming both keys", () => {
    const found = comparePartitioning(tbl("events", { partitionBy: range("a") }), tbl("events", { partitionBy: range("b") }), ALL);
    expect(found.operations).toEqual([]);
    expect(found.manual).toEqual([
      expect.objectContaining({ subject: "events", message: expect.stringContaining("from range (a) to range (b)"), dataLoss: false }),
    ]);
    expect(comparePartitioning(tbl("events"), tbl("events", { partitionBy: range("b") }), ALL).manual[0]?.message).toContain(
      "from none to range (b)",
    );
  });

  it("compares no columns of a partition, on either side", () => {
    const column = { name: "id", type: { kind: "integer" as const }, nullable: false };
    expect(comparesColumns(tbl("t"), tbl("t"))).toBe(true);
    expect(comparesColumns(tbl("t", { columns: [column] }), partition())).toBe(false);
    expect(comparesColumns(partition(), tbl("t"))).toBe(false);
    const found = compareTable(tbl("events_2026", { columns: [column] }), partition(), { ...ALL, rules });
    expect(found.operations.map((op) => op.kind)).toEqual(["attachPartition"]);
  });
});

describe("order", () => {
  it("creates a partition after its parent and drops it before", () => {
    const parent = tbl("zz_events", { partitionBy: range("id") });
    const child = tbl("a_events", { partitionOf: { table: "zz_events", bound: "DEFAULT" } });
    const created = orderOperations([
      { kind: "createTable", table: child },
      { kind: "createTable", table: parent },
    ]);
    expect(created.map((op) => (op.kind === "createTable" ? op.table.name : op.kind))).toEqual(["zz_events", "a_events"]);
    const dropped = orderOperations([
      { kind: "dropTable", name: "zz_events", existing: parent },
      { kind: "dropTable", name: "a_events", existing: child },
    ]);
    expect(dropped.map((op) => (op.kind === "dropTable" ? op.name : op.kind))).toEqual(["a_events", "zz_events"]);
  });
});
