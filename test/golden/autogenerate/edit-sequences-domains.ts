/**
 * edit orders
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { sql } from "retort/schema";

export const revision = "27c6a30d7c24";
export const downRevision: string | readonly string[] | null = "1975ea83b712";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "edit orders";

export async function upgrade(op: Operations): Promise<void> {
  await op.createExtension("pg_trgm");
  await op.alterDomain("email", { notNull: true, existingNotNull: false, dropChecks: { email_check: sql`VALUE ~ '^[^@]+@[^@]+$'` }, addChecks: { email_check: sql`VALUE ~ '@'` } });
  await op.alterDomain("price", { default: 1, existingDefault: 0, notNull: false, existingNotNull: true, dropChecks: { price_not_negative: sql`VALUE >= 0` } });
  await op.alterSequence("audit_seq", { ownedBy: null, existing: { ownedBy: { table: "orders", column: "id" } } });
  await op.alterSequence("audit_seq", { cycle: false, existing: { cycle: true } });
  await op.alterSequence("order_no_seq", { dataType: "bigint", start: 1, increment: 10, maxValue: 900000, existing: { dataType: "integer", start: 1000, increment: 1, maxValue: null } });
  await op.dropExtension("hstore");
}

export async function downgrade(op: Operations): Promise<void> {
  await op.createExtension("hstore");
  await op.alterSequence("order_no_seq", { dataType: "integer", start: 1000, increment: 1, maxValue: null, existing: { dataType: "bigint", start: 1, increment: 10, maxValue: 900000 } });
  await op.alterSequence("audit_seq", { cycle: true, existing: { cycle: false } });
  await op.alterSequence("audit_seq", { ownedBy: { table: "orders", column: "id" }, existing: { ownedBy: null } });
  await op.alterDomain("price", { default: 0, existingDefault: 1, notNull: true, existingNotNull: false, addChecks: { price_not_negative: sql`VALUE >= 0` } });
  await op.alterDomain("email", { notNull: false, existingNotNull: true, dropChecks: { email_check: sql`VALUE ~ '@'` }, addChecks: { email_check: sql`VALUE ~ '^[^@]+@[^@]+$'` } });
  await op.dropExtension("pg_trgm");
}
