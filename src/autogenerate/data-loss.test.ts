import { describe, expect, test } from "vitest";
import type { ComparisonRules, TypeChangeKind } from "../dialects/dialect.js";
import type { Operation } from "../ops/operation.js";
import type { ColumnType } from "../schema/model.js";
import { dataLossOf, describeDataLoss } from "./data-loss.js";

/** Rules that classify by the target type's kind, so each case names its classification. */
function rules(): ComparisonRules {
  const kinds: Record<string, TypeChangeKind> = { bigint: "widening", smallint: "narrowing", integer: "conversion" };
  return {
    normalize: (snapshot) => snapshot,
    classifyTypeChange: (_from: ColumnType, to: ColumnType) => kinds[to.kind] ?? "conversion",
    suggestUsing: () => undefined,
    typeName: (type) => `<${type.kind}>`,
  };
}

/** One operation of every kind, and what it loses. */
function everyKind(): [Operation, string | undefined][] {
  const table = { name: "t", columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [] };
  const index = { name: "ix", elements: [{ kind: "column" as const, name: "a" }], unique: false };
  const check = { kind: "check" as const, name: "ck", expression: "a > 0" };
  return [
    [{ kind: "createTable", table }, undefined],
    [{ kind: "dropTable", name: "movies", schema: "cinema" }, "drops table cinema.movies and all its rows"],
    [{ kind: "renameTable", name: "a", newName: "b" }, undefined],
    [{ kind: "addColumn", table: "t", column: { name: "a", type: { kind: "integer" }, nullable: true }, constraints: [] }, undefined],
    [{ kind: "dropColumn", table: "movies", name: "title" }, "drops column movies.title and its values"],
    [
      {
        kind: "dropColumn",
        table: "items",
        name: "total",
        existing: { column: { name: "total", type: { kind: "integer" }, nullable: true, generatedAs: "a * b" }, constraints: [] },
      },
      undefined,
    ],
    [
      { kind: "alterColumn", table: "movies", column: "id", type: { from: { kind: "bigint" }, to: { kind: "smallint" } } },
      "narrows movies.id from <bigint> to <smallint>: values that do not fit are cut or make the migration fail",
    ],
    [{ kind: "createIndex", table: "t", index }, undefined],
    [{ kind: "dropIndex", name: "ix" }, undefined],
    [{ kind: "createUniqueConstraint", table: "t", constraint: { kind: "unique", name: "uq", columns: ["a"] } }, undefined],
    [
      {
        kind: "createForeignKey",
        table: "t",
        constraint: { kind: "foreignKey", name: "fk", columns: ["a"], referredTable: "u", referredColumns: ["id"] },
      },
      undefined,
    ],
    [{ kind: "createCheckConstraint", table: "t", constraint: check }, undefined],
    [{ kind: "createPrimaryKey", table: "t", constraint: { kind: "primaryKey", name: "pk", columns: ["a"] } }, undefined],
    [{ kind: "dropConstraint", table: "t", name: "ck", existing: check }, undefined],
    [{ kind: "createTableComment", table: "t", comment: "c", existing: null }, undefined],
    [{ kind: "dropTableComment", table: "t", existing: "c" }, undefined],
    [{ kind: "createEnum", enumType: { kind: "enumType", name: "g", values: ["a"] } }, undefined],
    [{ kind: "dropEnum", name: "g" }, undefined],
    [{ kind: "addEnumValue", enumName: "g", value: "b" }, undefined],
    [{ kind: "renameEnumValue", enumName: "g", from: "a", to: "b" }, undefined],
    [{ kind: "createSequence", sequence: { kind: "sequence", name: "s" } }, undefined],
    [{ kind: "dropSequence", name: "s" }, undefined],
    [{ kind: "createSchema", name: "film" }, undefined],
    [{ kind: "dropSchema", name: "film" }, undefined],
    [{ kind: "execute", sql: "DELETE FROM movies" }, undefined],
    [{ kind: "bulkInsert", table: "t", columns: ["a"], rows: [[1]] }, undefined],
  ];
}

describe("describeDataLoss", () => {
  test("the cases cover every operation kind", () => {
    expect(new Set(everyKind().map(([op]) => op.kind)).size).toBe(25);
  });

  test.each(everyKind().map(([op, loss]) => [op.kind, op, loss] as const))("%s", (_kind, op, loss) => {
    expect(describeDataLoss(op, rules())).toBe(loss);
  });

  test.each([
    ["a widening", { from: { kind: "integer" }, to: { kind: "bigint" } }, undefined],
    [
      "a conversion",
      { from: { kind: "text" }, to: { kind: "integer" } },
      "converts film.movies.year from <text> to <integer>: values that do not convert make the migration fail or change",
    ],
    [
      "a narrowing",
      { from: { kind: "integer" }, to: { kind: "smallint" } },
      "narrows film.movies.year from <integer> to <smallint>: values that do not fit are cut or make the migration fail",
    ],
    ["a type change whose previous type is not known", { to: { kind: "smallint" } }, undefined],
  ] as const)("alterColumn with %s", (_name, type, loss) => {
    const op: Operation = { kind: "alterColumn", table: "movies", schema: "film", column: "year", type };
    expect(describeDataLoss(op, rules())).toBe(loss);
  });

  test.each([
    [
      "dropTable in the default schema spelled out",
      { kind: "dropTable", name: "movies", schema: "public" },
      "drops table movies and all its rows",
    ],
    [
      "dropColumn in another schema",
      { kind: "dropColumn", table: "movies", schema: "cinema", name: "title" },
      "drops column cinema.movies.title and its values",
    ],
    [
      "dropColumn in the default schema spelled out",
      { kind: "dropColumn", table: "movies", schema: "public", name: "title" },
      "drops column movies.title and its values",
    ],
    [
      "alterColumn in the default schema spelled out",
      { kind: "alterColumn", table: "movies", schema: "public", column: "id", type: { from: { kind: "text" }, to: { kind: "integer" } } },
      "converts movies.id from <text> to <integer>: values that do not convert make the migration fail or change",
    ],
  ] as const)("names the object of a %s as a person reads it", (_name, op, loss) => {
    expect(describeDataLoss(op as Operation, rules())).toBe(loss);
  });

  test("an unknown kind of operation throws instead of passing as lossless", () => {
    expect(() => describeDataLoss({ kind: "truncate", table: "movies" } as unknown as Operation, rules())).toThrow(
      'Unexpected operation: {"kind":"truncate","table":"movies"}',
    );
  });

  test("alterColumn without a type change loses nothing", () => {
    const op: Operation = { kind: "alterColumn", table: "movies", column: "year", nullable: { from: true, to: false }, newName: "y" };
    expect(describeDataLoss(op, rules())).toBeUndefined();
  });
});

describe("dataLossOf", () => {
  test("lists the operations that lose data, in order, with their messages", () => {
    const ops: Operation[] = [
      { kind: "dropColumn", table: "movies", name: "title" },
      { kind: "createSchema", name: "film" },
      { kind: "dropTable", name: "movies" },
    ];
    expect(dataLossOf(ops, rules())).toStrictEqual([
      { operation: ops[0], message: "drops column movies.title and its values" },
      { operation: ops[2], message: "drops table movies and all its rows" },
    ]);
  });
});
