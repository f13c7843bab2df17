/**
 * add release_date column to movies
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-28 10:05:00.000000
 */
import type { Operations } from "retort";
import { date } from "retort/schema";

export const revision = "27c6a30d7c24";
export const downRevision: string | readonly string[] | null = "1975ea83b712";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "add release_date column to movies";

export async function upgrade(op: Operations): Promise<void> {
  await op.addColumn("movies", "release_date", date());
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn("movies", "release_date");
}
