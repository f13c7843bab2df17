import { describe, expect, test } from "vitest";
import type { ColumnRow, ConstraintRow, IndexRow, SequenceRow } from "./queries.js";
import { buildTables, checkExpression, exclusionOf } from "./tables.js";

function column(name: string, type: string, extra: Partial<ColumnRow> = {}): ColumnRow {
  return {
    schema: "public",
    table: "t",
    table_comment: null,
    column: name,
    not_null: false,
    identity: "",
    generated: "",
    formatted: type,
    typmod: -1,
    ndims: 0,
    type_name: type,
    type_schema: "pg_catalog",
    type_type: "b",
    is_array: false,
    element_name: null,
    element_schema: null,
    element_type: null,
    element_formatted: null,
    default: null,
    column_comment: null,
    collation: null,
    ...extra,
  };
}

function sequence(name: string, extra: Partial<SequenceRow>): SequenceRow {
  return {
    schema: "public",
    name,
    regclass: name,
    data_type: "integer",
    start: "1",
    increment: "1",
    min: "1",
    max: "2147483647",
    cache: "1",
    cycle: false,
    owner_kind: null,
    owner_schema: null,
    owner_table: null,
    owner_column: null,
    ...extra,
  };
}

const constraint = (name: string, type: ConstraintRow["type"], extra: Partial<ConstraintRow>): ConstraintRow => ({
  schema: "public",
  table: "t",
  name,
  type,
  columns: [],
  referred_schema: null,
  referred_table: null,
  referred_columns: null,
  on_delete: "a",
  on_update: "a",
  deferrable: false,
  deferred: false,
  definition: null,
  nulls_not_distinct: false,
  exclusion_index: null,
  exclusion_operators: null,
  ...extra,
});

describe("buildTables", () => {
  const serialSequence = sequence("t_id_seq", { owner_kind: "a", owner_schema: "public", owner_table: "t", owner_column: "id" });
  const identitySequence = sequence("t_n_seq", {
    owner_kind: "i",
    owner_schema: "public",
    owner_table: "t",
    owner_column: "n",
    start: "100",
    increment: "10",
  });
  const rows = {
    columns: [
      column("id", "int4", { not_null: true, default: "nextval('t_id_seq'::regclass)" }),
      column("n", "int4", { not_null: true, identity: "d" }),
      column("other", "int8", { default: "nextval('t_id_seq'::regclass)" }),
      column("label", "varchar", { typmod: 24, default: "'x'::character varying", column_comment: "a label" }),
      column("total", "numeric", { generated: "s", default: "(n * 2)" }),
      column("code", "text", { collation: "C" }),
      { ...column("x", "int4"), table: "u", table_comment: "second" },
      { ...column("ignored", "int4"), table: "skip" },
    ],
    constraints: [
      constraint("t_pkey", "p", { columns: ["id"] }),
      constraint("t_check", "c", { definition: "CHECK (n > 0) NOT VALID" }),
      constraint("t_fk", "f", {
        columns: ["n"],
        referred_schema: "public",
        referred_table: "u",
        referred_columns: ["x"],
        on_delete: "c",
        on_update: "n",
        deferrable: true,
        deferred: true,
      }),
      constraint("t_label_key", "u", { columns: ["label"], deferrable: true }),
      constraint("t_n_key", "u", { columns: ["n"], nulls_not_distinct: true }),
    ],
    indexes: [
      {
        schema: "public",
        table: "t",
        name: "ix",
        unique: false,
        method: "btree",
        key_count: 3,
        columns: ["label", null, "n", "other"],
        definitions: ["label", "lower((label)::text)", "n", "other"],
        opclasses: ["varchar_pattern_ops", null, null],
        options: [3, 0, 2],
        predicate: "n > 0",
        nulls_not_distinct: false,
      } satisfies IndexRow,
      {
        schema: "public",
        table: "t",
        name: "ix_nnd",
        unique: true,
        method: "btree",
        key_count: 1,
        columns: ["code"],
        definitions: ["code"],
        opclasses: [null],
        options: [0],
        predicate: null,
        nulls_not_distinct: true,
      } satisfies IndexRow,
    ],
    sequences: [serialSequence, identitySequence],
  };
  const { tables, serialSequences } = buildTables(rows, (_schema, table) => table !== "skip");

  test("columns: serial detected only for the owning column, identity options, literal defaults, other defaults in the database's text, generated expressions, collations", () => {
    expect(tables.map((t) => t.name)).toStrictEqual(["t", "u"]);
    expect(tables[0]!.columns).toStrictEqual([
      { name: "id", type: { kind: "serial" }, nullable: false },
      { name: "n", type: { kind: "integer" }, nullable: false, identity: { always: false, start: 100, increment: 10 } },
      { name: "other", type: { kind: "bigint" }, nullable: true, default: { kind: "expression", sql: "nextval('t_id_seq'::regclass)" } },
      {
        name: "label",
        type: { kind: "varchar", length: 20 },
        nullable: true,
        default: { kind: "literal", value: "x" },
        comment: "a label",
      },
      { name: "total", type: { kind: "numeric" }, nullable: true, generatedAs: "(n * 2)" },
      { name: "code", type: { kind: "text" }, nullable: true, collation: "C" },
    ]);
    expect([...serialSequences]).toStrictEqual([serialSequence]);
    expect(tables[1]!.comment).toBe("second");
  });

  test("constraints by kind", () => {
    const t = tables[0]!;
    expect(t.primaryKey).toStrictEqual({ kind: "primaryKey", name: "t_pkey", columns: ["id"] });
    expect(t.checkConstraints).toStrictEqual([{ kind: "check", name: "t_check", expression: "n > 0" }]);
    expect(t.uniqueConstraints).toStrictEqual([
      { kind: "unique", name: "t_label_key", columns: ["label"], deferrable: "immediate" },
      { kind: "unique", name: "t_n_key", columns: ["n"], nullsNotDistinct: true },
    ]);
    expect(t.foreignKeys).toStrictEqual([
      {
        kind: "foreignKey",
        name: "t_fk",
        columns: ["n"],
        referredTable: "u",
        referredColumns: ["x"],
        onDelete: "cascade",
        onUpdate: "set null",
        deferrable: "deferred",
      },
    ]);
  });

  test("indexes: expressions, operator classes, DESC / NULLS bits, included columns, predicate, NULLS NOT DISTINCT", () => {
    expect(tables[0]!.indexes).toStrictEqual([
      {
        name: "ix",
        unique: false,
        where: "n > 0",
        include: ["other"],
        elements: [
          { kind: "column", name: "label", opclass: "varchar_pattern_ops", order: "desc" },
          { kind: "expression", sql: "lower((label)::text)" },
          { kind: "column", name: "n", nulls: "first" },
        ],
      },
      { name: "ix_nnd", unique: true, nullsNotDistinct: true, elements: [{ kind: "column", name: "code" }] },
    ]);
  });
});

describe("checkExpression", () => {
  test.each([
    ["CHECK (price > 0::numeric)", "price > 0::numeric"],
    ["CHECK ((a > 0) AND (b = ')'::text)) NOT VALID", "(a > 0) AND (b = ')'::text)"],
    ["CHECK (x <> '('::text) NO INHERIT", "x <> '('::text"],
  ])("%s", (definition, expression) => {
    expect(checkExpression(definition)).toBe(expression);
  });
});

describe("exclusionOf", () => {
  test("the constraint's index elements with their operators, method, predicate and deferrability", () => {
    const row = constraint("ex_bookings", "x", {
      deferrable: true,
      deferred: true,
      exclusion_operators: ["=", "&&"],
      exclusion_index: {
        schema: "public",
        table: "t",
        name: "ex_bookings",
        unique: false,
        method: "gist",
        key_count: 2,
        columns: [null, "during"],
        definitions: ["lower(room)", "during"],
        opclasses: [null, "range_ops"],
        options: [0, 0],
        predicate: "NOT cancelled",
        nulls_not_distinct: false,
      },
    });
    expect(exclusionOf(row)).toStrictEqual({
      kind: "exclude",
      name: "ex_bookings",
      method: "gist",
      elements: [
        { kind: "expression", sql: "lower(room)", operator: "=" },
        { kind: "column", name: "during", opclass: "range_ops", operator: "&&" },
      ],
      where: "NOT cancelled",
      deferrable: "deferred",
    });
    const { tables } = buildTables({ columns: [column("during", "tsrange")], constraints: [row], indexes: [], sequences: [] }, () => true);
    expect(tables[0]!.exclusionConstraints?.map((c) => c.name)).toStrictEqual(["ex_bookings"]);
  });
});
