import { sql } from "drizzle-orm";
import * as pgCore from "drizzle-orm/pg-core";
import {
  bigint,
  bigserial,
  boolean,
  char,
  check,
  cidr,
  date,
  doublePrecision,
  foreignKey,
  index,
  inet,
  integer,
  interval,
  json,
  jsonb,
  numeric,
  pgEnum,
  pgMaterializedView,
  pgPolicy,
  pgSchema,
  pgSequence,
  pgTable,
  pgTableCreator,
  pgView,
  primaryKey,
  real,
  serial,
  smallint,
  smallserial,
  text,
  time,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import { relations } from "drizzle-orm";
import { toCamelCase, toSnakeCase } from "drizzle-orm/casing";
import type { PgColumnBuilderBase } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { RetortError } from "../../errors.js";
import type { Column, ColumnType, Table } from "../../schema/model.js";
import { drizzleExportKind, hasDrizzleModels } from "./detect.js";
import type { PgCore } from "./drizzle-types.js";
import { drizzleModels } from "./models.js";

const core = pgCore as unknown as PgCore;

function tableOf(value: unknown): Table {
  const read = drizzleModels({ t: value }, core);
  return read.tables["t"] as Table;
}

function columnOf(builder: PgColumnBuilderBase): Column {
  return tableOf(pgTable("t", { c: builder })).columns[0] as Column;
}

const mood = pgEnum("mood", ["sad", "ok", "happy"]);
const inventory = pgSchema("inventory");
const status = inventory.enum("status", ["new", "done"]);

describe("Drizzle column types", () => {
  const cases: [string, PgColumnBuilderBase, ColumnType][] = [
    ["smallint", smallint(), { kind: "smallint" }],
    ["integer", integer(), { kind: "integer" }],
    ["bigint number", bigint({ mode: "number" }), { kind: "bigint" }],
    ["bigint bigint", bigint({ mode: "bigint" }), { kind: "bigint" }],
    ["smallserial", smallserial(), { kind: "smallserial" }],
    ["serial", serial(), { kind: "serial" }],
    ["bigserial", bigserial({ mode: "number" }), { kind: "bigserial" }],
    ["boolean", boolean(), { kind: "boolean" }],
    ["text", text(), { kind: "text" }],
    ["varchar", varchar(), { kind: "varchar" }],
    ["varchar(200)", varchar({ length: 200 }), { kind: "varchar", length: 200 }],
    ["char(3)", char({ length: 3 }), { kind: "char", length: 3 }],
    ["numeric", numeric(), { kind: "numeric" }],
    ["numeric(10, 2)", numeric({ precision: 10, scale: 2 }), { kind: "numeric", precision: 10, scale: 2 }],
    ["numeric(8) mode number", numeric({ precision: 8, mode: "number" }), { kind: "numeric", precision: 8 }],
    ["real", real(), { kind: "real" }],
    ["double precision", doublePrecision(), { kind: "doublePrecision" }],
    ["date", date(), { kind: "date" }],
    ["date as Date", date({ mode: "date" }), { kind: "date" }],
    ["time", time(), { kind: "time", withTimeZone: false }],
    ["time(3) with time zone", time({ precision: 3, withTimezone: true }), { kind: "time", withTimeZone: true, precision: 3 }],
    ["timestamp", timestamp(), { kind: "timestamp", withTimeZone: false }],
    [
      "timestamp(3) tz string",
      timestamp({ precision: 3, withTimezone: true, mode: "string" }),
      { kind: "timestamp", withTimeZone: true, precision: 3 },
    ],
    ["interval", interval(), { kind: "interval" }],
    ["uuid", uuid(), { kind: "uuid" }],
    ["json", json(), { kind: "json" }],
    ["jsonb", jsonb(), { kind: "jsonb" }],
    ["enum", mood(), { kind: "enum", name: "mood" }],
    ["enum in a schema", status(), { kind: "enum", name: "status", schema: "inventory" }],
    ["integer[]", integer().array(), { kind: "array", element: { kind: "integer" }, dimensions: 1 }],
    ["text[][]", text().array().array(), { kind: "array", element: { kind: "text" }, dimensions: 2 }],
    ["enum[]", mood().array(), { kind: "array", element: { kind: "enum", name: "mood" }, dimensions: 1 }],
    ["inet", inet(), { kind: "custom", sql: "inet" }],
    ["cidr", cidr(), { kind: "custom", sql: "cidr" }],
  ];
  it.each(cases)("%s", (_name, builder, type) => {
    expect(columnOf(builder).type).toEqual(type);
  });
});

describe("Drizzle column modifiers", () => {
  const cases: [string, PgColumnBuilderBase, Partial<Column>][] = [
    ["nullable by default", text(), { nullable: true }],
    [".notNull()", text().notNull(), { nullable: false }],
    ["string default", text().default("draft"), { default: { kind: "literal", value: "draft" } }],
    ["number default", integer().default(5), { default: { kind: "literal", value: 5 } }],
    ["boolean default", boolean().default(false), { default: { kind: "literal", value: false } }],
    ["sql default", integer().default(sql`1 + 1`), { default: { kind: "expression", sql: "1 + 1" } }],
    [".defaultNow()", timestamp().defaultNow(), { default: { kind: "expression", sql: "now()" } }],
    [".defaultRandom()", uuid().defaultRandom(), { default: { kind: "expression", sql: "gen_random_uuid()" } }],
    ["json object default", json().default({ b: 1, a: [1, 2] }), { default: { kind: "literal", value: `{"b":1,"a":[1,2]}` } }],
    [
      "jsonb object default, as jsonb prints it",
      jsonb().default({ bb: { y: 1, x: null }, a: [1, "two"], c: true }),
      { default: { kind: "literal", value: `{"a": [1, "two"], "c": true, "bb": {"x": null, "y": 1}}` } },
    ],
    ["array default", integer().array().default([1, 2]), { default: { kind: "literal", value: "{1,2}" } }],
    [
      "text array default, quoted as PostgreSQL prints it",
      text().array().default(["ok", "two words", "", "NULL", 'a"b']),
      { default: { kind: "literal", value: '{ok,"two words","","NULL","a\\"b"}' } },
    ],
    ["boolean array default", boolean().array().default([true, false]), { default: { kind: "literal", value: "{t,f}" } }],
    [
      "date default from a Date",
      date({ mode: "date" }).default(new Date("2024-01-02T00:00:00Z")),
      { default: { kind: "literal", value: "2024-01-02" } },
    ],
    [
      "timestamp default from a Date, as the server prints it",
      timestamp().default(new Date("2024-01-02T03:04:05.120Z")),
      { default: { kind: "literal", value: "2024-01-02 03:04:05.12" } },
    ],
    [
      "timestamp(3) default from a whole-second Date",
      timestamp({ precision: 3 }).default(new Date("2024-01-02T03:04:10.000Z")),
      { default: { kind: "literal", value: "2024-01-02 03:04:10" } },
    ],
    ["enum default", mood().default("ok"), { default: { kind: "literal", value: "ok" } }],
    ["$defaultFn is not a server default", text().$defaultFn(() => "x"), { default: undefined }],
    ["identity always", integer().generatedAlwaysAsIdentity(), { nullable: false, identity: { always: true } }],
    [
      "identity by default with start and increment",
      bigint({ mode: "number" }).generatedByDefaultAsIdentity({ startWith: 10, increment: 5 }),
      { nullable: false, identity: { always: false, start: 10, increment: 5 } },
    ],
    ["serial is not null", serial(), { nullable: false }],
  ];
  it.each(cases)("%s", (_name, builder, expected) => {
    const column = columnOf(builder);
    for (const [key, value] of Object.entries(expected)) expect(column[key as keyof Column]).toEqual(value);
  });
});

const authors = pgTable("authors", { id: integer().primaryKey(), name: text().notNull().unique() });

describe("Drizzle constraints and indexes, named as drizzle-kit names them", () => {
  it("a column's .primaryKey() is the server's <table>_pkey; .unique() is <table>_<column>_unique", () => {
    const table = tableOf(authors);
    expect(table.primaryKey).toEqual({ kind: "primaryKey", name: "authors_pkey", columns: ["id"] });
    expect(table.uniqueConstraints).toEqual([{ kind: "unique", name: "authors_name_unique", columns: ["name"] }]);
    expect(table.columns[0]?.nullable).toBe(false);
  });

  it("composite keys, unique constraints, foreign keys, checks and indexes", () => {
    const books = pgTable(
      "books",
      {
        author_id: integer()
          .notNull()
          .references(() => authors.id, { onDelete: "cascade", onUpdate: "restrict" }),
        edition: integer(),
        isbn: varchar({ length: 13 }),
        title: text(),
        price: numeric({ precision: 10, scale: 2 }),
      },
      (t) => [
        primaryKey({ columns: [t.author_id, t.edition] }),
        unique().on(t.isbn, t.edition),
        unique("books_title_uq").on(t.title),
        foreignKey({ name: "books_author_fk", columns: [t.edition], foreignColumns: [authors.id] }).onDelete("set null"),
        check("books_price_positive", sql`${t.price} > 0`),
        index().on(t.title),
        index("ix_books_title_desc").on(t.title.desc(), t.isbn.asc().nullsFirst()),
        uniqueIndex("ux_books_isbn").on(t.isbn).where(sql`${t.isbn} is not null`),
        index("ix_books_lower_title").using("btree", sql`lower(${t.title})`),
        index("ix_books_title_trgm").using("gin", t.title.op("text_pattern_ops")),
      ],
    );
    const table = tableOf(books);
    expect(table.primaryKey).toEqual({ kind: "primaryKey", name: "books_author_id_edition_pk", columns: ["author_id", "edition"] });
    expect(table.columns.find((c) => c.name === "edition")?.nullable).toBe(false);
    expect(table.uniqueConstraints).toEqual([
      { kind: "unique", name: "books_isbn_edition_unique", columns: ["isbn", "edition"] },
      { kind: "unique", name: "books_title_uq", columns: ["title"] },
    ]);
    expect(table.foreignKeys).toEqual([
      {
        kind: "foreignKey",
        name: "books_author_id_authors_id_fk",
        columns: ["author_id"],
        referredTable: "authors",
        referredColumns: ["id"],
        onDelete: "cascade",
        onUpdate: "restrict",
      },
      {
        kind: "foreignKey",
        name: "books_author_fk",
        columns: ["edition"],
        referredTable: "authors",
        referredColumns: ["id"],
        onDelete: "set null",
      },
    ]);
    expect(table.checkConstraints).toEqual([{ kind: "check", name: "books_price_positive", expression: `"price" > 0` }]);
    expect(table.indexes).toEqual([
      { name: "books_title_index", elements: [{ kind: "column", name: "title" }], unique: false },
      {
        name: "ix_books_title_desc",
        elements: [
          { kind: "column", name: "title", order: "desc", nulls: "last" },
          { kind: "column", name: "isbn", nulls: "first" },
        ],
        unique: false,
      },
      { name: "ux_books_isbn", elements: [{ kind: "column", name: "isbn" }], unique: true, where: `"isbn" is not null` },
      { name: "ix_books_lower_title", elements: [{ kind: "expression", sql: `lower("title")` }], unique: false },
      {
        name: "ix_books_title_trgm",
        elements: [{ kind: "column", name: "title", opclass: "text_pattern_ops" }],
        unique: false,
        method: "gin",
      },
    ]);
  });

  it("a table in a pgSchema, referring to another schema's table", () => {
    const items = inventory.table("items", { id: serial().primaryKey(), author_id: integer().references(() => authors.id) });
    const table = tableOf(items);
    expect(table.schema).toBe("inventory");
    expect(table.foreignKeys[0]).toMatchObject({ name: "items_author_id_authors_id_fk", referredTable: "authors" });
    expect(table.foreignKeys[0]?.referredSchema).toBeUndefined();
    const back = pgTable("notes", { item_id: integer().references(() => items.id) });
    expect(tableOf(back).foreignKeys[0]).toMatchObject({ referredTable: "items", referredSchema: "inventory" });
  });

  it("a name longer than 63 bytes is cut as PostgreSQL cuts it", () => {
    const long = "a_table_whose_name_is_quite_long_indeed";
    const parent = pgTable("parent_with_a_long_enough_name", { identifier_column: integer().primaryKey() });
    const child = pgTable(long, { parent_identifier_column: integer().references(() => parent.identifier_column) });
    const name = tableOf(child).foreignKeys[0]?.name ?? "";
    expect(name).toBe(`${long}_parent_identifier_column_parent_with_a_long_enough_name_identifier_column_fk`.slice(0, 63));
  });
});

describe("generated columns and NULLS NOT DISTINCT", () => {
  it("a stored generated column keeps its expression (as sql or a function returning it) and no default", () => {
    const table = tableOf(
      pgTable("t", {
        a: integer(),
        b: integer().generatedAlwaysAs(sql`a * 2`),
        c: integer().generatedAlwaysAs(() => sql`a + 1`),
      }),
    );
    expect(table.columns.map((column) => [column.name, column.generatedAs, column.default])).toEqual([
      ["a", undefined, undefined],
      ["b", "a * 2", undefined],
      ["c", "a + 1", undefined],
    ]);
  });

  it("a unique constraint or column with nulls: 'not distinct' is NULLS NOT DISTINCT", () => {
    const table = tableOf(
      pgTable("t", { a: integer().unique("u", { nulls: "not distinct" }), b: integer(), c: integer() }, (t) => [
        unique("uq_bc").on(t.b, t.c).nullsNotDistinct(),
        unique("uq_c").on(t.c),
      ]),
    );
    expect(table.uniqueConstraints).toEqual([
      { kind: "unique", name: "u", columns: ["a"], nullsNotDistinct: true },
      { kind: "unique", name: "uq_bc", columns: ["b", "c"], nullsNotDistinct: true },
      { kind: "unique", name: "uq_c", columns: ["c"] },
    ]);
  });
});

describe("names", () => {
  it("a column's SQL name, not its property key; a pgTableCreator's prefixed table name", () => {
    const appTable = pgTableCreator((name) => `app_${name}`);
    const table = tableOf(appTable("people", { firstName: text("first_name").unique() }, (t) => [index().on(t.firstName)]));
    expect(table.name).toBe("app_people");
    expect(table.columns.map((c) => c.name)).toEqual(["first_name"]);
    expect(table.uniqueConstraints[0]?.name).toBe("app_people_first_name_unique");
    expect(table.indexes[0]?.name).toBe("app_people_first_name_index");
  });
});

describe("the models module", () => {
  it("reads tables and enums by export, leaves relations and other values alone", () => {
    const authorRelations = relations(authors, () => ({}));
    const exports = { authors, mood, inventory, status, authorRelations, answer: 42 };
    expect(hasDrizzleModels(exports)).toBe(true);
    expect(hasDrizzleModels({ answer: 42 })).toBe(false);
    expect(drizzleExportKind(authorRelations)).toBe("other");
    const read = drizzleModels(exports, core);
    expect(Object.keys(read.tables)).toEqual(["authors"]);
    expect(read.enums).toEqual({
      mood: { kind: "enumType", name: "mood", values: ["sad", "ok", "happy"] },
      status: { kind: "enumType", name: "status", schema: "inventory", values: ["new", "done"] },
    });
    expect(read.read).toEqual(["authors", "mood", "inventory", "status"]);
  });
});

describe("constructs Retort cannot express fail with the table, the column and the construct", () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      "a generated column given a value",
      { t: pgTable("t", { a: integer(), b: integer().generatedAlwaysAs(2) }) },
      /column "t\.b".*generated column whose expression is a value/,
    ],
    [
      "an identity cache",
      { t: pgTable("t", { a: integer().generatedAlwaysAsIdentity({ cache: 10 }) }) },
      /column "t\.a".*sequence option cache/,
    ],
    ["interval fields", { t: pgTable("t", { a: interval({ fields: "day" }) }) }, /column "t\.a".*interval type "interval day"/],
    [
      "an unnamed expression index",
      { t: pgTable("t", { a: text() }, (t) => [index().on(sql`lower(${t.a})`)]) },
      /table "t".*expression index without a name/,
    ],
    [
      "index storage parameters",
      { t: pgTable("t", { a: text() }, (t) => [index("ix").on(t.a).with({ fillfactor: 70 })]) },
      /table "t".*storage parameters of index "ix"/,
    ],
    [
      "a bound value",
      { t: pgTable("t", { a: integer() }, (t) => [check("c", sql`${t.a} > ${5}`)]) },
      /table "t".*bound value in check "c"/,
    ],
    ["row-level security", { t: pgTable("t", { a: integer() }).enableRLS() }, /table "t".*row-level security/],
    ["a policy", { t: pgTable("t", { a: integer() }, () => [pgPolicy("p")]) }, /table "t".*policy/],
    ["a view", { v: pgView("v", { a: integer() }).as(sql`select 1 as a`) }, /export "v".*a view/],
    ["a materialized view", { v: pgMaterializedView("v", { a: integer() }).as(sql`select 1 as a`) }, /export "v".*materialized view/],
    ["a sequence", { s: pgSequence("s") }, /export "s".*a sequence/],
  ];
  it.each(cases)("%s", (_name, exports, message) => {
    let error: unknown;
    try {
      drizzleModels(exports, core);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RetortError);
    expect((error as RetortError).code).toBe("unsupported_model");
    expect((error as RetortError).message).toMatch(message);
    expect((error as RetortError).message).toMatch(/not supported by Retort yet/);
    expect((error as RetortError).hint).toBeTruthy();
  });
});

describe("casing", () => {
  const users = pgTable("users", { userId: integer().primaryKey(), displayName: text("DisplayName") });
  const posts = pgTable(
    "posts",
    {
      postId: integer().generatedAlwaysAsIdentity(),
      authorId: integer().references(() => users.userId),
      firstLine: text().unique(),
      createdAt: timestamp().defaultNow(),
    },
    (t) => [
      primaryKey({ columns: [t.postId, t.authorId] }),
      unique().on(t.firstLine, t.createdAt),
      index().on(t.createdAt.desc()),
      check("posts_first_line", sql`${t.firstLine} <> ''`),
    ],
  );
  const read = (casing?: Parameters<typeof drizzleModels>[2]) => drizzleModels({ users, posts }, core, casing);

  it("snake_case names the columns declared by their key alone, and what drizzle-kit names after them", () => {
    const table = read({ name: "snake_case", convert: toSnakeCase }).tables["posts"] as Table;
    expect(table.columns.map((c) => c.name)).toEqual(["post_id", "author_id", "first_line", "created_at"]);
    expect(table.primaryKey).toEqual({ kind: "primaryKey", name: "posts_post_id_author_id_pk", columns: ["post_id", "author_id"] });
    expect(table.foreignKeys[0]).toMatchObject({
      name: "posts_author_id_users_user_id_fk",
      columns: ["author_id"],
      referredColumns: ["user_id"],
    });
    // Drizzle names a unique constraint when it is declared, by the keys: drizzle-kit keeps that name.
    expect(table.uniqueConstraints.map((u) => [u.name, u.columns])).toEqual([
      ["posts_firstLine_unique", ["first_line"]],
      ["posts_firstLine_createdAt_unique", ["first_line", "created_at"]],
    ]);
    expect(table.indexes[0]).toMatchObject({ name: "posts_created_at_index", elements: [{ kind: "column", name: "created_at" }] });
    expect(table.checkConstraints[0]?.expression).toBe(`"first_line" <> ''`);
    expect((read({ name: "snake_case", convert: toSnakeCase }).tables["users"] as Table).columns.map((c) => c.name)).toEqual([
      "user_id",
      "DisplayName",
    ]);
  });

  it("camelCase keeps camelCase keys and converts others; without a casing the key is the name", () => {
    const snake = pgTable("t", { some_value: integer() });
    expect((drizzleModels({ snake }, core, { name: "camelCase", convert: toCamelCase }).tables["snake"] as Table).columns[0]?.name).toBe(
      "someValue",
    );
    expect((read().tables["posts"] as Table).columns.map((c) => c.name)).toEqual(["postId", "authorId", "firstLine", "createdAt"]);
  });
});
