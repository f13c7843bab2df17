// Generates the benchmark projects: a retort.config.ts and revision files in the real template format
// (src/revisions/template.ts), plus the SQL the floors run. Pure file generation: nothing here is timed.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

/** A deterministic 12-hex-digit revision id, as `retort revision` makes them (but reproducible). */
export function revisionId(kind, n) {
  return createHash("sha1").update(`${kind}:${n}`).digest("hex").slice(0, 12);
}

const pad = (n) => String(n).padStart(4, "0");

/** The revision file `renderRevisionFile` would write, with the given imports and bodies. */
export function revisionFile({ revision, downRevision, message, imports = [], upgrade, downgrade }) {
  return [
    "/**",
    ` * ${message}`,
    " *",
    ` * Revision ID: ${revision}`,
    ` * Revises: ${downRevision ?? ""}`,
    " * Create Date: 2026-11-28 10:00:00.000000",
    " */",
    'import type { Operations } from "retort";',
    ...imports,
    "",
    `export const revision = ${JSON.stringify(revision)};`,
    `export const downRevision: string | readonly string[] | null = ${downRevision ? JSON.stringify(downRevision) : "null"};`,
    "export const branchLabels: readonly string[] | null = null;",
    "export const dependsOn: readonly string[] | null = null;",
    `export const message = ${JSON.stringify(message)};`,
    "",
    "export async function upgrade(op: Operations): Promise<void> {",
    ...upgrade.map((line) => `  ${line}`),
    "}",
    "",
    "export async function downgrade(op: Operations): Promise<void> {",
    ...downgrade.map((line) => `  ${line}`),
    "}",
    "",
  ].join("\n");
}

/** `retort.config.ts`; the URL comes from DATABASE_URL, as a deploy sets it. */
export function writeProject(directory, { models } = {}) {
  mkdirSync(path.join(directory, "migrations", "versions"), { recursive: true });
  writeFileSync(
    path.join(directory, "retort.config.ts"),
    [
      'import { defineConfig } from "retort";',
      "",
      "export default defineConfig({",
      '  url: process.env.DATABASE_URL ?? "embedded:./.retort/dev",',
      '  migrations: "migrations",',
      `  models: ${JSON.stringify(models ?? "./models.ts")},`,
      "});",
      "",
    ].join("\n"),
  );
  return path.join(directory, "migrations", "versions");
}

/**
 * A linear chain of `count` revisions; revision i creates table `t<i>` with 5 columns, an index and a foreign
 * key to the previous table (the first one has no previous table: its `prev_id` is a plain column).
 */
export function writeChain(directory, count) {
  const versions = writeProject(directory);
  let previous = null;
  for (let i = 1; i <= count; i++) {
    const revision = revisionId("chain", i);
    const name = `t${pad(i)}`;
    const prev = i === 1 ? "integer()" : `integer().references("t${pad(i - 1)}.id", { onDelete: "cascade" })`;
    const message = `create table ${name}`;
    writeFileSync(
      path.join(versions, `${revision}_create_table_${name}.ts`),
      revisionFile({
        revision,
        downRevision: previous,
        message,
        imports: ['import { integer, numeric, timestamptz, varchar } from "retort/schema";'],
        upgrade: [
          `await op.createTable(${JSON.stringify(name)}, {`,
          "  id: integer().primaryKey(),",
          "  name: varchar(100).notNull(),",
          "  amount: numeric(12, 2),",
          "  created_at: timestamptz().notNull(),",
          `  prev_id: ${prev},`,
          "});",
          `await op.createIndex("ix_${name}_name", ${JSON.stringify(name)}, ["name"]);`,
        ],
        downgrade: [
          `await op.dropIndex("ix_${name}_name", { table: ${JSON.stringify(name)} });`,
          `await op.dropTable(${JSON.stringify(name)});`,
        ],
      }),
    );
    previous = revision;
  }
  return { head: previous };
}

/**
 * `count` revisions for the graph commands: a linear chain with an empty body each (the graph commands
 * never run a body; its size is what `cat` reads, so each file has a realistic one).
 */
export function writeGraph(directory, count) {
  return writeChain(directory, count);
}

/** One revision (for `retort heads` and start-up costs). */
export function writeSingle(directory) {
  return writeChain(directory, 1);
}

/**
 * The autogenerate workload: `tables` tables in the database (8 columns, 2 indexes, a unique constraint and a
 * foreign key to the previous table each, created by SQL), a models module declaring them with
 * `changed` of them changed (a new column each), and one baseline revision the database is stamped at.
 */
export function writeAutogenerate(directory, tables, changed) {
  const versions = writeProject(directory, { models: "./models.ts" });
  const baseline = revisionId("autogenerate", 0);
  writeFileSync(
    path.join(versions, `${baseline}_baseline.ts`),
    revisionFile({
      revision: baseline,
      downRevision: null,
      message: "baseline",
      upgrade: ['await op.execute("SELECT 1");'],
      downgrade: ['await op.execute("SELECT 1");'],
    }),
  );
  const ddl = [];
  const models = [
    'import { bigint, boolean, index, integer, jsonb, numeric, table, text, timestamptz, unique, varchar } from "retort/schema";',
    "",
  ];
  const every = Math.max(1, Math.floor(tables / changed));
  let changedCount = 0;
  for (let i = 1; i <= tables; i++) {
    const name = `a${pad(i)}`;
    const prevTable = i === 1 ? null : `a${pad(i - 1)}`;
    ddl.push(
      `CREATE TABLE ${name} (id integer NOT NULL, code varchar(40) NOT NULL, title text, amount numeric(12, 2), ` +
        `active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now(), payload jsonb, prev_id bigint, ` +
        `CONSTRAINT pk_${name} PRIMARY KEY (id), CONSTRAINT uq_${name}_code UNIQUE (code)` +
        (prevTable ? `, CONSTRAINT fk_${name}_prev_id_${prevTable} FOREIGN KEY (prev_id) REFERENCES ${prevTable} (id)` : "") +
        ");",
      `CREATE INDEX ix_${name}_title ON ${name} (title);`,
      `CREATE INDEX ix_${name}_created_at ON ${name} (created_at);`,
    );
    const change = changedCount < changed && i % every === 0;
    if (change) changedCount++;
    models.push(
      `export const ${name} = table(${JSON.stringify(name)}, {`,
      `  id: integer().primaryKey({ name: "pk_${name}" }),`,
      "  code: varchar(40).notNull(),",
      "  title: text(),",
      "  amount: numeric(12, 2),",
      "  active: boolean().notNull().default(true),",
      "  created_at: timestamptz().notNull().default(sql`now()`),",
      "  payload: jsonb(),",
      prevTable
        ? `  prev_id: bigint().references(${JSON.stringify(`${prevTable}.id`)}, { name: "fk_${name}_prev_id_${prevTable}" }),`
        : "  prev_id: bigint(),",
      ...(change ? ["  note: text(),"] : []),
      "}, {",
      `  indexes: [index("ix_${name}_title", ["title"]), index("ix_${name}_created_at", ["created_at"])],`,
      `  uniques: [unique(["code"], { name: "uq_${name}_code" })],`,
      "});",
    );
  }
  models[0] = models[0].replace("unique, ", "sql, unique, ");
  writeFileSync(path.join(directory, "models.ts"), `${models.join("\n")}\n`);
  return { baseline, ddl: `${ddl.join("\n")}\n`, changed: changedCount };
}

/**
 * The chain of `writeChain` with a models module declaring its `count` tables, the last `changed` of them with
 * one more column: what `revision --autogenerate --offline` compares the replayed chain with.
 */
export function writeChainWithModels(directory, count, changed) {
  const { head } = writeChain(directory, count);
  writeProject(directory, { models: "./models.ts" });
  const models = ['import { index, integer, numeric, table, text, timestamptz, varchar } from "retort/schema";', ""];
  for (let i = 1; i <= count; i++) {
    const name = `t${pad(i)}`;
    const prev = i === 1 ? "integer()" : `integer().references(() => t${pad(i - 1)}.id, { onDelete: "cascade" })`;
    models.push(
      `export const ${name} = table(${JSON.stringify(name)}, {`,
      "  id: integer().primaryKey(),",
      "  name: varchar(100).notNull(),",
      "  amount: numeric(12, 2),",
      "  created_at: timestamptz().notNull(),",
      `  prev_id: ${prev},`,
      ...(i > count - changed ? ["  note: text(),"] : []),
      `}, { indexes: [index("ix_${name}_name", ["name"])] });`,
    );
  }
  writeFileSync(path.join(directory, "models.ts"), `${models.join("\n")}\n`);
  return { head };
}

/**
 * `tables` tables whose checks, defaults and index expressions are written as people write them, in forms
 * PostgreSQL stores differently (a function on `char(1)`, a computed BETWEEN bound, an interval literal, a JSON
 * object's keys, SIMILAR TO): the database is created from the same text, so only the `changed` tables with one
 * more column in the models are changes. What `revision --autogenerate` must canonicalise through the database.
 */
export function writeCanonical(directory, tables, changed) {
  const versions = writeProject(directory, { models: "./models.ts" });
  const baseline = revisionId("canonical", 0);
  writeFileSync(
    path.join(versions, `${baseline}_baseline.ts`),
    revisionFile({
      revision: baseline,
      downRevision: null,
      message: "baseline",
      upgrade: ['await op.execute("SELECT 1");'],
      downgrade: ['await op.execute("SELECT 1");'],
    }),
  );
  const ddl = [];
  const models = ['import { char, check, index, integer, interval, jsonb, table, text, sql } from "retort/schema";', ""];
  const every = Math.max(1, Math.floor(tables / Math.max(1, changed)));
  let changedCount = 0;
  // Each table's constants differ, so that no two tables share an expression (the database parses each once).
  const checks = (i) => ({
    gender: `upper(gender) IN ('M', 'F', 'X${i}')`,
    qty: `qty BETWEEN 0 AND cap * ${i}`,
    span: `span > interval '${i} minutes'`,
    name: `name SIMILAR TO '[a-z]{1,${i}}'`,
  });
  const defaults = (i) => ({ span: `interval '${i} hours'`, doc: `'{"b": ${i}, "a": 2}'::jsonb` });
  const indexed = (i) => `substr(gender, ${i})`;
  for (let i = 1; i <= tables; i++) {
    const name = `c${pad(i)}`;
    ddl.push(
      `CREATE TABLE ${name} (id integer PRIMARY KEY, gender char(1), qty integer, cap integer, ` +
        `span interval DEFAULT ${defaults(i).span}, doc jsonb DEFAULT ${defaults(i).doc}, name text, ` +
        Object.entries(checks(i))
          .map(([column, expression]) => `CONSTRAINT ck_${name}_${column} CHECK (${expression})`)
          .join(", ") +
        ");",
      `CREATE INDEX ix_${name}_gender ON ${name} (${indexed(i)});`,
    );
    const change = changedCount < changed && i % every === 0;
    if (change) changedCount++;
    models.push(
      `export const ${name} = table(${JSON.stringify(name)}, {`,
      "  id: integer().primaryKey(),",
      "  gender: char(1),",
      "  qty: integer(),",
      "  cap: integer(),",
      `  span: interval().default(sql\`${defaults(i).span}\`),`,
      `  doc: jsonb().default(sql\`${defaults(i).doc}\`),`,
      "  name: text(),",
      ...(change ? ["  note: text(),"] : []),
      "}, {",
      `  checks: [${Object.entries(checks(i))
        .map(([column, expression]) => `check("ck_${name}_${column}", sql\`${expression}\`)`)
        .join(", ")}],`,
      `  indexes: [index("ix_${name}_gender", [sql\`${indexed(i)}\`])],`,
      "});",
    );
  }
  writeFileSync(path.join(directory, "models.ts"), `${models.join("\n")}\n`);
  return { baseline, ddl: `${ddl.join("\n")}\n`, changed: changedCount };
}
