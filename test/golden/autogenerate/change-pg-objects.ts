/**
 * change items
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { integer, sql, text, varchar } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "change items";

export async function upgrade(op: Operations): Promise<void> {
  await op.dropIndex("ix_items_label", { table: "items" });
  await op.dropConstraint("items_code_batch_key", "items");
  await op.dropColumn("items", "total");
  await op.addColumn("items", "total", integer().generatedAlwaysAs(sql`price * qty * 2`));
  await op.alterColumn("items", "code", { existingType: text(), collation: null, existingCollation: "C" });
  await op.alterColumn("items", "label", { type: text(), existingType: varchar(40), collation: "POSIX", existingCollation: "C" });
  await op.alterColumn("items", "seq", { identity: { always: true, start: 100, increment: 5 }, existingIdentity: { always: false } });
  await op.alterColumn("items", "plain", { nullable: false, existingNullable: true, identity: { always: false }, existingIdentity: null });
  await op.createUniqueConstraint("items_code_batch_key", "items", ["code", "batch"]);
  await op.createIndex("ix_items_label", "items", ["label"], { unique: true });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex("ix_items_label", { table: "items" });
  await op.dropConstraint("items_code_batch_key", "items");
  await op.alterColumn("items", "plain", { nullable: true, existingNullable: false, identity: null, existingIdentity: { always: false } });
  await op.alterColumn("items", "seq", { identity: { always: false }, existingIdentity: { always: true, start: 100, increment: 5 } });

  // DATA LOSS: narrows items.label from text to varchar(40): values that do not fit are cut or make the migration fail.
  await op.alterColumn("items", "label", { type: varchar(40), existingType: text(), collation: "C", existingCollation: "POSIX" });

  await op.alterColumn("items", "code", { existingType: text(), collation: "C", existingCollation: null });
  await op.dropColumn("items", "total");
  await op.addColumn("items", "total", integer().generatedAlwaysAs(sql`price * qty`));
  await op.createUniqueConstraint("items_code_batch_key", "items", ["code", "batch"], { nullsNotDistinct: true });
  await op.createIndex("ix_items_label", "items", ["label"], { unique: true, nullsNotDistinct: true });
}
