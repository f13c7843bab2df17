import { describe, expect, test } from "vitest";
import { IrreversibleOperationError } from "../errors.js";
import { check, foreignKey, index, integer, sql, text, timestamptz, unique, varchar } from "../schema/index.js";
import type { Operation } from "./operation.js";
import { Operations } from "./operations.js";
import { reverseOperation, reverseOperations } from "./reverse.js";

async function record(body: (op: Operations) => Promise<void>): Promise<Operation[]> {
  const ops: Operation[] = [];
  await body(new Operations(async (operation) => void ops.push(operation)));
  return ops;
}

/** Operations that carry what they need to be undone. */
const reversible = await record(async (op) => {
  await op.createTable(
    "movies",
    {
      id: integer().primaryKey(),
      title: varchar(200).notNull().unique().comment("title"),
      director_id: integer().references("directors.id", { onDelete: "cascade" }),
      added_at: timestamptz().default(sql`now()`),
      a: integer(),
      b: integer(),
    },
    {
      schema: "film",
      comment: "films",
      indexes: [index("ix_movies_title", ["title"], { unique: true, where: "a > 0" })],
      uniques: [unique(["a", "b"])],
      checks: [check("ck_a", "a > 0")],
      foreignKeys: [foreignKey({ columns: ["a", "b"], references: { table: "pairs", columns: ["x", "y"] } })],
    },
  );
  await op.renameTable("movies", "films", { schema: "film" });
  await op.addColumn("movies", "rating", integer().notNull().default(0).unique().references("ratings.id"));
  await op.alterColumn("movies", "title", {
    type: text(),
    existingType: varchar(200),
    using: "title::text",
    reverseUsing: "title::varchar(200)",
    nullable: true,
    existingNullable: false,
    default: "untitled",
    existingDefault: null,
    comment: null,
    existingComment: "title",
    newName: "name",
  });
  await op.alterColumn("movies", "title", { newName: "name" });
  await op.createIndex("ix_movies_year", "movies", ["year"], { concurrently: true, ifNotExists: true, schema: "film" });
  await op.createUniqueConstraint("uq_movies", "movies", ["title", "year"], { deferrable: true });
  await op.createForeignKey("fk_movies", "movies", "directors", ["director_id"], ["id"], {
    onDelete: "set null",
    referentSchema: "people",
  });
  await op.createCheckConstraint("ck_year", "movies", sql`year > 1880`);
  await op.createPrimaryKey("pk_movies", "movies", ["id"]);
  await op.createTableComment("movies", "films");
  await op.createTableComment("movies", "films", { existingComment: "movies" });
  await op.dropTableComment("movies", { existingComment: "films" });
  await op.createEnum("genre", ["drama", "comedy"], { schema: "film" });
  await op.dropEnum("genre", { existingValues: ["drama", "comedy"] });
  await op.renameEnumValue("genre", "comedy", "humour");
  await op.createSequence("seq", { start: 5, increment: 2, ownedBy: { table: "movies", column: "id" }, ifNotExists: true });
  await op.createSchema("film", { ifNotExists: true, authorization: "app" });
  await op.dropSchema("film");
});

describe("reverseOperation", () => {
  test.each(reversible.map((op) => [op.kind, op] as const))("reverse(reverse(%s)) equals the operation", (_kind, op) => {
    const reversed = reverseOperation(op);
    expect(Object.isFrozen(reversed)).toBe(true);
    expect(reverseOperation(reversed)).toStrictEqual(op);
  });

  test("drops made by reversing creates carry what they dropped", () => {
    const [createTable, , addColumn] = reversible;
    expect(reverseOperation(createTable!)).toMatchObject({
      kind: "dropTable",
      name: "movies",
      schema: "film",
      existing: { name: "movies" },
    });
    expect(reverseOperation(addColumn!)).toStrictEqual({
      kind: "dropColumn",
      table: "movies",
      name: "rating",
      existing: {
        column: { name: "rating", type: { kind: "integer" }, nullable: false, default: { kind: "literal", value: 0 } },
        constraints: [
          { kind: "unique", name: "movies_rating_key", columns: ["rating"] },
          { kind: "foreignKey", name: "movies_rating_fkey", columns: ["rating"], referredTable: "ratings", referredColumns: ["id"] },
        ],
      },
    });
  });

  test("alterColumn swaps from and to, the USING expressions and the names", () => {
    expect(reverseOperation(reversible[3]!)).toStrictEqual({
      kind: "alterColumn",
      table: "movies",
      column: "name",
      type: { from: { kind: "text" }, to: { kind: "varchar", length: 200 }, using: "title::varchar(200)", reverseUsing: "title::text" },
      nullable: { from: true, to: false },
      default: { from: { kind: "literal", value: "untitled" }, to: null },
      comment: { from: null, to: "title" },
      newName: "title",
    });
  });

  test("a comment added where there was none is dropped again", () => {
    expect(reverseOperation(reversible[10]!)).toStrictEqual({ kind: "dropTableComment", table: "movies", existing: "films" });
  });

  test("createIndex reverses to a concurrent dropIndex, IF NOT EXISTS to IF EXISTS", () => {
    expect(reverseOperation(reversible[5]!)).toMatchObject({
      kind: "dropIndex",
      name: "ix_movies_year",
      table: "movies",
      schema: "film",
      concurrently: true,
      ifExists: true,
    });
  });

  test("reverseOperations reverses the order", () => {
    const ops = reversible.slice(0, 3);
    expect(reverseOperations(ops).map((op) => op.kind)).toEqual(["dropColumn", "renameTable", "dropTable"]);
  });
});

describe("irreversible operations", () => {
  const cases: [string, (op: Operations) => Promise<void>, RegExp][] = [
    [
      "dropTable without its definition",
      (op) => op.dropTable("movies"),
      /Cannot reverse dropTable of "movies": the dropped table's definition is not recorded/,
    ],
    ["dropColumn without its definition", (op) => op.dropColumn("movies", "title"), /Cannot reverse dropColumn of "movies"."title"/],
    [
      "alterColumn without the old type",
      (op) => op.alterColumn("movies", "title", { type: text(), nullable: true, existingNullable: false }),
      /Cannot reverse alterColumn of "movies"."title": the previous type is not known/,
    ],
    ["dropIndex without its table", (op) => op.dropIndex("ix"), /Cannot reverse dropIndex of "ix"/],
    [
      "dropConstraint without its definition",
      (op) => op.dropConstraint("fk", "movies"),
      /Cannot reverse dropConstraint of "fk" on "movies"/,
    ],
    ["dropTableComment without the comment", (op) => op.dropTableComment("movies"), /the dropped comment is not recorded/],
    ["dropEnum without its values", (op) => op.dropEnum("genre"), /Cannot reverse dropEnum of "genre"/],
    ["addEnumValue", (op) => op.addEnumValue("genre", "noir"), /PostgreSQL cannot remove a value from an enum/],
    ["dropSequence", (op) => op.dropSequence("seq"), /Cannot reverse dropSequence of "seq"/],
    ["dropSchema cascade", (op) => op.dropSchema("film", { cascade: true }), /Cannot reverse dropSchema of "film": CASCADE/],
    ["execute", (op) => op.execute("DELETE FROM movies"), /Cannot reverse execute of raw SQL/],
    ["bulkInsert", (op) => op.bulkInsert("genres", [{ id: 1 }]), /Cannot reverse bulkInsert of "genres"/],
  ];
  test.each(cases)("%s", async (_name, body, message) => {
    const [op] = await record(body);
    let caught: unknown;
    try {
      reverseOperation(op!);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IrreversibleOperationError);
    expect((caught as IrreversibleOperationError).code).toBe("irreversible_operation");
    expect((caught as IrreversibleOperationError).message).toMatch(message);
    expect((caught as IrreversibleOperationError).details).toMatchObject({ operation: op!.kind });
  });

  test("a dropTable with its definition but CASCADE cannot be undone exactly", () => {
    const drop = reverseOperation(reversible[0]!);
    expect(() => reverseOperation({ ...drop, cascade: true } as Operation)).toThrow(/CASCADE dropped objects/);
  });
});
