/**
 * create views
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { boolean, index, integer, sql, text } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create views";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("users", {
    id: integer().primaryKey(),
    email: text().notNull(),
    active: boolean().notNull(),
    team: integer(),
  });

  await op.createView("active_users", sql`SELECT id, email FROM users WHERE active`);
  await op.createView("active_emails", sql`SELECT email FROM active_users`, { securityBarrier: true, checkOption: "local" });

  // Runs the query of materialized view team_sizes to fill it (withData: false creates it empty).
  await op.createMaterializedView("team_sizes", sql`SELECT team, count(*) AS members FROM users GROUP BY team`, { indexes: [index("ix_team_sizes_team", ["team"], { unique: true })] });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropMaterializedView("team_sizes");
  await op.dropView("active_emails");
  await op.dropView("active_users");

  // DATA LOSS: drops table users and all its rows.
  await op.dropTable("users");
}
