import { describe, expect, it } from "vitest";
import { SchemaError } from "../errors.js";
import { check, foreignKey, index, integer, partition, sql, table, tableModel, text, timestamptz, unique } from "./index.js";

const events = table(
  "events",
  { id: integer().primaryKey(), created_at: timestamptz().notNull(), region: text() },
  { partitionBy: { range: ["created_at"] }, schema: "app" },
);

describe("partitioned tables and partitions in models", () => {
  it("a partitioned table keeps its columns and its key", () => {
    expect(tableModel(events).partitionBy).toEqual({ strategy: "range", elements: [{ kind: "column", name: "created_at" }] });
    expect(tableModel(events).columns.map((c) => c.name)).toEqual(["id", "created_at", "region"]);
    const regions = table("regions", { code: text() }, { partitionBy: { list: [sql`lower(code)`] } });
    expect(tableModel(regions).partitionBy).toEqual({ strategy: "list", elements: [{ kind: "expression", sql: "lower(code)" }] });
  });

  it("partition() has its parent's columns for references, and none in its model; the bound as PostgreSQL writes it", () => {
    const y2026 = partition("events_2026", events, {
      forValues: sql`FROM ('2026-01-01') TO ('2027-01-01')`,
      indexes: [index("ix_events_2026_region", ["region"])],
      checks: [check("ck_events_2026_id", sql`id > 0`)],
    });
    expect(y2026.region).toEqual({ kind: "columnRef", table: "events_2026", schema: undefined, column: "region" });
    const model = tableModel(y2026);
    expect(model.columns).toEqual([]);
    expect(model.primaryKey).toBeUndefined();
    expect(model.partitionOf).toEqual({ table: "events", schema: "app", bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" });
    expect(model.indexes.map((ix) => ix.name)).toEqual(["ix_events_2026_region"]);
    expect(model.checkConstraints.map((c) => c.name)).toEqual(["ck_events_2026_id"]);
    expect(tableModel(table("rest", {}, { partitionOf: events, defaultPartition: true })).partitionOf?.bound).toBe("DEFAULT");
    const own = tableModel(
      table(
        "own",
        {},
        {
          partitionOf: "plain_parent",
          defaultPartition: true,
          primaryKey: ["id"],
          uniques: [unique(["code"])],
          foreignKeys: [foreignKey({ columns: ["region"], references: { table: "regions", columns: ["code"] } })],
        },
      ),
    );
    expect([own.primaryKey?.name, own.uniqueConstraints[0]?.name, own.foreignKeys[0]?.name]).toEqual([
      "own_pkey",
      "own_code_key",
      "own_region_fkey",
    ]);
    expect(tableModel(table("p", {}, { partitionOf: "events", forValues: "for values IN (1)" })).partitionOf?.bound).toBe(
      "FOR VALUES IN (1)",
    );
  });

  it.each([
    [
      "a partition that declares columns",
      () => table("p", { id: integer() }, { partitionOf: events, defaultPartition: true }),
      /declares none/,
    ],
    ["a partition without a bound", () => table("p", {}, { partitionOf: events }), /exactly one of forValues/],
    [
      "a partition with two bounds",
      () => table("p", {}, { partitionOf: events, forValues: "IN (1)", defaultPartition: true }),
      /exactly one/,
    ],
    ["a bound on a table that is no partition", () => table("p", { id: integer() }, { forValues: "IN (1)" }), /belong to a partition/],
    [
      "a partition of a table that is not partitioned",
      () => table("p", {}, { partitionOf: table("plain", { id: integer() }), defaultPartition: true }),
      /not partitioned/,
    ],
    ["a key on a column the table lacks", () => table("t", { id: integer() }, { partitionBy: { range: ["nope"] } }), /does not have/],
    [
      "two strategies",
      () => table("t", { id: integer() }, { partitionBy: { range: ["id"], hash: ["id"] } as never }),
      /exactly one of range/,
    ],
    ["a list key of two parts", () => table("t", { id: integer(), b: integer() }, { partitionBy: { list: ["id", "b"] } }), /one column/],
    [
      "an unnamed check on a partition",
      () => table("p", {}, { partitionOf: "events", defaultPartition: true, checks: [check(sql`true`)] }),
      /needs a name/,
    ],
  ])("refuses %s", (_what, build, message) => {
    expect(build).toThrow(SchemaError);
    expect(build).toThrow(message);
  });
});
