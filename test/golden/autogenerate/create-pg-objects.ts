/**
 * create items
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { index, integer, sql, text, unique, varchar } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create items";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("items", {
    id: integer().primaryKey(),
    price: integer().notNull(),
    qty: integer().notNull(),
    total: integer().generatedAlwaysAs(sql`price * qty`),
    code: text().collate("C").notNull(),
    label: varchar(40).collate("C"),
    batch: integer().unique({ nullsNotDistinct: true }),
    seq: integer().generatedByDefaultAsIdentity(),
    plain: integer(),
  }, {
    uniques: [unique(["code", "batch"], { nullsNotDistinct: true })],
    indexes: [index("ix_items_label", ["label"], { unique: true, nullsNotDistinct: true })],
  });
}

export async function downgrade(op: Operations): Promise<void> {
  // DATA LOSS: drops table items and all its rows.
  await op.dropTable("items");
}
