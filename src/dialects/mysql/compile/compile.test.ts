import { describe, expect, test } from "vitest";
import type { RevisionOperation } from "../../../ops/operation.js";
import { Operations } from "../../../ops/operations.js";
import {
  array,
  boolean,
  exclude,
  integer,
  interval,
  jsonb,
  numeric,
  serial,
  sql,
  text,
  timestamp,
  timestamptz,
  uuid,
  varchar,
} from "../../../schema/index.js";
import { compileOperation } from "./index.js";

/** The statements of the operations `body` emits. */
async function compiled(body: (op: Operations) => Promise<void>): Promise<string[]> {
  const ops: RevisionOperation[] = [];
  await body(new Operations(async (operation) => void ops.push(operation)));
  return ops.flatMap((operation) => [...compileOperation(operation)]);
}

describe("the mysql compiler", () => {
  test.each<[string, (op: Operations) => Promise<void>, string[]]>([
    [
      "createTable with MySQL's types, defaults and keys",
      (op) =>
        op.createTable("movies", {
          id: serial().primaryKey(),
          title: varchar(200).notNull().unique(),
          seen: boolean().notNull().default(false),
          price: numeric(10, 2).default(1.5),
          key: uuid(),
          added: timestamptz().notNull().default(sql`now()`),
          local: timestamp({ precision: 6 }),
          slug: text().default(sql`lower('A')`),
        }),
      [
        "CREATE TABLE `movies` (\n    `id` int NOT NULL AUTO_INCREMENT,\n    `title` varchar(200) NOT NULL,\n    `seen` tinyint(1) NOT NULL DEFAULT FALSE,\n    `price` decimal(10,2) NULL DEFAULT 1.5,\n    `key` char(36) NULL,\n    `added` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,\n    `local` datetime(6) NULL,\n    `slug` text NULL DEFAULT (lower('A')),\n    PRIMARY KEY (`id`),\n    CONSTRAINT `movies_title_key` UNIQUE (`title`)\n)",
      ],
    ],
    ["renameTable", (op) => op.renameTable("movies", "films"), ["ALTER TABLE `movies` RENAME TO `films`"]],
    [
      "a default alone",
      (op) => op.alterColumn("movies", "title", { default: "x" }),
      ["ALTER TABLE `movies` ALTER COLUMN `title` SET DEFAULT 'x'"],
    ],
    [
      "a rename alone",
      (op) => op.alterColumn("movies", "title", { newName: "name" }),
      ["ALTER TABLE `movies` RENAME COLUMN `title` TO `name`"],
    ],
    [
      "a type change restates the column",
      (op) => op.alterColumn("movies", "title", { type: text(), existingType: varchar(200), nullable: false, existingNullable: true }),
      ["ALTER TABLE `movies` MODIFY COLUMN `title` text NOT NULL"],
    ],
    [
      "createIndex and dropIndex name their table",
      async (op) => {
        await op.createIndex("ix_title", "movies", ["title"], { concurrently: true });
        await op.dropIndex("ix_title", { table: "movies" });
      },
      ["CREATE INDEX `ix_title` ON `movies` (`title`) ALGORITHM=INPLACE LOCK=NONE", "DROP INDEX `ix_title` ON `movies`"],
    ],
    [
      "foreign keys and checks",
      async (op) => {
        await op.createForeignKey("fk_d", "movies", "people", ["director_id"], ["id"], { onDelete: "cascade" });
        await op.createCheckConstraint("ck_year", "movies", "year > 1800");
        await op.dropConstraint("ck_year", "movies");
      },
      [
        "ALTER TABLE `movies` ADD CONSTRAINT `fk_d` FOREIGN KEY (`director_id`) REFERENCES `people` (`id`) ON DELETE CASCADE",
        "ALTER TABLE `movies` ADD CONSTRAINT `ck_year` CHECK (year > 1800)",
        "ALTER TABLE `movies` DROP CONSTRAINT `ck_year`",
      ],
    ],
    [
      "bulkInsert escapes quotes and backslashes and takes defaults",
      (op) => op.bulkInsert("people", [{ id: 1, name: "It's \\ me" }, { id: 2 }]),
      ["INSERT INTO `people` (`id`, `name`) VALUES\n    (1, 'It''s \\\\ me'),\n    (2, DEFAULT)"],
    ],
  ])("%s", async (_title, body, expected) => {
    expect(await compiled(body)).toEqual(expected);
  });

  test.each([
    ["jsonb", jsonb()],
    ["array", integer().array()],
    ["interval", interval()],
  ])("a PostgreSQL-only type (%s) is refused, naming the table, column and dialect", async (type, column) => {
    const attempt = compiled((op) => op.createTable("events", { id: integer().primaryKey(), payload: column }));
    await expect(attempt).rejects.toMatchObject({ code: "unsupported_operation" });
    await expect(attempt).rejects.toThrow(
      `Table "events", column "payload": the type ${type} is PostgreSQL's; the mysql dialect has no such type.`,
    );
  });

  test("a nullability change without the column's type is refused with what to pass", async () => {
    await expect(compiled((op) => op.alterColumn("movies", "title", { nullable: false }))).rejects.toMatchObject({
      code: "unsupported_operation",
      hint: expect.stringContaining("existingType"),
    });
  });

  test("PostgreSQL-only index forms are refused, never written", async () => {
    await expect(compiled((op) => op.createIndex("ix", "movies", ["title"], { where: "title <> ''" }))).rejects.toThrow(
      /partial indexes \(WHERE\) are PostgreSQL's/,
    );
    await expect(compiled((op) => op.dropIndex("ix"))).rejects.toThrow(/no table was given/);
  });

  test("refuses a table with PostgreSQL-only options, naming the table, the option and MySQL", () => {
    const operation: RevisionOperation = {
      kind: "createTable",
      table: {
        name: "notes",
        columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
        uniqueConstraints: [],
        foreignKeys: [],
        checkConstraints: [],
        indexes: [],
        grants: [{ to: "public", privileges: ["select"] }],
      },
    };
    expect(() => compileOperation(operation)).toThrow("Table notes uses grants, which MySQL does not have.");
  });

  test("refuses exclusion constraints, on a new table and added to one", async () => {
    await expect(
      compiled((op) => op.createExclusionConstraint("ex_notes", "notes", { using: "gist", elements: [{ column: "id", operator: "=" }] })),
    ).rejects.toThrow("createExclusionConstraint: exclusion constraints are PostgreSQL's; the mysql dialect has no such object.");
    await expect(
      compiled((op) =>
        op.createTable("notes", { id: integer() }, { excludes: [exclude({ using: "gist", elements: [{ column: "id", operator: "=" }] })] }),
      ),
    ).rejects.toThrow("Table notes uses excludes, which MySQL does not have.");
  });
});
