import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { index, integer, sql, table, text, unique, varchar } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { EMPTY, revisionFile, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

const before = snapshotOf({
  items: table(
    "items",
    {
      id: integer().primaryKey(),
      price: integer().notNull(),
      qty: integer().notNull(),
      total: integer().generatedAlwaysAs(sql`price * qty`),
      code: text().collate("C").notNull(),
      label: varchar(40).collate("C"),
      batch: integer().unique({ nullsNotDistinct: true }),
      seq: integer().generatedByDefaultAsIdentity(),
      plain: integer(),
    },
    {
      uniques: [unique(["code", "batch"], { nullsNotDistinct: true })],
      indexes: [index("ix_items_label", ["label"], { unique: true, nullsNotDistinct: true })],
    },
  ),
});

const after = snapshotOf({
  items: table(
    "items",
    {
      id: integer().primaryKey(),
      price: integer().notNull(),
      qty: integer().notNull(),
      total: integer().generatedAlwaysAs(sql`price * qty * 2`),
      code: text().notNull(),
      label: text().collate("POSIX"),
      batch: integer().unique({ nullsNotDistinct: true }),
      seq: integer().generatedAlwaysAsIdentity({ start: 100, increment: 5 }),
      plain: integer().generatedByDefaultAsIdentity(),
    },
    { uniques: [unique(["code", "batch"])], indexes: [index("ix_items_label", ["label"], { unique: true })] },
  ),
});

describe("rendered generated columns, collations, NULLS NOT DISTINCT and identity changes", () => {
  it("creates them", () => {
    const text = revisionFile(EMPTY, before, "create items");
    expectGolden(path.join(GOLDEN, "create-pg-objects.ts"), text);
    expect(text).toContain("total: integer().generatedAlwaysAs(sql`price * qty`),");
    expect(text).toContain('code: text().collate("C").notNull(),');
  });

  it("changes them, without marking the rebuilt generated column as data loss", () => {
    const text = revisionFile(before, after, "change items");
    expectGolden(path.join(GOLDEN, "change-pg-objects.ts"), text);
    expect(text.slice(text.indexOf("function upgrade"), text.indexOf("function downgrade"))).not.toContain("DATA LOSS");
    expect(text).toContain('collation: null, existingCollation: "C"');
    expect(text).toContain(
      'await op.alterColumn("items", "seq", { identity: { always: true, start: 100, increment: 5 }, existingIdentity: { always: false } });',
    );
    expect(text).not.toContain("TODO");
  });

  it("finds nothing to do between equal models", () => {
    expect(planMigration(before, before, [], { rules: postgresComparison }).upgrade).toEqual([]);
  });
});
