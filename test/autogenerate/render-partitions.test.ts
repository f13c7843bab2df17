import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import { bigint, index, integer, partition, smallint, sql, table, text, timestamptz } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { AS_BUILT, EMPTY, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

function revisionFile(from: SchemaSnapshot, to: SchemaSnapshot, message: string, parent?: string): string {
  const plan = planMigration(from, to, [], AS_BUILT);
  return renderRevisionFile({
    revision: parent === undefined ? "1975ea83b712" : "27c6a30d7c24",
    downRevisions: parent === undefined ? [] : [parent],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...renderMigration(plan.upgrade, plan.downgrade, plan.manual, AS_BUILT.rules),
  });
}

/** Models with partitioned tables of each strategy, partitions, and identity options; `edited` changes them. */
function models(edited: boolean): SchemaSnapshot {
  const events = table(
    "events",
    {
      id: bigint().identity(edited ? { cache: 50, maxValue: 1000000 } : { start: 100, cache: 20, cycle: true }),
      created_at: timestamptz().notNull(),
      region: text().notNull(),
    },
    { primaryKey: ["id", "created_at"], partitionBy: { range: ["created_at"] }, indexes: [index("ix_events_region", ["region"])] },
  );
  const y2026 = partition("events_2026", events, {
    forValues: edited ? sql`FROM ('2026-01-01') TO ('2026-07-01')` : sql`FROM ('2026-01-01') TO ('2027-01-01')`,
  });
  const rest = partition("events_rest", events, { defaultPartition: true });
  const archive = edited
    ? { archive: partition("events_2025", events, { forValues: sql`FROM ('2025-01-01') TO ('2026-01-01')` }) }
    : { archive: table("events_2025", {}, { partitionOf: "events", forValues: sql`FROM ('2025-01-01') TO ('2026-01-01')` }) };
  const regions = table(
    "regions",
    { code: text().notNull(), counter: smallint().identity({ always: false, minValue: 1, maxValue: 999 }) },
    { partitionBy: edited ? { hash: ["code"] } : { list: [sql`lower(code)`] } },
  );
  const eu = table("regions_eu", {}, { partitionOf: regions, forValues: sql`IN ('eu', 'uk')` });
  const shards = table("shards", { id: integer().notNull() }, { partitionBy: { hash: ["id"] } });
  const shard = table(
    "shards_0",
    edited ? {} : { id: integer().notNull() },
    edited ? { partitionOf: shards, forValues: sql`WITH (MODULUS 2, REMAINDER 0)` } : {},
  );
  return snapshotOf({ events, y2026, rest, ...(edited ? {} : archive), regions, ...(edited ? {} : { eu }), shards, shard });
}

describe("rendered revisions with partitioning and identity options", () => {
  it("creates partitioned tables before their partitions, with every identity option", () => {
    const text = revisionFile(EMPTY, models(false), "create partitioned tables");
    expectGolden(path.join(GOLDEN, "create-partitions.ts"), text);
    expect(text.indexOf('op.createTable("events",')).toBeLessThan(text.indexOf('op.createTable("events_2026"'));
    expect(text).toContain("partitionBy: { list: [sql`lower(code)`] }");
  });

  it("attaches, detaches and moves partitions, alters identity options, and leaves a new key to a person", () => {
    const text = revisionFile(models(false), models(true), "change partitions", "1975ea83b712");
    expectGolden(path.join(GOLDEN, "change-partitions.ts"), text);
    expect(text).toContain('await op.attachPartition("shards", "shards_0", { forValues: sql`WITH (MODULUS 2, REMAINDER 0)` });');
    expect(text).toContain("partition key changes from list (lower(code)) to hash (code)");
  });
});
