import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Index, Table } from "../../schema/model.js";
import type { EqualityOptions } from "./equality.js";
import { compareIndexes } from "./indexes.js";

const ALL: EqualityOptions = { compareTypes: true, compareDefaults: true, compareExpressions: true };

function ix(name: string, extra: Partial<Index> = {}): Index {
  return { name, elements: [{ kind: "column", name: "title" }], unique: false, ...extra };
}

function tbl(indexes: readonly Index[], extra: Partial<Table> = {}): Table {
  return { name: "movies", columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes, ...extra };
}

describe("compareIndexes", () => {
  it("finds no operations and no notes between equal tables", () => {
    const indexes = [
      ix("ix_title"),
      ix("ix_lower", { elements: [{ kind: "expression", sql: "lower(title)" }], where: "year > 2000", unique: true }),
    ];
    const result = compareIndexes(tbl(indexes), tbl(structuredClone(indexes)), ALL);
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("creates an added index and drops a removed one, recording it", () => {
    const result = compareIndexes(tbl([ix("ix_old", { elements: [{ kind: "column", name: "year" }] })]), tbl([ix("ix_new")]), ALL);
    expect(result.operations).toEqual([
      { kind: "dropIndex", name: "ix_old", table: "movies", existing: ix("ix_old", { elements: [{ kind: "column", name: "year" }] }) },
      { kind: "createIndex", table: "movies", index: ix("ix_new") },
    ]);
    expect(result.manual).toEqual([]);
  });

  it.each<[string, Partial<Index>]>([
    ["uniqueness", { unique: true }],
    ["method", { method: "hash" }],
    ["predicate", { where: "year > 2000" }],
    ["included columns", { include: ["year"] }],
    ["element", { elements: [{ kind: "column", name: "year" }] }],
    ["element order", { elements: [{ kind: "column", name: "title", order: "desc" }] }],
    ["element nulls", { elements: [{ kind: "column", name: "title", nulls: "first" }] }],
    ["element operator class", { elements: [{ kind: "column", name: "title", opclass: "text_pattern_ops" }] }],
    ["expression", { elements: [{ kind: "expression", sql: "lower(title)" }] }],
    [
      "element count",
      {
        elements: [
          { kind: "column", name: "title" },
          { kind: "column", name: "year" },
        ],
      },
    ],
  ])("drops and creates an index whose %s changed", (_, change) => {
    const result = compareIndexes(tbl([ix("ix_title")]), tbl([ix("ix_title", change)]), ALL);
    expect(result.operations).toEqual([
      { kind: "dropIndex", name: "ix_title", table: "movies", existing: ix("ix_title") },
      { kind: "createIndex", table: "movies", index: ix("ix_title", change) },
    ]);
  });

  it("leaves an index alone that is only renamed", () => {
    expect(compareIndexes(tbl([ix("ix_a")]), tbl([ix("ix_b")]), ALL).operations).toEqual([]);
  });

  it("pairs each renamed index with one twin only", () => {
    expect(compareIndexes(tbl([ix("a")]), tbl([ix("b"), ix("c")]), ALL).operations).toEqual([
      { kind: "createIndex", table: "movies", index: ix("c") },
    ]);
    expect(compareIndexes(tbl([ix("a"), ix("a2")]), tbl([ix("b"), ix("c")]), ALL).operations).toEqual([]);
    expect(compareIndexes(tbl([ix("a"), ix("a2")]), tbl([ix("b")]), ALL).operations).toEqual([
      { kind: "dropIndex", name: "a2", table: "movies", existing: ix("a2") },
    ]);
  });

  it("does not take an index matched by name as a renamed one", () => {
    const from = tbl([ix("x")]);
    const to = tbl([ix("x", { unique: true }), ix("y")]);
    expect(compareIndexes(from, to, ALL).operations).toEqual([
      { kind: "dropIndex", name: "x", table: "movies", existing: ix("x") },
      { kind: "createIndex", table: "movies", index: ix("x", { unique: true }) },
      { kind: "createIndex", table: "movies", index: ix("y") },
    ]);
  });

  it("does not pair a renamed index with one matched by name", () => {
    const from = tbl([ix("a"), ix("b", { unique: true })]);
    const to = tbl([ix("b")]);
    expect(compareIndexes(from, to, ALL).operations).toEqual([
      { kind: "dropIndex", name: "a", table: "movies", existing: ix("a") },
      { kind: "dropIndex", name: "b", table: "movies", existing: ix("b", { unique: true }) },
      { kind: "createIndex", table: "movies", index: ix("b") },
    ]);
  });

  it("drops under the table's original name with the index as it was, and creates on the new table", () => {
    const original = tbl([ix("ix_title", { elements: [{ kind: "column", name: "name" }] })], { name: "films" });
    const result = compareIndexes(tbl([ix("ix_title")]), tbl([ix("ix_title", { unique: true })]), ALL, original);
    expect(result.operations).toEqual([
      { kind: "dropIndex", name: "ix_title", table: "films", existing: ix("ix_title", { elements: [{ kind: "column", name: "name" }] }) },
      { kind: "createIndex", table: "movies", index: ix("ix_title", { unique: true }) },
    ]);
  });

  it("records the index as the renamed table has it when the original lacks it", () => {
    const result = compareIndexes(tbl([ix("ix_title")]), tbl([]), ALL, tbl([], { name: "films" }));
    expect(result.operations).toEqual([{ kind: "dropIndex", name: "ix_title", table: "films", existing: ix("ix_title") }]);
  });

  it("names a schema outside the default one, and leaves the default one out", () => {
    const archived = compareIndexes(tbl([ix("a", { unique: true })], { schema: "archive" }), tbl([ix("a")], { schema: "archive" }), ALL);
    expect(archived.operations).toEqual([
      { kind: "dropIndex", name: "a", table: "movies", schema: "archive", existing: ix("a", { unique: true }) },
      { kind: "createIndex", table: "movies", schema: "archive", index: ix("a") },
    ]);
    const inPublic = compareIndexes(tbl([ix("a", { unique: true })], { schema: "public" }), tbl([ix("a")], { schema: "public" }), ALL);
    expect(inPublic.operations).toHaveLength(2);
    for (const op of inPublic.operations) expect(op).toHaveProperty("schema", undefined);
  });

  it("ignores expressions and predicates when expression comparison is off", () => {
    const from = tbl([ix("a", { elements: [{ kind: "expression", sql: "lower(title)" }], where: "x > 0" })]);
    const to = tbl([ix("a", { elements: [{ kind: "expression", sql: "upper(title)" }], where: "x >= 0" })]);
    expect(compareIndexes(from, to, { ...ALL, compareExpressions: false }).operations).toEqual([]);
    expect(compareIndexes(from, to, ALL).operations.map((op) => op.kind)).toEqual(["dropIndex", "createIndex"]);
  });

  it("finds nothing between any generated indexes and their copies", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const indexes = fc.uniqueArray(
      fc.record({
        name,
        elements: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant("column" as const), name, order: fc.constantFrom(undefined, "desc" as const) }),
            fc.record({ kind: fc.constant("expression" as const), sql: name.map((n) => `lower(${n})`) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        unique: fc.boolean(),
        method: fc.constantFrom(undefined, "gin"),
        where: fc.constantFrom(undefined, "x IS NULL"),
      }),
      { selector: (index) => index.name, maxLength: 5 },
    );
    fc.assert(
      fc.property(indexes, (generated) => {
        const result = compareIndexes(tbl(generated), tbl(structuredClone(generated)), ALL);
        expect(result.operations).toEqual([]);
        expect(result.manual).toEqual([]);
      }),
    );
  });
});

describe("NULLS NOT DISTINCT", () => {
  it("recreates a unique index whose NULLS NOT DISTINCT changed, and leaves an equal one", () => {
    const distinct = ix("ix_title", { unique: true });
    const notDistinct = ix("ix_title", { unique: true, nullsNotDistinct: true });
    expect(compareIndexes(tbl([notDistinct]), tbl([structuredClone(notDistinct)]), ALL).operations).toEqual([]);
    const result = compareIndexes(tbl([distinct]), tbl([notDistinct]), ALL);
    expect(result.operations.map((op) => op.kind)).toEqual(["dropIndex", "createIndex"]);
    expect(result.operations[1]).toMatchObject({ kind: "createIndex", index: notDistinct });
  });
});
