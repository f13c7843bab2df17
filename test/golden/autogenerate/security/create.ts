/**
 * secure documents
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { boolean, integer, sql, text } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "secure documents";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("documents", {
    id: integer().primaryKey(),
    owner: text().notNull(),
    published: boolean().notNull().default(false),
  }, {
    rowLevelSecurity: true,
    grants: [{ to: "app_reader", privileges: ["select"] }, { to: "app_writer", privileges: ["select", "insert"] }],
  });

  await op.createPolicy("insert_own", "documents", { for: "insert", withCheck: sql`owner = current_user` });
  await op.createPolicy("owner_all", "documents", { to: ["app_writer"], using: sql`owner = current_user`, withCheck: sql`owner = current_user` });
  await op.createPolicy("read_published", "documents", { for: "select", using: sql`published` });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropPolicy("read_published", "documents", { existing: { for: "select", using: sql`published` } });
  await op.dropPolicy("owner_all", "documents", { existing: { to: ["app_writer"], using: sql`owner = current_user`, withCheck: sql`owner = current_user` } });
  await op.dropPolicy("insert_own", "documents", { existing: { for: "insert", withCheck: sql`owner = current_user` } });

  // DATA LOSS: drops table documents and all its rows.
  await op.dropTable("documents");
}
