import { describe, expect, test } from "vitest";
import { SchemaError } from "../errors.js";
import { integer, text, varchar } from "../schema/index.js";
import type { Operation } from "./operation.js";
import { Operations } from "./operations.js";

function recorder(): { op: Operations; ops: Operation[] } {
  const ops: Operation[] = [];
  return { op: new Operations(async (operation) => void ops.push(operation)), ops };
}

describe("Operations", () => {
  test("each method builds one frozen operation whose kind is the method's name, and awaits run", async () => {
    const order: string[] = [];
    const op = new Operations(async (operation) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(operation.kind);
    });
    await op.createTable("movies", { id: integer().primaryKey() });
    order.push("after");
    expect(order).toEqual(["createTable", "after"]);

    const { op: rec, ops } = recorder();
    await rec.addColumn("movies", "title", varchar(200));
    await rec.dropColumn("movies", "title");
    await rec.execute("SELECT 1");
    expect(ops.map((o) => o.kind)).toEqual(["addColumn", "dropColumn", "execute"]);
    for (const o of ops) expect(Object.isFrozen(o)).toBe(true);
    expect(ops[0]).toStrictEqual({
      kind: "addColumn",
      table: "movies",
      column: { name: "title", type: { kind: "varchar", length: 200 }, nullable: true },
      constraints: [],
    });
  });

  test("op holds every group's methods as its own, usable without `this`", async () => {
    const { op, ops } = recorder();
    expect(Object.keys(op).sort()).toEqual(
      [
        "addColumn",
        "addEnumValue",
        "alterColumn",
        "bulkInsert",
        "createCheckConstraint",
        "createEnum",
        "createForeignKey",
        "createIndex",
        "createPrimaryKey",
        "createSchema",
        "createSequence",
        "createTable",
        "createTableComment",
        "createUniqueConstraint",
        "dropColumn",
        "dropConstraint",
        "dropEnum",
        "dropIndex",
        "dropSchema",
        "dropSequence",
        "dropTable",
        "dropTableComment",
        "execute",
        "renameEnumValue",
        "renameTable",
      ].sort(),
    );
    expect(op).toBeInstanceOf(Operations);
    const { createSchema, createIndex, createEnum, execute } = op;
    await createSchema("film");
    await createIndex("ix_a", "t", ["a"]);
    await createEnum("genre", ["a"]);
    await execute("SELECT 1");
    expect(ops.map((o) => o.kind)).toEqual(["createSchema", "createIndex", "createEnum", "execute"]);
  });

  test("a run that fails rejects the method", async () => {
    const op = new Operations(async () => {
      throw new Error("boom");
    });
    await expect(op.execute("SELECT 1")).rejects.toThrow("boom");
  });

  const invalid: [string, (op: Operations) => Promise<void>, RegExp][] = [
    [
      "createTable with two primary keys",
      (op) => op.createTable("movies", { a: integer().primaryKey(), b: integer().primaryKey() }),
      /^Table "movies": declares two primary keys/,
    ],
    ["createTable without a name", (op) => op.createTable("", { a: integer() }), /createTable: the table name must be a non-empty string/],
    ["addColumn with a bad type parameter", (op) => op.addColumn("movies", "title", varchar(-1)), /^Column "movies.title": varchar\(-1\)/],
    [
      "addColumn without a column name",
      (op) => op.addColumn("movies", "", text()),
      /addColumn: the column name must be a non-empty string \(table "movies"\)/,
    ],
    [
      "alterColumn with nothing to change",
      (op) => op.alterColumn("movies", "title", {}),
      /^Column "movies.title": alterColumn was given nothing to change/,
    ],
    [
      "alterColumn with a decorated type",
      (op) => op.alterColumn("movies", "title", { type: text().notNull() }),
      /^Column "movies.title": alterColumn: type takes a bare type builder/,
    ],
    ["execute with no SQL", (op) => op.execute("  "), /execute: the SQL is empty/],
    ["createIndex without columns", (op) => op.createIndex("ix", "movies", []), /Index "ix" has no columns/],
    [
      "createForeignKey with mismatched columns",
      (op) => op.createForeignKey("fk", "movies", "d", ["a", "b"], ["id"]),
      /^Table "movies": foreign key "fk" has 2 column\(s\) but refers to 1/,
    ],
    [
      "createUniqueConstraint listing a column twice",
      (op) => op.createUniqueConstraint("uq", "movies", ["a", "a"]),
      /^Column "movies.a": Unique constraint "uq" lists the column twice/,
    ],
    [
      "createCheckConstraint without a condition",
      (op) => op.createCheckConstraint("ck", "movies", ""),
      /check constraint "ck" needs a condition/,
    ],
    ["addEnumValue before and after", (op) => op.addEnumValue("genre", "x", { before: "a", after: "b" }), /give before or after, not both/],
    ["createEnum with duplicates", (op) => op.createEnum("genre", ["a", "a"]), /lists the value "a" twice/],
    ["createSequence with a fractional start", (op) => op.createSequence("s", { start: 1.5 }), /start must be an integer/],
  ];
  test.each(invalid)("%s is a SchemaError", async (_name, body, message) => {
    const { op, ops } = recorder();
    const error = await body(op).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).message).toMatch(message);
    expect(ops).toEqual([]);
  });

  test("bulkInsert copies JSON values instead of freezing the caller's objects", async () => {
    const { op, ops } = recorder();
    const meta = { tags: ["a"], gone: undefined };
    await op.bulkInsert("t", [{ meta }]);
    expect(Object.isFrozen(meta)).toBe(false);
    expect("gone" in meta).toBe(true);
    expect(ops[0]).toMatchObject({ columns: ["meta"], rows: [[{ kind: "json", value: { tags: ["a"] } }]] });
  });
});
