import { describe, expect, it } from "vitest";
import type { Operation } from "../../../ops/operation.js";
import type { Table } from "../../../schema/model.js";
import { compileOperation } from "./index.js";
import { applyToTable, rebuildStatements } from "./rebuild.js";

const films = (): Table => ({
  name: "films",
  columns: [
    { name: "id", type: { kind: "integer" }, nullable: false },
    { name: "title", type: { kind: "varchar", length: 100 }, nullable: false },
    { name: "year", type: { kind: "integer" }, nullable: true, default: { kind: "literal", value: 2000 } },
  ],
  primaryKey: { kind: "primaryKey", name: "films_pkey", columns: ["id"] },
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [{ name: "ix_films_year", elements: [{ kind: "column", name: "year" }], unique: false }],
});

describe("SQLite compiler", () => {
  const cases: [string, Operation, string[]][] = [
    [
      "createTable with every constraint inside CREATE TABLE",
      {
        kind: "createTable",
        table: {
          ...films(),
          uniqueConstraints: [{ kind: "unique", name: "uq_films_title", columns: ["title"] }],
          checkConstraints: [{ kind: "check", name: "ck_films_year", expression: "year > 1880" }],
          foreignKeys: [
            {
              kind: "foreignKey",
              name: "fk_films_self",
              columns: ["year"],
              referredTable: "films",
              referredColumns: ["id"],
              onDelete: "set null",
            },
          ],
        },
      },
      [
        'CREATE TABLE "films" (\n    "id" INTEGER NOT NULL,\n    "title" VARCHAR(100) NOT NULL,\n    "year" INTEGER DEFAULT 2000,\n    CONSTRAINT "films_pkey" PRIMARY KEY ("id"),\n    CONSTRAINT "uq_films_title" UNIQUE ("title"),\n    CONSTRAINT "ck_films_year" CHECK (year > 1880),\n    CONSTRAINT "fk_films_self" FOREIGN KEY ("year") REFERENCES "films" ("id") ON DELETE SET NULL\n)',
        'CREATE INDEX "ix_films_year" ON "films" ("year")',
      ],
    ],
    ["renameTable", { kind: "renameTable", name: "films", newName: "movies" }, ['ALTER TABLE "films" RENAME TO "movies"']],
    [
      "addColumn nullable, in place",
      { kind: "addColumn", table: "films", column: { name: "plot", type: { kind: "text" }, nullable: true }, constraints: [] },
      ['ALTER TABLE "films" ADD COLUMN "plot" TEXT'],
    ],
    [
      "addColumn with a default and its own foreign key, in place",
      {
        kind: "addColumn",
        table: "films",
        column: { name: "director_id", type: { kind: "integer" }, nullable: false, default: { kind: "literal", value: 1 } },
        constraints: [
          {
            kind: "foreignKey",
            name: "fk_d",
            columns: ["director_id"],
            referredTable: "people",
            referredColumns: ["id"],
            onDelete: "cascade",
          },
        ],
      },
      [
        'ALTER TABLE "films" ADD COLUMN "director_id" INTEGER DEFAULT 1 NOT NULL CONSTRAINT "fk_d" REFERENCES "people" ("id") ON DELETE CASCADE',
      ],
    ],
    ["dropColumn", { kind: "dropColumn", table: "films", name: "year" }, ['ALTER TABLE "films" DROP COLUMN "year"']],
    [
      "alterColumn that only renames",
      { kind: "alterColumn", table: "films", column: "title", newName: "name" },
      ['ALTER TABLE "films" RENAME COLUMN "title" TO "name"'],
    ],
    [
      "a partial expression index",
      {
        kind: "createIndex",
        table: "films",
        index: {
          name: "ix_lower",
          elements: [{ kind: "expression", sql: "lower(title)", order: "desc" }],
          unique: true,
          where: "year > 0",
        },
        ifNotExists: true,
      },
      ['CREATE UNIQUE INDEX IF NOT EXISTS "ix_lower" ON "films" ((lower(title)) DESC) WHERE year > 0'],
    ],
    ["dropIndex", { kind: "dropIndex", name: "ix_films_year", ifExists: true }, ['DROP INDEX IF EXISTS "ix_films_year"']],
    [
      "bulkInsert splits rows that leave out different columns (SQLite has no DEFAULT in VALUES)",
      {
        kind: "bulkInsert",
        table: "films",
        columns: ["id", "title", "year"],
        rows: [
          [1, "it's", true],
          [2, "b", false],
          [3, "c", undefined],
        ],
      },
      [
        'INSERT INTO "films" ("id", "title", "year") VALUES (1, \'it\'\'s\', 1), (2, \'b\', 0)',
        'INSERT INTO "films" ("id", "title") VALUES (3, \'c\')',
      ],
    ],
  ];
  for (const [title, operation, statements] of cases) {
    it(title, () => {
      expect(compileOperation(operation)).toEqual(statements);
    });
  }

  it("refuses PostgreSQL-only forms with the table, the column and the dialect", () => {
    const jsonb: Operation = {
      kind: "addColumn",
      table: "films",
      column: { name: "doc", type: { kind: "jsonb" }, nullable: true },
      constraints: [],
    };
    expect(() => compileOperation(jsonb)).toThrow("The column films.doc has type jsonb, which SQLite does not have.");
    const concurrently: Operation = {
      kind: "createIndex",
      table: "films",
      index: { name: "ix", elements: [{ kind: "column", name: "year" }], unique: false },
      concurrently: true,
    };
    expect(() => compileOperation(concurrently)).toThrow("SQLite has no CREATE INDEX CONCURRENTLY.");
    expect(() => compileOperation({ kind: "createEnum", enumType: { kind: "enumType", name: "mood", values: ["a"] } })).toThrow(
      "SQLite has no enum types.",
    );
    const secured: Operation = {
      kind: "createTable",
      table: {
        name: "notes",
        columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
        uniqueConstraints: [],
        foreignKeys: [],
        checkConstraints: [],
        indexes: [],
        rowLevelSecurity: "enabled",
      },
    };
    expect(() => compileOperation(secured)).toThrow("Table notes uses rowLevelSecurity, which SQLite does not have.");
    const exclusion = {
      kind: "exclude",
      name: "ex_notes",
      method: "gist",
      elements: [{ kind: "column", name: "id", operator: "=" }],
    } as const;
    const excluding: Operation = {
      kind: "createTable",
      table: {
        name: "notes",
        columns: [],
        uniqueConstraints: [],
        foreignKeys: [],
        checkConstraints: [],
        indexes: [],
        exclusionConstraints: [exclusion],
      },
    };
    expect(() => compileOperation(excluding)).toThrow("Table notes uses excludes, which SQLite does not have.");
    expect(() => compileOperation({ kind: "createExclusionConstraint", table: "notes", constraint: exclusion })).toThrow(
      "SQLite has no exclusion constraints.",
    );
  });

  it("refuses offline what rebuilds a table, saying why", () => {
    const op: Operation = { kind: "alterColumn", table: "films", column: "year", nullable: { from: true, to: false } };
    expect(() => compileOperation(op)).toThrow("On SQLite, changing the column films.year rebuilds the table");
  });
});

describe("SQLite table rebuild", () => {
  it("builds the new table under a temporary name, copies the rows, swaps, and recreates indexes, triggers and views", () => {
    const op: Operation = { kind: "alterColumn", table: "films", column: "year", type: { to: { kind: "text" } }, nullable: { to: false } };
    const statements = rebuildStatements(
      {
        table: films(),
        triggers: ["CREATE TRIGGER t AFTER INSERT ON films BEGIN SELECT 1; END"],
        views: [{ name: "v", sql: "CREATE VIEW v AS SELECT id FROM films" }],
      },
      applyToTable(films(), op),
    );
    expect(statements).toEqual([
      'DROP VIEW "v"',
      'CREATE TABLE "_retort_new_films" (\n    "id" INTEGER NOT NULL,\n    "title" VARCHAR(100) NOT NULL,\n    "year" TEXT DEFAULT 2000 NOT NULL,\n    CONSTRAINT "films_pkey" PRIMARY KEY ("id")\n)',
      'INSERT INTO "_retort_new_films" ("id", "title", "year") SELECT "id", "title", "year" FROM "films"',
      'DROP TABLE "films"',
      'ALTER TABLE "_retort_new_films" RENAME TO "films"',
      'CREATE INDEX "ix_films_year" ON "films" ("year")',
      "CREATE TRIGGER t AFTER INSERT ON films BEGIN SELECT 1; END",
      "CREATE VIEW v AS SELECT id FROM films",
    ]);
  });

  it("drops a column with the indexes and keys on it, and copies the other columns only", () => {
    const { table, sources } = applyToTable(films(), { kind: "dropColumn", table: "films", name: "year" });
    expect(table.columns.map((c) => c.name)).toEqual(["id", "title"]);
    expect(table.indexes).toEqual([]);
    expect([...sources.keys()]).toEqual(["id", "title"]);
  });

  it("drops a constraint by name, and refuses a name the table does not have", () => {
    const table = { ...films(), checkConstraints: [{ kind: "check" as const, name: "ck", expression: "year > 0" }] };
    expect(applyToTable(table, { kind: "dropConstraint", table: "films", name: "ck" }).table.checkConstraints).toEqual([]);
    expect(() => applyToTable(table, { kind: "dropConstraint", table: "films", name: "nope" })).toThrow(
      "The table films has no constraint nope.",
    );
  });
});
