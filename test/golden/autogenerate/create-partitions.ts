/**
 * create partitioned tables
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { bigint, index, integer, smallint, sql, text, timestamptz } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create partitioned tables";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("events", {
    id: bigint().generatedAlwaysAsIdentity({ start: 100, cache: 20, cycle: true }),
    created_at: timestamptz().notNull(),
    region: text().notNull(),
  }, {
    primaryKey: ["id", "created_at"],
    indexes: [index("ix_events_region", ["region"])],
    partitionBy: { range: ["created_at"] },
  });

  await op.createTable("events_2025", {}, {
    partitionOf: "events",
    forValues: sql`FROM ('2025-01-01') TO ('2026-01-01')`,
  });

  await op.createTable("events_2026", {}, {
    partitionOf: "events",
    forValues: sql`FROM ('2026-01-01') TO ('2027-01-01')`,
  });

  await op.createTable("events_rest", {}, { partitionOf: "events", defaultPartition: true });

  await op.createTable("regions", {
    code: text().notNull(),
    counter: smallint().generatedByDefaultAsIdentity({ minValue: 1, maxValue: 999 }),
  }, { partitionBy: { list: [sql`lower(code)`] } });

  await op.createTable("regions_eu", {}, { partitionOf: "regions", forValues: sql`IN ('eu', 'uk')` });

  await op.createTable("shards", {
    id: integer().notNull(),
  }, { partitionBy: { hash: ["id"] } });

  await op.createTable("shards_0", {
    id: integer().notNull(),
  });
}

export async function downgrade(op: Operations): Promise<void> {
  // DATA LOSS: drops table shards_0 and all its rows.
  await op.dropTable("shards_0");

  // DATA LOSS: drops table shards and all its rows.
  await op.dropTable("shards");

  // DATA LOSS: drops table regions_eu and all its rows.
  await op.dropTable("regions_eu");

  // DATA LOSS: drops table regions and all its rows.
  await op.dropTable("regions");

  // DATA LOSS: drops table events_rest and all its rows.
  await op.dropTable("events_rest");

  // DATA LOSS: drops table events_2026 and all its rows.
  await op.dropTable("events_2026");

  // DATA LOSS: drops table events_2025 and all its rows.
  await op.dropTable("events_2025");

  // DATA LOSS: drops table events and all its rows.
  await op.dropTable("events");
}
