import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { produceMigration } from "../../src/autogenerate/produce.js";
import { notRenamedResolver } from "../../src/autogenerate/renames.js";
import { check, loadModels, snapshotFilter } from "../../src/commands/autogenerate.js";
import { loadConfig } from "../../src/config/load-config.js";
import { dialectFor, openDatabase } from "../../src/engines/connect.js";
import type { Operation } from "../../src/ops/operation.js";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject } from "../helpers/project.js";
import { IDIOMS, type Idiom } from "./canonical-idioms.js";

/**
 * Expressions compared the way PostgreSQL sees them: every idiom of canonical-idioms.ts (checks, defaults, index
 * expressions and predicates, generated columns, written as people write them) in one models file, one table
 * each; autogenerate and upgrade, then autogenerate again must propose nothing, on the server and the embedded
 * engine. A failure names each idiom left with a change. The same comparison without the database's parse (the
 * text normaliser alone) must report some of them, so the idioms exercise the canonicaliser.
 */
const SETUP_MS = 180_000;
const CASE_MS = 240_000;

const tableOf = (i: number): string => `i_${String(i).padStart(3, "0")}`;

/** `text` inside a template literal, read back as `text`. */
const template = (text: string): string => `sql\`${text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("${", "\\${")}\``;

function tableSource(idiom: Idiom, i: number): string {
  const name = tableOf(i);
  const columns = [`id: integer().primaryKey()`, ...(idiom.columns === "" ? [] : [idiom.columns])];
  let options = "";
  switch (idiom.use) {
    case "check":
      options = `{ checks: [check("ck_${name}", ${template(idiom.sql)})] }`;
      break;
    case "default":
      columns.push(`v: ${idiom.type}.default(${template(idiom.sql)})`);
      break;
    case "generated":
      columns.push(`v: ${idiom.type}.generatedAlwaysAs(${template(idiom.sql)})`);
      break;
    case "index":
      options = `{ indexes: [index("ix_${name}", [${template(idiom.sql)}])] }`;
      break;
    case "where":
      options = `{ indexes: [index("ix_${name}", ["id"], { where: ${template(idiom.sql)} })] }`;
      break;
  }
  return `export const ${name} = table("${name}", { ${columns.join(", ")} }${options === "" ? "" : `, ${options}`});`;
}

function modelsSource(idioms: readonly Idiom[]): string {
  const builders =
    "table, check, index, sql, integer, smallint, bigint, text, varchar, char, numeric, real, doublePrecision, boolean, date, time, timestamp, timestamptz, interval, json, jsonb, uuid";
  return [`import { ${builders} } from "retort/schema";`, "", ...idioms.map(tableSource)].join("\n");
}

/** The idiom tables an operation touches. */
function tablesOf(op: Operation): string[] {
  return [...new Set(JSON.stringify(op).match(/i_\d{3}/g) ?? [])];
}

/** Per idiom with a pending change: its use, expression and what autogenerate would do. */
function report(ops: readonly Operation[], describe: (op: Operation) => string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const op of ops) for (const table of tablesOf(op)) found.set(table, [...(found.get(table) ?? []), describe(op)]);
  return found;
}

function explain(found: Map<string, string[]>): string {
  return [...found.entries()]
    .map(([table, changes]) => {
      const idiom = IDIOMS[Number(table.slice(2))]!;
      return `${table} (${idiom.use}: ${idiom.sql}): ${changes.join("; ")}`;
    })
    .join("\n");
}

it("holds at least 100 idioms, each table a valid model", () => {
  expect(IDIOMS.length).toBeGreaterThanOrEqual(100);
  expect(modelsSource(IDIOMS.slice(0, 1))).toContain('export const i_000 = table("i_000"');
});

describe.each(["server", "embedded"] as const)("table expressions compared as PostgreSQL stores them, on %s", (engineName) => {
  let engine: EngineFixture;
  let directory: Awaited<ReturnType<typeof tempDirectory>>;

  beforeAll(async () => {
    directory = await tempDirectory("retort-canon-");
    engine = await engineFixture(engineName, directory.path);
    const opened = await openDatabase(engine.url, directory.path, { createIfMissing: true });
    await opened.session.close();
  }, SETUP_MS);
  afterAll(async () => {
    await engine?.dispose();
    await directory?.remove();
  });

  it(
    "autogenerate + upgrade, then autogenerate proposes nothing for any idiom",
    async () => {
      const root = path.join(directory.path, "project");
      await mkdir(root, { recursive: true });
      await writeFile(path.join(root, "models.ts"), modelsSource(IDIOMS));
      const cli = await createProject(root, engine.url, `, models: "./models.ts", safety: "off"`);
      const first = await cli.run("revision", "--autogenerate", "-m", "idioms");
      expect(first.code, first.stderr).toBe(0);
      const upgraded = await cli.run("upgrade", "head");
      expect(upgraded.code, upgraded.stderr).toBe(0);

      const config = await loadConfig({ configPath: cli.configPath });
      const { describeOperation } = await import("../../src/autogenerate/describe.js");
      const result = await check(config, {});
      const pending = report(result.plan.upgrade, describeOperation);
      expect(pending.size, `idioms autogenerate still changes:\n${explain(pending)}`).toBe(0);
      expect(result.pending).toBe(false);

      const again = await cli.run("revision", "--autogenerate", "-m", "again");
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/No changes in schema detected/);

      // Without the database's parse, the text normaliser alone reports some idioms: they are the canonicaliser's.
      const dialect = dialectFor(config.url, config.rootDirectory);
      const support = await dialect.autogenerate();
      const opened = await openDatabase(config.url, config.rootDirectory, { createIfMissing: false });
      try {
        const live = await support.introspect(opened.session, snapshotFilter(config));
        const models = await loadModels(config);
        const plan = await produceMigration(live, models, { rules: support.rules, resolver: notRenamedResolver });
        const textOnly = report(plan.upgrade, describeOperation);
        expect(textOnly.size, `idioms the text normaliser alone matches: all ${IDIOMS.length}`).toBeGreaterThanOrEqual(20);
        const canonical = await support.canonicalize!(opened.session, live, models);
        expect(canonical.matched).toBe(canonical.candidates);
        expect(canonical.candidates).toBeGreaterThanOrEqual(textOnly.size);
        expect(canonical.notes).toEqual([]);

        // An expression the database refuses is compared as text, with a note; the others are still parsed.
        const refused = {
          ...models,
          tables: models.tables.map((t) =>
            t.name === tableOf(94)
              ? { ...t, checkConstraints: t.checkConstraints.map((c) => ({ ...c, expression: "qty < no_such_function()" })) }
              : t,
          ),
        };
        const partly = await support.canonicalize!(opened.session, live, refused);
        expect(partly.notes).toHaveLength(1);
        expect(partly.notes[0]).toMatch(/check ck_i_094 of i_094 .*no_such_function/);
        expect(partly.matched).toBe(canonical.matched - 1);

        // A real change is still one: expressions the database stores differently from the models' parse.
        await opened.session.execute(
          [
            `ALTER TABLE ${tableOf(0)} DROP CONSTRAINT ck_${tableOf(0)}, ADD CONSTRAINT ck_${tableOf(0)} CHECK (span > interval '2 hours')`,
            `ALTER TABLE ${tableOf(5)} ALTER COLUMN v SET DEFAULT interval '2 hours'`,
            `ALTER TABLE ${tableOf(87)} DROP CONSTRAINT ck_${tableOf(87)}, ADD CONSTRAINT ck_${tableOf(87)} CHECK (upper(gender) IN ('M', 'F', 'X'))`,
            `DROP INDEX ix_${tableOf(91)}`,
            `CREATE INDEX ix_${tableOf(91)} ON ${tableOf(91)} (lower(gender))`,
          ].join(";\n"),
        );
      } finally {
        await opened.session.close();
      }
      const changed = report((await check(config, {})).plan.upgrade, describeOperation);
      expect([...changed.keys()].sort()).toEqual([tableOf(0), tableOf(5), tableOf(87), tableOf(91)]);

      // In production the target is not written to, even temporarily: the text comparison stands, with a note.
      const lines: string[] = [];
      const production = await check({ ...config, environment: "production" }, { log: (line) => lines.push(line) });
      expect(production.pending).toBe(true);
      expect(lines.join("\n")).toMatch(/expression\(s\) are written differently from the database's stored form and were compared as text/);

      if (engineName === "server") {
        // Offline, the expressions are parsed on the embedded replay database; a second run reads the cache.
        const tmp = path.join(directory.path, "tmp");
        await mkdir(tmp, { recursive: true });
        const previous = process.env.TMPDIR;
        process.env.TMPDIR = tmp;
        try {
          for (const run of ["cold", "warm"]) {
            const offline = await cli.run("check", "--offline");
            expect(offline.code, `${run}: ${offline.stdout}${offline.stderr}`).toBe(0);
          }
        } finally {
          if (previous === undefined) delete process.env.TMPDIR;
          else process.env.TMPDIR = previous;
        }
      }
    },
    CASE_MS,
  );
});
