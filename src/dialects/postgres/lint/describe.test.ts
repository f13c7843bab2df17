import { beforeAll, describe, expect, it } from "vitest";
import type { ColumnType } from "../../../schema/model.js";
import { loadParser } from "./ast.js";
import { describeSql } from "./statements.js";
import { typeChangeRewrite } from "./type-rewrite.js";
import { volatileCallIn } from "./volatility.js";

beforeAll(() => loadParser());

/** `op.execute` text as lint actions: subject, table, and the locks' modes, per statement. */
const sqlCases: [string, readonly unknown[]][] = [
  ["CREATE INDEX ix ON movies (title)", [{ kind: "createIndex", concurrently: false, locks: ["SHARE"] }]],
  ["CREATE INDEX CONCURRENTLY ix ON s.movies (title)", [{ kind: "createIndex", concurrently: true, locks: ["SHARE UPDATE EXCLUSIVE"] }]],
  [
    "ALTER TABLE movies ADD CONSTRAINT fk FOREIGN KEY (d) REFERENCES directors (id) NOT VALID",
    [{ kind: "addForeignKey", notValid: true, locks: ["SHARE ROW EXCLUSIVE", "SHARE ROW EXCLUSIVE"] }],
  ],
  [
    "ALTER TABLE movies ADD CONSTRAINT c CHECK (title IS NOT NULL)",
    [{ kind: "addCheck", notValid: false, notNullColumn: "title", locks: ["ACCESS EXCLUSIVE"] }],
  ],
  ["ALTER TABLE movies ADD CONSTRAINT c CHECK (title IS NOT NULL AND id > 0)", [{ kind: "addCheck", notNullColumn: undefined }]],
  ["ALTER TABLE movies VALIDATE CONSTRAINT c", [{ kind: "validateConstraint", constraint: "c", locks: ["SHARE UPDATE EXCLUSIVE"] }]],
  ["ALTER TABLE movies ADD CONSTRAINT pk PRIMARY KEY USING INDEX ix", [{ kind: "addKeyConstraint", primaryKey: true, usingIndex: true }]],
  ["ALTER TABLE movies ADD CONSTRAINT u UNIQUE (title)", [{ kind: "addKeyConstraint", primaryKey: false, usingIndex: false }]],
  [
    "ALTER TABLE movies ALTER COLUMN title SET NOT NULL, ALTER COLUMN rating TYPE bigint",
    [
      { kind: "setNotNull", column: "title" },
      { kind: "changeType", column: "rating", effect: "unknown", change: "→ int8" },
    ],
  ],
  [
    "ALTER TABLE movies ADD COLUMN u uuid DEFAULT gen_random_uuid(), ADD COLUMN t timestamptz DEFAULT now(), ADD COLUMN s bigserial",
    [
      { kind: "addColumn", column: "u", volatileDefault: "gen_random_uuid()" },
      { kind: "addColumn", column: "t", volatileDefault: undefined },
      { kind: "addColumn", column: "s", volatileDefault: "bigserial (nextval())" },
    ],
  ],
  [
    "ALTER TABLE movies ADD COLUMN d int REFERENCES directors (id) UNIQUE",
    [
      { kind: "addColumn", keyConstraint: "unique" },
      { kind: "addForeignKey", notValid: false },
    ],
  ],
  ["ALTER TABLE movies RENAME COLUMN a TO b", [{ kind: "renameColumn", column: "a", newName: "b" }]],
  ["ALTER TABLE movies RENAME TO films", [{ kind: "renameTable", newName: "films" }]],
  [
    "DROP TABLE a, s.b",
    [
      { kind: "dropTable", table: { name: "a" } },
      { kind: "dropTable", table: { name: "b", schema: "s" } },
    ],
  ],
  ["DROP INDEX CONCURRENTLY ix", [{ kind: "dropIndex", concurrently: true, locks: ["SHARE UPDATE EXCLUSIVE"] }]],
  ["DROP SCHEMA x CASCADE", [{ kind: "dataLoss" }]],
  ["TRUNCATE movies", [{ kind: "dataLoss", locks: ["ACCESS EXCLUSIVE"] }]],
  ["DELETE FROM movies", [{ kind: "dataLoss", locks: ["ROW EXCLUSIVE"] }]],
  ["UPDATE movies SET title = trim(title)", [{ kind: "other", locks: ["ROW EXCLUSIVE"] }]],
  ["SET LOCAL lock_timeout TO '5s'", [{ kind: "setting", name: "lock_timeout", local: true }]],
  ["CREATE TABLE s.t (id int)", [{ kind: "createTable", table: { name: "t", schema: "s" } }]],
  ["CREATE TABLE s.t AS SELECT 1 AS a", [{ kind: "createTable", table: { name: "t", schema: "s" } }]],
  ["CREATE MATERIALIZED VIEW mv AS SELECT 1 AS a", [{ kind: "other" }]],
  ["ALTER TABLE movies ALTER COLUMN title SET DEFAULT 'x'", [{ kind: "alterTable", locks: ["ACCESS EXCLUSIVE"] }]],
  ["CREATE INDEX", [{ kind: "notAnalysed" }]],
];

describe("describeSql: op.execute text read by PostgreSQL's parser", () => {
  for (const [sql, expected] of sqlCases) {
    it(sql, () => {
      const actions = describeSql(sql);
      expect(actions).toHaveLength(expected.length);
      actions.forEach((action, i) => {
        const { locks, ...fields } = expected[i] as { locks?: string[] };
        expect(action.subject).toMatchObject(fields);
        if (locks !== undefined) expect(action.locks.map((lock) => lock.mode)).toEqual(locks);
        expect(action.fromSql).toBe(true);
      });
    });
  }

  it("shows each statement's own text, also after multi-byte characters", () => {
    const actions = describeSql("UPDATE movies SET title = 'Amélie';\n  ALTER TABLE movies DROP COLUMN rating;");
    expect(actions.map((a) => a.statement)).toEqual(["UPDATE movies SET title = 'Amélie'", "ALTER TABLE movies DROP COLUMN rating"]);
  });
});

const varchar = (length?: number): ColumnType => (length === undefined ? { kind: "varchar" } : { kind: "varchar", length });
const numeric = (precision?: number, scale?: number): ColumnType => ({ kind: "numeric", precision, scale }) as ColumnType;

describe("typeChangeRewrite: what ALTER COLUMN TYPE does to the table", () => {
  const cases: [ColumnType | undefined, ColumnType, string | undefined, string, boolean][] = [
    [varchar(100), varchar(200), undefined, "catalog", false],
    [varchar(100), { kind: "text" }, undefined, "catalog", false],
    [varchar(100), varchar(), undefined, "catalog", false],
    [{ kind: "text" }, varchar(), undefined, "catalog", false],
    [varchar(200), varchar(100), undefined, "rewrite", true],
    [{ kind: "text" }, varchar(100), undefined, "rewrite", true],
    [numeric(10, 2), numeric(12, 2), undefined, "catalog", false],
    [numeric(10, 2), numeric(), undefined, "catalog", false],
    [numeric(10, 2), numeric(12, 3), undefined, "rewrite", false],
    [{ kind: "integer" }, { kind: "bigint" }, undefined, "rewrite", false],
    [{ kind: "bigint" }, { kind: "integer" }, undefined, "rewrite", true],
    [{ kind: "timestamp", withTimeZone: false, precision: 3 }, { kind: "timestamp", withTimeZone: false }, undefined, "catalog", false],
    [{ kind: "timestamp", withTimeZone: false }, { kind: "timestamp", withTimeZone: true }, undefined, "rewrite", false],
    [{ kind: "json" }, { kind: "jsonb" }, undefined, "rewrite", false],
    [varchar(100), varchar(200), "upper(title)", "rewrite", false],
    [undefined, { kind: "text" }, undefined, "unknown", false],
    [
      { kind: "array", element: varchar(10), dimensions: 1 },
      { kind: "array", element: varchar(20), dimensions: 1 },
      undefined,
      "rewrite",
      false,
    ],
  ];
  for (const [from, to, using, effect, narrowing] of cases) {
    it(`${JSON.stringify(from)} → ${JSON.stringify(to)}${using ? ` USING ${using}` : ""}: ${effect}`, () => {
      expect(typeChangeRewrite(from, to, using)).toEqual({ effect, narrowing });
    });
  }
});

describe("volatileCallIn: defaults computed per row", () => {
  it.each([
    ["gen_random_uuid()", "gen_random_uuid()"],
    ["(random() * 10)::int", "random()"],
    ["pg_catalog.clock_timestamp()", "clock_timestamp()"],
    ["nextval('s')", "nextval()"],
    ["now()", undefined],
    ["CURRENT_TIMESTAMP", undefined],
    ["'x'", undefined],
    ["lower('X')", undefined],
  ])("%s", (expression, expected) => {
    expect(volatileCallIn(expression)).toBe(expected);
  });
});
