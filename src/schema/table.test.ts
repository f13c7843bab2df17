import { describe, expect, test } from "vitest";
import { SchemaError } from "../errors.js";
import type { ColumnRef } from "./column.js";
import {
  check,
  customType,
  exclude,
  date,
  enumColumn,
  enumType,
  foreignKey,
  index,
  integer,
  isTableDefinition,
  numeric,
  sql,
  table,
  tableModel,
  text,
  time,
  unique,
  varchar,
  withNamingConvention,
} from "./index.js";

function schemaError(body: () => unknown): SchemaError {
  try {
    body();
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error("expected a SchemaError");
}

describe("table()", () => {
  const directors = table("directors", { id: integer().primaryKey(), name: text().notNull() });
  const movies = table(
    "movies",
    {
      id: integer().primaryKey(),
      title: varchar(200).notNull(),
      release_date: date(),
      director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
      // A self-reference needs the return type spelled out, or TypeScript reports a circular type.
      parent_id: integer().references((): ColumnRef => movies.id),
    },
    { indexes: [index("ix_movies_title", ["title"])] },
  );

  test("exposes column references and the neutral model", () => {
    expect(movies.director_id).toEqual({ kind: "columnRef", table: "movies", column: "director_id" });
    expect(isTableDefinition(movies)).toBe(true);
    expect(isTableDefinition({})).toBe(false);
    expect(tableModel(movies)).toStrictEqual({
      name: "movies",
      columns: [
        { name: "id", type: { kind: "integer" }, nullable: false },
        { name: "title", type: { kind: "varchar", length: 200 }, nullable: false },
        { name: "release_date", type: { kind: "date" }, nullable: true },
        { name: "director_id", type: { kind: "integer" }, nullable: true },
        { name: "parent_id", type: { kind: "integer" }, nullable: true },
      ],
      primaryKey: { kind: "primaryKey", name: "movies_pkey", columns: ["id"] },
      uniqueConstraints: [],
      foreignKeys: [
        {
          kind: "foreignKey",
          name: "movies_director_id_fkey",
          columns: ["director_id"],
          referredTable: "directors",
          referredColumns: ["id"],
          onDelete: "cascade",
        },
        { kind: "foreignKey", name: "movies_parent_id_fkey", columns: ["parent_id"], referredTable: "movies", referredColumns: ["id"] },
      ],
      checkConstraints: [],
      indexes: [{ name: "ix_movies_title", elements: [{ kind: "column", name: "title" }], unique: false }],
    });
  });

  test("the model is deeply frozen and cached", () => {
    const model = tableModel(movies);
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.columns[0])).toBe(true);
    expect(Object.isFrozen(model.foreignKeys[0]?.columns)).toBe(true);
    expect(tableModel(movies)).toBe(model);
    expect(Object.isFrozen(movies)).toBe(true);
  });

  test("builders are immutable", () => {
    const base = integer();
    const pk = base.primaryKey();
    expect(pk).not.toBe(base);
    expect(base.spec.primaryKey).toBeUndefined();
    expect(Object.isFrozen(pk)).toBe(true);
    expect(Object.isFrozen(pk.spec)).toBe(true);
  });

  test("composite keys, uniques, checks and foreign keys with a naming convention", () => {
    const cities = table(
      "cities",
      { country: text(), name: text() },
      { schema: "geo", primaryKey: { name: "pk_cities", columns: ["country", "name"] } },
    );
    const people = table(
      "people",
      {
        id: integer().primaryKey(),
        email: text().unique(),
        country: text(),
        city: text(),
        age: integer(),
        genre: enumColumn(enumType("genre", ["drama"])),
      },
      {
        namingConvention: { pk: "pk_{table}", uq: "uq_{table}_{column_0}", fk: "fk_{table}_{columns}_{referred_table}", ck: "ck_{table}" },
        uniques: [unique(["country", "city"], { name: "uq_place" })],
        checks: [check(sql`age >= 0`)],
        foreignKeys: [
          foreignKey({ columns: ["country", "city"], references: () => [cities.country, cities.name], deferrable: "deferred" }),
        ],
      },
    );
    const model = tableModel(people);
    expect(model.primaryKey?.name).toBe("pk_people");
    expect(model.uniqueConstraints.map((c) => c.name)).toEqual(["uq_people_email", "uq_place"]);
    expect(model.checkConstraints).toEqual([{ kind: "check", name: "ck_people", expression: "age >= 0" }]);
    expect(model.foreignKeys).toEqual([
      {
        kind: "foreignKey",
        name: "fk_people_country_city_cities",
        columns: ["country", "city"],
        referredTable: "cities",
        referredSchema: "geo",
        referredColumns: ["country", "name"],
        deferrable: "deferred",
      },
    ]);
    expect(tableModel(cities).columns.every((c) => !c.nullable)).toBe(true);
  });
});

test("withNamingConvention binds a convention for every table", () => {
  const conventional = withNamingConvention({ pk: "pk_{table}", uq: "uq_{table}_{columns}" });
  const tags = conventional("tags", { id: integer().primaryKey(), label: text().unique() }, { namingConvention: { uq: "u_{column_0}" } });
  const model = tableModel(tags);
  expect(model.primaryKey?.name).toBe("pk_tags");
  expect(model.uniqueConstraints[0]?.name).toBe("u_label");
});

describe("declaration errors name the table and column", () => {
  const cases: [string, () => unknown, RegExp, Record<string, unknown>][] = [
    [
      "two primary keys on columns",
      () => table("movies", { id: integer().primaryKey(), code: text().primaryKey() }),
      /^Table "movies": declares two primary keys \("id" and "code"\)/,
      { table: "movies" },
    ],
    [
      "a column key and a table key",
      () => table("movies", { id: integer().primaryKey(), code: text() }, { primaryKey: ["code"] }),
      /^Table "movies": declares two primary keys \("id" and the primaryKey option\)/,
      { table: "movies" },
    ],
    [
      "a primary key on a missing column",
      () => table("movies", { id: integer() }, { primaryKey: ["idd"] }),
      /^Column "movies.idd": Primary key "movies_pkey" names a column the table does not have/,
      { table: "movies", column: "idd" },
    ],
    [
      "a unique constraint on a missing column",
      () => table("movies", { id: integer() }, { uniques: [unique(["title"])] }),
      /^Column "movies.title": Unique constraint "movies_title_key" names a column/,
      { column: "title" },
    ],
    [
      "a foreign key from a missing column",
      () =>
        table(
          "movies",
          { id: integer() },
          { foreignKeys: [foreignKey({ columns: ["dir"], references: { table: "d", columns: ["id"] } })] },
        ),
      /^Column "movies.dir": Foreign key "movies_dir_fkey" names a column/,
      { column: "dir" },
    ],
    [
      "a self reference to a missing column",
      () => table("movies", { id: integer(), parent: integer().references("movies.idd") }),
      /^Column "movies.idd": Foreign key "movies_parent_fkey" \(to its own table\) names a column/,
      { column: "idd" },
    ],
    [
      "a foreign key with mismatched columns",
      () =>
        table("m", { a: integer() }, { foreignKeys: [foreignKey({ columns: ["a"], references: { table: "d", columns: ["x", "y"] } })] }),
      /^Column "m.a": the foreign key has 1 column\(s\) but refers to 2/,
      { column: "a" },
    ],
    [
      "an index on a missing column",
      () => table("movies", { id: integer() }, { indexes: [index("ix", ["title"])] }),
      /^Column "movies.title": index "ix" names a column/,
      { column: "title" },
    ],
    [
      "duplicate names",
      () => table("movies", { id: integer().primaryKey() }, { indexes: [index("movies_pkey", ["id"])] }),
      /^Table "movies": two constraints or indexes are named "movies_pkey"/,
      { table: "movies" },
    ],
    [
      "a bad varchar length",
      () => table("movies", { title: varchar(0) }),
      /^Column "movies.title": varchar\(0\): the length/,
      { column: "title" },
    ],
    [
      "a bad numeric scale",
      () => table("m", { price: numeric(undefined, 2) }),
      /^Column "m.price": numeric scale 2 needs a precision/,
      { column: "price" },
    ],
    ["a bad time precision", () => table("m", { t: time({ precision: 7 }) }), /^Column "m.t": time precision 7/, { column: "t" }],
    [
      "identity on text",
      () => table("m", { id: text().generatedAlwaysAsIdentity() }),
      /^Column "m.id": an identity column must be smallint, integer or bigint/,
      { column: "id" },
    ],
    [
      "identity with a default",
      () => table("m", { id: integer().generatedAlwaysAsIdentity().default(1) }),
      /cannot also have a default/,
      { column: "id" },
    ],
    [
      "a default that is not a literal",
      () => table("m", { j: text().default({} as never) }),
      /^Column "m.j": a default must be/,
      { column: "j" },
    ],
    [
      "an unreadable reference",
      () => table("m", { d: integer().references("directors") }),
      /^Column "m.d": cannot read the reference "directors"/,
      { column: "d" },
    ],
    [
      "a bad referential action",
      () => table("m", { d: integer().references("d.id", { onDelete: "explode" as never }) }),
      /unknown referential action "explode"/,
      { column: "d" },
    ],
    [
      "a column that is not a builder",
      () => table("m", { d: "integer" as never }),
      /^Column "m.d": is not a column builder/,
      { column: "d" },
    ],
    ["an empty table name", () => table("", { id: integer() }), /a table name cannot be empty/, {}],
    [
      "a generated column with a default",
      () => table("items", { total: integer().default(0).generatedAlwaysAs(sql`a * b`) }),
      /^Column "items.total": a generated column cannot also have a default/,
      { table: "items", column: "total" },
    ],
    [
      "a generated column given text instead of sql`…`",
      () => table("items", { total: integer().generatedAlwaysAs("a * b" as never) }),
      /^Column "items.total": generatedAlwaysAs\(\) needs an SQL expression/,
      { column: "total" },
    ],
    [
      "an empty collation",
      () => table("items", { code: text().collate("") }),
      /^Column "items.code": collate\(\) needs a collation name/,
      { column: "code" },
    ],
    [
      "a convention token that cannot be filled",
      () => table("m", { a: integer().primaryKey() }, { namingConvention: { pk: "pk_{referred_table}" } }),
      /Naming convention "pk_\{referred_table\}" for pk uses \{referred_table\}/,
      {},
    ],
  ];
  test.each(cases)("%s", (_name, body, message, details) => {
    const error = schemaError(body);
    expect(error.message).toMatch(message);
    expect(error.code).toBe("invalid_schema");
    expect(error.details).toMatchObject(details);
  });

  test("a lazy reference to a missing column fails when the model is read", () => {
    const directors = table("directors", { id: integer().primaryKey() });
    const movies = table("movies", {
      director_id: integer().references(() => (directors as unknown as Record<string, never>)["idd"]!),
    });
    expect(() => tableModel(movies)).toThrowError(/^Column "movies.director_id": the referenced column does not exist/);
  });

  test("index, enum and sql builders refuse bad input", () => {
    expect(() => index("ix", [])).toThrowError(/Index "ix" has no columns/);
    expect(() => index("ix", ["a"], { method: "gin; DROP TABLE x" })).toThrowError(/is not an index method/);
    expect(() => index("ix", [{ column: "a", opclass: "x y" }])).toThrowError(/is not an operator class/);
    expect(() => index("ix", ["a"], { nullsNotDistinct: true })).toThrowError(/nullsNotDistinct applies to a unique index only/);
    expect(() => enumType("genre", ["a", "a"])).toThrowError(/Enum "genre" lists the value "a" twice/);
    expect(() => sql`a = ${"b" as never}`).toThrowError(/only interpolate other sql/);
    expect(sql`lower(${sql`title`})`).toEqual({ kind: "sql", sql: "lower(title)" });
  });
});

describe("exclusion constraints", () => {
  const during = { column: "during", operator: "&&" } as const;

  test("exclude() in table options: named, or under PostgreSQL's own name, with its options", () => {
    const bookings = table(
      "bookings",
      { room: integer(), during: customType("tsrange"), cancelled: integer() },
      {
        excludes: [
          exclude({ using: "GiST", elements: [{ column: "room", operator: " = " }, during], where: sql`cancelled = 0`, deferrable: true }),
          exclude("ex_bookings_lower", {
            elements: [{ expression: sql`lower(during)`, operator: "=", opclass: "timestamp_ops", order: "desc" }],
          }),
        ],
      },
    );
    expect(tableModel(bookings).exclusionConstraints).toEqual([
      {
        kind: "exclude",
        name: "bookings_room_during_excl",
        method: "gist",
        elements: [
          { kind: "column", name: "room", operator: "=" },
          { kind: "column", name: "during", operator: "&&" },
        ],
        where: "cancelled = 0",
        deferrable: "immediate",
      },
      {
        kind: "exclude",
        name: "ex_bookings_lower",
        method: "btree",
        elements: [{ kind: "expression", sql: "lower(during)", operator: "=", opclass: "timestamp_ops", order: "desc" }],
      },
    ]);
    expect(tableModel(table("plain", { id: integer() })).exclusionConstraints).toBeUndefined();
  });

  test("refuses what PostgreSQL would, naming the constraint", () => {
    const bookings = (spec: Parameters<typeof exclude>[0], options?: Parameters<typeof exclude>[1]) => () =>
      table("bookings", { during: customType("tsrange") }, { excludes: [exclude(spec, options)] });
    expect(bookings({ using: "gist", elements: [] })).toThrowError(/exclude\(\) has no elements/);
    expect(bookings({ using: "gist", elements: [{ column: "during", operator: "" }] })).toThrowError(/"" is not an operator/);
    expect(bookings({ using: "gist; drop", elements: [during] })).toThrowError(/is not an index method/);
    expect(bookings({ using: "gist", elements: [{ column: "nope", operator: "&&" }] })).toThrowError(
      /exclusion constraint "bookings_nope_excl" names a column the table does not have/,
    );
    expect(bookings({ using: "gist", elements: [{ expression: sql`during`, operator: "&&" }] })).toThrowError(
      /an exclusion constraint over an expression needs a name/,
    );
    expect(bookings({ using: "gist", elements: [{ column: "during", expression: sql`during`, operator: "&&" }] })).toThrowError(
      /exactly one of column or expression/,
    );
    expect(bookings({ using: "gist", elements: [during], include: ["x"] } as never)).toThrowError(SchemaError);
    expect(() =>
      table(
        "bookings",
        { during: customType("tsrange") },
        { excludes: [exclude("dup", { using: "gist", elements: [during] })], indexes: [index("dup", ["during"])] },
      ),
    ).toThrowError(/two constraints or indexes are named "dup"/);
  });
});
