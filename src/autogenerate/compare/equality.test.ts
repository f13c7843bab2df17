import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Column, ColumnType, ForeignKey, Index, IndexElement } from "../../schema/model.js";
import {
  DEFAULT_EQUALITY,
  deepEqual,
  type EqualityOptions,
  normalizeSqlText,
  sameColumnDefinition,
  sameDefault,
  sameForeignKey,
  sameIndex,
  sameSql,
  sameType,
  withoutSerial,
} from "./equality.js";

const ALL: EqualityOptions = { compareTypes: true, compareDefaults: true, compareExpressions: true };
const NO_EXPRESSIONS: EqualityOptions = { ...ALL, compareExpressions: false };

const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const action = fc.constantFrom("cascade", "restrict", "set null", "set default", undefined);
const deferrable = fc.constantFrom("immediate", "deferred", undefined);

const foreignKeys: fc.Arbitrary<ForeignKey> = fc.record({
  kind: fc.constant("foreignKey" as const),
  name: identifier,
  columns: fc.array(identifier, { minLength: 1, maxLength: 3 }),
  referredTable: identifier,
  referredSchema: fc.constantFrom(undefined, "public", "inventory"),
  referredColumns: fc.array(identifier, { minLength: 1, maxLength: 3 }),
  onDelete: action,
  onUpdate: action,
  deferrable,
});

const elements: fc.Arbitrary<IndexElement> = fc.oneof(
  fc.record({
    kind: fc.constant("column" as const),
    name: identifier,
    opclass: fc.constantFrom(undefined, "text_pattern_ops"),
    order: fc.constantFrom(undefined, "asc" as const, "desc" as const),
    nulls: fc.constantFrom(undefined, "first" as const, "last" as const),
  }),
  fc.record({
    kind: fc.constant("expression" as const),
    sql: identifier.map((name) => `lower(${name})`),
    opclass: fc.constantFrom(undefined, "text_pattern_ops"),
    order: fc.constantFrom(undefined, "asc" as const, "desc" as const),
    nulls: fc.constantFrom(undefined, "first" as const, "last" as const),
  }),
);

const indexes: fc.Arbitrary<Index> = fc.record({
  name: identifier,
  elements: fc.array(elements, { minLength: 1, maxLength: 3 }),
  unique: fc.boolean(),
  method: fc.constantFrom(undefined, "btree", "gin", "hash"),
  where: fc.constantFrom(undefined, "deleted_at IS NULL", "price > 0"),
  include: fc.constantFrom(undefined, [], ["a"], ["a", "b"]),
});

function fk(overrides: Partial<ForeignKey> = {}): ForeignKey {
  return {
    kind: "foreignKey",
    name: "fk_director",
    columns: ["director_id"],
    referredTable: "directors",
    referredColumns: ["id"],
    ...overrides,
  };
}

function ix(overrides: Partial<Index> = {}): Index {
  return { name: "ix_title", elements: [{ kind: "column", name: "title" }], unique: false, ...overrides };
}

function col(overrides: Partial<Column> = {}): Column {
  return { name: "id", type: { kind: "integer" }, nullable: false, ...overrides };
}

describe("deepEqual", () => {
  it.each([
    ["the same primitive", 1, 1, true],
    ["different primitives", 1, 2, false],
    ["a bigint and the equal number", 1n, 1, true],
    ["a number and the equal bigint", 1, 1n, true],
    ["two equal bigints", 5n, 5n, true],
    ["a bigint and another number", 1n, 2, false],
    ["a bigint and a fraction", 1n, 1.5, false],
    ["a fraction and a bigint", 1.5, 1n, false],
    ["a bigint and an integral float", 2n, 2.0, true],
    ["a bigint and a string", 1n, "1", false],
    ["a string and a bigint", "1", 1n, false],
    ["null and an object", null, {}, false],
    ["an object and null", {}, null, false],
    ["an object and a string", {}, "x", false],
    ["an array and an object", [], {}, false],
    ["an object and an array", {}, [], false],
    ["equal arrays", [1, [2]], [1, [2]], true],
    ["arrays of different lengths", [1], [1, 2], false],
    ["arrays with a different item", [1, 2], [1, 3], false],
    ["an undefined property and an absent one", { a: 1, b: undefined }, { a: 1 }, true],
    ["an absent property and an undefined one", { a: 1 }, { a: 1, b: undefined }, true],
    ["a property only on the left", { a: 1, b: 2 }, { a: 1 }, false],
    ["a property only on the right", { a: 1 }, { a: 1, b: 2 }, false],
    ["nested objects that differ", { a: { b: 1 } }, { a: { b: 2 } }, false],
    ["nested objects that agree", { a: { b: [1] } }, { a: { b: [1] } }, true],
  ])("%s: %s", (_, a, b, expected) => {
    expect(deepEqual(a, b)).toBe(expected);
  });

  it("is reflexive on structured copies", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(deepEqual(value, structuredClone(value))).toBe(true);
      }),
    );
  });
});

describe("normalizeSqlText", () => {
  it.each([
    ["  price >= 0  ", "price>=0"],
    ["a\n\t  b", "a b"],
    ["f( a , b )", "f(a,b)"],
    ["a  +  b - c * d / e", "a+b-c*d/e"],
    ["a < b", "a<b"],
    ["a > b", "a>b"],
    ["a = b", "a=b"],
    ["(price > 0)", "price>0"],
    ["((price > 0))", "price>0"],
    [" ( x ) ", "x"],
    ["(a) + (b)", "(a)+(b)"],
    ["(a)(b)", "(a)(b)"],
    ["('(')", "'('"],
    ["(')')", "')'"],
    ['("a(b")', '"a(b"'],
    ["lower(title)", "lower(title)"],
    ["(x", "(x"],
    ["((x)", "((x)"],
    ["(a))", "(a))"],
  ])("%j becomes %j", (input, expected) => {
    expect(normalizeSqlText(input)).toBe(expected);
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("(", ")", " ", "a", "'", ",", "=", "\n") }), (text) => {
        const once = normalizeSqlText(text);
        expect(normalizeSqlText(once)).toBe(once);
      }),
    );
  });
});

describe("sameSql", () => {
  it.each([
    [undefined, undefined, ALL, true],
    [undefined, "x", ALL, false],
    ["x", undefined, ALL, false],
    [undefined, "x", NO_EXPRESSIONS, false],
    ["(price > 0)", "price  >  0", ALL, true],
    ["price > 0", "price >= 0", ALL, false],
    ["price > 0", "price >= 0", NO_EXPRESSIONS, true],
  ] as const)("%j and %j (%o): %s", (a, b, options, expected) => {
    expect(sameSql(a, b, options)).toBe(expected);
  });
});

describe("sameType", () => {
  it.each<[string, ColumnType, ColumnType, boolean]>([
    ["the same scalar", { kind: "integer" }, { kind: "integer" }, true],
    ["different scalars", { kind: "integer" }, { kind: "bigint" }, false],
    ["varchar lengths", { kind: "varchar", length: 10 }, { kind: "varchar", length: 20 }, false],
    ["varchar with and without a length", { kind: "varchar", length: 10 }, { kind: "varchar" }, false],
    ["numeric precisions", { kind: "numeric", precision: 10, scale: 2 }, { kind: "numeric", precision: 12, scale: 2 }, false],
    ["numeric scales", { kind: "numeric", precision: 10, scale: 2 }, { kind: "numeric", precision: 10, scale: 3 }, false],
    ["time zones", { kind: "timestamp", withTimeZone: true }, { kind: "timestamp", withTimeZone: false }, false],
    ["time precisions", { kind: "time", withTimeZone: false, precision: 3 }, { kind: "time", withTimeZone: false }, false],
    [
      "an enum with and without the default schema",
      { kind: "enum", name: "genre" },
      { kind: "enum", name: "genre", schema: "public" },
      true,
    ],
    ["the default schema and no schema", { kind: "enum", name: "genre", schema: "public" }, { kind: "enum", name: "genre" }, true],
    ["enums in different schemas", { kind: "enum", name: "genre" }, { kind: "enum", name: "genre", schema: "catalog" }, false],
    ["enums of different names", { kind: "enum", name: "genre" }, { kind: "enum", name: "mood" }, false],
    ["an enum and text", { kind: "enum", name: "genre" }, { kind: "text" }, false],
    ["text and an enum", { kind: "text" }, { kind: "enum", name: "genre" }, false],
    [
      "arrays of enums with and without the default schema",
      { kind: "array", element: { kind: "enum", name: "genre" }, dimensions: 1 },
      { kind: "array", element: { kind: "enum", name: "genre", schema: "public" }, dimensions: 1 },
      true,
    ],
    [
      "arrays of different dimensions",
      { kind: "array", element: { kind: "text" }, dimensions: 1 },
      { kind: "array", element: { kind: "text" }, dimensions: 2 },
      false,
    ],
    [
      "arrays of different elements",
      { kind: "array", element: { kind: "text" }, dimensions: 1 },
      { kind: "array", element: { kind: "integer" }, dimensions: 1 },
      false,
    ],
    ["an array and its element", { kind: "array", element: { kind: "text" }, dimensions: 1 }, { kind: "text" }, false],
    ["its element and an array", { kind: "text" }, { kind: "array", element: { kind: "text" }, dimensions: 1 }, false],
    [
      "custom types in other case and spacing",
      { kind: "custom", sql: "geometry(Point, 4326)" },
      { kind: "custom", sql: "GEOMETRY(point,4326)" },
      true,
    ],
    ["different custom types", { kind: "custom", sql: "tsvector" }, { kind: "custom", sql: "citext" }, false],
    ["a custom type and text", { kind: "custom", sql: "text" }, { kind: "text" }, false],
    ["text and a custom type", { kind: "text" }, { kind: "custom", sql: "text" }, false],
  ])("%s: %s", (_, a, b, expected) => {
    expect(sameType(a, b)).toBe(expected);
    expect(sameType(b, a)).toBe(expected);
  });
});

describe("sameDefault", () => {
  it.each([
    ["both absent", undefined, undefined, true],
    ["absent and present", undefined, { kind: "literal", value: 0 }, false],
    ["present and absent", { kind: "literal", value: 0 }, undefined, false],
    ["equal literals", { kind: "literal", value: "draft" }, { kind: "literal", value: "draft" }, true],
    ["different literals", { kind: "literal", value: "draft" }, { kind: "literal", value: "done" }, false],
    ["a bigint and an equal number", { kind: "literal", value: 10n }, { kind: "literal", value: 10 }, true],
    ["a bigint and a fractional number", { kind: "literal", value: 10n }, { kind: "literal", value: 10.5 }, false],
    ["a null literal and no default", { kind: "literal", value: null }, undefined, false],
    ["expressions spelled apart", { kind: "expression", sql: "(now())" }, { kind: "expression", sql: "now( )" }, true],
    ["different expressions", { kind: "expression", sql: "now()" }, { kind: "expression", sql: "clock_timestamp()" }, false],
    ["a literal and an expression of the same text", { kind: "literal", value: "now()" }, { kind: "expression", sql: "now()" }, false],
    ["an expression and a literal of the same text", { kind: "expression", sql: "now()" }, { kind: "literal", value: "now()" }, false],
  ] as const)("%s", (_, a, b, expected) => {
    expect(sameDefault(a, b)).toBe(expected);
  });
});

describe("withoutSerial", () => {
  it.each([
    ["smallserial", "smallint"],
    ["serial", "integer"],
    ["bigserial", "bigint"],
  ] as const)("sees %s as %s with a sequence", (kind, base) => {
    expect(withoutSerial(col({ type: { kind } }))).toEqual({ type: { kind: base }, default: undefined, serial: true });
  });

  it.each(["nextval('t_id_seq'::regclass)", "  NEXTVAL('t_id_seq')", "NextVal('x')"])("sees a default %j as a sequence", (sql) => {
    const column = col({ type: { kind: "bigint" }, default: { kind: "expression", sql } });
    expect(withoutSerial(column)).toEqual({ type: { kind: "bigint" }, default: undefined, serial: true });
  });

  it.each([
    { kind: "expression", sql: "now()" },
    { kind: "expression", sql: "my_nextval('x')" },
    { kind: "expression", sql: "coalesce(nextval('x'), 0)" },
    { kind: "literal", value: "nextval('x')" },
  ] as const)("keeps the default %o", (value) => {
    const column = col({ type: { kind: "text" }, default: value });
    expect(withoutSerial(column)).toEqual({ type: { kind: "text" }, default: value, serial: false });
  });

  it("keeps a column without a default", () => {
    expect(withoutSerial(col())).toEqual({ type: { kind: "integer" }, default: undefined, serial: false });
  });
});

describe("sameColumnDefinition", () => {
  it("holds for a column and its copy under another name", () => {
    const column = col({ default: { kind: "literal", value: 1 }, identity: { always: true, start: 5 } });
    expect(sameColumnDefinition(column, { ...column, name: "other" })).toBe(true);
  });

  it("holds for serial and an integer with a sequence default", () => {
    expect(sameColumnDefinition(col({ type: { kind: "serial" } }), col({ default: { kind: "expression", sql: "nextval('s')" } }))).toBe(
      true,
    );
  });

  it.each<[string, Partial<Column>, Partial<Column>]>([
    ["type", { type: { kind: "integer" } }, { type: { kind: "bigint" } }],
    ["nullability", { nullable: false }, { nullable: true }],
    ["default", { default: { kind: "literal", value: 1 } }, { default: { kind: "literal", value: 2 } }],
    ["default present or not", { default: { kind: "literal", value: 1 } }, {}],
    ["identity", { identity: { always: true } }, { identity: { always: false } }],
    ["identity present or not", { identity: { always: true } }, {}],
    ["identity start", { identity: { always: true, start: 1 } }, { identity: { always: true, start: 2 } }],
    ["serial or not", { type: { kind: "serial" } }, { type: { kind: "integer" } }],
    ["a sequence default or none", { default: { kind: "expression", sql: "nextval('s')" } }, {}],
  ])("tells columns apart by %s", (_, a, b) => {
    expect(sameColumnDefinition(col(a), col(b))).toBe(false);
    expect(sameColumnDefinition(col(b), col(a))).toBe(false);
  });
});

describe("sameForeignKey", () => {
  it("ignores the name and the default schema spelled or not", () => {
    expect(sameForeignKey(fk(), fk({ name: "other", referredSchema: "public" }))).toBe(true);
    expect(sameForeignKey(fk({ referredSchema: "public" }), fk())).toBe(true);
  });

  it.each<[string, Partial<ForeignKey>, Partial<ForeignKey>]>([
    ["columns", { columns: ["director_id"] }, { columns: ["producer_id"] }],
    ["column count", { columns: ["a"] }, { columns: ["a", "b"] }],
    ["referred table", { referredTable: "directors" }, { referredTable: "people" }],
    ["referred schema", {}, { referredSchema: "crew" }],
    ["referred schemas", { referredSchema: "crew" }, { referredSchema: "cast" }],
    ["referred columns", { referredColumns: ["id"] }, { referredColumns: ["code"] }],
    ["onDelete", {}, { onDelete: "cascade" }],
    ["onDelete actions", { onDelete: "set null" }, { onDelete: "restrict" }],
    ["onUpdate", {}, { onUpdate: "cascade" }],
    ["onUpdate actions", { onUpdate: "set default" }, { onUpdate: "restrict" }],
    ["deferrable", {}, { deferrable: "deferred" }],
    ["deferral", { deferrable: "immediate" }, { deferrable: "deferred" }],
  ])("tells foreign keys apart by %s", (_, a, b) => {
    expect(sameForeignKey(fk(a), fk(b))).toBe(false);
    expect(sameForeignKey(fk(b), fk(a))).toBe(false);
  });

  it("holds for any foreign key and its copy, and fails when one field changes", () => {
    const changes: ((key: ForeignKey) => ForeignKey)[] = [
      (key) => ({ ...key, columns: [...key.columns, "extra_col"] }),
      (key) => ({ ...key, referredTable: `${key.referredTable}_x` }),
      (key) => ({ ...key, referredSchema: key.referredSchema === "elsewhere" ? undefined : "elsewhere" }),
      (key) => ({ ...key, referredColumns: [...key.referredColumns, "extra_col"] }),
      (key) => ({ ...key, onDelete: key.onDelete === "cascade" ? undefined : "cascade" }),
      (key) => ({ ...key, onUpdate: key.onUpdate === "cascade" ? undefined : "cascade" }),
      (key) => ({ ...key, deferrable: key.deferrable === "deferred" ? undefined : "deferred" }),
    ];
    fc.assert(
      fc.property(foreignKeys, fc.nat(changes.length - 1), (key, which) => {
        expect(sameForeignKey(key, structuredClone(key))).toBe(true);
        expect(sameForeignKey(key, changes[which]!(key))).toBe(false);
      }),
    );
  });
});

describe("sameIndex", () => {
  it("ignores the name, btree spelled or not, ascending spelled or not, and no included columns spelled or not", () => {
    const a = ix();
    const b = ix({ name: "other", method: "btree", include: [], elements: [{ kind: "column", name: "title", order: "asc" }] });
    expect(sameIndex(a, b, ALL)).toBe(true);
    expect(sameIndex(b, a, ALL)).toBe(true);
  });

  it("compares expressions and predicates after normalising them", () => {
    const a = ix({ elements: [{ kind: "expression", sql: "lower( title )" }], where: "(deleted_at IS NULL)" });
    const b = ix({ elements: [{ kind: "expression", sql: "lower(title)" }], where: "deleted_at IS NULL" });
    expect(sameIndex(a, b, ALL)).toBe(true);
  });

  it.each<[string, Partial<Index>, Partial<Index>]>([
    ["uniqueness", { unique: false }, { unique: true }],
    ["method", {}, { method: "gin" }],
    ["methods", { method: "hash" }, { method: "gin" }],
    ["predicate", {}, { where: "deleted_at IS NULL" }],
    ["predicates", { where: "price > 0" }, { where: "price >= 0" }],
    ["included columns", {}, { include: ["year"] }],
    ["included column lists", { include: ["year"] }, { include: ["year", "rating"] }],
    [
      "element count",
      {},
      {
        elements: [
          { kind: "column", name: "title" },
          { kind: "column", name: "year" },
        ],
      },
    ],
    ["element column", {}, { elements: [{ kind: "column", name: "year" }] }],
    ["element order", {}, { elements: [{ kind: "column", name: "title", order: "desc" }] }],
    ["element nulls", {}, { elements: [{ kind: "column", name: "title", nulls: "first" }] }],
    [
      "element nulls placement",
      { elements: [{ kind: "column", name: "title", nulls: "last" }] },
      { elements: [{ kind: "column", name: "title", nulls: "first" }] },
    ],
    ["element operator class", {}, { elements: [{ kind: "column", name: "title", opclass: "text_pattern_ops" }] }],
    ["element kind", {}, { elements: [{ kind: "expression", sql: "title" }] }],
    [
      "element expression",
      { elements: [{ kind: "expression", sql: "lower(title)" }] },
      { elements: [{ kind: "expression", sql: "upper(title)" }] },
    ],
    [
      "second element",
      {
        elements: [
          { kind: "column", name: "title" },
          { kind: "column", name: "year" },
        ],
      },
      {
        elements: [
          { kind: "column", name: "title" },
          { kind: "column", name: "rating" },
        ],
      },
    ],
  ])("tells indexes apart by %s", (_, a, b) => {
    expect(sameIndex(ix(a), ix(b), ALL)).toBe(false);
    expect(sameIndex(ix(b), ix(a), ALL)).toBe(false);
  });

  it("leaves expressions and predicates alone when expression comparison is off, but not their presence", () => {
    const a = ix({ elements: [{ kind: "expression", sql: "lower(title)" }], where: "price > 0" });
    const b = ix({ elements: [{ kind: "expression", sql: "upper(title)" }], where: "price >= 0" });
    expect(sameIndex(a, b, NO_EXPRESSIONS)).toBe(true);
    expect(sameIndex(a, { ...b, where: undefined }, NO_EXPRESSIONS)).toBe(false);
    expect(sameIndex(a, { ...b, elements: [{ kind: "column", name: "title" }] }, NO_EXPRESSIONS)).toBe(false);
  });

  it("holds for any index and its copy, and fails when one part changes", () => {
    const changes: ((index: Index) => Index)[] = [
      (index) => ({ ...index, unique: !index.unique }),
      (index) => ({ ...index, method: index.method === "gist" ? undefined : "gist" }),
      (index) => ({ ...index, where: index.where === undefined ? "x IS NULL" : undefined }),
      (index) => ({ ...index, include: [...(index.include ?? []), "extra_col"] }),
      (index) => ({ ...index, elements: [...index.elements, { kind: "column", name: "extra_col" }] }),
      (index) => ({
        ...index,
        elements: index.elements.map((e, i) => (i === 0 ? { ...e, order: e.order === "desc" ? "asc" : "desc" } : e)),
      }),
      (index) => ({
        ...index,
        elements: index.elements.map((e, i) => (i === 0 ? { ...e, nulls: e.nulls === "first" ? "last" : "first" } : e)),
      }),
      (index) => ({
        ...index,
        elements: index.elements.map((e, i) => (i === 0 ? { ...e, opclass: e.opclass === undefined ? "x_ops" : undefined } : e)),
      }),
    ];
    fc.assert(
      fc.property(indexes, fc.nat(changes.length - 1), (index, which) => {
        expect(sameIndex(index, structuredClone(index), ALL)).toBe(true);
        expect(sameIndex(index, changes[which]!(index), ALL)).toBe(false);
      }),
    );
  });
});

describe("DEFAULT_EQUALITY", () => {
  it("compares everything, and cannot be changed", () => {
    expect(DEFAULT_EQUALITY).toEqual({ compareTypes: true, compareDefaults: true, compareExpressions: true });
    expect(Object.isFrozen(DEFAULT_EQUALITY)).toBe(true);
  });
});
