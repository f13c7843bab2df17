import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type {
  CheckConstraint,
  Constraint,
  ExclusionConstraint,
  ForeignKey,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "../../schema/model.js";
import { compareConstraints, constraintsOf, createConstraintOp, sameConstraint } from "./constraints.js";
import type { EqualityOptions } from "./equality.js";

const ALL: EqualityOptions = { compareTypes: true, compareDefaults: true, compareExpressions: true };

function pk(columns: string[] = ["id"], name = "movies_pkey"): PrimaryKey {
  return { kind: "primaryKey", name, columns };
}
function uq(columns: string[] = ["code"], name = "uq_code", extra: Partial<UniqueConstraint> = {}): UniqueConstraint {
  return { kind: "unique", name, columns, ...extra };
}
function ck(expression = "price > 0", name = "ck_price"): CheckConstraint {
  return { kind: "check", name, expression };
}
function fk(extra: Partial<ForeignKey> = {}, name = "fk_owner"): ForeignKey {
  return { kind: "foreignKey", name, columns: ["owner_id"], referredTable: "people", referredColumns: ["id"], ...extra };
}

function tbl(extra: Partial<Table> = {}): Table {
  return { name: "movies", columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [], ...extra };
}

function compare(from: Table, to: Table, inline: string[] = [], original?: Table, options = ALL) {
  return compareConstraints(from, to, options, new Set(inline), original);
}

describe("sameConstraint", () => {
  it.each<[string, Constraint, Constraint, boolean]>([
    ["equal primary keys under other names", pk(["a", "b"]), pk(["a", "b"], "other"), true],
    ["primary keys on other columns", pk(["a"]), pk(["b"]), false],
    ["primary keys in another column order", pk(["a", "b"]), pk(["b", "a"]), false],
    ["a primary key and a unique constraint on its columns", pk(["code"]), uq(["code"]), false],
    ["equal unique constraints", uq(), uq(["code"], "other"), true],
    ["unique constraints on other columns", uq(["code"]), uq(["title"]), false],
    ["unique constraints deferrable or not", uq(), uq(["code"], "uq_code", { deferrable: "deferred" }), false],
    ["unique constraints NULLS NOT DISTINCT or not", uq(), uq(["code"], "uq_code", { nullsNotDistinct: true }), false],
    [
      "unique constraints both NULLS NOT DISTINCT",
      uq(["code"], "a", { nullsNotDistinct: true }),
      uq(["code"], "b", { nullsNotDistinct: true }),
      true,
    ],
    [
      "unique constraints deferred differently",
      uq(["code"], "u", { deferrable: "immediate" }),
      uq(["code"], "u", { deferrable: "deferred" }),
      false,
    ],
    ["a unique constraint and a primary key on its columns", uq(["id"]), pk(["id"]), false],
    ["checks spelled apart", ck("(price > 0)"), ck("price  >  0"), true],
    ["different checks", ck("price > 0"), ck("price >= 0"), false],
    ["a check and a unique constraint", ck(), uq(), false],
    ["equal foreign keys", fk(), fk({}, "other"), true],
    ["foreign keys with other actions", fk(), fk({ onDelete: "cascade" }), false],
    ["a foreign key and a unique constraint", fk(), uq(["owner_id"]), false],
  ])("%s: %s", (_, a, b, expected) => {
    expect(sameConstraint(a, b, ALL)).toBe(expected);
    expect(sameConstraint(b, a, ALL)).toBe(expected);
  });

  it("compares checks only when expression comparison is on", () => {
    expect(sameConstraint(ck("price > 0"), ck("price >= 0"), { ...ALL, compareExpressions: false })).toBe(true);
  });
});

describe("constraints of an unknown kind", () => {
  it("are refused, naming what was met", () => {
    const odd = { kind: "exclusion", name: "ex" } as unknown as Constraint;
    expect(() => sameConstraint(odd, odd, ALL)).toThrow('Unexpected constraint: {"kind":"exclusion","name":"ex"}');
    expect(() => createConstraintOp("movies", undefined, odd)).toThrow('Unexpected constraint: {"kind":"exclusion","name":"ex"}');
  });
});

describe("constraintsOf", () => {
  it("lists the primary key, unique, check and foreign-key constraints in that order", () => {
    const table = tbl({ primaryKey: pk(), uniqueConstraints: [uq()], checkConstraints: [ck()], foreignKeys: [fk()] });
    expect(constraintsOf(table)).toEqual([pk(), uq(), ck(), fk()]);
    expect(constraintsOf(tbl({ checkConstraints: [ck()] }))).toEqual([ck()]);
  });
});

describe("createConstraintOp", () => {
  it.each<[Constraint, string]>([
    [pk(), "createPrimaryKey"],
    [uq(), "createUniqueConstraint"],
    [ck(), "createCheckConstraint"],
    [fk(), "createForeignKey"],
  ])("creates %o with %s", (constraint, kind) => {
    expect(createConstraintOp("movies", "archive", constraint)).toEqual({ kind, table: "movies", schema: "archive", constraint });
  });
});

describe("compareConstraints", () => {
  it("finds no operations and no notes between equal tables", () => {
    const table = tbl({ primaryKey: pk(), uniqueConstraints: [uq()], checkConstraints: [ck()], foreignKeys: [fk()] });
    const result = compare(table, structuredClone(table));
    expect(result.operations).toEqual([]);
    expect(result.manual).toEqual([]);
  });

  it("creates added constraints and drops removed ones, recording them", () => {
    const result = compare(tbl({ uniqueConstraints: [uq()] }), tbl({ checkConstraints: [ck()] }));
    expect(result.operations).toEqual([
      { kind: "dropConstraint", table: "movies", name: "uq_code", existing: uq() },
      { kind: "createCheckConstraint", table: "movies", constraint: ck() },
    ]);
    expect(result.manual).toEqual([]);
  });

  it.each<[string, Partial<Table>, Partial<Table>, string]>([
    ["primary key", { primaryKey: pk(["a"]) }, { primaryKey: pk(["a", "b"]) }, "createPrimaryKey"],
    ["unique constraint", { uniqueConstraints: [uq()] }, { uniqueConstraints: [uq(["code", "year"])] }, "createUniqueConstraint"],
    ["check", { checkConstraints: [ck("price > 0")] }, { checkConstraints: [ck("price >= 0")] }, "createCheckConstraint"],
    ["foreign key", { foreignKeys: [fk()] }, { foreignKeys: [fk({ onUpdate: "cascade" })] }, "createForeignKey"],
  ])("drops and creates a changed %s", (_, from, to, create) => {
    const result = compare(tbl(from), tbl(to));
    expect(result.operations.map((op) => op.kind)).toEqual(["dropConstraint", create]);
    expect(result.operations[0]).toMatchObject({ existing: constraintsOf(tbl(from))[0] });
    expect(result.operations[1]).toMatchObject({ constraint: constraintsOf(tbl(to))[0] });
  });

  it("leaves a constraint alone that is only renamed", () => {
    const result = compare(tbl({ primaryKey: pk(["id"], "movies_pkey") }), tbl({ primaryKey: pk(["id"], "films_pkey") }));
    expect(result.operations).toEqual([]);
  });

  it("pairs each renamed constraint with one twin only", () => {
    const from = tbl({ uniqueConstraints: [uq(["code"], "a")] });
    const to = tbl({ uniqueConstraints: [uq(["code"], "b"), uq(["code"], "c")] });
    expect(compare(from, to).operations).toEqual([{ kind: "createUniqueConstraint", table: "movies", constraint: uq(["code"], "c") }]);
    const two = tbl({ uniqueConstraints: [uq(["code"], "a"), uq(["code"], "a2")] });
    expect(compare(two, to).operations).toEqual([]);
  });

  it("does not take a constraint matched by name as a renamed one", () => {
    const from = tbl({ uniqueConstraints: [uq(["code"], "x")] });
    const to = tbl({ uniqueConstraints: [uq(["title"], "x"), uq(["code"], "y")] });
    expect(compare(from, to).operations).toEqual([
      { kind: "dropConstraint", table: "movies", name: "x", existing: uq(["code"], "x") },
      { kind: "createUniqueConstraint", table: "movies", constraint: uq(["title"], "x") },
      { kind: "createUniqueConstraint", table: "movies", constraint: uq(["code"], "y") },
    ]);
  });

  it("does not take a constraint an added column creates as a renamed one", () => {
    const from = tbl({ uniqueConstraints: [uq(["code"], "old")] });
    const to = tbl({ uniqueConstraints: [uq(["code"], "new")] });
    expect(compare(from, to, ["new"]).operations).toEqual([
      { kind: "dropConstraint", table: "movies", name: "old", existing: uq(["code"], "old") },
    ]);
  });

  it("leaves the creation of a constraint to the added column that carries it", () => {
    expect(compare(tbl(), tbl({ foreignKeys: [fk()] }), ["fk_owner"]).operations).toEqual([]);
  });

  it("drops a changed constraint whose name an added column carries, and leaves its creation to the column", () => {
    const ops = compare(tbl({ foreignKeys: [fk()] }), tbl({ foreignKeys: [fk({ onDelete: "cascade" })] }), ["fk_owner"]).operations;
    expect(ops.map((op) => op.kind)).toEqual(["dropConstraint"]);
  });

  it("drops under the table's original name with the constraint as it was, and creates on the new table", () => {
    const original = tbl({ name: "films", uniqueConstraints: [uq(["code"], "uq_code", { deferrable: "immediate" })] });
    const from = tbl({ uniqueConstraints: [uq()] });
    const to = tbl({ uniqueConstraints: [uq(["title"])] });
    expect(compare(from, to, [], original).operations).toEqual([
      { kind: "dropConstraint", table: "films", name: "uq_code", existing: uq(["code"], "uq_code", { deferrable: "immediate" }) },
      { kind: "createUniqueConstraint", table: "movies", constraint: uq(["title"]) },
    ]);
  });

  it("records the constraint as the renamed table has it when the original lacks it", () => {
    const ops = compare(tbl({ checkConstraints: [ck()] }), tbl(), [], tbl({ name: "films" })).operations;
    expect(ops).toEqual([{ kind: "dropConstraint", table: "films", name: "ck_price", existing: ck() }]);
  });

  it("names a schema outside the default one, and leaves the default one out", () => {
    const archived = compare(tbl({ schema: "archive", checkConstraints: [ck()] }), tbl({ schema: "archive", uniqueConstraints: [uq()] }));
    expect(archived.operations).toEqual([
      { kind: "dropConstraint", table: "movies", schema: "archive", name: "ck_price", existing: ck() },
      { kind: "createUniqueConstraint", table: "movies", schema: "archive", constraint: uq() },
    ]);
    const inPublic = compare(tbl({ schema: "public", checkConstraints: [ck()] }), tbl({ schema: "public", uniqueConstraints: [uq()] }));
    expect(inPublic.operations).toHaveLength(2);
    for (const op of inPublic.operations) expect(op).toHaveProperty("schema", undefined);
  });

  it("ignores check expressions when expression comparison is off", () => {
    const ops = compare(tbl({ checkConstraints: [ck("a > 0")] }), tbl({ checkConstraints: [ck("a >= 0")] }), [], undefined, {
      ...ALL,
      compareExpressions: false,
    }).operations;
    expect(ops).toEqual([]);
  });

  it("finds nothing between any generated constraints and their copies", () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const columns = fc.array(name, { minLength: 1, maxLength: 3 });
    const constraint: fc.Arbitrary<Constraint> = fc.oneof(
      fc.record({ kind: fc.constant("unique" as const), name, columns, deferrable: fc.constantFrom(undefined, "deferred" as const) }),
      fc.record({ kind: fc.constant("check" as const), name, expression: name.map((n) => `${n} > 0`) }),
      fc.record({
        kind: fc.constant("foreignKey" as const),
        name,
        columns,
        referredTable: name,
        referredColumns: columns,
        onDelete: fc.constantFrom(undefined, "cascade" as const),
      }),
    );
    const tables = fc
      .record({
        primaryKey: fc.option(columns, { nil: undefined }),
        others: fc.uniqueArray(constraint, { selector: (c) => c.name, maxLength: 5 }),
      })
      .map(({ primaryKey, others }) =>
        tbl({
          ...(primaryKey === undefined ? {} : { primaryKey: pk(primaryKey, "t_pkey") }),
          uniqueConstraints: others.filter((c): c is UniqueConstraint => c.kind === "unique"),
          checkConstraints: others.filter((c): c is CheckConstraint => c.kind === "check"),
          foreignKeys: others.filter((c): c is ForeignKey => c.kind === "foreignKey"),
        }),
      );
    fc.assert(
      fc.property(tables, (table) => {
        const result = compare(table, structuredClone(table));
        expect(result.operations).toEqual([]);
        expect(result.manual).toEqual([]);
      }),
    );
  });
});

describe("exclusion constraints", () => {
  const ex = (extra: Partial<ExclusionConstraint> = {}): ExclusionConstraint => ({
    kind: "exclude",
    name: "ex_bookings",
    method: "gist",
    elements: [
      { kind: "column", name: "room", operator: "=" },
      { kind: "column", name: "during", operator: "&&" },
    ],
    ...extra,
  });

  it.each<[string, ExclusionConstraint, boolean]>([
    ["the same one under another name", ex({ name: "other" }), true],
    ["another method", ex({ method: "spgist" }), false],
    [
      "another operator",
      ex({
        elements: [
          { kind: "column", name: "room", operator: "=" },
          { kind: "column", name: "during", operator: "-|-" },
        ],
      }),
      false,
    ],
    ["elements in another order", ex({ elements: [...ex().elements].reverse() }), false],
    ["an element fewer", ex({ elements: [{ kind: "column", name: "during", operator: "&&" }] }), false],
    [
      "an operator class",
      ex({ elements: [{ kind: "column", name: "room", operator: "=", opclass: "int4_ops" }, ex().elements[1]!] }),
      false,
    ],
    ["a predicate", ex({ where: "NOT cancelled" }), false],
    ["deferrable", ex({ deferrable: "deferred" }), false],
  ])("against %s: %s", (_what, other, same) => {
    expect(sameConstraint(ex(), other, ALL)).toBe(same);
    expect(sameConstraint(other, ex(), ALL)).toBe(same);
  });

  it("compares predicates and expressions as SQL text", () => {
    const expression = ex({ elements: [{ kind: "expression", sql: "tsrange(a, b)", operator: "&&" }], where: "(NOT cancelled)" });
    const spaced = ex({ elements: [{ kind: "expression", sql: "tsrange( a,b )", operator: "&&" }], where: "NOT cancelled" });
    expect(sameConstraint(expression, spaced, ALL)).toBe(true);
    expect(sameConstraint(expression, ex({ elements: [{ kind: "expression", sql: "tsrange(b, a)", operator: "&&" }] }), ALL)).toBe(false);
  });

  it("is never the same as another kind of constraint", () => {
    expect(sameConstraint(ex(), uq(["room", "during"], "ex_bookings"), ALL)).toBe(false);
  });

  it("adds a new one, drops a removed one (recording it), and drops then adds a changed one", () => {
    const none = tbl({ name: "bookings" });
    const one = tbl({ name: "bookings", exclusionConstraints: [ex()] });
    expect(constraintsOf(one)).toEqual([ex()]);
    expect(compare(none, one).operations).toEqual([
      { kind: "createExclusionConstraint", table: "bookings", schema: undefined, constraint: ex() },
    ]);
    expect(compare(one, none).operations).toEqual([
      { kind: "dropConstraint", table: "bookings", schema: undefined, name: "ex_bookings", existing: ex() },
    ]);
    const changed = tbl({ name: "bookings", exclusionConstraints: [ex({ where: "NOT cancelled" })] });
    expect(compare(one, changed).operations.map((op) => op.kind)).toEqual(["dropConstraint", "createExclusionConstraint"]);
    expect(compare(one, one).operations).toEqual([]);
    expect(createConstraintOp("bookings", "app", ex())).toEqual({
      kind: "createExclusionConstraint",
      table: "bookings",
      schema: "app",
      constraint: ex(),
    });
  });
});
