import { spawn } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, tableNames, versionRows } from "../helpers/engines.js";
import { faultTrials, reportFault } from "../helpers/fault-figures.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";

const LOCK_KEY = "retort:public.retort_version";
const LOCK_TRIALS = faultTrials(3);

describe("the migration lock on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    // A revision below hangs in its own code when asked to: the lint that upgrade runs first (which runs that code
    // too) would hang there, before the lock these tests are about.
    project = await createProject(dir.path, engine.url, ', safety: "off"');
    await project.addRevision(tableRevision("a1", "t_a1"));
    // Hangs (holding the lock) only when the test asks it to.
    await project.addRevision({
      id: "b2",
      parents: ["a1"],
      upgrade: [
        "if (process.env.RETORT_TEST_HANG) await new Promise((resolve) => setTimeout(resolve, 120_000));",
        'await op.execute("CREATE TABLE t_b2 (id integer)");',
      ],
      downgrade: ['await op.execute("DROP TABLE t_b2");'],
    });
    expect((await project.run("current")).code).toBe(0);
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("--lock-timeout fails with a message saying another migration holds the lock", async () => {
    const holder = new pg.Client({ connectionString: engine.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext($1))", [LOCK_KEY]);
      const result = await project.run("upgrade", "head", "--lock-timeout", "1");
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^Waiting for the migration lock held by a session \(database backend pid \d+( from [^,]+)?, since /);
      expect(result.stderr).toMatch(/^FAILED: Another migration holds the lock on postgres:\/\/.*; gave up after 1s\./m);
      expect(await versionRows(engine)).toEqual([]);
    } finally {
      await holder.end();
    }
    expect((await project.run("upgrade", "a1", "--lock-timeout", "5")).code).toBe(0);
  });

  it(`--lock-timeout 2 against a holder that never releases: exit 1, the holder named, nothing changed (${LOCK_TRIALS} trials)`, async () => {
    const holder = new pg.Client({ connectionString: engine.url, application_name: "ops-console" });
    await holder.connect();
    const before = { versions: await versionRows(engine), tables: await tableNames(engine) };
    const failures: string[] = [];
    let unchanged = 0;
    try {
      const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await holder.query("SELECT pg_advisory_lock(hashtext($1))", [LOCK_KEY]);
      for (let trial = 0; trial < LOCK_TRIALS; trial++) {
        const started = Date.now();
        const run = await runRetort(["-c", project.configPath, "upgrade", "head", "--lock-timeout", "2"]);
        const waited = Date.now() - started;
        const named = `Held by 'ops-console' (database backend pid ${rows[0]?.pid} from `;
        const clear =
          run.code === 1 &&
          waited >= 2000 &&
          /^FAILED: Another migration holds the lock on postgres:\/\/.*; gave up after 2s\./m.test(run.stderr) &&
          run.stderr.includes(named) &&
          run.stderr.includes("then run the command again");
        if (!clear) failures.push(`exit ${run.code} after ${waited} ms:\n${run.stderr}`);
        const after = { versions: await versionRows(engine), tables: await tableNames(engine) };
        if (JSON.stringify(after) === JSON.stringify(before)) unchanged++;
        else failures.push(`changed: ${JSON.stringify(after)}`);
      }
    } finally {
      await holder.end();
    }
    // Once the holder is gone, the next run goes ahead.
    const next = await runRetort(["-c", project.configPath, "upgrade", "a1", "--lock-timeout", "5"]);
    reportFault("lock-never-released", {
      trials: LOCK_TRIALS,
      recovered: next.code === 0 ? unchanged : 0,
      halfApplied: LOCK_TRIALS - unchanged,
      notes: [`${LOCK_TRIALS - failures.length} clear errors naming the holder`],
    });
    expect(failures).toEqual([]);
    expect(next.code, next.stderr).toBe(0);
  });

  it("is released when the process holding it dies", async () => {
    const child = spawn(process.execPath, [CLI, "-c", project.configPath, "upgrade", "head"], {
      stdio: "ignore",
      env: { ...process.env, RETORT_TEST_HANG: "1" },
    });
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    let held = false;
    for (let i = 0; i < 300 && !held; i++) {
      const rows = await queryServer(
        engine.url,
        "SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()",
      );
      held = rows.length > 0;
      if (!held) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(held).toBe(true);
    child.kill("SIGKILL");
    await exited;
    const next = await runRetort(["-c", project.configPath, "upgrade", "head", "--lock-timeout", "20"]);
    const rows = await versionRows(engine);
    reportFault("lock-holder-sigkill", { trials: 1, recovered: next.code === 0 ? 1 : 0, halfApplied: rows.join() === "b2" ? 0 : 1 });
    expect(next.code, next.stderr).toBe(0);
    expect(rows).toEqual(["b2"]);
  });
});
