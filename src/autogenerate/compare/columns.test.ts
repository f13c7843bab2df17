import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ComparisonRules } from "../../dialects/dialect.js";
import type { AlterColumnOp } from "../../ops/operation.js";
import type { Column, ColumnType, ForeignKey, Table } from "../../schema/model.js";
import { alterColumn, compareColumns, singleColumnConstraints } from "./columns.js";
import type { CompareSettings } from "./equality.js";

/** Rules whose casts name their inputs, so a test sees which column and direction each was asked for. */
const rules: ComparisonRules = {
  normalize: (snapshot) => snapshot,
  classifyTypeChange: () => "conversion",
  suggestUsing: (column, from, to) => (to.kind === "bigint" ? undefined : `${column}:${from.kind}>${to.kind}`),
  typeName: (type) => type.kind,
};

const SETTINGS: CompareSettings = { rules, compareTypes: true, compareDefaults: true, compareExpressions: true };

function col(overrides: Partial<Column> = {}): Column {
  return { name: "year", type: { kind: "integer" }, nullable: true, ...overrides };
}

function tbl(columns: readonly Column[], extra: Partial<Table> = {}): Table {
  return { name: "movies", columns, uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [], ...extra };
}

function fk(name: string, columns: string[]): ForeignKey {
  return { kind: "foreignKey", name, columns, referredTable: "people", referredColumns: columns.map(() => "id") };
}

function compare(from: Table, to: Table, settings: CompareSettings = SETTINGS) {
  const inline = new Set<string>();
  return { ...compareColumns(from, to, settings, inline), inline: [...inline] };
}

describe("alterColumn", () => {
  it("finds nothing between equal columns", () => {
    const column = col({ default: { kind: "literal", value: 1 }, comment: "Year", nullable: false });
    expect(alterColumn(tbl([column]), column, { ...column }, SETTINGS)).toBeUndefined();
  });

  it("changes the type with the casts the dialect suggests each way, for the column's new name", () => {
    const op = alterColumn(tbl([]), col({ name: "old", type: { kind: "text" } }), col({ name: "year" }), SETTINGS);
    expect(op).toEqual({
      kind: "alterColumn",
      table: "movies",
      column: "year",
      type: { from: { kind: "text" }, to: { kind: "integer" }, using: "year:text>integer", reverseUsing: "year:integer>text" },
    });
  });

  it("leaves out a cast the dialect does not need", () => {
    const up = alterColumn(tbl([]), col(), col({ type: { kind: "bigint" } }), SETTINGS);
    expect(up?.type).toEqual({ from: { kind: "integer" }, to: { kind: "bigint" }, reverseUsing: "year:bigint>integer" });
    expect(up?.type).not.toHaveProperty("using");
    const down = alterColumn(tbl([]), col({ type: { kind: "bigint" } }), col(), SETTINGS);
    expect(down?.type).toEqual({ from: { kind: "bigint" }, to: { kind: "integer" }, using: "year:bigint>integer" });
    expect(down?.type).not.toHaveProperty("reverseUsing");
  });

  it.each<[string, ColumnType, ColumnType]>([
    ["kind", { kind: "integer" }, { kind: "text" }],
    ["varchar length", { kind: "varchar", length: 10 }, { kind: "varchar", length: 20 }],
    ["numeric precision", { kind: "numeric", precision: 10, scale: 2 }, { kind: "numeric", precision: 12, scale: 2 }],
    ["numeric scale", { kind: "numeric", precision: 10, scale: 2 }, { kind: "numeric", precision: 10, scale: 4 }],
    ["time zone", { kind: "timestamp", withTimeZone: false }, { kind: "timestamp", withTimeZone: true }],
    ["timestamp precision", { kind: "timestamp", withTimeZone: true, precision: 3 }, { kind: "timestamp", withTimeZone: true }],
    [
      "array element",
      { kind: "array", element: { kind: "text" }, dimensions: 1 },
      { kind: "array", element: { kind: "uuid" }, dimensions: 1 },
    ],
    [
      "array dimensions",
      { kind: "array", element: { kind: "text" }, dimensions: 1 },
      { kind: "array", element: { kind: "text" }, dimensions: 2 },
    ],
    ["enum", { kind: "enum", name: "genre" }, { kind: "enum", name: "mood" }],
    ["enum schema", { kind: "enum", name: "genre" }, { kind: "enum", name: "genre", schema: "catalog" }],
    ["custom type", { kind: "custom", sql: "tsvector" }, { kind: "custom", sql: "citext" }],
  ])("detects a change of %s", (_, from, to) => {
    const op = alterColumn(tbl([]), col({ type: from }), col({ type: to }), SETTINGS);
    expect(op?.type).toMatchObject({ from, to });
    expect(op).toMatchObject({ kind: "alterColumn", table: "movies", column: "year" });
    expect(op?.nullable).toBeUndefined();
    expect(op?.default).toBeUndefined();
    expect(op?.comment).toBeUndefined();
  });

  it("compares a serial column as its integer type", () => {
    expect(alterColumn(tbl([]), col({ type: { kind: "serial" } }), col({ type: { kind: "bigserial" } }), SETTINGS)?.type).toMatchObject({
      from: { kind: "integer" },
      to: { kind: "bigint" },
    });
    expect(
      alterColumn(tbl([]), col({ type: { kind: "serial" } }), col({ default: { kind: "expression", sql: "nextval('s')" } }), SETTINGS),
    ).toBeUndefined();
  });

  it("leaves types alone when their comparison is off", () => {
    const op = alterColumn(tbl([]), col(), col({ type: { kind: "text" }, nullable: false }), { ...SETTINGS, compareTypes: false });
    expect(op).toEqual({ kind: "alterColumn", table: "movies", column: "year", nullable: { from: true, to: false } });
    expect(op?.type).toBeUndefined();
  });

  it("changes nullability both ways", () => {
    expect(alterColumn(tbl([]), col({ nullable: true }), col({ nullable: false }), SETTINGS)?.nullable).toEqual({ from: true, to: false });
    expect(alterColumn(tbl([]), col({ nullable: false }), col({ nullable: true }), SETTINGS)?.nullable).toEqual({ from: false, to: true });
  });

  it("sets, changes and drops a default, recording absent as null", () => {
    const literal = (value: number) => ({ kind: "literal", value }) as const;
    expect(alterColumn(tbl([]), col(), col({ default: literal(1) }), SETTINGS)).toEqual({
      kind: "alterColumn",
      table: "movies",
      column: "year",
      default: { from: null, to: literal(1) },
    });
    expect(alterColumn(tbl([]), col({ default: literal(1) }), col({ default: literal(2) }), SETTINGS)?.default).toEqual({
      from: literal(1),
      to: literal(2),
    });
    expect(alterColumn(tbl([]), col({ default: literal(1) }), col(), SETTINGS)?.default).toEqual({ from: literal(1), to: null });
  });

  it("leaves defaults alone when their comparison is off", () => {
    expect(
      alterColumn(tbl([]), col(), col({ default: { kind: "literal", value: 1 } }), { ...SETTINGS, compareDefaults: false }),
    ).toBeUndefined();
  });

  it("leaves a sequence default to the serial note", () => {
    const serial = col({ type: { kind: "serial" } });
    expect(alterColumn(tbl([]), serial, col({ default: { kind: "literal", value: 5 } }), SETTINGS)).toBeUndefined();
    expect(alterColumn(tbl([]), col({ default: { kind: "literal", value: 5 } }), serial, SETTINGS)).toBeUndefined();
  });

  it("sets, changes and removes a comment, recording absent as null", () => {
    expect(alterColumn(tbl([]), col(), col({ comment: "Year" }), SETTINGS)).toEqual({
      kind: "alterColumn",
      table: "movies",
      column: "year",
      comment: { from: null, to: "Year" },
    });
    expect(alterColumn(tbl([]), col({ comment: "Year" }), col({ comment: "Release year" }), SETTINGS)?.comment).toEqual({
      from: "Year",
      to: "Release year",
    });
    expect(alterColumn(tbl([]), col({ comment: "Year" }), col(), SETTINGS)?.comment).toEqual({ from: "Year", to: null });
  });

  it("names the table's schema, the default one left out", () => {
    const change = [col(), col({ nullable: false })] as const;
    expect(alterColumn(tbl([], { schema: "archive" }), ...change, SETTINGS)?.schema).toBe("archive");
    const inPublic = alterColumn(tbl([], { schema: "public" }), ...change, SETTINGS);
    expect(inPublic).toBeDefined();
    expect(inPublic?.schema).toBeUndefined();
  });

  it("reports every changed attribute, and only those, in one operation", () => {
    const attributes = fc.record({
      type: fc.boolean(),
      nullable: fc.boolean(),
      default: fc.boolean(),
      comment: fc.boolean(),
    });
    fc.assert(
      fc.property(attributes, (changed) => {
        const from = col({ nullable: true, default: { kind: "literal", value: 1 }, comment: "a" });
        const to = col({
          type: changed.type ? { kind: "text" } : from.type,
          nullable: changed.nullable ? false : true,
          default: changed.default ? { kind: "literal", value: 2 } : from.default,
          comment: changed.comment ? "b" : "a",
        });
        const op: AlterColumnOp | undefined = alterColumn(tbl([]), from, to, SETTINGS);
        const any = changed.type || changed.nullable || changed.default || changed.comment;
        expect(op === undefined).toBe(!any);
        expect(op?.type !== undefined).toBe(changed.type);
        expect(op?.nullable !== undefined).toBe(changed.nullable);
        expect(op?.default !== undefined).toBe(changed.default);
        expect(op?.comment !== undefined).toBe(changed.comment);
      }),
    );
  });
});

describe("singleColumnConstraints", () => {
  it("takes the primary key, unique constraints and foreign keys on exactly that column", () => {
    const table = tbl([col({ name: "id" }), col({ name: "code" }), col({ name: "owner_id" })], {
      primaryKey: { kind: "primaryKey", name: "movies_pkey", columns: ["id"] },
      uniqueConstraints: [
        { kind: "unique", name: "uq_id", columns: ["id"] },
        { kind: "unique", name: "uq_id_code", columns: ["id", "code"] },
        { kind: "unique", name: "uq_code", columns: ["code"] },
      ],
      foreignKeys: [fk("fk_id", ["id"]), fk("fk_pair", ["id", "owner_id"]), fk("fk_owner", ["owner_id"])],
    });
    expect(singleColumnConstraints(table, "id").map((c) => c.name)).toEqual(["movies_pkey", "uq_id", "fk_id"]);
    expect(singleColumnConstraints(table, "code").map((c) => c.name)).toEqual(["uq_code"]);
    expect(singleColumnConstraints(table, "owner_id").map((c) => c.name)).toEqual(["fk_owner"]);
  });

  it("leaves out a primary key over several columns, and a table without one", () => {
    const composite = tbl([col({ name: "a" }), col({ name: "b" })], {
      primaryKey: { kind: "primaryKey", name: "pk", columns: ["a", "b"] },
    });
    expect(singleColumnConstraints(composite, "a")).toEqual([]);
    expect(singleColumnConstraints(composite, "b")).toEqual([]);
    expect(singleColumnConstraints(tbl([col({ name: "a" })]), "a")).toEqual([]);
  });
});

describe("compareColumns", () => {
  it("finds no operations and no notes between equal tables", () => {
    const columns = [
      col({ name: "id", type: { kind: "integer" }, nullable: false, identity: { always: true } }),
      col({ name: "n", type: { kind: "serial" } }),
      col({ name: "title", type: { kind: "varchar", length: 200 }, default: { kind: "literal", value: "" }, comment: "Title" }),
    ];
    const result = compare(tbl(columns), tbl(structuredClone(columns)));
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
    expect(result.inline).toEqual([]);
  });

  it("drops removed columns first, with their definition, then adds and alters in the model's order", () => {
    const from = tbl([col({ name: "gone", comment: "x" }), col({ name: "year" })]);
    const to = tbl([col({ name: "added" }), col({ name: "year", nullable: false })]);
    const { operations, manual } = compare(from, to);
    expect(operations).toEqual([
      { kind: "dropColumn", table: "movies", name: "gone", existing: { column: col({ name: "gone", comment: "x" }), constraints: [] } },
      { kind: "addColumn", table: "movies", column: col({ name: "added" }), constraints: [] },
      { kind: "alterColumn", table: "movies", column: "year", nullable: { from: true, to: false } },
    ]);
    expect(manual).toEqual([]);
  });

  it("names the schema of a table outside the default one in every operation", () => {
    const from = tbl([col({ name: "gone" }), col({ name: "year" })], { schema: "archive" });
    const to = tbl([col({ name: "added" }), col({ name: "year", nullable: false })], { schema: "archive" });
    const { operations } = compare(from, to);
    expect(operations.map((op) => op.kind)).toEqual(["dropColumn", "addColumn", "alterColumn"]);
    for (const op of operations) expect(op).toHaveProperty("schema", "archive");
  });

  it("leaves the default schema out of operations", () => {
    const { operations } = compare(tbl([col({ name: "gone" })], { schema: "public" }), tbl([col({ name: "added" })], { schema: "public" }));
    expect(operations).toHaveLength(2);
    for (const op of operations) expect("schema" in op && op.schema !== undefined).toBe(false);
  });

  it("adds a column with the constraints on it alone, and tells the constraint comparison their names", () => {
    const from = tbl([col({ name: "year" })]);
    const to = tbl([col({ name: "year" }), col({ name: "code" }), col({ name: "owner_id" })], {
      uniqueConstraints: [{ kind: "unique", name: "uq_code", columns: ["code"] }],
      foreignKeys: [fk("fk_owner", ["owner_id"]), fk("fk_pair", ["code", "owner_id"])],
    });
    const { operations, inline } = compare(from, to);
    expect(operations).toEqual([
      {
        kind: "addColumn",
        table: "movies",
        column: col({ name: "code" }),
        constraints: [{ kind: "unique", name: "uq_code", columns: ["code"] }],
      },
      { kind: "addColumn", table: "movies", column: col({ name: "owner_id" }), constraints: [fk("fk_owner", ["owner_id"])] },
    ]);
    expect(inline).toEqual(["uq_code", "fk_owner"]);
  });

  it("adds a primary key with a new column only when the table had none", () => {
    const pk = { kind: "primaryKey", name: "movies_pkey", columns: ["id"] } as const;
    const to = tbl([col({ name: "year" }), col({ name: "id" })], { primaryKey: pk });
    const without = compare(tbl([col({ name: "year" })]), to);
    expect(without.operations).toEqual([{ kind: "addColumn", table: "movies", column: col({ name: "id" }), constraints: [pk] }]);
    expect(without.inline).toEqual(["movies_pkey"]);
    const other = { kind: "primaryKey", name: "old_pkey", columns: ["year"] } as const;
    const replacing = compare(tbl([col({ name: "year" })], { primaryKey: other }), to);
    expect(replacing.operations).toEqual([{ kind: "addColumn", table: "movies", column: col({ name: "id" }), constraints: [] }]);
    expect(replacing.inline).toEqual([]);
  });

  it.each([
    [undefined, { always: true }],
    [{ always: true }, undefined],
    [{ always: false }, { always: true }],
    [
      { always: true, start: 1 },
      { always: true, start: 100 },
    ],
    [{ always: false, start: 5, increment: 2 }, { always: true }],
    [undefined, { always: false, increment: 10 }],
  ])("alters the identity from %o to %o", (from, to) => {
    const result = compare(tbl([col({ name: "id", identity: from })]), tbl([col({ name: "id", identity: to })]));
    expect(result.operations).toEqual([
      { kind: "alterColumn", table: "movies", column: "id", identity: { from: from ?? null, to: to ?? null } },
    ]);
    expect(result.manual).toEqual([]);
  });

  it("names the schema of a column note outside the default schema", () => {
    const from = { ...tbl([col({ name: "id", type: { kind: "serial" } })]), schema: "inventory" };
    const to = { ...tbl([col({ name: "id" })]), schema: "inventory" };
    expect(compare(from, to).manual.map((note) => note.subject)).toEqual(["inventory.movies.id"]);
    const publicFrom = { ...from, schema: "public" };
    const publicTo = { ...to, schema: "public" };
    expect(compare(publicFrom, publicTo).manual.map((note) => note.subject)).toEqual(["movies.id"]);
  });

  it("notes a column that stops being serial, and one that becomes serial", () => {
    const serial = col({ name: "id", type: { kind: "serial" } });
    const plain = col({ name: "id", type: { kind: "integer" } });
    const stops = compare(tbl([serial]), tbl([plain]));
    expect(stops.operations).toEqual([]);
    expect(stops.manual).toEqual([
      {
        subject: "movies.id",
        message:
          "is no longer serial; its sequence default stays until you drop it: op.alterColumn(table, column, { default: null }), then op.dropSequence(...).",
        dataLoss: false,
      },
    ]);
    const becomes = compare(tbl([plain]), tbl([serial]));
    expect(becomes.operations).toEqual([]);
    expect(becomes.manual).toEqual([
      {
        subject: "movies.id",
        message:
          "becomes serial; create its sequence and default by hand (op.createSequence(...) and op.alterColumn(table, column, { default: sql`nextval('…')` })), or use an identity column.",
        dataLoss: false,
      },
    ]);
  });

  it("gives one note per column, the identity change first", () => {
    const result = compare(tbl([col({ name: "id", type: { kind: "serial" } })]), tbl([col({ name: "id", identity: { always: true } })]));
    expect(result.manual).toHaveLength(1);
    expect(result.manual[0]?.message).toMatch(/^identity changes/);
  });

  it("alters a column's nullability and identity together", () => {
    const result = compare(
      tbl([col({ name: "id", nullable: true })]),
      tbl([col({ name: "id", nullable: false, identity: { always: false } })]),
    );
    expect(result.operations).toEqual([
      {
        kind: "alterColumn",
        table: "movies",
        column: "id",
        nullable: { from: true, to: false },
        identity: { from: null, to: { always: false } },
      },
    ]);
    expect(result.manual).toEqual([]);
  });

  it("finds nothing between any generated columns and their copies", () => {
    const types = fc.constantFrom<ColumnType>(
      { kind: "integer" },
      { kind: "serial" },
      { kind: "text" },
      { kind: "varchar", length: 20 },
      { kind: "enum", name: "genre" },
      { kind: "array", element: { kind: "text" }, dimensions: 1 },
      { kind: "custom", sql: "tsvector" },
    );
    const columns = fc.uniqueArray(
      fc.record(
        {
          name: fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/),
          type: types,
          nullable: fc.boolean(),
          default: fc.constantFrom(undefined, { kind: "literal", value: 0 } as const, { kind: "expression", sql: "now()" } as const),
          identity: fc.constantFrom(undefined, { always: true }, { always: false, start: 10 }),
          comment: fc.constantFrom(undefined, "note"),
        },
        { requiredKeys: ["name", "type", "nullable"] },
      ),
      { selector: (c) => c.name, maxLength: 6 },
    );
    fc.assert(
      fc.property(columns, (generated) => {
        const result = compare(tbl(generated), tbl(structuredClone(generated)));
        expect(result.operations).toEqual([]);
        expect(result.manual).toEqual([]);
      }),
    );
  });
});

describe("collations", () => {
  const text = (collation?: string): Column => col({ name: "code", type: { kind: "text" }, collation });

  it("finds nothing between equal collations", () => {
    expect(alterColumn(tbl([]), text("C"), text("C"), SETTINGS)).toBeUndefined();
    expect(alterColumn(tbl([]), text(), text(), SETTINGS)).toBeUndefined();
  });

  it("changes the collation, naming the column's type", () => {
    expect(alterColumn(tbl([]), text(), text("C"), SETTINGS)?.collation).toEqual({ from: null, to: "C", type: { kind: "text" } });
    expect(alterColumn(tbl([]), text("C"), text(), SETTINGS)?.collation).toEqual({ from: "C", to: null, type: { kind: "text" } });
  });

  it("states a kept collation again with a type change, which would reset it", () => {
    const from = col({ name: "code", type: { kind: "varchar", length: 5 }, collation: "C" });
    const op = alterColumn(tbl([]), from, text("C"), SETTINGS);
    expect(op?.type?.to).toEqual({ kind: "text" });
    expect(op?.collation).toEqual({ from: "C", to: "C", type: { kind: "text" } });
  });
});

describe("identity changes together with serial: a note with the op.alterColumn that makes it", () => {
  const serial = (identity?: Column["identity"]) => col({ name: "id", type: { kind: "serial" }, identity });
  const integer = (identity?: Column["identity"]) => col({ name: "id", type: { kind: "integer" }, identity });
  it.each([
    [
      serial(),
      integer({ always: true, start: 5, increment: 2 }),
      "stops being serial",
      "{ identity: { always: true, start: 5, increment: 2 }, existingIdentity: null }",
    ],
    [
      integer({ always: false, increment: 3 }),
      serial(),
      "becomes serial",
      "{ identity: null, existingIdentity: { always: false, increment: 3 } }",
    ],
    [
      serial({ always: false }),
      integer({ always: true, start: 10 }),
      "stops being serial",
      "{ identity: { always: true, start: 10 }, existingIdentity: { always: false } }",
    ],
    [
      serial({ always: true, start: 10, increment: 2 }),
      integer({ always: true }),
      "stops being serial",
      "{ identity: { always: true }, existingIdentity: { always: true, start: 10, increment: 2 } }",
    ],
  ])("from %o to %o", (from, to, serialChange, options) => {
    const result = compare(tbl([from]), tbl([to]));
    expect(result.manual).toEqual([
      {
        subject: "movies.id",
        message: `identity changes while the column ${serialChange}; write it by hand: the sequence default first, then op.alterColumn(table, column, ${options}).`,
        dataLoss: false,
      },
    ]);
  });
});

describe("generated columns", () => {
  const total = (generatedAs?: string): Column => col({ name: "total", generatedAs });
  const unique = { kind: "unique", name: "uq_total", columns: ["total"] } as const;

  it("finds nothing between equal expressions, spelled apart only by spacing and outer parentheses", () => {
    const result = compare(tbl([total("price * qty")]), tbl([total("(price*qty)")]));
    expect(result.operations).toEqual([]);
  });

  it("drops and adds a column whose expression changed, with its constraints both ways", () => {
    const from = tbl([total("price * qty")], { uniqueConstraints: [unique] });
    const to = tbl([total("price * qty * 2")], { uniqueConstraints: [unique] });
    const result = compare(from, to);
    expect(result.operations).toEqual([
      { kind: "dropColumn", table: "movies", name: "total", existing: { column: total("price * qty"), constraints: [unique] } },
      { kind: "addColumn", table: "movies", column: total("price * qty * 2"), constraints: [unique] },
    ]);
    expect(result.inline).toEqual(["uq_total"]);
    expect(result.manual).toEqual([]);
  });

  it("rebuilds a column that becomes generated, and notes one that stops being generated", () => {
    const becomes = compare(tbl([total()]), tbl([total("price * qty")]));
    expect(becomes.operations.map((op) => op.kind)).toEqual(["dropColumn", "addColumn"]);
    expect(becomes.manual).toEqual([]);
    const plain = compare(tbl([total("price * qty")]), tbl([total()]));
    expect(plain.operations.map((op) => op.kind)).toEqual(["dropColumn", "addColumn"]);
    expect(plain.manual).toEqual([
      {
        subject: "movies.total",
        message:
          'is no longer generated: it is dropped and added back empty; to keep its values, replace those two operations with op.execute("ALTER TABLE … ALTER COLUMN … DROP EXPRESSION").',
        dataLoss: false,
      },
    ]);
  });

  it("keeps a primary key on a rebuilt generated column out of the drop and the add (the key comparison owns it)", () => {
    const pk = { kind: "primaryKey", name: "movies_pkey", columns: ["total"] } as const;
    const from = tbl([total("price * qty")], { primaryKey: pk, uniqueConstraints: [unique] });
    const to = tbl([total("price * qty * 2")], { primaryKey: pk, uniqueConstraints: [unique] });
    const result = compare(from, to);
    expect(result.operations).toEqual([
      { kind: "dropColumn", table: "movies", name: "total", existing: { column: total("price * qty"), constraints: [unique] } },
      { kind: "addColumn", table: "movies", column: total("price * qty * 2"), constraints: [unique] },
    ]);
    expect(result.inline).toEqual(["uq_total"]);
  });
});
