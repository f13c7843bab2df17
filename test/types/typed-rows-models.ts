/** Models for the type tests of typed rows: every builder, nullability, defaults, enums, arrays, schemas. */
import {
  array,
  bigint,
  bigserial,
  boolean,
  bytea,
  char,
  customType,
  date,
  doublePrecision,
  enumColumn,
  enumType,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  real,
  serial,
  smallint,
  smallserial,
  sql,
  table,
  text,
  time,
  timestamp,
  timestamptz,
  uuid,
  varchar,
} from "../../src/schema/index.js";

export const genre = enumType("genre", ["drama", "comedy", "thriller"]);

/** Not a table: `DatabaseOf` ignores it. */
export const MODELS_VERSION = 1;

export const everything = table("everything", {
  small: smallint(),
  int: integer().primaryKey(),
  big: bigint(),
  small_serial: smallserial(),
  serial_id: serial(),
  big_serial: bigserial(),
  flag: boolean(),
  body: text(),
  name: varchar(100).notNull(),
  code: char(3),
  price: numeric(10, 2),
  ratio: real(),
  precise: doublePrecision(),
  day: date(),
  at_time: time(),
  stamp: timestamp(),
  stamp_tz: timestamptz().notNull(),
  stamp_opts: timestamp({ withTimeZone: true, precision: 3 }),
  span: interval(),
  external_id: uuid().notNull().unique().default(sql`gen_random_uuid()`),
  doc: json(),
  settings: jsonb().$type<{ theme: "dark" | "light"; size: number }>().notNull(),
  raw: bytea(),
  kind: enumColumn(genre).notNull(),
  kind_by_name: enumColumn("genre"),
  vector: customType("tsvector"),
  citext: customType("citext").$type<string>(),
  tags: text().array().notNull().default(sql`'{}'::text[]`),
  grid: array(integer(), 2),
  ids: bigint().array(),
  prices: numeric().array(),
  days: date().array(),
  kinds: enumColumn(genre).array(),
  docs: jsonb().$type<{ n: number }>().array(),
  words: varchar(20).array(),
  identity_always: integer().generatedAlwaysAsIdentity(),
  identity_default: bigint().generatedByDefaultAsIdentity({ start: 10 }),
  with_default: integer().default(0),
});

export const movies = table("movies", {
  id: serial().primaryKey(),
  title: varchar(200).notNull(),
  release_date: date(),
  genre: enumColumn(genre).notNull().default("drama"),
  budget: numeric(14, 2),
  created_at: timestamptz().notNull().default(sql`now()`),
});

export const credits = table(
  "credits",
  { movie_id: integer().references(() => movies.id), person_id: integer(), role: text() },
  { primaryKey: ["movie_id", "person_id"] },
);

export const auditEvents = table("events", { id: bigserial().primaryKey(), payload: jsonb() }, { schema: "audit" });

/** In `public` named explicitly: keyed by its name alone. */
export const people = table("people", { id: integer().primaryKey() }, { schema: "public" });
