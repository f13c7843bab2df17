/**
 * create the rich model
 *
 * Revision ID: 1975ea83b712
 * Revises: 
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";
import { bigint, bigserial, boolean, bytea, char, check, customType, date, doublePrecision, enumColumn, foreignKey, index, integer, interval, json, jsonb, numeric, real, serial, smallint, sql, text, time, timestamp, timestamptz, unique, uuid, varchar } from "retort/schema";

export const revision = "1975ea83b712";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "create the rich model";

export async function upgrade(op: Operations): Promise<void> {
  await op.createSchema("inventory");
  await op.createEnum("move_reason", ["purchase", "sale", "loss"], { schema: "inventory" });
  await op.createEnum("genre", ["drama", "comedy", "thriller"]);
  await op.createEnum("rating", ["g", "pg", "pg13", "r"]);

  await op.createTable("items", {
    sku: varchar(32).primaryKey(),
    name: text().notNull(),
    quantity: integer().notNull().default(0),
    unit_price: numeric(10, 2),
    weight_kg: doublePrecision(),
  }, { schema: "inventory" });

  await op.createTable("stock_moves", {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    item_sku: varchar(32).notNull().references("inventory.items.sku", { onDelete: "cascade" }),
    reason: enumColumn("move_reason", { schema: "inventory" }).notNull(),
    quantity: integer().notNull(),
    moved_at: timestamptz().notNull().default(sql`now()`),
  }, {
    schema: "inventory",
    indexes: [index("ix_stock_moves_item", ["item_sku", { column: "moved_at", order: "desc" }])],
  });

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

  await op.createTable("categories", {
    id: integer().primaryKey(),
    parent_id: integer().references("categories.id"),
    name: text().notNull().unique({ name: "uq_categories_name" }),
  });

  await op.createTable("cinemas", {
    id: integer().primaryKey(),
    name: text().notNull(),
    location: customType("point"),
    opens_at: time(),
    closes_at: time({ withTimeZone: true }),
  });

  await op.createTable("countries", {
    code: char(2).primaryKey(),
    name: text().notNull().comment("English short name"),
  }, { comment: "ISO 3166 countries" });

  await op.createTable("people", {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: varchar(320).notNull().unique(),
    full_name: text().notNull(),
    born: date(),
    country: char(2).references("countries.code", { onDelete: "set null" }),
    created_at: timestamptz().notNull().default(sql`now()`),
  }, { comment: "Everyone who works on or watches movies" });

  await op.createTable("actors", {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    person_id: integer().notNull().references("people.id"),
    stage_name: text(),
  });

  await op.createTable("directors", {
    id: serial().primaryKey(),
    person_id: integer().notNull().unique().references("people.id", { onDelete: "cascade" }),
  });

  await op.createTable("screens", {
    cinema_id: integer().notNull().references("cinemas.id", { onDelete: "cascade" }),
    number: smallint().notNull(),
    seats: integer().notNull(),
  }, {
    primaryKey: { name: "pk_screens", columns: ["cinema_id", "number"] },
    checks: [check("ck_screens_seats", sql`seats > 0`)],
  });

  await op.createTable("studios", {
    id: bigint().primaryKey().generatedByDefaultAsIdentity({ start: 100 }),
    name: varchar(200).notNull(),
    founded: smallint(),
    country: char(2).references("countries.code"),
  }, { checks: [check("ck_studios_founded", sql`founded > 1800`)] });

  await op.createTable("movies", {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
    genre: enumColumn("genre").notNull().default("drama"),
    rating: enumColumn("rating"),
    release_date: date(),
    runtime_minutes: smallint(),
    budget: numeric(14, 2),
    director_id: integer().references("directors.id", { onDelete: "set null" }),
    studio_id: bigint().references("studios.id"),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
    search: customType("tsvector"),
    external_id: uuid().notNull().unique().default(sql`gen_random_uuid()`),
  }, {
    uniques: [unique(["title", "release_date"], { name: "uq_movies_title_release" })],
    checks: [check("ck_movies_runtime", sql`runtime_minutes > 0`)],
    indexes: [
      index("ix_movies_title", ["title"]),
      index("ix_movies_lower_title", [sql`lower((title)::text)`]),
      index("ix_movies_tags", ["tags"], { method: "gin" }),
      index("ix_movies_release", [{ column: "release_date", order: "desc" }], { where: sql`release_date IS NOT NULL` }),
    ],
  });

  await op.createTable("cast_members", {
    movie_id: integer().notNull().references("movies.id", { onDelete: "cascade" }),
    actor_id: integer().notNull().references("actors.id", { name: "fk_cast_actor" }),
    character_name: text(),
    billing: smallint().notNull().default(1),
  }, { primaryKey: ["movie_id", "actor_id"] });

  await op.createTable("movie_categories", {
    movie_id: integer().notNull().references("movies.id", { onDelete: "cascade" }),
    category_id: integer().notNull().references("categories.id", { onDelete: "restrict" }),
  }, { primaryKey: ["movie_id", "category_id"] });

  await op.createTable("reviews", {
    id: bigserial().primaryKey(),
    movie_id: integer().notNull().references("movies.id", { onDelete: "cascade", onUpdate: "cascade" }),
    author_id: integer().references("people.id"),
    stars: smallint().notNull(),
    body: text(),
    created_at: timestamp({ precision: 3 }).notNull().default(sql`CURRENT_TIMESTAMP`),
  }, { checks: [check("ck_reviews_stars", sql`stars BETWEEN 1 AND 5`)] });

  await op.createTable("showtimes", {
    id: integer().primaryKey(),
    movie_id: integer().notNull().references("movies.id"),
    cinema_id: integer().notNull(),
    screen_number: smallint().notNull(),
    starts_at: timestamptz().notNull(),
  }, {
    foreignKeys: [
      foreignKey({ columns: ["cinema_id", "screen_number"], references: { table: "screens", columns: ["cinema_id", "number"] }, name: "fk_showtimes_screen", deferrable: "deferred" }),
    ],
    indexes: [index("ix_showtimes_starts", ["starts_at"], { include: ["movie_id"] })],
  });

  await op.createTable("tickets", {
    id: uuid().primaryKey().default(sql`gen_random_uuid()`),
    showtime_id: integer().notNull().references("showtimes.id"),
    seat: varchar(5).notNull(),
    price: numeric(8, 2).notNull().default(0),
    sold_at: timestamptz(),
  }, { uniques: [unique(["showtime_id", "seat"], { name: "uq_tickets_seat", deferrable: "immediate" })] });

  await op.createTable("users", {
    id: integer().primaryKey(),
    email: text().notNull(),
    is_admin: boolean().notNull().default(false),
    settings: json(),
    password_hash: bytea(),
    last_login: timestamp({ precision: 0 }),
  }, { indexes: [index("ix_users_email_lower", [sql`lower(email)`], { unique: true })] });

  await op.createTable("watchlists", {
    user_id: integer().notNull().references("users.id", { onDelete: "cascade" }),
    movie_id: integer().notNull().references("movies.id", { onDelete: "cascade" }),
    added_on: date().notNull().default(sql`CURRENT_DATE`),
    note: varchar(),
  }, { primaryKey: ["user_id", "movie_id"] });

  await op.createTable("awards", {
    id: integer().primaryKey(),
    edition_id: integer().notNull(),
    movie_id: integer().references("movies.id"),
    person_id: integer().references("people.id"),
    name: text().notNull(),
  });

  await op.createTable("festival_editions", {
    id: integer().primaryKey(),
    festival_id: integer().notNull(),
    year: smallint().notNull(),
  }, { uniques: [unique(["festival_id", "year"])] });

  await op.createTable("festivals", {
    id: integer().primaryKey(),
    name: text().notNull(),
    current_edition_id: integer().references("festival_editions.id", { name: "fk_festivals_current_edition" }),
  });

  await op.createForeignKey("awards_edition_id_fkey", "awards", "festival_editions", ["edition_id"], ["id"]);
  await op.createForeignKey("festival_editions_festival_id_fkey", "festival_editions", "festivals", ["festival_id"], ["id"]);
}

export async function downgrade(op: Operations): Promise<void> {
  await op.dropConstraint("festival_editions_festival_id_fkey", "festival_editions");
  await op.dropConstraint("awards_edition_id_fkey", "awards");

  // DATA LOSS: drops table festivals and all its rows.
  await op.dropTable("festivals");

  // DATA LOSS: drops table festival_editions and all its rows.
  await op.dropTable("festival_editions");

  // DATA LOSS: drops table awards and all its rows.
  await op.dropTable("awards");

  // DATA LOSS: drops table watchlists and all its rows.
  await op.dropTable("watchlists");

  // DATA LOSS: drops table users and all its rows.
  await op.dropTable("users");

  // DATA LOSS: drops table tickets and all its rows.
  await op.dropTable("tickets");

  // DATA LOSS: drops table showtimes and all its rows.
  await op.dropTable("showtimes");

  // DATA LOSS: drops table reviews and all its rows.
  await op.dropTable("reviews");

  // DATA LOSS: drops table movie_categories and all its rows.
  await op.dropTable("movie_categories");

  // DATA LOSS: drops table cast_members and all its rows.
  await op.dropTable("cast_members");

  // DATA LOSS: drops table movies and all its rows.
  await op.dropTable("movies");

  // DATA LOSS: drops table studios and all its rows.
  await op.dropTable("studios");

  // DATA LOSS: drops table screens and all its rows.
  await op.dropTable("screens");

  // DATA LOSS: drops table directors and all its rows.
  await op.dropTable("directors");

  // DATA LOSS: drops table actors and all its rows.
  await op.dropTable("actors");

  // DATA LOSS: drops table people and all its rows.
  await op.dropTable("people");

  // DATA LOSS: drops table countries and all its rows.
  await op.dropTable("countries");

  // DATA LOSS: drops table cinemas and all its rows.
  await op.dropTable("cinemas");

  // DATA LOSS: drops table categories and all its rows.
  await op.dropTable("categories");

  // DATA LOSS: drops table audit_events and all its rows.
  await op.dropTable("audit_events");

  // DATA LOSS: drops table inventory.stock_moves and all its rows.
  await op.dropTable("stock_moves", { schema: "inventory" });

  // DATA LOSS: drops table inventory.items and all its rows.
  await op.dropTable("items", { schema: "inventory" });

  await op.dropEnum("rating", { existingValues: ["g", "pg", "pg13", "r"] });
  await op.dropEnum("genre", { existingValues: ["drama", "comedy", "thriller"] });
  await op.dropEnum("move_reason", { schema: "inventory", existingValues: ["purchase", "sale", "loss"] });
  await op.dropSchema("inventory");
}
