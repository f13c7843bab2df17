/**
 * edit movies
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { bigint, index, integer, sql, text, uuid, varchar } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "edit movies";

export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("studios", {
    id: integer().primaryKey(),
    name: text().notNull(),
    director_id: integer().references("directors.id"),
  }, { indexes: [index("ix_studios_name", ["name"])] });

  await op.addColumn("movies", "language", varchar(8).notNull().default("en"));

  // TODO: review before running this in production. gen_random_uuid() is computed for every existing row, so adding
  // movies.external_id rewrites the table under ACCESS EXCLUSIVE: reads and writes wait until it ends. Keep it for a small
  // table; for a big or busy one, instead:
  //   1. add the column nullable and without a default;
  //   2. set the default for new rows: await op.alterColumn("movies", "external_id", { default: sql`gen_random_uuid()`, existingDefault: null });
  //   3. fill the existing rows in batches;
  //   4. make it NOT NULL through a validated check (the next autogenerate writes that).
  // retort-lint-disable-next-line add-column-volatile-default: TODO review: rewrites movies (see the plan above)
  await op.addColumn("movies", "external_id", uuid().notNull().default(sql`gen_random_uuid()`));

  await op.addColumn("movies", "studio_id", integer());
  await op.createForeignKey("movies_studio_id_fkey", "movies", "studios", ["studio_id"], ["id"], { notValid: true });
  await op.alterColumn("movies", "title", { type: varchar(300), existingType: varchar(200) });
  await op.createCheckConstraint("movies_title_not_null_check", "movies", sql`"title" IS NOT NULL`, { notValid: true });

  // TODO: review before running this in production. Changing movies.rating from integer to bigint rewrites the table
  // and its indexes under ACCESS EXCLUSIVE: reads and writes wait until it ends. Keep it for a small table; for a big
  // or busy one, replace it with expand and contract (and change the models at each step):
  //   1. add the new column: await op.addColumn("movies", "rating_new", bigint());
  //   2. keep rating_new in step with rating (a trigger, or the application writing both) and fill it in batches;
  //   3. once every reader and writer uses rating_new, switch the names: await op.alterColumn("movies", "rating", { newName: "rating_old" });
  //      then await op.alterColumn("movies", "rating_new", { newName: "rating" });
  //   4. in a later revision, drop the old column: await op.dropColumn("movies", "rating_old");
  // retort-lint-disable-next-line type-change-rewrite: TODO review: rewrites movies (see the plan above)
  await op.alterColumn("movies", "rating", { type: bigint(), existingType: integer() });

  await op.createCheckConstraint("ck_movies_rating", "movies", sql`rating >= 0`, { notValid: true });
  await op.createForeignKey("movies_director_id_fkey", "movies", "directors", ["director_id"], ["id"], { notValid: true });
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint("movies_director_id_fkey", "movies");
  await op.dropConstraint("ck_movies_rating", "movies");

  // DATA LOSS: narrows movies.rating from bigint to integer: values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "rating", { type: integer(), existingType: bigint() });

  await op.dropConstraint("movies_title_not_null_check", "movies");

  // DATA LOSS: narrows movies.title from varchar(300) to varchar(200): values that do not fit are cut or make the migration fail.
  await op.alterColumn("movies", "title", { type: varchar(200), existingType: varchar(300) });

  await op.dropConstraint("movies_studio_id_fkey", "movies");

  // DATA LOSS: drops column movies.studio_id and its values.
  await op.dropColumn("movies", "studio_id");

  // DATA LOSS: drops column movies.external_id and its values.
  await op.dropColumn("movies", "external_id");

  // DATA LOSS: drops column movies.language and its values.
  await op.dropColumn("movies", "language");

  // DATA LOSS: drops table studios and all its rows.
  await op.dropTable("studios");
}
