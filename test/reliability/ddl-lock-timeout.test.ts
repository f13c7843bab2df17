import { mkdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/connect.js";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { reportFault } from "../helpers/fault-figures.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const REVISIONS: readonly RevisionSpec[] = [
  {
    id: "a1",
    message: "create movies",
    upgrade: ['await op.execute("CREATE TABLE movies (id integer PRIMARY KEY)");'],
    downgrade: ['await op.execute("DROP TABLE movies");'],
  },
  {
    id: "b2",
    parents: ["a1"],
    message: "add release_date",
    upgrade: ['await op.execute("ALTER TABLE movies ADD COLUMN release_date date");'],
    downgrade: ['await op.execute("ALTER TABLE movies DROP COLUMN release_date");'],
  },
];

/** Another application's session: a transaction holding ACCESS EXCLUSIVE on movies, as `LOCK TABLE` in psql. */
async function holdTableLock(url: string): Promise<{ pid: number; release: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url, application_name: "report-job" });
  await client.connect();
  const pid = Number((await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid);
  await client.query("BEGIN");
  await client.query("LOCK TABLE movies IN ACCESS EXCLUSIVE MODE");
  let released = false;
  return {
    pid,
    async release() {
      if (released) return;
      released = true;
      await client.query("COMMIT");
      await client.end();
    },
  };
}

/** Waits until a statement (holding `text`) waits for a table lock. */
async function waitForLockWait(url: string, text = "ALTER TABLE movies"): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const waiting = await queryServer(
      url,
      "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%' AND pid <> pg_backend_pid()",
      [text],
    );
    if (waiting.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no statement holding ${text} waited for a lock`);
}

async function columns(url: string): Promise<string[]> {
  const rows = await queryServer<{ column_name: string }>(
    url,
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'movies' ORDER BY column_name",
  );
  return rows.map((row) => row.column_name);
}

/** A revision's statement waiting for a table lock another session holds: bounded, reported live, and explained. */
describe("a revision waiting for a table lock (PostgreSQL server)", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let blocker: Awaited<ReturnType<typeof holdTableLock>> | undefined;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    for (const revision of REVISIONS) await project.addRevision(revision);
    expect((await project.run("upgrade", "a1")).code).toBe(0);
  });

  afterEach(async () => {
    await blocker?.release();
    blocker = undefined;
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("fails after --ddl-lock-timeout and its retries with ddl_lock_timeout, naming the blocker, and changes nothing", async () => {
    blocker = await holdTableLock(engine.url);
    const started = Date.now();
    const result = await project.run("upgrade", "head", "--ddl-lock-timeout", "1", "--ddl-lock-retries", "1", "--json");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as {
      error: { code: string; message: string; hint: string; attempts: number; tables: string; blockers: Record<string, unknown>[] };
    };
    expect(error.code).toBe("ddl_lock_timeout");
    expect(error.attempts).toBe(2);
    expect(error.tables).toBe("movies");
    expect(error.blockers).toEqual([
      {
        pid: blocker.pid,
        applicationName: "report-job",
        clientAddress: "127.0.0.1",
        state: "idle in transaction",
        query: "LOCK TABLE movies IN ACCESS EXCLUSIVE MODE",
        transactionSeconds: expect.any(Number),
      },
    ]);
    expect(error.message).toMatch(
      /^Upgrade of revision b2 \(.*b2_add_release_date\.ts\) waited \d+(\.\d)?s for a lock on movies, held by pid /,
    );
    expect(error.message).toContain(`pid ${blocker.pid} ('report-job' from 127.0.0.1, idle in transaction, transaction open `);
    expect(error.message).toContain("last query: LOCK TABLE movies IN ACCESS EXCLUSIVE MODE), and gave up after 2 attempts (");
    expect(error.message).toContain("while running: ALTER TABLE movies ADD COLUMN release_date date");
    expect(error.hint).toContain("--ddl-lock-timeout");
    // Live, while it waited; the revision's message gave up first, and the retry ran it statement by statement.
    expect(result.stderr).toContain(`Waiting for a lock on movies held by pid ${blocker.pid} ('report-job'`);
    // The first attempt names the blocker once the watcher's connection is open (on a loaded machine it may not
    // be yet when the attempt gives up).
    expect(result.stderr).toMatch(
      new RegExp(
        `(Lock on movies busy \\(held by pid ${blocker.pid}: LOCK TABLE movies IN ACCESS EXCLUSIVE MODE\\)|Lock busy), retry 2/2 in 0\\.\\d s\\.`,
      ),
    );
    const rows = await versionRows(engine);
    const kept = await columns(engine.url);
    reportFault("table-lock-held-ddl-lock-timeout", {
      trials: 1,
      recovered: result.code === 1 ? 1 : 0,
      halfApplied: rows.join() === "a1" && kept.join() === "id" ? 0 : 1,
    });
    expect(rows).toEqual(["a1"]);
    expect(kept).toEqual(["id"]);
  });

  it("takes the limit from the config's ddlLockTimeout", async () => {
    const other = path.join(dir.path, "configured");
    await mkdir(other);
    const configured = await createProject(other, engine.url, ", ddlLockTimeout: 1, ddlLockRetries: 0");
    for (const revision of REVISIONS) await configured.addRevision(revision);
    blocker = await holdTableLock(engine.url);
    const started = Date.now();
    const result = await configured.run("upgrade", "head");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAILED: Upgrade of revision b2 .* waited [\d.]+s for a lock on movies, held by pid \d+ \('report-job'/);
    expect(result.stderr).toContain("gave up after 1 attempt (");
    expect(result.stderr).not.toContain("retry");
    expect(await versionRows(engine)).toEqual(["a1"]);
  });

  it("retries the revision after a lock timeout and applies it once the blocker commits, holding the migration lock", async () => {
    blocker = await holdTableLock(engine.url);
    const holder = blocker;
    const run = project.run("upgrade", "head", "--ddl-lock-timeout", "0.1", "--ddl-lock-retries", "6");
    await waitForLockWait(engine.url);
    // Past the first attempt's 100 ms and its pause: at least one retry has timed out too.
    await new Promise((resolve) => setTimeout(resolve, 700));
    const lockHolders = await queryServer(
      engine.url,
      "SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()",
    );
    await holder.release();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(lockHolders).toHaveLength(1);
    // The first retry names the blocker when the watcher saw it within the 100 ms; later ones do.
    expect(result.stderr).toContain("retry 2/7 in ");
    expect(result.stderr).toMatch(
      new RegExp(
        `Lock on movies busy \\(held by pid ${holder.pid}: LOCK TABLE movies IN ACCESS EXCLUSIVE MODE\\), retry \\d/7 in \\d\\.\\d s\\.`,
      ),
    );
    expect(result.stderr).toContain("retry 3/7");
    expect(await versionRows(engine)).toEqual(["b2"]);
    expect(await columns(engine.url)).toEqual(["id", "release_date"]);
    // One audit row for the revision: the rolled-back attempts left none.
    const log = await queryServer(engine.url, "SELECT status FROM retort_log WHERE revision = 'b2' AND operation = 'upgrade'");
    expect(log).toEqual([{ status: "applied" }]);
    expect((await project.run("downgrade", "a1")).code).toBe(0);
  });

  it("in production with the safety rules on, tries in 50 ms attempts, names the blocker, and applies once it is gone", async () => {
    const other = path.join(dir.path, "production");
    await mkdir(other);
    const production = await createProject(other, engine.url, ', environment: "production"');
    for (const revision of REVISIONS) await production.addRevision(revision);
    blocker = await holdTableLock(engine.url);
    const holder = blocker;
    const run = production.run("upgrade", "head");
    await waitForLockWait(engine.url);
    // Long enough for several attempts and their pauses (250 ms, 500 ms, 1 s, …), so that at least one names the
    // blocker even when a busy machine answers the watcher's question after an attempt has given up.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await holder.release();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`Lock on movies busy \\(held by pid ${holder.pid}: LOCK TABLE movies IN ACCESS EXCLUSIVE MODE\\), retry \\d+/11 in `),
    );
    expect(await versionRows(engine)).toEqual(["b2"]);
    expect((await production.run("downgrade", "a1", "--yes")).code).toBe(0);
  });

  it("retries only the statement that timed out in a revision outside a transaction", async () => {
    const other = path.join(dir.path, "outside-retry");
    await mkdir(other);
    const outside = await createProject(other, engine.url);
    await outside.addRevision(REVISIONS[0]!);
    await outside.addRevision({
      id: "d4",
      parents: ["a1"],
      message: "notes and index",
      // The first statement would fail if it ran twice.
      upgrade: [
        'await op.execute("CREATE TABLE notes (id integer)");',
        'await op.execute("CREATE INDEX CONCURRENTLY ix_movies_id_2 ON movies (id)");',
      ],
      downgrade: ['await op.execute("DROP INDEX ix_movies_id_2");', 'await op.execute("DROP TABLE notes");'],
      extra: "export const transactional = false;",
    });
    blocker = await holdTableLock(engine.url);
    const holder = blocker;
    const run = outside.run("upgrade", "head", "--ddl-lock-timeout", "0.1", "--ddl-lock-retries", "6");
    // Once the first statement has committed, the index build waits (and times out, and is retried).
    for (let i = 0; i < 100; i++) {
      const [row] = await queryServer<{ made: boolean }>(engine.url, "SELECT to_regclass('notes') IS NOT NULL AS made");
      if (row?.made) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    await holder.release();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("retry 2/7");
    expect(await versionRows(engine)).toEqual(["d4"]);
    const valid = await queryServer<{ valid: boolean }>(
      engine.url,
      "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'ix_movies_id_2'::regclass",
    );
    expect(valid).toEqual([{ valid: true }]);
    expect((await outside.run("downgrade", "a1")).code).toBe(0);
  });

  it("limits a revision outside a transaction for its session, and records where it stopped", async () => {
    const other = path.join(dir.path, "outside");
    await mkdir(other);
    const outside = await createProject(other, engine.url);
    await outside.addRevision(REVISIONS[0]!);
    await outside.addRevision({
      id: "c3",
      parents: ["a1"],
      message: "index movies",
      upgrade: ['await op.execute("CREATE INDEX CONCURRENTLY ix_movies_id ON movies (id)");'],
      downgrade: ['await op.execute("DROP INDEX ix_movies_id");'],
      extra: "export const transactional = false;",
    });
    blocker = await holdTableLock(engine.url);
    const result = await outside.run("upgrade", "head", "--ddl-lock-timeout", "1", "--ddl-lock-retries", "0", "--json");
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string; hint: string } };
    expect(error.code).toBe("ddl_lock_timeout");
    expect(error.message).toContain("while running: CREATE INDEX CONCURRENTLY ix_movies_id ON movies (id)");
    expect(error.hint).toContain("stopped at statement 1");
    await blocker.release();
    const log = await queryServer<{ revision: string; status: string }>(
      engine.url,
      "SELECT revision, status FROM retort_log WHERE revision = 'c3'",
    );
    expect(log).toEqual([{ revision: "c3", status: "failed" }]);
    await queryServer(engine.url, "DROP INDEX IF EXISTS ix_movies_id");
    expect(await versionRows(engine)).toEqual(["a1"]);
  });

  it("with the limit off, waits (saying for whom) and applies the revision once the blocker commits", async () => {
    blocker = await holdTableLock(engine.url);
    const holder = blocker;
    const run = project.run("upgrade", "head", "--ddl-lock-timeout", "0");
    // Let it wait well past the limits above before the blocker ends its transaction.
    for (let i = 0; i < 100; i++) {
      const waiting = await queryServer(
        engine.url,
        "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ALTER TABLE movies%'",
      );
      if (waiting.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await holder.release();
    const result = await run;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Waiting for a lock on movies held by pid ${holder.pid} ('report-job'`);
    expect(await versionRows(engine)).toEqual(["b2"]);
    expect(await columns(engine.url)).toEqual(["id", "release_date"]);
    expect((await project.run("downgrade", "a1")).code).toBe(0);
  });
});

/** The embedded engine opens the watching session on the server it runs (or attached to). */
describe("a revision waiting for a table lock (embedded engine)", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("embedded", dir.path, { existing: true });
    project = await createProject(dir.path, engine.url);
    for (const revision of REVISIONS) await project.addRevision(revision);
    expect((await project.run("upgrade", "a1")).code).toBe(0);
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("names the session that holds the table", async () => {
    // This process runs the server; the CLI attaches to it, as a second process would while an app holds a lock.
    const owner = await openDatabase(engine.url, dir.path, { createIfMissing: false });
    const blocking = await owner.openSession?.();
    try {
      expect(blocking).toBeDefined();
      const [row] = await blocking!.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await blocking!.execute("BEGIN; LOCK TABLE movies IN ACCESS EXCLUSIVE MODE");
      const result = await runRetort(["-c", project.configPath, "upgrade", "head", "--ddl-lock-timeout", "1", "--ddl-lock-retries", "0"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Waiting for a lock on movies held by pid ${row!.pid} ('retort ${process.pid}@`);
      expect(result.stderr).toMatch(/FAILED: Upgrade of revision b2 .* waited [\d.]+s for a lock on movies, held by pid \d+ /);
      await blocking!.execute("ROLLBACK");
      const [version] = await owner.session.query<{ version_num: string }>("SELECT version_num FROM retort_version");
      expect(version?.version_num).toBe("a1");
    } finally {
      await blocking?.close();
      await owner.session.close();
    }
  });
});
