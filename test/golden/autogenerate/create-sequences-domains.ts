/**
 * create orders
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { customType, integer, numeric, serial, sql, text } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create orders";

export async function upgrade(op: Operations): Promise<void> {
  await op.createExtension("citext");
  await op.createExtension("hstore");
  await op.createSequence("audit_seq", { cycle: true });
  await op.createSequence("order_no_seq", { dataType: "integer", start: 1000 });
  await op.createDomain("email", customType("citext"), { check: sql`VALUE ~ '^[^@]+@[^@]+$'` });
  await op.createDomain("price", numeric(10, 2), { checks: { price_not_negative: sql`VALUE >= 0` }, notNull: true, default: 0 });

  await op.createTable("orders", {
    id: serial().primaryKey(),
    order_no: integer().notNull().default(sql`nextval('order_no_seq')`),
    contact: customType("email"),
    total: customType("price"),
    note: text(),
  });

  await op.alterSequence("audit_seq", { ownedBy: { table: "orders", column: "id" }, existing: { ownedBy: null } });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.alterSequence("audit_seq", { ownedBy: null, existing: { ownedBy: { table: "orders", column: "id" } } });

  // DATA LOSS: drops table orders and all its rows.
  await op.dropTable("orders");

  await op.dropDomain("price");
  await op.dropDomain("email");
  await op.dropSequence("order_no_seq");
  await op.dropSequence("audit_seq");
  await op.dropExtension("hstore");
  await op.dropExtension("citext");
}
