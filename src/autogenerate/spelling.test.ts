import { describe, expect, test } from "vitest";
import type { Operation } from "../ops/operation.js";
import type { CheckConstraint, Column, Index, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { withModelSpelling } from "./spelling.js";

// The models as written, and operations as comparison produces them from normalised snapshots.

function modelTitle(): Column {
  return { name: "title", type: { kind: "custom", sql: "citext" }, nullable: false, default: { kind: "expression", sql: "'{}'" } };
}

function modelCheck(): CheckConstraint {
  return { kind: "check", name: "ck_title", expression: "title <> ''" };
}

function modelIndex(): Index {
  return { name: "ix_title", elements: [{ kind: "expression", sql: "lower(title)" }], unique: false };
}

function modelMovies(): Table {
  return {
    name: "movies",
    columns: [
      { name: "id", type: { kind: "integer" }, nullable: false },
      modelTitle(),
      { name: "note", type: { kind: "text" }, nullable: true },
    ],
    primaryKey: { kind: "primaryKey", name: "movies_pkey", columns: ["id"] },
    uniqueConstraints: [{ kind: "unique", name: "uq_title", columns: ["title"] }],
    foreignKeys: [],
    checkConstraints: [modelCheck()],
    indexes: [modelIndex()],
  };
}

function models(): SchemaSnapshot {
  return {
    tables: [modelMovies()],
    enums: [{ kind: "enumType", name: "genre", schema: "film", values: ["drama", "comedy"] }],
    sequences: [],
    schemas: ["film"],
  };
}

function normalisedMovies(): Table {
  return {
    ...modelMovies(),
    columns: [
      { name: "id", type: { kind: "integer" }, nullable: false },
      {
        name: "title",
        type: { kind: "custom", sql: "public.citext" },
        nullable: false,
        default: { kind: "expression", sql: "'{}'::text[]" },
      },
    ],
    checkConstraints: [{ kind: "check", name: "ck_title", expression: "(title <> ''::text)" }],
  };
}

function spelled(op: Operation): Operation {
  const [result] = withModelSpelling([op], models());
  return result!;
}

describe("withModelSpelling takes what an operation creates from the models", () => {
  test("createTable: the model's table", () => {
    expect(spelled({ kind: "createTable", table: normalisedMovies() })).toStrictEqual({ kind: "createTable", table: modelMovies() });
  });

  test("createEnum: the model's values", () => {
    expect(spelled({ kind: "createEnum", enumType: { kind: "enumType", name: "genre", schema: "film", values: ["a"] } })).toStrictEqual({
      kind: "createEnum",
      enumType: { kind: "enumType", name: "genre", schema: "film", values: ["drama", "comedy"] },
    });
  });

  test("addColumn: the model's column and constraints", () => {
    const op: Operation = {
      kind: "addColumn",
      table: "movies",
      column: normalisedMovies().columns[1]!,
      constraints: [
        { kind: "check", name: "ck_title", expression: "(title <> ''::text)" },
        { kind: "check", name: "ck_unknown", expression: "true" },
      ],
    };
    expect(spelled(op)).toStrictEqual({
      kind: "addColumn",
      table: "movies",
      column: modelTitle(),
      constraints: [modelCheck(), { kind: "check", name: "ck_unknown", expression: "true" }],
    });
  });

  test("alterColumn: the model's type (same kind only) and default, found under the new name", () => {
    const op: Operation = {
      kind: "alterColumn",
      table: "movies",
      column: "name",
      newName: "title",
      type: { from: { kind: "text" }, to: { kind: "custom", sql: "public.citext" }, using: "name::citext" },
      default: { from: null, to: { kind: "expression", sql: "'{}'::text[]" } },
    };
    expect(spelled(op)).toStrictEqual({
      ...op,
      type: { from: { kind: "text" }, to: { kind: "custom", sql: "citext" }, using: "name::citext" },
      default: { from: null, to: { kind: "expression", sql: "'{}'" } },
    });
    const otherKind: Operation = { kind: "alterColumn", table: "movies", column: "title", type: { to: { kind: "text" } } };
    expect(spelled(otherKind)).toStrictEqual(otherKind);
    const droppedDefault: Operation = {
      kind: "alterColumn",
      table: "movies",
      column: "note",
      default: { from: { kind: "literal", value: "x" }, to: { kind: "expression", sql: "NULL::text" } },
    };
    expect(spelled(droppedDefault)).toStrictEqual({ ...droppedDefault, default: { from: { kind: "literal", value: "x" }, to: null } });
  });

  test("createIndex and the create*Constraint operations: the model's definition, when of the same kind", () => {
    expect(
      spelled({
        kind: "createIndex",
        table: "movies",
        index: { name: "ix_title", elements: [{ kind: "expression", sql: "lower((title)::text)" }], unique: false },
      }),
    ).toStrictEqual({ kind: "createIndex", table: "movies", index: modelIndex() });
    expect(
      spelled({ kind: "createCheckConstraint", table: "movies", constraint: { kind: "check", name: "ck_title", expression: "x" } }),
    ).toStrictEqual({ kind: "createCheckConstraint", table: "movies", constraint: modelCheck() });
    const mismatched: Operation = {
      kind: "createUniqueConstraint",
      table: "movies",
      constraint: { kind: "unique", name: "ck_title", columns: ["title"] },
    };
    expect(spelled(mismatched)).toBe(mismatched);
  });

  test("operations on objects the models do not hold are kept", () => {
    const ops: Operation[] = [
      { kind: "createTable", table: { ...normalisedMovies(), name: "films" } },
      { kind: "addColumn", table: "films", column: modelTitle(), constraints: [] },
      { kind: "alterColumn", table: "films", column: "title", nullable: { from: true, to: false } },
      { kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["a"] } },
    ];
    expect(withModelSpelling(ops, models())).toStrictEqual(ops);
  });

  test.each<[string, Operation]>([
    ["dropTable", { kind: "dropTable", name: "movies" }],
    ["renameTable", { kind: "renameTable", name: "movies", newName: "films" }],
    ["dropColumn", { kind: "dropColumn", table: "movies", name: "title" }],
    ["dropIndex", { kind: "dropIndex", name: "ix_title", table: "movies" }],
    ["dropConstraint", { kind: "dropConstraint", table: "movies", name: "ck_title" }],
    ["createTableComment", { kind: "createTableComment", table: "movies", comment: "c", existing: null }],
    ["dropTableComment", { kind: "dropTableComment", table: "movies" }],
    ["dropEnum", { kind: "dropEnum", name: "genre", schema: "film" }],
    ["addEnumValue", { kind: "addEnumValue", enumName: "genre", schema: "film", value: "noir" }],
    ["renameEnumValue", { kind: "renameEnumValue", enumName: "genre", schema: "film", from: "drama", to: "noir" }],
    ["createSequence", { kind: "createSequence", sequence: { kind: "sequence", name: "s" } }],
    ["dropSequence", { kind: "dropSequence", name: "s" }],
    ["createSchema", { kind: "createSchema", name: "film" }],
    ["dropSchema", { kind: "dropSchema", name: "film" }],
    ["execute", { kind: "execute", sql: "SELECT 1" }],
    ["bulkInsert", { kind: "bulkInsert", table: "movies", columns: ["id"], rows: [[1]] }],
  ])("%s is passed through as it is", (_kind, op) => {
    expect(spelled(op)).toBe(op);
  });
});
