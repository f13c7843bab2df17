/**
 * create directors table
 *
 * Revision ID: 3b8e5f1a9c20
 * Revises: 27c6a30d7c24
 * Create Date: 2026-11-28 10:10:00.000000
 */
import type { Operations } from "retort";
import { integer, text } from "retort/schema";

export const revision = "3b8e5f1a9c20";
export const downRevision: string | readonly string[] | null = "27c6a30d7c24";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create directors table";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("directors", {
    id: integer().primaryKey(),
    name: text().notNull(),
  });
  await op.addColumn("movies", "director_id", integer().references("directors.id", { onDelete: "set null" }));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropColumn("movies", "director_id");
  await op.dropTable("directors");
}
