import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AS_BUILT, diff, snapshotOf } from "../../../test/autogenerate/helpers.js";
import { planMigration } from "../produce.js";
import {
  bigint,
  check,
  customType,
  date,
  enumColumn,
  enumType,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  serial,
  sql,
  table,
  text,
  timestamptz,
  unique,
  uuid,
  varchar,
} from "../../schema/index.js";
import type { ColumnBuilder } from "../../schema/column.js";
import type { ColumnType, Table } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { compareSnapshots, withoutDefaultSchema } from "./index.js";

const directors = table("directors", { id: integer().primaryKey(), name: text().notNull() });
const movies = table("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });

function moviesWith(columns: Record<string, ColumnBuilder>, options: Parameters<typeof table>[2] = {}) {
  return table("movies", { id: integer().primaryKey(), title: varchar(200).notNull(), ...columns }, options);
}

describe("tables", () => {
  it("finds nothing between equal models", () => {
    expect(diff({ movies, directors }, { movies, directors })).toEqual([]);
  });

  it("creates an added table with its whole definition", () => {
    const ops = diff({ directors }, { directors, movies });
    expect(ops).toEqual([{ kind: "createTable", table: snapshotOf({ movies }).tables[0] }]);
  });

  it("drops a removed table and records it for the downgrade", () => {
    const ops = diff({ directors, movies }, { directors });
    expect(ops).toEqual([{ kind: "dropTable", name: "movies", existing: snapshotOf({ movies }).tables[0] }]);
  });

  it("matches a catalog's public schema with a model's absent schema", () => {
    const model = snapshotOf({ movies, directors });
    const catalog: SchemaSnapshot = {
      ...model,
      tables: model.tables.map((t) => ({
        ...t,
        schema: "public",
        foreignKeys: t.foreignKeys.map((fk) => ({ ...fk, referredSchema: "public" })),
      })),
    };
    expect(compareSnapshots(catalog, model, AS_BUILT).operations).toEqual([]);
  });

  it("creates tables in other schemas, and the schema first", () => {
    const items = table("items", { id: integer().primaryKey() }, { schema: "inventory" });
    const ops = diff({ movies }, { movies, items });
    expect(ops.map((op) => op.kind)).toEqual(["createSchema", "createTable"]);
    expect(ops[0]).toEqual({ kind: "createSchema", name: "inventory" });
  });

  it("sets, changes and removes a table comment", () => {
    const commented = (comment?: string) => table("movies", { id: integer().primaryKey() }, comment === undefined ? {} : { comment });
    expect(diff({ movies: commented() }, { movies: commented("Films") })).toEqual([
      { kind: "createTableComment", table: "movies", comment: "Films", existing: null },
    ]);
    expect(diff({ movies: commented("Films") }, { movies: commented("Movies") })).toEqual([
      { kind: "createTableComment", table: "movies", comment: "Movies", existing: "Films" },
    ]);
    expect(diff({ movies: commented("Films") }, { movies: commented() })).toEqual([
      { kind: "dropTableComment", table: "movies", existing: "Films" },
    ]);
  });
});

describe("columns", () => {
  it("adds a column", () => {
    expect(diff({ movies }, { movies: moviesWith({ release_date: date() }) })).toEqual([
      { kind: "addColumn", table: "movies", column: { name: "release_date", type: { kind: "date" }, nullable: true }, constraints: [] },
    ]);
  });

  it("adds a column with its unique constraint and foreign key", () => {
    const next = moviesWith({ code: varchar(10).unique(), director_id: integer().references(() => directors.id) });
    const ops = diff({ movies, directors }, { movies: next, directors });
    expect(ops).toEqual([
      {
        kind: "addColumn",
        table: "movies",
        column: { name: "code", type: { kind: "varchar", length: 10 }, nullable: true },
        constraints: [{ kind: "unique", name: "movies_code_key", columns: ["code"] }],
      },
      {
        kind: "addColumn",
        table: "movies",
        column: { name: "director_id", type: { kind: "integer" }, nullable: true },
        constraints: [
          {
            kind: "foreignKey",
            name: "movies_director_id_fkey",
            columns: ["director_id"],
            referredTable: "directors",
            referredColumns: ["id"],
          },
        ],
      },
    ]);
  });

  it("drops a column with its definition recorded", () => {
    expect(diff({ movies: moviesWith({ release_date: date().notNull() }) }, { movies })).toEqual([
      {
        kind: "dropColumn",
        table: "movies",
        name: "release_date",
        existing: { column: { name: "release_date", type: { kind: "date" }, nullable: false }, constraints: [] },
      },
    ]);
  });

  it("changes a type and suggests a USING cast where PostgreSQL needs one", () => {
    const ops = diff({ movies: moviesWith({ year: varchar(4) }) }, { movies: moviesWith({ year: integer() }) });
    expect(ops).toEqual([
      {
        kind: "alterColumn",
        table: "movies",
        column: "year",
        type: { from: { kind: "varchar", length: 4 }, to: { kind: "integer" }, using: '"year"::integer' },
      },
    ]);
  });

  it("changes a type without USING where PostgreSQL casts by itself", () => {
    const ops = diff({ movies }, { movies: table("movies", { id: bigint().primaryKey(), title: text().notNull() }) });
    expect(ops).toEqual(
      [
        {
          kind: "alterColumn",
          table: "movies",
          column: "id",
          type: { from: { kind: "integer" }, to: { kind: "bigint" }, reverseUsing: undefined },
        },
        { kind: "alterColumn", table: "movies", column: "title", type: { from: { kind: "varchar", length: 200 }, to: { kind: "text" } } },
      ].map((op) => JSON.parse(JSON.stringify(op))),
    );
  });

  it("casts between enum types through text", () => {
    const a = enumType("a", ["x"]);
    const b = enumType("b", ["x"]);
    const ops = diff({ a, b, movies: moviesWith({ kind: enumColumn(a) }) }, { a, b, movies: moviesWith({ kind: enumColumn(b) }) });
    expect(ops).toMatchObject([{ kind: "alterColumn", type: { using: '"kind"::text::"b"', reverseUsing: '"kind"::text::"a"' } }]);
  });

  it("changes nullability", () => {
    expect(diff({ movies }, { movies: table("movies", { id: integer().primaryKey(), title: varchar(200) }) })).toEqual([
      { kind: "alterColumn", table: "movies", column: "title", nullable: { from: false, to: true } },
    ]);
  });

  it("sets, changes and drops server defaults", () => {
    const at = (value?: ReturnType<typeof sql> | string) => moviesWith({ status: value === undefined ? text() : text().default(value) });
    expect(diff({ movies: at() }, { movies: at("draft") })).toEqual([
      { kind: "alterColumn", table: "movies", column: "status", default: { from: null, to: { kind: "literal", value: "draft" } } },
    ]);
    expect(diff({ movies: at("draft") }, { movies: at(sql`'x' || 'y'`) })).toEqual([
      {
        kind: "alterColumn",
        table: "movies",
        column: "status",
        default: { from: { kind: "literal", value: "draft" }, to: { kind: "expression", sql: "'x' || 'y'" } },
      },
    ]);
    expect(diff({ movies: at("draft") }, { movies: at() })).toEqual([
      { kind: "alterColumn", table: "movies", column: "status", default: { from: { kind: "literal", value: "draft" }, to: null } },
    ]);
  });

  it("ignores whitespace and outer parentheses in default expressions", () => {
    const at = (expression: ReturnType<typeof sql>) => moviesWith({ created_at: timestamptz().default(expression) });
    expect(diff({ movies: at(sql`(now())`) }, { movies: at(sql`now( )`) })).toEqual([]);
  });

  it("treats serial and an integer with a sequence default as the same column", () => {
    const model = snapshotOf({ t: table("t", { id: serial().primaryKey() }) });
    const catalog = snapshotOf({ t: table("t", { id: integer().primaryKey().default(sql`nextval('t_id_seq'::regclass)`) }) });
    expect(compareSnapshots(catalog, model, AS_BUILT).operations).toEqual([]);
  });

  it("leaves types and defaults alone when their comparison is off", () => {
    const from = snapshotOf({ movies: moviesWith({ year: varchar(4).default("1999") }) });
    const to = snapshotOf({ movies: moviesWith({ year: integer() }) });
    expect(compareSnapshots(from, to, { ...AS_BUILT, compareTypes: false, compareDefaults: false }).operations).toEqual([]);
  });

  it("sets and removes a column comment", () => {
    expect(
      diff({ movies }, { movies: table("movies", { id: integer().primaryKey(), title: varchar(200).notNull().comment("The title") }) }),
    ).toEqual([{ kind: "alterColumn", table: "movies", column: "title", comment: { from: null, to: "The title" } }]);
  });

  it("alters an identity, reversibly", () => {
    const plan = planMigration(
      snapshotOf({ t: table("t", { id: integer().primaryKey() }) }),
      snapshotOf({ t: table("t", { id: integer().primaryKey().generatedAlwaysAsIdentity() }) }),
      [],
      AS_BUILT,
    );
    expect(plan.upgrade).toEqual([{ kind: "alterColumn", table: "t", column: "id", identity: { from: null, to: { always: true } } }]);
    expect(plan.downgrade).toEqual([
      { kind: "operation", operation: { kind: "alterColumn", table: "t", column: "id", identity: { from: { always: true }, to: null } } },
    ]);
    expect(plan.manual).toEqual([]);
  });
});

describe("constraints and indexes", () => {
  it("changes the primary key by dropping and creating it", () => {
    const before = table("pairs", { a: integer().primaryKey(), b: integer().notNull() });
    const after = table("pairs", { a: integer().notNull(), b: integer().notNull() }, { primaryKey: ["a", "b"] });
    expect(diff({ pairs: before }, { pairs: after })).toEqual([
      { kind: "dropConstraint", table: "pairs", name: "pairs_pkey", existing: { kind: "primaryKey", name: "pairs_pkey", columns: ["a"] } },
      { kind: "createPrimaryKey", table: "pairs", constraint: { kind: "primaryKey", name: "pairs_pkey", columns: ["a", "b"] } },
    ]);
  });

  it("adds and drops unique constraints", () => {
    const withUnique = moviesWith({}, { uniques: [unique(["title"], { name: "uq_title" })] });
    expect(diff({ movies }, { movies: withUnique })).toEqual([
      { kind: "createUniqueConstraint", table: "movies", constraint: { kind: "unique", name: "uq_title", columns: ["title"] } },
    ]);
    expect(diff({ movies: withUnique }, { movies })).toEqual([
      { kind: "dropConstraint", table: "movies", name: "uq_title", existing: { kind: "unique", name: "uq_title", columns: ["title"] } },
    ]);
  });

  it("adds, changes and drops check constraints", () => {
    const checked = (expression: ReturnType<typeof sql>) =>
      moviesWith({ price: numeric(10, 2) }, { checks: [check("ck_price", expression)] });
    expect(diff({ movies: moviesWith({ price: numeric(10, 2) }) }, { movies: checked(sql`price >= 0`) })).toEqual([
      { kind: "createCheckConstraint", table: "movies", constraint: { kind: "check", name: "ck_price", expression: "price >= 0" } },
    ]);
    expect(diff({ movies: checked(sql`(price >= 0)`) }, { movies: checked(sql`price  >=  0`) })).toEqual([]);
    expect(diff({ movies: checked(sql`price >= 0`) }, { movies: checked(sql`price > 0`) }).map((op) => op.kind)).toEqual([
      "dropConstraint",
      "createCheckConstraint",
    ]);
  });

  it("adds, changes and drops foreign keys", () => {
    const referencing = (onDelete?: "cascade") =>
      moviesWith(
        { director_id: integer() },
        {
          foreignKeys: [
            foreignKey({
              columns: ["director_id"],
              references: { table: "directors", columns: ["id"] },
              name: "fk_director",
              ...(onDelete ? { onDelete } : {}),
            }),
          ],
        },
      );
    const plain = moviesWith({ director_id: integer() });
    expect(diff({ directors, movies: plain }, { directors, movies: referencing() })).toEqual([
      {
        kind: "createForeignKey",
        table: "movies",
        constraint: {
          kind: "foreignKey",
          name: "fk_director",
          columns: ["director_id"],
          referredTable: "directors",
          referredColumns: ["id"],
        },
      },
    ]);
    expect(diff({ directors, movies: referencing() }, { directors, movies: referencing("cascade") }).map((op) => op.kind)).toEqual([
      "dropConstraint",
      "createForeignKey",
    ]);
    expect(diff({ directors, movies: referencing() }, { directors, movies: plain }).map((op) => op.kind)).toEqual(["dropConstraint"]);
  });

  it("adds, changes and drops indexes", () => {
    const indexed = (...indexes: ReturnType<typeof index>[]) => moviesWith({ tags: jsonb() }, { indexes });
    expect(diff({ movies: indexed() }, { movies: indexed(index("ix_title", ["title"])) })).toEqual([
      { kind: "createIndex", table: "movies", index: { name: "ix_title", elements: [{ kind: "column", name: "title" }], unique: false } },
    ]);
    expect(
      diff({ movies: indexed(index("ix_title", ["title"])) }, { movies: indexed(index("ix_title", ["title"], { unique: true })) }).map(
        (op) => op.kind,
      ),
    ).toEqual(["dropIndex", "createIndex"]);
    expect(diff({ movies: indexed(index("ix_tags", ["tags"], { method: "gin" })) }, { movies: indexed() })).toEqual([
      {
        kind: "dropIndex",
        name: "ix_tags",
        table: "movies",
        existing: { name: "ix_tags", elements: [{ kind: "column", name: "tags" }], unique: false, method: "gin" },
      },
    ]);
    expect(
      diff(
        { movies: indexed(index("ix_lower", [sql`lower(title)`], { where: sql`(tags IS NOT NULL)` })) },
        { movies: indexed(index("ix_lower", [sql`lower(title)`], { where: sql`tags IS NOT NULL` })) },
      ),
    ).toEqual([]);
  });
});

describe("enums", () => {
  const genre = enumType("genre", ["drama", "comedy"]);

  it("creates and drops enum types", () => {
    expect(diff({ movies }, { movies, genre })).toEqual([
      { kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["drama", "comedy"] } },
    ]);
    expect(diff({ movies, genre }, { movies })).toEqual([
      { kind: "dropEnum", name: "genre", existing: { kind: "enumType", name: "genre", values: ["drama", "comedy"] } },
    ]);
  });

  it("adds values at the position the model lists them", () => {
    const next = enumType("genre", ["action", "drama", "horror", "comedy", "western", "noir"]);
    expect(diff({ genre }, { genre: next })).toEqual([
      { kind: "addEnumValue", enumName: "genre", value: "action", before: "drama" },
      { kind: "addEnumValue", enumName: "genre", value: "horror", after: "drama" },
      { kind: "addEnumValue", enumName: "genre", value: "western" },
      { kind: "addEnumValue", enumName: "genre", value: "noir" },
    ]);
  });

  it("reports a removed value as needing a hand-written migration that loses data", () => {
    const plan = planMigration(snapshotOf({ genre }), snapshotOf({ genre: enumType("genre", ["drama"]) }), [], AS_BUILT);
    expect(plan.upgrade).toEqual([]);
    expect(plan.manual).toEqual([expect.objectContaining({ subject: "genre", dataLoss: true })]);
    expect(plan.manual[0]?.message).toContain("'comedy'");
    expect(plan.dataLoss).toHaveLength(1);
    expect(plan.empty).toBe(false);
  });

  it("reports reordered values without data loss", () => {
    const plan = planMigration(snapshotOf({ genre }), snapshotOf({ genre: enumType("genre", ["comedy", "drama"]) }), [], AS_BUILT);
    expect(plan.manual).toEqual([expect.objectContaining({ dataLoss: false })]);
  });
});

describe("purity", () => {
  it("never changes its inputs", () => {
    const from = structuredClone(
      snapshotOf({ movies: moviesWith({ year: varchar(4), id2: uuid(), t: customType("tsvector") }), directors }),
    );
    const to = snapshotOf({ movies: moviesWith({ year: integer() }), genre: enumType("genre", ["a"]) });
    const copy = structuredClone(from);
    compareSnapshots(from, to, AS_BUILT);
    expect(from).toEqual(copy);
  });
});

function rawTable(name: string, extra: Partial<Table> = {}): Table {
  return {
    name,
    columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
    uniqueConstraints: [],
    foreignKeys: [],
    checkConstraints: [],
    indexes: [],
    ...extra,
  };
}

function snapshot(extra: Partial<SchemaSnapshot> = {}): SchemaSnapshot {
  return { tables: [], enums: [], sequences: [], schemas: [], ...extra };
}

describe("schemas", () => {
  it("creates and drops schemas in name order, leaving the default one alone", () => {
    const result = compareSnapshots(
      snapshot({ schemas: ["public", "zeta", "old", "kept"] }),
      snapshot({ schemas: ["kept", "new", "alpha"] }),
      AS_BUILT,
    );
    expect(result.operations).toEqual([
      { kind: "createSchema", name: "alpha" },
      { kind: "createSchema", name: "new" },
      { kind: "dropSchema", name: "old" },
      { kind: "dropSchema", name: "zeta" },
    ]);
    expect(result.manual).toEqual([]);
  });

  it("finds nothing between equal schema lists in any order", () => {
    const result = compareSnapshots(snapshot({ schemas: ["b", "a"] }), snapshot({ schemas: ["a", "b", "public"] }), AS_BUILT);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("does not reorder its inputs", () => {
    const from = snapshot({ schemas: ["z", "a"] });
    const to = snapshot({ schemas: ["y", "b"] });
    compareSnapshots(from, to, AS_BUILT);
    expect(from.schemas).toEqual(["z", "a"]);
    expect(to.schemas).toEqual(["y", "b"]);
  });

  it("gives schemas first, then enums, then tables", () => {
    const result = compareSnapshots(
      snapshot(),
      snapshot({
        schemas: ["shop"],
        enums: [{ kind: "enumType", name: "state", schema: "shop", values: ["a"] }],
        tables: [rawTable("items", { schema: "shop" })],
      }),
      AS_BUILT,
    );
    expect(result.operations.map((op) => op.kind)).toEqual(["createSchema", "createEnum", "createTable"]);
  });
});

describe("tables in other schemas", () => {
  it("creates, drops and compares tables by schema and name, in schema and name order", () => {
    const from = snapshot({ tables: [rawTable("items", { schema: "shop" }), rawTable("items", { schema: "public" }), rawTable("b")] });
    const to = snapshot({ tables: [rawTable("items", { schema: "archive" }), rawTable("items"), rawTable("a")] });
    const ops = compareSnapshots(from, to, AS_BUILT).operations;
    expect(ops).toEqual([
      { kind: "createTable", table: rawTable("items", { schema: "archive" }) },
      { kind: "createTable", table: rawTable("a") },
      { kind: "dropTable", name: "b", existing: rawTable("b") },
      { kind: "dropTable", name: "items", schema: "shop", existing: rawTable("items", { schema: "shop" }) },
    ]);
    expect(ops[1]).not.toHaveProperty("table.schema");
    expect(compareSnapshots(from, to, AS_BUILT).manual).toEqual([]);
  });

  it("alters a table in another schema under its schema", () => {
    const from = snapshot({ tables: [rawTable("items", { schema: "shop" })] });
    const to = snapshot({ tables: [rawTable("items", { schema: "shop", comment: "Items" })] });
    expect(compareSnapshots(from, to, AS_BUILT).operations).toEqual([
      { kind: "createTableComment", table: "items", schema: "shop", comment: "Items", existing: null },
    ]);
    expect(compareSnapshots(to, from, AS_BUILT).operations).toEqual([
      { kind: "dropTableComment", table: "items", schema: "shop", existing: "Items" },
    ]);
  });

  it("sees the default schema, spelled or not, on tables, enum columns, arrays of enums and foreign keys as the same", () => {
    const genre = { kind: "enum", name: "genre" } as const;
    const model = snapshot({
      enums: [{ kind: "enumType", name: "genre", values: ["a"] }],
      tables: [
        rawTable("movies", {
          columns: [
            { name: "id", type: { kind: "integer" }, nullable: false },
            { name: "g", type: genre, nullable: true },
            { name: "gs", type: { kind: "array", element: genre, dimensions: 1 }, nullable: true },
            { name: "d", type: { kind: "integer" }, nullable: true },
          ],
          foreignKeys: [{ kind: "foreignKey", name: "fk_d", columns: ["d"], referredTable: "movies", referredColumns: ["id"] }],
        }),
      ],
    });
    const catalog = withoutDefaultSchema(model);
    expect(catalog).toEqual(model);
    const spelled: SchemaSnapshot = JSON.parse(
      JSON.stringify(model)
        .replaceAll('"kind":"enum","name":"genre"', '"kind":"enum","name":"genre","schema":"public"')
        .replaceAll('"name":"movies"', '"name":"movies","schema":"public"')
        .replaceAll('"referredTable":"movies"', '"referredTable":"movies","referredSchema":"public"')
        .replaceAll('"kind":"enumType","name":"genre"', '"kind":"enumType","name":"genre","schema":"public"'),
    );
    expect(JSON.stringify(spelled).match(/"public"/g)).toHaveLength(5);
    expect(withoutDefaultSchema({ ...spelled, schemas: ["public"] })).toStrictEqual(model);
    const result = compareSnapshots(spelled, model, AS_BUILT);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("keeps other schemas on tables, enum columns, arrays of enums, foreign keys and enums", () => {
    const mood = { kind: "enum", name: "mood", schema: "feel" } as const;
    const spelled: SchemaSnapshot = snapshot({
      schemas: ["feel", "shop"],
      enums: [{ kind: "enumType", name: "mood", schema: "feel", values: ["a"] }],
      sequences: [{ kind: "sequence", name: "s" }],
      tables: [
        rawTable("items", {
          schema: "shop",
          columns: [
            { name: "id", type: { kind: "integer" }, nullable: false },
            { name: "m", type: mood, nullable: true },
            { name: "ms", type: { kind: "array", element: mood, dimensions: 2 }, nullable: true },
          ],
          foreignKeys: [
            { kind: "foreignKey", name: "fk", columns: ["id"], referredTable: "x", referredSchema: "feel", referredColumns: ["id"] },
          ],
        }),
      ],
    });
    expect(withoutDefaultSchema(spelled)).toEqual(spelled);
  });

  it("sees a type in another schema as a different type", () => {
    const column = (schema?: string) => ({
      name: "m",
      type: { kind: "enum", name: "mood", ...(schema ? { schema } : {}) } as const,
      nullable: true,
    });
    const from = snapshot({ tables: [rawTable("t", { columns: [column("feel")] })] });
    const to = snapshot({ tables: [rawTable("t", { columns: [column()] })] });
    expect(compareSnapshots(from, to, AS_BUILT).operations).toMatchObject([{ kind: "alterColumn", column: "m" }]);
  });

  it("drops a renamed table's constraints and indexes under its old name", () => {
    const old = rawTable("films", {
      primaryKey: { kind: "primaryKey", name: "films_pkey", columns: ["id"] },
      indexes: [{ name: "ix", elements: [{ kind: "column", name: "id" }], unique: false }],
    });
    const next = rawTable("movies", {
      primaryKey: { kind: "primaryKey", name: "movies_pkey", columns: ["id"] },
      indexes: [{ name: "ix", elements: [{ kind: "column", name: "id" }], unique: true }],
    });
    const result = compareSnapshots(snapshot({ tables: [old] }), snapshot({ tables: [next] }), {
      ...AS_BUILT,
      renames: [{ kind: "table", from: "films", to: "movies" }],
    });
    expect(result.operations).toEqual([
      { kind: "renameTable", name: "films", newName: "movies" },
      { kind: "dropIndex", name: "ix", table: "films", existing: old.indexes[0] },
      { kind: "createIndex", table: "movies", index: next.indexes[0] },
    ]);
  });
});

describe("comparison options", () => {
  const pair = (column: Partial<Table["columns"][number]>, check: string) =>
    snapshot({
      tables: [
        rawTable("t", {
          columns: [{ name: "c", type: { kind: "integer" }, nullable: true, ...column }],
          checkConstraints: [{ kind: "check", name: "ck", expression: check }],
        }),
      ],
    });
  const from = () => pair({}, "c > 0");

  it.each([
    ["compareTypes", pair({ type: { kind: "bigint" } }, "c > 0"), "alterColumn"],
    ["compareDefaults", pair({ default: { kind: "literal", value: 1 } }, "c > 0"), "alterColumn"],
    ["compareExpressions", pair({}, "c >= 0"), "createCheckConstraint"],
  ] as const)("%s is on unless turned off", (option, to, kind) => {
    expect(compareSnapshots(from(), to, AS_BUILT).operations.map((op) => op.kind)).toContain(kind);
    expect(compareSnapshots(from(), to, { ...AS_BUILT, [option]: true }).operations.map((op) => op.kind)).toContain(kind);
    expect(compareSnapshots(from(), to, { ...AS_BUILT, [option]: false }).operations).toEqual([]);
  });
});

describe("equal snapshots", () => {
  it("give no operations and no notes, for any generated snapshot", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const schemaName = fc.constantFrom(undefined, "public", "shop");
    const type = fc.constantFrom<ColumnType>(
      { kind: "integer" },
      { kind: "bigserial" },
      { kind: "text" },
      { kind: "numeric", precision: 10, scale: 2 },
      { kind: "timestamp", withTimeZone: true },
      { kind: "enum", name: "genre", schema: "shop" },
      { kind: "array", element: { kind: "enum", name: "genre" }, dimensions: 1 },
      { kind: "custom", sql: "tsvector" },
    );
    const column = fc.record(
      {
        name,
        type,
        nullable: fc.boolean(),
        default: fc.constantFrom(undefined, { kind: "literal", value: 1 } as const, { kind: "expression", sql: "now()" } as const),
        identity: fc.constantFrom(undefined, { always: true }),
        comment: fc.constantFrom(undefined, "c"),
      },
      { requiredKeys: ["name", "type", "nullable"] },
    );
    const tableArb = fc
      .record({
        name,
        schema: schemaName,
        columns: fc.uniqueArray(column, { selector: (c) => c.name, minLength: 1, maxLength: 4 }),
        comment: fc.constantFrom(undefined, "t"),
        unique: fc.boolean(),
        indexed: fc.boolean(),
        referred: fc.constantFrom(undefined, "public", "shop"),
      })
      .map(({ name: tableName, schema, columns, comment, unique: withUnique, indexed, referred }): Table => {
        const first = columns[0]!.name;
        return {
          name: tableName,
          ...(schema === undefined ? {} : { schema }),
          columns,
          primaryKey: { kind: "primaryKey", name: `${tableName}_pkey`, columns: [first] },
          uniqueConstraints: withUnique ? [{ kind: "unique", name: `${tableName}_uq`, columns: columns.map((c) => c.name) }] : [],
          foreignKeys: [
            {
              kind: "foreignKey",
              name: `${tableName}_fk`,
              columns: [first],
              referredTable: "other",
              ...(referred === undefined ? {} : { referredSchema: referred }),
              referredColumns: ["id"],
              onDelete: "cascade",
            },
          ],
          checkConstraints: [{ kind: "check", name: `${tableName}_ck`, expression: `(${first} IS NOT NULL)` }],
          indexes: indexed
            ? [{ name: `${tableName}_ix`, elements: [{ kind: "expression", sql: `lower(${first})` }], unique: false, where: "x > 0" }]
            : [],
          ...(comment === undefined ? {} : { comment }),
        };
      });
    const snapshots = fc.record({
      tables: fc.uniqueArray(tableArb, { selector: (t) => `${t.schema ?? "public"}.${t.name}`, maxLength: 4 }),
      enums: fc.uniqueArray(
        fc.record({ kind: fc.constant("enumType" as const), name, schema: schemaName, values: fc.uniqueArray(name, { maxLength: 4 }) }),
        { selector: (e) => `${e.schema ?? "public"}.${e.name}`, maxLength: 3 },
      ),
      sequences: fc.constant([]),
      schemas: fc.uniqueArray(fc.constantFrom("public", "shop", "feel"), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(snapshots, (generated) => {
        const result = compareSnapshots(generated, structuredClone(generated), AS_BUILT);
        expect(result.operations).toEqual([]);
        expect(result.manual).toEqual([]);
      }),
    );
  });
});
