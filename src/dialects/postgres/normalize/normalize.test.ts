import { describe, expect, test } from "vitest";
import type { Column, Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { canonicalName, normalizeSnapshot, sequenceWithoutDefaults } from "./index.js";

function tableOf(name: string, columns: readonly Column[], extra: Partial<Table> = {}): Table {
  return { name, columns, uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [], ...extra };
}

function snapshotOf(tables: readonly Table[], extra: Partial<SchemaSnapshot> = {}): SchemaSnapshot {
  return { tables, enums: [], sequences: [], schemas: [], ...extra };
}

describe("normalizeSnapshot", () => {
  test("an integer with nextval of its own unlisted sequence is serial; of a listed sequence it stays", () => {
    const input = snapshotOf(
      [
        tableOf("t", [
          { name: "id", type: { kind: "integer" }, nullable: false, default: { kind: "expression", sql: "nextval('t_id_seq'::regclass)" } },
          { name: "big", type: { kind: "bigint" }, nullable: false, default: { kind: "expression", sql: "nextval('public.t_big_seq')" } },
          { name: "n", type: { kind: "integer" }, nullable: false, default: { kind: "expression", sql: "nextval('numbers'::regclass)" } },
          { name: "m", type: { kind: "integer" }, nullable: false, default: { kind: "expression", sql: "nextval('t_m_seq'::regclass)" } },
        ]),
      ],
      {
        sequences: [
          { kind: "sequence", name: "numbers" },
          { kind: "sequence", name: "t_m_seq" },
        ],
      },
    );
    expect(normalizeSnapshot(input).tables[0]!.columns).toStrictEqual([
      { name: "id", type: { kind: "serial" }, nullable: false },
      { name: "big", type: { kind: "bigserial" }, nullable: false },
      { name: "n", type: { kind: "integer" }, nullable: false, default: { kind: "expression", sql: "nextval('numbers')" } },
      { name: "m", type: { kind: "integer" }, nullable: false, default: { kind: "expression", sql: "nextval('t_m_seq')" } },
    ]);
  });

  test("custom text naming an enum of the snapshot is that enum; public is no schema", () => {
    const input = snapshotOf(
      [
        tableOf("t", [
          { name: "a", type: { kind: "custom", sql: "mood" }, nullable: true },
          { name: "b", type: { kind: "array", element: { kind: "custom", sql: "app.kind" }, dimensions: 1 }, nullable: true },
          { name: "c", type: { kind: "enum", name: "mood", schema: "public" }, nullable: true },
          { name: "d", type: { kind: "custom", sql: "citext" }, nullable: true },
        ]),
      ],
      {
        enums: [
          { kind: "enumType", name: "mood", schema: "public", values: ["a"] },
          { kind: "enumType", name: "kind", schema: "app", values: ["x"] },
        ],
        schemas: ["public", "app", "app"],
      },
    );
    const out = normalizeSnapshot(input);
    expect(out.tables[0]!.columns.map((c) => c.type)).toStrictEqual([
      { kind: "enum", name: "mood" },
      { kind: "array", element: { kind: "enum", name: "kind", schema: "app" }, dimensions: 1 },
      { kind: "enum", name: "mood" },
      { kind: "custom", sql: "citext" },
    ]);
    expect(out.enums).toStrictEqual([
      { kind: "enumType", name: "kind", schema: "app", values: ["x"] },
      { kind: "enumType", name: "mood", values: ["a"] },
    ]);
    expect(out.schemas).toStrictEqual(["app"]);
  });

  test("constraints, indexes and tables are sorted; schema public is absent; names are cut to 63 bytes", () => {
    const long = "x".repeat(70);
    const input = snapshotOf([
      tableOf("b", [{ name: "id", type: { kind: "integer" }, nullable: false }], { schema: "public" }),
      tableOf("a", [{ name: "id", type: { kind: "integer" }, nullable: false }], {
        schema: "zeta",
        checkConstraints: [
          { kind: "check", name: "z", expression: "(id > 0)" },
          { kind: "check", name: long, expression: "id < 10" },
        ],
        foreignKeys: [
          { kind: "foreignKey", name: "fk", columns: ["id"], referredTable: "b", referredSchema: "public", referredColumns: ["id"] },
        ],
      }),
      tableOf("a", [{ name: "id", type: { kind: "integer" }, nullable: false }]),
    ]);
    const out = normalizeSnapshot(input);
    expect(out.tables.map((t) => [t.schema, t.name])).toStrictEqual([
      [undefined, "a"],
      [undefined, "b"],
      ["zeta", "a"],
    ]);
    expect(out.tables[2]!.checkConstraints).toStrictEqual([
      { kind: "check", name: "x".repeat(63), expression: "id < 10" },
      { kind: "check", name: "z", expression: "id > 0" },
    ]);
    expect(out.tables[2]!.foreignKeys[0]).toStrictEqual({
      kind: "foreignKey",
      name: "fk",
      columns: ["id"],
      referredTable: "b",
      referredColumns: ["id"],
    });
  });

  test("indexes: default method, ordering, NULLS and operator classes left out; a bare column expression is the column", () => {
    const input = snapshotOf([
      tableOf(
        "t",
        [
          { name: "id", type: { kind: "integer" }, nullable: false },
          { name: "title", type: { kind: "varchar", length: 20 }, nullable: true },
          { name: "doc", type: { kind: "jsonb" }, nullable: true },
        ],
        {
          indexes: [
            {
              name: "ix_b",
              unique: false,
              method: "BTREE",
              include: [],
              where: "(title IS NOT NULL)",
              elements: [
                { kind: "column", name: "id", opclass: "int4_ops", order: "asc", nulls: "last" },
                { kind: "column", name: "title", opclass: "pg_catalog.varchar_pattern_ops", order: "desc", nulls: "first" },
                { kind: "expression", sql: '"title"' },
                { kind: "expression", sql: "lower((title)::text)" },
              ],
            },
            { name: "ix_a", unique: true, method: "gin", elements: [{ kind: "column", name: "doc", opclass: "jsonb_ops" }] },
          ],
        },
      ),
    ]);
    expect(normalizeSnapshot(input).tables[0]!.indexes).toStrictEqual([
      { name: "ix_a", unique: true, method: "gin", elements: [{ kind: "column", name: "doc" }] },
      {
        name: "ix_b",
        unique: false,
        where: "title IS NOT NULL",
        elements: [
          { kind: "column", name: "id" },
          { kind: "column", name: "title", opclass: "varchar_pattern_ops", order: "desc" },
          { kind: "column", name: "title" },
          { kind: "expression", sql: "lower(title)" },
        ],
      },
    ]);
  });

  test("identity options: defaults of the column's type and direction are left out, the rest kept", () => {
    const input = snapshotOf([
      tableOf("t", [
        {
          name: "a",
          type: { kind: "smallint" },
          nullable: false,
          identity: { always: true, start: -1, increment: -1, minValue: -32768, maxValue: -1, cache: 1, cycle: false },
        },
        {
          name: "b",
          type: { kind: "integer" },
          nullable: false,
          identity: { always: true, start: 10, minValue: 10, maxValue: 2147483647 },
        },
        { name: "c", type: { kind: "bigint" }, nullable: false, identity: { always: false, maxValue: 2147483647, cache: 5, cycle: true } },
      ]),
    ]);
    expect(normalizeSnapshot(input).tables[0]?.columns.map((c) => c.identity)).toStrictEqual([
      { always: true, increment: -1 },
      { always: true, minValue: 10 },
      { always: false, maxValue: 2147483647, cache: 5, cycle: true },
    ]);
  });

  test("identity and sequence options equal to PostgreSQL's defaults are left out; empty comments are none", () => {
    const input = snapshotOf(
      [
        tableOf(
          "t",
          [
            { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: true, start: 1, increment: 1 }, comment: "" },
            { name: "n", type: { kind: "integer" }, nullable: false, identity: { always: false, start: 100, increment: 10 } },
          ],
          { comment: "" },
        ),
      ],
      {
        sequences: [
          {
            kind: "sequence",
            name: "s",
            schema: "public",
            dataType: "bigint",
            start: 1,
            increment: 1,
            minValue: 1,
            maxValue: 2 ** 63 - 1,
            cache: 1,
            cycle: false,
          },
          { kind: "sequence", name: "down", dataType: "integer", increment: -1, minValue: -2147483648, maxValue: -1, start: -1 },
          { kind: "sequence", name: "r", dataType: "smallint", start: 5, maxValue: 100, cycle: true },
        ],
      },
    );
    const out = normalizeSnapshot(input);
    expect(out.tables[0]).toStrictEqual(
      tableOf("t", [
        { name: "id", type: { kind: "bigint" }, nullable: false, identity: { always: true } },
        { name: "n", type: { kind: "integer" }, nullable: false, identity: { always: false, start: 100, increment: 10 } },
      ]),
    );
    expect(out.sequences).toStrictEqual([
      { kind: "sequence", name: "down", dataType: "integer", increment: -1 },
      { kind: "sequence", name: "r", dataType: "smallint", start: 5, maxValue: 100, cycle: true },
      { kind: "sequence", name: "s" },
    ]);
  });

  test("pure: the input is not changed, the output is frozen, and normalising twice changes nothing", () => {
    const input = snapshotOf([
      tableOf("t", [
        { name: "c", type: { kind: "custom", sql: "int4" }, nullable: true, default: { kind: "expression", sql: "'1'::integer" } },
      ]),
    ]);
    const copy = structuredClone(input);
    const once = normalizeSnapshot(input);
    expect(input).toStrictEqual(copy);
    expect(Object.isFrozen(once.tables[0]!.columns[0])).toBe(true);
    expect(once.tables[0]!.columns[0]).toStrictEqual({
      name: "c",
      type: { kind: "integer" },
      nullable: true,
      default: { kind: "literal", value: 1 },
    });
    expect(normalizeSnapshot(once)).toStrictEqual(once);
  });

  test("sequenceWithoutDefaults and canonicalName", () => {
    expect(sequenceWithoutDefaults({ kind: "sequence", name: "s", increment: 2, start: 1, minValue: 1 })).toStrictEqual({
      kind: "sequence",
      name: "s",
      increment: 2,
    });
    expect(canonicalName("é".repeat(40))).toBe("é".repeat(31));
  });
});
