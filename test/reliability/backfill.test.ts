import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionsEnded } from "../helpers/crash.js";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { reportFault } from "../helpers/fault-figures.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";
import { CLI } from "../helpers/spawn-cli.js";

const ROWS = 5000;

/** `items` with ROWS rows; `touched` counts how many times a backfill updated each row. */
const ITEMS: RevisionSpec = {
  id: "a1",
  message: "items",
  upgrade: [
    'await op.execute("CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL, doubled integer, touched integer NOT NULL DEFAULT 0)");',
    `await op.execute("INSERT INTO items (id, n) SELECT g, g % 97 FROM generate_series(1, ${ROWS}) AS g");`,
  ],
  downgrade: ['await op.execute("DROP TABLE items");'],
};

/** A backfill in batches of 500, each row slowed by `sleep` seconds (so a kill lands in the middle of it). */
function backfillRevision(sleep: number, extra = "export const transactional = false;"): RevisionSpec {
  const slow = sleep > 0 ? ` + (SELECT 0 FROM pg_sleep(${sleep}))` : "";
  return {
    id: "b2",
    parents: ["a1"],
    message: "double n",
    imports: ['import { sql } from "retort/schema";'],
    upgrade: [
      `await op.backfill("items", { set: { doubled: sql\`n * 2${slow}\`, touched: sql\`touched + 1\` }, where: sql\`doubled IS NULL\`, batchSize: 500 });`,
    ],
    downgrade: ['await op.execute("UPDATE items SET doubled = NULL, touched = 0");'],
    extra,
  };
}

interface RowCounts extends Record<string, unknown> {
  doubled: number;
  wrong: number;
  touched_once: number;
  touched_more: number;
}

async function counts(url: string): Promise<RowCounts> {
  const [row] = await queryServer<RowCounts>(
    url,
    `SELECT count(*) FILTER (WHERE doubled IS NOT NULL)::int AS doubled, count(*) FILTER (WHERE doubled IS DISTINCT FROM n * 2 AND doubled IS NOT NULL)::int AS wrong,
      count(*) FILTER (WHERE touched = 1)::int AS touched_once, count(*) FILTER (WHERE touched > 1)::int AS touched_more FROM items`,
  );
  return row!;
}

/** The rows the audit log says the backfill had done (0 before its first batch). */
async function recordedRows(url: string): Promise<number> {
  const rows = await queryServer<{ progress: string | null }>(
    url,
    "SELECT backfill_progress AS progress FROM retort_log WHERE revision = 'b2' AND status = 'running' ORDER BY id DESC LIMIT 1",
  ).catch(() => []);
  const progress = rows[0]?.progress;
  return progress ? (JSON.parse(progress) as { rows: number }).rows : 0;
}

async function project(root: string, url: string, name: string, revisions: readonly RevisionSpec[]): Promise<TestProject> {
  const dir = path.join(root, name);
  await mkdir(dir);
  const made = await createProject(dir, url);
  for (const revision of revisions) await made.addRevision(revision);
  return made;
}

describe("op.backfill on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
  });

  afterAll(async () => {
    await sessionsEnded(engine.url).catch(() => undefined);
    await engine.dispose();
    await dir.remove();
  });

  it("updates every matching row in batches, each row once, with progress on stderr", async () => {
    const p = await project(dir.path, engine.url, "plain", [ITEMS, backfillRevision(0)]);
    const result = await p.run("upgrade", "head");
    expect(result.code, result.stderr).toBe(0);
    expect(await counts(engine.url)).toEqual({ doubled: ROWS, wrong: 0, touched_once: ROWS, touched_more: 0 });
    expect(result.stderr).toMatch(/Backfill of items done: 5,000 rows in \d+\.\d s \([\d,]+ rows\/s\)\./);
    const log = await queryServer(engine.url, "SELECT status FROM retort_log WHERE revision = 'b2' ORDER BY id");
    expect(log).toEqual([{ status: "applied" }]);
    // Already done: a second backfill finds no row left by its where.
    expect((await p.run("downgrade", "a1")).code).toBe(0);
    expect((await p.run("downgrade", "base")).code).toBe(0);
  });

  it("is refused in a transactional revision, before anything runs", async () => {
    const p = await project(dir.path, engine.url, "transactional", [ITEMS, backfillRevision(0, "")]);
    expect((await p.run("upgrade", "a1")).code).toBe(0);
    const result = await p.run("upgrade", "head", "--json");
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { message: string; hint: string } };
    expect(error.message).toMatch(/b2_double_n\.ts: op\.backfill commits each batch on its own, so it cannot run inside a transaction\./);
    expect(error.hint).toContain("export const transactional = false;");
    expect(await counts(engine.url)).toMatchObject({ doubled: 0 });
    expect(await versionRows(engine)).toEqual(["a1"]);
    expect((await p.run("downgrade", "base")).code).toBe(0);
  });

  it("follows a given composite key on a table without a primary key, and says when one is needed", async () => {
    const table: RevisionSpec = {
      id: "k1",
      message: "codes",
      upgrade: [
        'await op.execute("CREATE TABLE codes (region text NOT NULL, code text NOT NULL, label text, UNIQUE (region, code))");',
        `await op.execute("INSERT INTO codes SELECT r, 'c' || g, NULL FROM unnest(ARRAY['eu', 'us', 'it''s']) AS r, generate_series(1, 40) AS g");`,
      ],
      downgrade: ['await op.execute("DROP TABLE codes");'],
    };
    const fill = (key: string): RevisionSpec => ({
      id: "k2",
      parents: ["k1"],
      message: "labels",
      imports: ['import { sql } from "retort/schema";'],
      upgrade: [`await op.backfill("codes", { set: { label: sql\`region || '/' || code\` }, batchSize: 7${key} });`],
      downgrade: [],
      extra: "export const transactional = false;",
    });
    const without = await project(dir.path, engine.url, "no-key", [table, fill("")]);
    const refused = await without.run("upgrade", "head");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('op.backfill("codes"): table codes has no primary key (or does not exist).');
    expect(refused.stderr).toContain('Give the backfill a key: { key: "id" }');
    await queryServer(engine.url, "DELETE FROM retort_log WHERE revision = 'k2'");
    const keyed = await project(dir.path, engine.url, "composite-key", [table, fill(', key: ["region", "code"]')]);
    const result = await keyed.run("upgrade", "head");
    expect(result.code, result.stderr).toBe(0);
    const [row] = await queryServer<{ missing: number; wrong: number }>(
      engine.url,
      "SELECT count(*) FILTER (WHERE label IS NULL)::int AS missing, count(*) FILTER (WHERE label <> region || '/' || code)::int AS wrong FROM codes",
    );
    expect(row).toEqual({ missing: 0, wrong: 0 });
    expect(result.stderr).toContain("Backfill of codes done: 120 rows");
    expect((await keyed.run("downgrade", "base")).code).toBe(0);
  });

  it("is written as one UPDATE by --sql", async () => {
    const p = await project(dir.path, engine.url, "offline", [ITEMS, backfillRevision(0)]);
    const result = await p.run("upgrade", "a1:head", "--sql");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '-- op.backfill: online in batches of 500 rows by primary key, each committed on its own; here one UPDATE\nUPDATE "items" SET "doubled" = n * 2, "touched" = touched + 1 WHERE doubled IS NULL;',
    );
  });

  it("killed with SIGKILL mid-way, resumes after the last committed batch without redoing one", async () => {
    const p = await project(dir.path, engine.url, "killed", [ITEMS, backfillRevision(0.0004)]);
    expect((await p.run("upgrade", "a1")).code).toBe(0);
    const child = spawn(process.execPath, [CLI, "-c", p.configPath, "upgrade", "head"], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let before = 0;
    for (let i = 0; i < 600 && before < 1000; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      before = await recordedRows(engine.url);
    }
    child.kill("SIGKILL");
    expect(await exited).toBeNull();
    await sessionsEnded(engine.url);
    const atKill = await recordedRows(engine.url);
    const partial = await counts(engine.url);
    // What the log says is done is exactly what the table holds: the batch in flight was rolled back.
    expect(atKill).toBeGreaterThanOrEqual(1000);
    expect(atKill).toBeLessThan(ROWS);
    expect(partial).toEqual({ doubled: atKill, wrong: 0, touched_once: atKill, touched_more: 0 });

    const resumed = await p.run("upgrade", "head");
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`Resuming the backfill of items after key \\(${atKill}\\): ${atKill.toLocaleString("en-US")} rows done before\\.`),
    );
    const after = await counts(engine.url);
    reportFault("sigkill-mid-backfill", { trials: 1, recovered: after.doubled === ROWS ? 1 : 0, halfApplied: after.touched_more });
    expect(after).toEqual({ doubled: ROWS, wrong: 0, touched_once: ROWS, touched_more: 0 });
    expect(await versionRows(engine)).toEqual(["b2"]);
    expect(resumed.stderr).toContain("Backfill of items done: 5,000 rows");
  }, 60_000);
});
