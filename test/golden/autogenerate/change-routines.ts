/**
 * change routines
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { func, procedure, sql, trigger } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "change routines";

export async function upgrade(op: Operations): Promise<void> {
  await op.dropTrigger(trigger("movies_touch", { table: "movies", timing: "before", events: ["insert", "update"], updateOf: ["title"], forEach: "row", when: sql`NEW.rating IS NOT NULL`, function: "touch_updated_at", arguments: ["it's"] }));
  await op.dropFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "integer", language: "sql", volatility: "immutable", strict: true, body: sql`SELECT greatest(lo, v)` }));
  await op.createFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "bigint", language: "sql", body: sql`SELECT greatest(lo, v)` }));
  await op.replaceFunction(func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`BEGIN RETURN NEW; END` }), { existing: func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
` }) });
  await op.createTrigger(trigger("movies_touch", { table: "movies", timing: "after", events: ["update"], forEach: "row", function: "touch_updated_at" }));
  await op.dropFunction(procedure("archive_movies", { args: "below integer", language: "plpgsql", security: "definer", body: sql`BEGIN DELETE FROM movies WHERE rating < below; END` }));
}

export async function downgrade(op: Operations): Promise<void> {
  await op.createFunction(procedure("archive_movies", { args: "below integer", language: "plpgsql", security: "definer", body: sql`BEGIN DELETE FROM movies WHERE rating < below; END` }));
  await op.dropTrigger(trigger("movies_touch", { table: "movies", timing: "after", events: ["update"], forEach: "row", function: "touch_updated_at" }));
  await op.replaceFunction(func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
` }), { existing: func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`BEGIN RETURN NEW; END` }) });
  await op.dropFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "bigint", language: "sql", body: sql`SELECT greatest(lo, v)` }));
  await op.createFunction(func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "integer", language: "sql", volatility: "immutable", strict: true, body: sql`SELECT greatest(lo, v)` }));
  await op.createTrigger(trigger("movies_touch", { table: "movies", timing: "before", events: ["insert", "update"], updateOf: ["title"], forEach: "row", when: sql`NEW.rating IS NOT NULL`, function: "touch_updated_at", arguments: ["it's"] }));
}
