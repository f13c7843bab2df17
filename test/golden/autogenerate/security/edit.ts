/**
 * tighten documents
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { sql } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "tighten documents";

export async function upgrade(op: Operations): Promise<void> {
  await op.dropPolicy("read_published", "documents", { existing: { for: "select", using: sql`published` } });
  await op.dropPolicy("insert_own", "documents", { existing: { for: "insert", withCheck: sql`owner = current_user` } });
  await op.setRowLevelSecurity("documents", "forced", { existing: "enabled" });
  await op.revoke("documents", "app_reader", ["select"]);
  await op.revoke("documents", "app_writer", ["insert"]);
  await op.grant("documents", "app_writer", ["update"]);
  await op.createPolicy("read_published", "documents", { as: "restrictive", for: "select", using: sql`published` });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropPolicy("read_published", "documents", { existing: { as: "restrictive", for: "select", using: sql`published` } });
  await op.revoke("documents", "app_writer", ["update"]);
  await op.grant("documents", "app_writer", ["insert"]);
  await op.grant("documents", "app_reader", ["select"]);
  await op.setRowLevelSecurity("documents", "enabled", { existing: "forced" });
  await op.createPolicy("insert_own", "documents", { for: "insert", withCheck: sql`owner = current_user` });
  await op.createPolicy("read_published", "documents", { for: "select", using: sql`published` });
}
