/**
 * edit movies (concurrent part)
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
export const message = "edit movies (concurrent part)";
export const transactional = false;
export const lint = { allow: { "concurrently-mixed": "written by autogenerate: each statement runs and is recorded on its own, and a run that stops part-way resumes after the last one recorded" } };

export async function upgrade(op: Operations): Promise<void> {
  await op.createIndex("movies_slug_key", "movies", ["slug"], { unique: true, concurrently: true });
  await op.createIndex("ix_movies_title", "movies", ["title"], { concurrently: true });
  await op.validateConstraint("movies_studio_id_fkey", "movies");
  await op.validateConstraint("movies_title_not_null_check", "movies");
  await op.validateConstraint("ck_movies_rating", "movies");
  await op.validateConstraint("movies_director_id_fkey", "movies");
  await op.alterColumn("movies", "title", { nullable: false, existingNullable: true });
  await op.dropConstraint("movies_title_not_null_check", "movies");
  await op.createUniqueConstraint("movies_slug_key", "movies", ["slug"], { usingIndex: "movies_slug_key" });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint("movies_slug_key", "movies");
  await op.createCheckConstraint("movies_title_not_null_check", "movies", sql`"title" IS NOT NULL`, { notValid: true });
  await op.alterColumn("movies", "title", { nullable: true, existingNullable: false });
  // Nothing to undo for validateConstraint of "movies_director_id_fkey" on "movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped.
  // Nothing to undo for validateConstraint of "ck_movies_rating" on "movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped.
  // Nothing to undo for validateConstraint of "movies_title_not_null_check" on "movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped.
  // Nothing to undo for validateConstraint of "movies_studio_id_fkey" on "movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped.
  await op.dropIndex("ix_movies_title", { table: "movies", concurrently: true });
}
