/**
 * change views
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { index, sql } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "change views";

export async function upgrade(op: Operations): Promise<void> {
  await op.dropMaterializedView("team_sizes");
  await op.replaceView("active_users", sql`SELECT id, email FROM users WHERE active AND email <> ''`);

  // Runs the query of materialized view team_sizes to fill it (withData: false creates it empty).
  await op.createMaterializedView("team_sizes", sql`SELECT team, count(*) AS members, max(id) AS newest FROM users GROUP BY team`, { indexes: [index("ix_team_sizes_team", ["team"], { unique: true })] });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropMaterializedView("team_sizes");
  await op.replaceView("active_users", sql`SELECT id, email FROM users WHERE active`);

  // Runs the query of materialized view team_sizes to fill it (withData: false creates it empty).
  await op.createMaterializedView("team_sizes", sql`SELECT team, count(*) AS members FROM users GROUP BY team`, { indexes: [index("ix_team_sizes_team", ["team"], { unique: true })] });
}
