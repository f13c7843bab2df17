/**
 * create routines
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { func, integer, procedure, sql, text, timestamptz, trigger } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create routines";

export async function upgrade(op: Operations): Promise<void> {
  await op.createFunction(procedure("archive_movies", { args: "below integer", language: "plpgsql", security: "definer", body: sql`BEGIN DELETE FROM movies WHERE rating < below; END` }));
  await op.createFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "integer", language: "sql", volatility: "immutable", strict: true, body: sql`SELECT greatest(lo, v)` }));
  await op.createFunction(func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
` }));

  await op.createTable("movies", {
    id: integer().primaryKey(),
    title: text().notNull(),
    rating: integer(),
    updated_at: timestamptz(),
  });

  await op.createTrigger(trigger("movies_touch", { table: "movies", timing: "before", events: ["insert", "update"], updateOf: ["title"], forEach: "row", when: sql`NEW.rating IS NOT NULL`, function: "touch_updated_at", arguments: ["it's"] }));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropTrigger(trigger("movies_touch", { table: "movies", timing: "before", events: ["insert", "update"], updateOf: ["title"], forEach: "row", when: sql`NEW.rating IS NOT NULL`, function: "touch_updated_at", arguments: ["it's"] }));

  // DATA LOSS: drops table movies and all its rows.
  await op.dropTable("movies");

  await op.dropFunction(func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
` }));
  await op.dropFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "integer", language: "sql", volatility: "immutable", strict: true, body: sql`SELECT greatest(lo, v)` }));
  await op.dropFunction(procedure("archive_movies", { args: "below integer", language: "plpgsql", security: "definer", body: sql`BEGIN DELETE FROM movies WHERE rating < below; END` }));
}
