/**
 * What the lint says rewrites a table, checked against PostgreSQL itself: a rewrite gives the table a new
 * relfilenode, a catalog-only change keeps it.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintSupport } from "../../src/dialects/lint-support.js";
import { postgresDialect } from "../../src/dialects/postgres/index.js";
import { compileType } from "../../src/dialects/postgres/compile/types.js";
import { typeChangeRewrite } from "../../src/dialects/postgres/lint/type-rewrite.js";
import type { ColumnType } from "../../src/schema/model.js";
import { Operations } from "../../src/ops/operations.js";
import { bigint, integer, serial, sql, text, uuid, varchar } from "../../src/schema/index.js";
import type { ColumnBuilder } from "../../src/schema/column.js";
import { createServerDatabase, dropServerDatabase, serverDatabaseUrl } from "../helpers/databases.js";

const { url, name } = serverDatabaseUrl("retort_lint_rewrite");
let client: pg.Client;
let support: LintSupport;
let counter = 0;

beforeAll(async () => {
  await createServerDatabase(name);
  client = new pg.Client({ connectionString: url });
  await client.connect();
  support = await (postgresDialect.lint as () => Promise<LintSupport>)();
});

afterAll(async () => {
  await client?.end();
  await dropServerDatabase(name);
});

/** Whether `alter` (run on a fresh table `t` made by `create`) gave the table a new relfilenode. */
async function rewrites(create: string, alter: (table: string) => string): Promise<boolean> {
  const table = `t${++counter}`;
  await client.query(`CREATE TABLE ${table} (${create}); INSERT INTO ${table} DEFAULT VALUES`);
  const before = await client.query(`SELECT pg_relation_filenode('${table}') AS f`);
  await client.query(alter(table));
  const after = await client.query(`SELECT pg_relation_filenode('${table}') AS f`);
  return before.rows[0].f !== after.rows[0].f;
}

const v = (length?: number): ColumnType => (length === undefined ? { kind: "varchar" } : { kind: "varchar", length });

describe("type changes: typeChangeRewrite agrees with PostgreSQL", () => {
  const cases: [ColumnType, ColumnType, string?][] = [
    [v(100), v(200)],
    [v(100), { kind: "text" }],
    [v(100), v()],
    [{ kind: "text" }, v()],
    [v(200), v(100)],
    [{ kind: "text" }, v(100)],
    [
      { kind: "numeric", precision: 10, scale: 2 },
      { kind: "numeric", precision: 12, scale: 2 },
    ],
    [{ kind: "numeric", precision: 10, scale: 2 }, { kind: "numeric" }],
    [
      { kind: "numeric", precision: 10, scale: 2 },
      { kind: "numeric", precision: 12, scale: 3 },
    ],
    [{ kind: "integer" }, { kind: "bigint" }],
    [{ kind: "bigint" }, { kind: "integer" }],
    [
      { kind: "timestamp", withTimeZone: false, precision: 3 },
      { kind: "timestamp", withTimeZone: false },
    ],
    [
      { kind: "timestamp", withTimeZone: false },
      { kind: "timestamp", withTimeZone: false, precision: 3 },
    ],
    [{ kind: "json" }, { kind: "jsonb" }],
    [{ kind: "char", length: 5 }, { kind: "text" }],
    [v(100), v(200), "upper(c)"],
  ];
  for (const [from, to, using] of cases) {
    it(`${compileType(from)} → ${compileType(to)}${using ? ` USING ${using}` : ""}`, async () => {
      const predicted = typeChangeRewrite(from, to, using).effect === "rewrite";
      const actual = await rewrites(
        `c ${compileType(from)}`,
        (t) => `ALTER TABLE ${t} ALTER COLUMN c TYPE ${compileType(to)}${using ? ` USING ${using}` : ""}`,
      );
      expect(predicted).toBe(actual);
    });
  }
});

describe("added columns: a volatile default is found where PostgreSQL rewrites", () => {
  const cases: [string, ColumnBuilder][] = [
    ["a literal", integer().default(0)],
    ["now()", text().default(sql`now()::text`)],
    ["gen_random_uuid()", uuid().default(sql`gen_random_uuid()`)],
    ["random()", bigint().default(sql`(random() * 100)::bigint`)],
    ["serial", serial()],
    ["varchar without default", varchar(10)],
  ];
  for (const [label, column] of cases) {
    it(label, async () => {
      const statements: string[] = [];
      let flagged = false;
      const op = new Operations(async (operation) => {
        const compiled = postgresDialect.compile(operation);
        statements.push(...compiled);
        for (const action of support.describe(operation, compiled)) {
          if (action.subject.kind === "addColumn") flagged = action.subject.volatileDefault !== undefined;
        }
      });
      await op.addColumn("placeholder", "n", column);
      const actual = await rewrites("id int", (t) => statements.map((s) => s.replace('"placeholder"', t)).join(";\n"));
      expect(flagged).toBe(actual);
    });
  }
});
