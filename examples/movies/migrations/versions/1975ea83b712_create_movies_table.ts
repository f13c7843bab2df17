/**
 * create movies table
 *
 * Revision ID: 1975ea83b712
 * Revises:
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { integer, varchar } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create movies table";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("movies", {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
  });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTable("movies");
}
