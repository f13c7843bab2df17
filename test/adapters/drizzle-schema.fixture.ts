// A Drizzle schema as a team keeps it: the models of the Drizzle integration tests (copied into a throwaway project).
import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  json,
  numeric,
  cidr,
  date,
  doublePrecision,
  inet,
  interval,
  real,
  time,
  pgEnum,
  pgSchema,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

export const mood = pgEnum("mood", ["sad", "ok", "happy"]);
export const inventory = pgSchema("inventory");
export const itemStatus = inventory.enum("item_status", ["new", "sold"]);

export const authors = pgTable("authors", {
  id: serial().primaryKey(),
  name: varchar({ length: 200 }).notNull().unique(),
  country: char({ length: 2 }).default("NL"),
  mood: mood().default("ok").notNull(),
  created_at: timestamp({ precision: 3, withTimezone: true }).defaultNow().notNull(),
  name_length: integer().generatedAlwaysAs(sql`length(name)`),
  email: varchar({ length: 200 }).unique("authors_email_unique", { nulls: "not distinct" }),
});

export const books = pgTable(
  "books",
  {
    id: integer().generatedAlwaysAsIdentity(),
    public_id: uuid().defaultRandom().notNull(),
    author_id: integer()
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    title: text().notNull(),
    isbn: varchar({ length: 13 }),
    price: numeric({ precision: 10, scale: 2 }),
    pages: smallint(),
    tags: text().array().default(sql`'{}'::text[]`),
    meta: jsonb().default({ draft: true }),
    raw: json(),
    in_print: boolean().default(true),
    rank: bigint({ mode: "number" }).generatedByDefaultAsIdentity({ startWith: 100 }),
  },
  (t) => [
    primaryKey({ columns: [t.id] }),
    unique().on(t.author_id, t.title),
    check("books_price_positive", sql`${t.price} > 0`),
    index().on(t.title),
    uniqueIndex("books_isbn_key").on(t.isbn).where(sql`${t.isbn} IS NOT NULL`),
    index("books_lower_title_idx").on(sql`lower(${t.title})`),
    index("books_tags_gin").using("gin", t.tags),
  ],
);

export const items = inventory.table(
  "items",
  {
    book_id: integer().notNull(),
    copy: integer().notNull(),
    status: itemStatus().default("new").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.book_id, t.copy] }),
    foreignKey({ columns: [t.book_id], foreignColumns: [books.id] })
      .onDelete("restrict")
      .onUpdate("cascade"),
  ],
);

export const kitchenSinks = pgTable(
  "kitchen_sinks_with_a_name_long_enough_to_be_cut_by_postgres",
  {
    id: bigint({ mode: "bigint" }).primaryKey().generatedByDefaultAsIdentity({ startWith: 5, increment: 2 }),
    parent_identifier_of_this_sink: bigint({ mode: "bigint" }).references((): AnyPgColumn => kitchenSinks.id, { onDelete: "set null" }),
    code: varchar().unique(),
    score: real().default(1.5),
    ratio: doublePrecision(),
    amount: numeric({ precision: 12 }).default("0"),
    born: date().default("2020-01-01"),
    opens: time({ precision: 0 }),
    wait: interval().default("1 day"),
    seen_at: timestamp().default(sql`CURRENT_TIMESTAMP`),
    counts: integer().array().default([1, 2]),
    grid: integer().array().array(),
    address: inet(),
    network: cidr(),
    moods: mood().array().default(["ok", "sad"]),
    labels: text().array().default(["a b", "c"]),
    checked_at: timestamp({ precision: 3 }).default(new Date("2024-01-02T03:04:05.120Z")),
    doc: jsonb().default({ b: [1, 2], a: "x" }),
  },
  (t) => [
    index("kitchen_sinks_code_desc").on(t.code.desc(), t.score.asc().nullsFirst()),
    index("kitchen_sinks_code_pattern").on(t.code.op("varchar_pattern_ops")),
    index("kitchen_sinks_doc").using("gin", t.doc),
    check("kitchen_sinks_score", sql`${t.score} BETWEEN 0 AND 10 AND ${t.code} <> ''`),
  ],
);

export const authorRelations = relations(authors, ({ many }) => ({ books: many(books) }));
