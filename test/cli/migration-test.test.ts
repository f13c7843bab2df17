import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createServerDatabase,
  dropServerDatabase,
  queryServer,
  SERVER_URL,
  serverDatabaseUrl,
  tempDirectory,
} from "../helpers/databases.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";

/** `retort test`: the stairway, the models and `--sql` on a throwaway database (embedded, or a server's). */

/** Nothing listens here: `retort test` must never use the configured database. */
const UNREACHABLE = "postgres://nobody@127.0.0.1:1/none";

const MODELS = `import { date, integer, table, varchar } from "retort/schema";
export const movies = table("movies", { id: integer().primaryKey(), title: varchar(200).notNull(), release_date: date() });
`;

const CREATE_MOVIES: RevisionSpec = {
  id: "1975ea83b712",
  message: "create movies table",
  imports: ['import { integer, varchar } from "retort/schema";'],
  upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });'],
  downgrade: ['await op.dropTable("movies");'],
};

function addReleaseDate(downgrade: readonly string[]): RevisionSpec {
  return {
    id: "27c6a30d7c24",
    parents: ["1975ea83b712"],
    message: "add release_date to movies",
    imports: ['import { date } from "retort/schema";'],
    upgrade: ['await op.addColumn("movies", "release_date", date());'],
    downgrade,
  };
}

const HEALTHY = [CREATE_MOVIES, addReleaseDate(['await op.dropColumn("movies", "release_date");'])];

interface TestDocument {
  ok: boolean;
  database: string;
  tests: { kind: string; status: string; revision: string | null; reason: string | null; details: string[] }[];
}

const removals: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const remove of removals) await remove();
});

async function project(revisions: readonly RevisionSpec[], models = MODELS): Promise<TestProject> {
  const dir = await tempDirectory("retort-test-command-");
  removals.push(dir.remove);
  await writeFile(path.join(dir.path, "models.ts"), models);
  const created = await createProject(dir.path, UNREACHABLE, ', models: "./models.ts"');
  for (const revision of revisions) await created.addRevision(revision);
  return created;
}

async function runJson(p: TestProject, ...args: string[]): Promise<{ code: number; doc: TestDocument; stderr: string }> {
  const result = await p.run("test", ...args, "--json");
  return { code: result.code, doc: JSON.parse(result.stdout) as TestDocument, stderr: result.stderr };
}

function statuses(doc: TestDocument): string[] {
  return doc.tests.map((test) => `${test.status} ${test.kind}${test.revision === null ? "" : ` ${test.revision}`}`);
}

async function databaseExists(name: string): Promise<boolean> {
  const rows = await queryServer(SERVER_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

describe("retort test on an embedded PostgreSQL (the default)", () => {
  it("passes a healthy project, one line per test, without using the configured database", async () => {
    const p = await project(HEALTHY);
    const result = await p.run("test");
    expect(result.stderr).not.toContain("FAILED");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "ok      single head 27c6a30d7c24",
        "ok      stairway 1975ea83b712, create movies table",
        "ok      stairway 27c6a30d7c24, add release_date to movies",
        "ok      models match the migrated schema",
        "ok      offline --sql, base to heads and back",
        "All 5 tests passed.",
        "",
      ].join("\n"),
    );
  }, 120_000);

  it("names the revision whose downgrade forgets to drop a column, and removes its database", async () => {
    const p = await project([CREATE_MOVIES, addReleaseDate([])]);
    const { code, doc } = await runJson(p);
    expect(code).toBe(1);
    expect(doc.ok).toBe(false);
    expect(doc.database).toMatch(/^embedded:/);
    // The temporary directory holding the cluster is gone.
    expect(existsSync(path.dirname(doc.database.slice("embedded:".length)))).toBe(false);
    const failed = doc.tests.find((test) => test.status === "failed");
    expect(failed).toMatchObject({ kind: "stairway", revision: "27c6a30d7c24" });
    expect(failed?.details).toContain("to restore it: drop column movies.release_date");
  }, 120_000);
});

describe("retort test --url pglite:memory:", () => {
  it("runs in PGlite's in-process database", async () => {
    const p = await project([CREATE_MOVIES, addReleaseDate([])]);
    const { code, doc } = await runJson(p, "--url", "pglite:memory:");
    expect(code).toBe(1);
    expect(doc.database).toBe("pglite:memory:");
    expect(statuses(doc)).toEqual([
      "ok heads 27c6a30d7c24",
      "ok stairway 1975ea83b712",
      "failed stairway 27c6a30d7c24",
      "skipped models",
      "ok sql",
    ]);
  }, 60_000);
});

describe("retort test --url on a PostgreSQL server", () => {
  const named = serverDatabaseUrl("retort_named");

  beforeAll(async () => {
    await createServerDatabase(named.name);
    await queryServer(named.url, "CREATE TABLE keep_me (id integer)");
  });
  afterAll(() => dropServerDatabase(named.name));

  it("passes a healthy project on a database of its own, then drops it, never touching the named one", async () => {
    const p = await project(HEALTHY);
    const { code, doc } = await runJson(p, "--url", named.url);
    expect(statuses(doc)).toEqual(["ok heads 27c6a30d7c24", "ok stairway 1975ea83b712", "ok stairway 27c6a30d7c24", "ok models", "ok sql"]);
    expect(code).toBe(0);
    const used = /\/(retort_test_[0-9a-f]{12})$/.exec(doc.database)?.[1];
    expect(used).toBeDefined();
    expect(await databaseExists(used as string)).toBe(false);
    const tables = await queryServer(named.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((row) => row.tablename)).toEqual(["keep_me"]);
  }, 60_000);

  it("catches a downgrade that forgets to drop a column, names the revision and skips what depends on it", async () => {
    const p = await project([CREATE_MOVIES, addReleaseDate([]), { id: "3b8e5f1a9c20", parents: ["27c6a30d7c24"], message: "nothing" }]);
    const { code, doc } = await runJson(p, "--url", named.url);
    expect(code).toBe(1);
    expect(statuses(doc)).toEqual([
      "ok heads 3b8e5f1a9c20",
      "ok stairway 1975ea83b712",
      "failed stairway 27c6a30d7c24",
      "skipped stairway 3b8e5f1a9c20",
      "skipped models",
      "ok sql",
    ]);
    const failed = doc.tests[2];
    expect(failed?.reason).toBe("the downgrade does not restore the schema as it was before the upgrade");
    expect(failed?.details).toEqual(["to restore it: drop column movies.release_date"]);
    const text = await p.run("--url", named.url, "test");
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "FAILED  stairway 27c6a30d7c24, add release_date to movies: the downgrade does not restore the schema as it was before the upgrade\n          to restore it: drop column movies.release_date\n",
    );
    expect(text.stdout).toContain("1 of 6 tests FAILED.");
  }, 60_000);

  it("catches a downgrade that raises", async () => {
    const p = await project([CREATE_MOVIES, addReleaseDate(['throw new Error("release_date cannot be dropped");'])]);
    const { code, doc } = await runJson(p, "--url", named.url);
    expect(code).toBe(1);
    const failed = doc.tests.find((test) => test.status === "failed");
    expect(failed).toMatchObject({ kind: "stairway", revision: "27c6a30d7c24", reason: "the downgrade failed" });
    expect(failed?.details.join("\n")).toContain("release_date cannot be dropped");
  }, 60_000);

  it("reports two heads, and still walks both branches", async () => {
    const p = await project([
      CREATE_MOVIES,
      addReleaseDate(['await op.dropColumn("movies", "release_date");']),
      {
        id: "4c1d2e3f4a5b",
        parents: ["1975ea83b712"],
        message: "add an index on title",
        upgrade: ['await op.createIndex("ix_movies_title", "movies", ["title"]);'],
        downgrade: ['await op.dropIndex("ix_movies_title");'],
      },
    ]);
    const { code, doc } = await runJson(p, "--url", named.url);
    expect(code).toBe(1);
    expect(doc.tests[0]).toMatchObject({ kind: "heads", status: "failed", reason: "2 heads: 27c6a30d7c24, 4c1d2e3f4a5b" });
    // Parents first; the order of the two branches is the graph's.
    expect(statuses(doc)[1]).toBe("ok stairway 1975ea83b712");
    expect(statuses(doc).slice(2, 4).sort()).toEqual(["ok stairway 27c6a30d7c24", "ok stairway 4c1d2e3f4a5b"]);
    expect(doc.tests[5]).toMatchObject({ kind: "sql", status: "ok" });
    // The index is not in the models.
    expect(doc.tests[4]).toMatchObject({ kind: "models", status: "failed" });
    expect(doc.tests[4]?.details).toContain("drop index ix_movies_title on movies");
  }, 60_000);

  it("reports models that differ from the migrated schema", async () => {
    const p = await project(HEALTHY, MODELS.replace("release_date: date() }", "release_date: date(), rating: integer() }"));
    const { code, doc } = await runJson(p, "--url", named.url);
    expect(code).toBe(1);
    expect(statuses(doc)).toEqual([
      "ok heads 27c6a30d7c24",
      "ok stairway 1975ea83b712",
      "ok stairway 27c6a30d7c24",
      "failed models",
      "ok sql",
    ]);
    expect(doc.tests[3]?.details).toContain("add column movies.rating");
  }, 60_000);

  it("is refused in production, refuses a URL it may not create databases with, reports an unreachable server", async () => {
    const p = await project(HEALTHY);
    await writeFile(
      p.configPath,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(UNREACHABLE)}, migrations: "migrations", environment: "production" });\n`,
    );
    const refused = await p.run("test");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FAILED: retort test is refused in production.");
    const other = await project(HEALTHY);
    const embedded = await other.run("--url", "embedded:./elsewhere", "test", "--json");
    expect(embedded.code).toBe(1);
    expect(JSON.parse(embedded.stdout).error.code).toBe("invalid_url");
    // A server it cannot reach: that is the error, not the failure to drop the database afterwards.
    const unreachable = await other.run("test", "--url", "postgres://postgres@127.0.0.1:1/postgres", "--json");
    expect(unreachable.code).toBe(1);
    expect(JSON.parse(unreachable.stdout).error.code).toBe("database_unreachable");
  });
});
