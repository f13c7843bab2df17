/**
 * everyday edits
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { bigint, customType, date, doublePrecision, integer, interval, jsonb, numeric, real, smallint, sql, text, timestamp, timestamptz, uuid, varchar } from "retort/schema";

export const revision = "27c6a30d7c24";
export const downRevision: string | readonly string[] | null = "1975ea83b712";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "everyday edits";

export async function upgrade(op: Operations): Promise<void> {
  // TODO: autogenerate cannot write these changes; write them here by hand:
  //   inventory.move_reason: enum values 'loss' were removed from the models; PostgreSQL cannot drop an enum value. Write this migration by hand: create the new type, convert the columns (USING col::text::new_type), drop the old type, rename the new one.
  //   reviews.id: is no longer serial; its sequence default stays until you drop it: op.alterColumn(table, column, { default: null }), then op.dropSequence(...).

  await op.addEnumValue("genre", "horror", { after: "comedy" });
  await op.addEnumValue("genre", "documentary");
  await op.dropConstraint("reviews_author_id_fkey", "reviews");
  await op.dropIndex("ix_movies_lower_title", { table: "movies" });
  await op.dropConstraint("uq_movies_title_release", "movies");
  await op.dropConstraint("ck_movies_runtime", "movies");
  await op.dropConstraint("ck_reviews_stars", "reviews");
  await op.alterColumn("movies", "title", { newName: "name" });

  // DATA LOSS: drops column reviews.author_id and its values.
  await op.dropColumn("reviews", "author_id");

  // DATA LOSS: drops table audit_events and all its rows.
  await op.dropTable("audit_events");

  await op.addColumn("movies", "language", varchar(8).notNull().default("en"));
  await op.alterColumn("movies", "release_date", { type: timestamptz(), existingType: date() });
  await op.alterColumn("movies", "runtime_minutes", { type: integer(), existingType: smallint() });

  // DATA LOSS: narrows movies.budget from numeric(14, 2) to numeric(12, 2): values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "budget", { type: numeric(12, 2), existingType: numeric(14, 2), comment: "In US dollars", existingComment: null });

  // DATA LOSS: narrows movies.studio_id from bigint to integer: values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "studio_id", { type: integer(), existingType: bigint(), nullable: false, existingNullable: true });

  await op.alterColumn("movies", "metadata", { type: text(), existingType: jsonb(), default: "{}", existingDefault: sql`'{}'::jsonb` });
  await op.alterColumn("movies", "search", { type: text(), existingType: customType("tsvector") });

  // DATA LOSS: narrows movies.external_id from uuid to varchar(36): values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "external_id", { type: varchar(36), existingType: uuid() });

  // DATA LOSS: narrows reviews.id from bigint to integer: values that do not fit are cut or make the migration fail.
  await op.alterColumn("reviews", "id", { type: integer(), existingType: bigint() });

  await op.alterColumn("reviews", "created_at", { type: timestamptz(), existingType: timestamp({ precision: 3 }), default: sql`now()`, existingDefault: sql`CURRENT_TIMESTAMP` });
  await op.createCheckConstraint("ck_movies_runtime", "movies", sql`runtime_minutes BETWEEN 1 AND 600`);
  await op.createIndex("ix_movies_language", "movies", ["language", "release_date"]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropIndex("ix_movies_language", { table: "movies" });
  await op.dropConstraint("ck_movies_runtime", "movies");

  // DATA LOSS: narrows reviews.created_at from timestamp with time zone to timestamp(3) without time zone: values that do not fit are cut or make the migration fail.
  await op.alterColumn("reviews", "created_at", { type: timestamp({ precision: 3 }), existingType: timestamptz(), default: sql`CURRENT_TIMESTAMP`, existingDefault: sql`now()` });

  await op.alterColumn("reviews", "id", { type: bigint(), existingType: integer() });

  // DATA LOSS: converts movies.external_id from varchar(36) to uuid: values that do not convert make the migration fail or change.
  // Review the USING cast: the database cannot convert the existing values by itself.
  await op.alterColumn("movies", "external_id", { type: uuid(), existingType: varchar(36), using: sql`"external_id"::uuid` });

  // DATA LOSS: converts movies.search from text to tsvector: values that do not convert make the migration fail or change.
  // Review the USING cast: the database cannot convert the existing values by itself.
  await op.alterColumn("movies", "search", { type: customType("tsvector"), existingType: text(), using: sql`"search"::tsvector` });

  // DATA LOSS: converts movies.metadata from text to jsonb: values that do not convert make the migration fail or change.
  // Review the USING cast: the database cannot convert the existing values by itself.
  await op.alterColumn("movies", "metadata", { type: jsonb(), existingType: text(), using: sql`"metadata"::jsonb`, default: sql`'{}'::jsonb`, existingDefault: "{}" });

  await op.alterColumn("movies", "studio_id", { type: bigint(), existingType: integer(), nullable: true, existingNullable: false });
  await op.alterColumn("movies", "budget", { type: numeric(14, 2), existingType: numeric(12, 2), comment: null, existingComment: "In US dollars" });

  // DATA LOSS: narrows movies.runtime_minutes from integer to smallint: values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "runtime_minutes", { type: smallint(), existingType: integer() });

  // DATA LOSS: converts movies.release_date from timestamp with time zone to date: values that do not convert make the migration fail or change.
  await op.alterColumn("movies", "release_date", { type: date(), existingType: timestamptz() });

  // DATA LOSS: drops column movies.language and its values.
  await op.dropColumn("movies", "language");

  await op.createTable("audit_events", {
    id: bigint().primaryKey().generatedByDefaultAsIdentity(),
    payload: jsonb(),
    occurred_at: timestamptz().notNull().default(sql`now()`),
    ip: customType("inet"),
    duration: interval(),
    matrix: integer().array(2),
    ratio: real(),
    score: doublePrecision(),
  }, { comment: "What happened, and when" });

  await op.addColumn("reviews", "author_id", integer());
  await op.alterColumn("movies", "name", { newName: "title" });
  await op.createCheckConstraint("ck_reviews_stars", "reviews", sql`stars BETWEEN 1 AND 5`);
  await op.createCheckConstraint("ck_movies_runtime", "movies", sql`runtime_minutes > 0`);
  await op.createUniqueConstraint("uq_movies_title_release", "movies", ["title", "release_date"]);
  await op.createIndex("ix_movies_lower_title", "movies", [sql`lower((title)::text)`]);
  await op.createForeignKey("reviews_author_id_fkey", "reviews", "people", ["author_id"], ["id"]);

  // Cannot reverse addEnumValue of "genre" value 'documentary': PostgreSQL cannot remove a value from an enum.
  // Leave the value in place in the downgrade, or recreate the type by hand (create a new type, convert the columns, drop the old type).

  // Cannot reverse addEnumValue of "genre" value 'horror': PostgreSQL cannot remove a value from an enum.
  // Leave the value in place in the downgrade, or recreate the type by hand (create a new type, convert the columns, drop the old type).
}
