import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration, type PlanOptions } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import { renderOperation } from "../../src/autogenerate/render/operations.js";
import type { Column, ForeignKey, Table } from "../../src/schema/model.js";
import type { Operation } from "../../src/ops/operation.js";
import type { RenameDecision } from "../../src/autogenerate/renames.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import {
  check,
  enumColumn,
  enumType,
  index,
  integer,
  numeric,
  smallint,
  sql,
  table,
  text,
  timestamptz,
  varchar,
} from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden as expectGoldenFile } from "../helpers/golden.js";
import { AS_BUILT, EMPTY, snapshotOf } from "./helpers.js";
import * as rich from "./fixtures/rich-models.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

/** A whole revision file for the plan from `from` to `to`, byte-stable. */
function revisionFile(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  message: string,
  renames: readonly RenameDecision[] = [],
  parent?: string,
  options: PlanOptions = AS_BUILT,
): string {
  const plan = planMigration(from, to, renames, options);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, options.rules);
  return renderRevisionFile({
    revision: parent === undefined ? "1975ea83b712" : "27c6a30d7c24",
    downRevisions: parent === undefined ? [] : [parent],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...body,
  });
}

function expectGolden(name: string, text: string): void {
  expectGoldenFile(path.join(GOLDEN, name), text);
}

const richSnapshot = snapshotOf(rich);

/** The rich model after a round of everyday edits. */
function editedSnapshot(): SchemaSnapshot {
  const genre = enumType("genre", ["drama", "comedy", "horror", "thriller", "documentary"]);
  const movies = table(
    "movies",
    {
      id: integer().primaryKey(),
      name: varchar(200).notNull(),
      genre: enumColumn(genre).notNull().default("drama"),
      rating: enumColumn(rich.rating),
      release_date: timestamptz(),
      runtime_minutes: integer(),
      budget: numeric(12, 2).comment("In US dollars"),
      director_id: integer().references(() => rich.directors.id, { onDelete: "set null" }),
      studio_id: integer()
        .notNull()
        .references(() => rich.studios.id),
      tags: text().array().notNull().default(sql`'{}'::text[]`),
      metadata: text().notNull().default("{}"),
      search: text(),
      external_id: varchar(36).notNull().unique().default(sql`gen_random_uuid()`),
      language: varchar(8).notNull().default("en"),
    },
    {
      checks: [check("ck_movies_runtime", sql`runtime_minutes BETWEEN 1 AND 600`)],
      indexes: [
        index("ix_movies_title", ["name"]),
        index("ix_movies_tags", ["tags"], { method: "gin" }),
        index("ix_movies_release", [{ column: "release_date", order: "desc" }], { where: sql`release_date IS NOT NULL` }),
        index("ix_movies_language", ["language", "release_date"]),
      ],
    },
  );
  const reviews = table("reviews", {
    id: integer().primaryKey(),
    movie_id: integer()
      .notNull()
      .references(() => movies.id, { onDelete: "cascade", onUpdate: "cascade" }),
    stars: smallint().notNull(),
    body: text(),
    created_at: timestamptz().notNull().default(sql`now()`),
  });
  const { auditEvents: _dropped, moveReason: _changed, ...kept } = rich;
  return snapshotOf({
    ...kept,
    genre,
    movies,
    reviews,
    moveReason: enumType("move_reason", ["purchase", "sale"], { schema: "inventory" }),
  });
}

describe("rendered revisions", () => {
  it("creates the rich model from an empty database", () => {
    expectGolden("create-rich-model.ts", revisionFile(EMPTY, richSnapshot, "create the rich model"));
  });

  it("keeps the models' spelling when comparing normalised snapshots", () => {
    expect(revisionFile(EMPTY, richSnapshot, "create the rich model", [], undefined, { rules: postgresComparison })).toBe(
      revisionFile(EMPTY, richSnapshot, "create the rich model"),
    );
  });

  it("writes a round of edits, with data loss, USING casts and hand-written changes marked", () => {
    const text = revisionFile(
      richSnapshot,
      editedSnapshot(),
      "everyday edits",
      [{ kind: "column", table: "movies", from: "title", to: "name" }],
      "1975ea83b712",
    );
    expectGolden("everyday-edits.ts", text);
    expect(text).toContain("// DATA LOSS: drops table audit_events and all its rows.");
    expect(text).toContain('await op.alterColumn("movies", "title", { newName: "name" });');
    expect(text).toContain("// TODO: autogenerate cannot write these changes; write them here by hand:");
    expect(text).toContain("PostgreSQL cannot remove a value from an enum");
  });

  it("reads like a person wrote it", () => {
    const movies = table("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });
    const text = revisionFile(EMPTY, snapshotOf({ movies }), "create movies table");
    expect(text).toContain(`import { integer, varchar } from "retort/schema";

export const revision = "1975ea83b712";`);
    expect(text).toContain(`export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("movies", {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
  });
}

export async function downgrade(op: Operations): Promise<void> {
  // DATA LOSS: drops table movies and all its rows.
  await op.dropTable("movies");
}
`);
  });
});

describe("constraint names", () => {
  const column = (name: string): Column => ({ name, type: { kind: "integer" }, nullable: false });
  const movies = (constraints: Partial<Table>): Table => ({
    name: "movies",
    columns: [column("id"), column("a"), column("b"), column("director_id")],
    uniqueConstraints: [],
    foreignKeys: [],
    checkConstraints: [],
    indexes: [],
    ...constraints,
  });
  const render = (table: Table): string => renderOperation({ kind: "createTable", table }, new Set()).join("\n");
  const toDirectors = (name: string, columns: string[]): ForeignKey => ({
    kind: "foreignKey",
    name,
    columns,
    referredTable: "directors",
    referredColumns: columns.map((c) => `${c}_ref`),
  });

  // Each case: the convention's name renders as the bare builder, any other name is spelled out.
  it.each([
    [
      "a composite primary key",
      (name: string) => movies({ primaryKey: { kind: "primaryKey", name, columns: ["a", "b"] } }),
      "movies_pkey",
      'primaryKey: ["a", "b"]',
      'primaryKey: { name: "films_pkey", columns: ["a", "b"] }',
    ],
    [
      "a composite unique constraint",
      (name: string) => movies({ uniqueConstraints: [{ kind: "unique", name, columns: ["a", "b"] }] }),
      "movies_a_b_key",
      'unique(["a", "b"])',
      'unique(["a", "b"], { name: "films_a_b_key" })',
    ],
    [
      "a check constraint",
      (name: string) => movies({ checkConstraints: [{ kind: "check", name, expression: "a < b" }] }),
      "movies_check",
      "check(sql`a < b`)",
      'check("films_check", sql`a < b`)',
    ],
    [
      "a composite foreign key",
      (name: string) => movies({ foreignKeys: [toDirectors(name, ["a", "b"])] }),
      "movies_a_b_fkey",
      'foreignKey({ columns: ["a", "b"], references: { table: "directors", columns: ["a_ref", "b_ref"] } })',
      'foreignKey({ columns: ["a", "b"], references: { table: "directors", columns: ["a_ref", "b_ref"] }, name: "films_a_b_fkey" })',
    ],
    [
      "a primary key on a column",
      (name: string) => movies({ primaryKey: { kind: "primaryKey", name, columns: ["id"] } }),
      "movies_pkey",
      "id: integer().primaryKey(),",
      'id: integer().primaryKey({ name: "films_pkey" }),',
    ],
    [
      "a unique constraint on a column",
      (name: string) => movies({ uniqueConstraints: [{ kind: "unique", name, columns: ["a"] }] }),
      "movies_a_key",
      "a: integer().notNull().unique(),",
      'a: integer().notNull().unique({ name: "films_a_key" }),',
    ],
    [
      "a foreign key on a column",
      (name: string) => movies({ foreignKeys: [toDirectors(name, ["director_id"])] }),
      "movies_director_id_fkey",
      'director_id: integer().notNull().references("directors.director_id_ref"),',
      'director_id: integer().notNull().references("directors.director_id_ref", { name: "films_director_id_fkey" }),',
    ],
  ] as const)("leaves out the conventional name of %s", (_what, build, conventional, bare, named) => {
    expect(render(build(conventional))).toContain(bare);
    expect(render(build(conventional))).not.toContain(conventional);
    // The same name after another table is not the convention's for this one.
    const other = conventional.replace("movies", "films");
    expect(render(build(other))).toContain(named);
  });

  it("leaves out the name of a column added with conventional constraints", () => {
    const imports = new Set<string>();
    const add = (name: string) =>
      renderOperation(
        {
          kind: "addColumn",
          table: "movies",
          column: column("director_id"),
          constraints: [
            { kind: "unique", name: `${name}_director_id_key`, columns: ["director_id"] },
            toDirectors(`${name}_director_id_fkey`, ["director_id"]),
          ],
        },
        imports,
      ).join("\n");
    expect(add("movies")).toBe(
      'await op.addColumn("movies", "director_id", integer().notNull().unique().references("directors.director_id_ref"));',
    );
    expect(add("films")).toBe(
      'await op.addColumn("movies", "director_id", integer().notNull().unique({ name: "films_director_id_key" }).references("directors.director_id_ref", { name: "films_director_id_fkey" }));',
    );
  });
});

describe("each operation as its op call", () => {
  const schema = "inventory";
  // Each kind bare and with every option it renders; the builders it imports.
  const cases: readonly (readonly [Operation, readonly string[], readonly string[]])[] = [
    [{ kind: "dropTable", name: "items" }, ['await op.dropTable("items");'], []],
    [
      { kind: "dropTable", name: "items", schema, cascade: true },
      ['await op.dropTable("items", { schema: "inventory", cascade: true });'],
      [],
    ],
    [
      { kind: "renameTable", name: "items", newName: "goods", schema },
      ['await op.renameTable("items", "goods", { schema: "inventory" });'],
      [],
    ],
    [
      { kind: "addColumn", table: "items", schema, column: { name: "sku", type: { kind: "text" }, nullable: false }, constraints: [] },
      ['await op.addColumn("items", "sku", text().notNull(), { schema: "inventory" });'],
      ["text"],
    ],
    [{ kind: "dropColumn", table: "items", schema, name: "sku" }, ['await op.dropColumn("items", "sku", { schema: "inventory" });'], []],
    [
      {
        kind: "alterColumn",
        table: "items",
        column: "sku",
        type: { from: { kind: "integer" }, to: { kind: "text" }, using: "sku::text" },
        nullable: { from: true, to: false },
        default: { from: { kind: "literal", value: 1 }, to: { kind: "expression", sql: "now()" } },
        comment: { from: null, to: "Code" },
        newName: "code",
        schema,
      },
      [
        'await op.alterColumn("items", "sku", { type: text(), existingType: integer(), using: sql`sku::text`, nullable: false, existingNullable: true, default: sql`now()`, existingDefault: 1, comment: "Code", existingComment: null, newName: "code", schema: "inventory" });',
      ],
      ["integer", "sql", "text"],
    ],
    [
      {
        kind: "alterColumn",
        table: "items",
        column: "sku",
        type: { to: { kind: "text" } },
        default: { to: null },
        comment: { from: "Old", to: null },
      },
      ['await op.alterColumn("items", "sku", { type: text(), default: null, comment: null, existingComment: "Old" });'],
      ["text"],
    ],
    [
      {
        kind: "createIndex",
        table: "items",
        schema,
        index: {
          name: "ix",
          elements: [{ kind: "column", name: "sku" }],
          unique: true,
          method: "gin",
          where: "sku IS NOT NULL",
          include: ["id"],
        },
        concurrently: true,
        ifNotExists: true,
      },
      [
        'await op.createIndex("ix", "items", ["sku"], { unique: true, method: "gin", where: sql`sku IS NOT NULL`, include: ["id"], schema: "inventory", concurrently: true, ifNotExists: true });',
      ],
      ["sql"],
    ],
    [
      {
        kind: "createIndex",
        table: "items",
        index: {
          name: "ix",
          elements: [
            { kind: "column", name: "sku", order: "desc", nulls: "last", opclass: "text_ops" },
            { kind: "expression", sql: "lower(sku)" },
          ],
          unique: false,
        },
      },
      ['await op.createIndex("ix", "items", [{ column: "sku", opclass: "text_ops", order: "desc", nulls: "last" }, sql`lower(sku)`]);'],
      ["sql"],
    ],
    [{ kind: "dropIndex", name: "ix" }, ['await op.dropIndex("ix");'], []],
    [
      { kind: "dropIndex", name: "ix", table: "items", schema, concurrently: true, ifExists: true },
      ['await op.dropIndex("ix", { table: "items", schema: "inventory", concurrently: true, ifExists: true });'],
      [],
    ],
    [
      {
        kind: "createUniqueConstraint",
        table: "items",
        schema,
        constraint: { kind: "unique", name: "uq", columns: ["a", "b"], deferrable: "deferred" },
      },
      ['await op.createUniqueConstraint("uq", "items", ["a", "b"], { schema: "inventory", deferrable: "deferred" });'],
      [],
    ],
    [
      {
        kind: "createForeignKey",
        table: "items",
        schema,
        constraint: {
          kind: "foreignKey",
          name: "fk",
          columns: ["shop_id"],
          referredTable: "shops",
          referredSchema: "retail",
          referredColumns: ["id"],
          onDelete: "cascade",
          onUpdate: "set null",
          deferrable: "immediate",
        },
      },
      [
        'await op.createForeignKey("fk", "items", "shops", ["shop_id"], ["id"], { onDelete: "cascade", onUpdate: "set null", deferrable: "immediate", sourceSchema: "inventory", referentSchema: "retail" });',
      ],
      [],
    ],
    [
      {
        kind: "createForeignKey",
        table: "items",
        constraint: { kind: "foreignKey", name: "fk", columns: ["shop_id"], referredTable: "shops", referredColumns: ["id"] },
      },
      ['await op.createForeignKey("fk", "items", "shops", ["shop_id"], ["id"]);'],
      [],
    ],
    [
      { kind: "createCheckConstraint", table: "items", schema, constraint: { kind: "check", name: "ck", expression: "a > 0" } },
      ['await op.createCheckConstraint("ck", "items", sql`a > 0`, { schema: "inventory" });'],
      ["sql"],
    ],
    [
      { kind: "createPrimaryKey", table: "items", schema, constraint: { kind: "primaryKey", name: "pk", columns: ["id"] } },
      ['await op.createPrimaryKey("pk", "items", ["id"], { schema: "inventory" });'],
      [],
    ],
    [
      {
        kind: "createForeignKey",
        table: "items",
        constraint: { kind: "foreignKey", name: "fk", columns: ["shop_id"], referredTable: "shops", referredColumns: ["id"] },
        notValid: true,
      },
      ['await op.createForeignKey("fk", "items", "shops", ["shop_id"], ["id"], { notValid: true });'],
      [],
    ],
    [
      { kind: "createCheckConstraint", table: "items", constraint: { kind: "check", name: "ck", expression: "a > 0" }, notValid: true },
      ['await op.createCheckConstraint("ck", "items", sql`a > 0`, { notValid: true });'],
      ["sql"],
    ],
    [
      {
        kind: "createUniqueConstraint",
        table: "items",
        constraint: { kind: "unique", name: "uq", columns: ["sku"] },
        usingIndex: "ix_sku",
      },
      ['await op.createUniqueConstraint("uq", "items", ["sku"], { usingIndex: "ix_sku" });'],
      [],
    ],
    [
      {
        kind: "createPrimaryKey",
        table: "items",
        schema,
        constraint: { kind: "primaryKey", name: "pk", columns: ["id"] },
        usingIndex: "ix_id",
      },
      ['await op.createPrimaryKey("pk", "items", ["id"], { schema: "inventory", usingIndex: "ix_id" });'],
      [],
    ],
    [{ kind: "validateConstraint", table: "items", name: "ck" }, ['await op.validateConstraint("ck", "items");'], []],
    [
      { kind: "validateConstraint", table: "items", schema, name: "ck" },
      ['await op.validateConstraint("ck", "items", { schema: "inventory" });'],
      [],
    ],
    [
      {
        kind: "dropConstraint",
        table: "items",
        schema,
        name: "uq",
        existing: { kind: "unique", name: "uq", columns: ["sku", "shop_id"] },
        existingIndex: "ix_sku",
      },
      [
        'await op.dropConstraint("uq", "items", { schema: "inventory" });',
        'await op.createIndex("ix_sku", "items", ["sku", "shop_id"], { unique: true, schema: "inventory" });',
      ],
      [],
    ],
    [{ kind: "dropConstraint", table: "items", name: "ck" }, ['await op.dropConstraint("ck", "items");'], []],
    [
      { kind: "dropConstraint", table: "items", schema, name: "ck", ifExists: true, cascade: true },
      ['await op.dropConstraint("ck", "items", { schema: "inventory", ifExists: true, cascade: true });'],
      [],
    ],
    [
      { kind: "createTableComment", table: "items", comment: "Stock", existing: null },
      ['await op.createTableComment("items", "Stock", { existingComment: null });'],
      [],
    ],
    [
      { kind: "createTableComment", table: "items", schema, comment: "Stock", existing: "Old" },
      ['await op.createTableComment("items", "Stock", { schema: "inventory", existingComment: "Old" });'],
      [],
    ],
    [{ kind: "dropTableComment", table: "items" }, ['await op.dropTableComment("items");'], []],
    [
      { kind: "dropTableComment", table: "items", schema, existing: "Old" },
      ['await op.dropTableComment("items", { schema: "inventory", existingComment: "Old" });'],
      [],
    ],
    [
      { kind: "createEnum", enumType: { kind: "enumType", name: "mood", values: ["calm", "busy"] } },
      ['await op.createEnum("mood", ["calm", "busy"]);'],
      [],
    ],
    [
      { kind: "createEnum", enumType: { kind: "enumType", name: "mood", schema, values: [] } },
      ['await op.createEnum("mood", [], { schema: "inventory" });'],
      [],
    ],
    [{ kind: "dropEnum", name: "mood" }, ['await op.dropEnum("mood");'], []],
    [
      { kind: "dropEnum", name: "mood", schema, ifExists: true, existing: { kind: "enumType", name: "mood", values: ["calm"] } },
      ['await op.dropEnum("mood", { schema: "inventory", ifExists: true, existingValues: ["calm"] });'],
      [],
    ],
    [{ kind: "addEnumValue", enumName: "mood", value: "x" }, ['await op.addEnumValue("mood", "x");'], []],
    [
      { kind: "addEnumValue", enumName: "mood", schema, value: "x", before: "calm", ifNotExists: true },
      ['await op.addEnumValue("mood", "x", { schema: "inventory", before: "calm", ifNotExists: true });'],
      [],
    ],
    [{ kind: "addEnumValue", enumName: "mood", value: "x", after: "busy" }, ['await op.addEnumValue("mood", "x", { after: "busy" });'], []],
    [
      { kind: "renameEnumValue", enumName: "mood", schema, from: "calm", to: "quiet" },
      ['await op.renameEnumValue("mood", "calm", "quiet", { schema: "inventory" });'],
      [],
    ],
    [{ kind: "createSequence", sequence: { kind: "sequence", name: "ids" } }, ['await op.createSequence("ids");'], []],
    [
      {
        kind: "createSequence",
        sequence: {
          kind: "sequence",
          name: "ids",
          schema,
          dataType: "bigint",
          start: 10,
          increment: 2,
          minValue: 1,
          maxValue: 100,
          cache: 5,
          cycle: true,
          ownedBy: { table: "items", column: "id" },
        },
        ifNotExists: true,
      },
      [
        'await op.createSequence("ids", { schema: "inventory", dataType: "bigint", start: 10, increment: 2, minValue: 1, maxValue: 100, cache: 5, cycle: true, ownedBy: { table: "items", column: "id" }, ifNotExists: true });',
      ],
      [],
    ],
    [{ kind: "dropSequence", name: "ids" }, ['await op.dropSequence("ids");'], []],
    [
      { kind: "dropSequence", name: "ids", schema, ifExists: true },
      ['await op.dropSequence("ids", { schema: "inventory", ifExists: true });'],
      [],
    ],
    [{ kind: "createSchema", name: "inventory" }, ['await op.createSchema("inventory");'], []],
    [
      { kind: "createSchema", name: "inventory", ifNotExists: true, authorization: "owner" },
      ['await op.createSchema("inventory", { ifNotExists: true, authorization: "owner" });'],
      [],
    ],
    [{ kind: "dropSchema", name: "inventory" }, ['await op.dropSchema("inventory");'], []],
    [
      { kind: "dropSchema", name: "inventory", ifExists: true, cascade: true },
      ['await op.dropSchema("inventory", { ifExists: true, cascade: true });'],
      [],
    ],
    [{ kind: "execute", sql: "UPDATE items SET a = 'x'" }, ["await op.execute(\"UPDATE items SET a = 'x'\");"], []],
    [
      {
        kind: "bulkInsert",
        table: "items",
        schema,
        columns: ["id", "name", "at", "data", "expr"],
        rows: [
          [1, "a", new Date(Date.UTC(2026, 0, 2)), { kind: "json", value: { a: [1] } }, { kind: "sql", sql: "now()" }],
          [2, null, undefined, undefined, undefined],
        ],
      },
      [
        'await op.bulkInsert("items", [',
        '  { id: 1, name: "a", at: new Date("2026-01-02T00:00:00.000Z"), data: {"a":[1]}, expr: sql`now()` },',
        "  { id: 2, name: null },",
        '], { schema: "inventory" });',
      ],
      ["sql"],
    ],
  ];

  it.each(cases.map(([op, lines, imports]) => [lines[0]!, op, lines, imports] as const))("%s", (_first, op, lines, imports) => {
    const used = new Set<string>();
    expect(renderOperation(op, used)).toEqual(lines);
    expect([...used].sort()).toEqual(imports);
  });
});
