import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, seedFrom, sessionsEnded } from "../helpers/crash.js";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";

const REVISIONS = 50;
const KILLS = 20;

/** Revision i creates table t<i> with a row and an index; the version table must always agree with them. */
async function assertConsistent(engine: EngineFixture): Promise<number> {
  const rows = await versionRows(engine);
  expect(rows.length).toBeLessThanOrEqual(1);
  const applied = rows.length === 0 ? -1 : Number(rows[0]!.slice(1));
  const tables = await queryServer<{ tablename: string }>(
    engine.url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'",
  );
  const present = tables.map((row) => Number(row.tablename.slice(1))).sort((a, b) => a - b);
  expect(present).toEqual(Array.from({ length: applied + 1 }, (_, i) => i));
  if (applied >= 0) {
    const [last] = await queryServer<{ count: string }>(engine.url, `SELECT count(*)::text AS count FROM t${applied}`);
    expect(last?.count).toBe("1");
  }
  return applied;
}

describe("crash safety on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    for (let i = 0; i < REVISIONS; i++) {
      await project.addRevision({
        id: `r${String(i).padStart(2, "0")}`,
        parents: i === 0 ? [] : [`r${String(i - 1).padStart(2, "0")}`],
        message: `step ${i}`,
        upgrade: [
          `await op.execute("CREATE TABLE t${i} (id integer PRIMARY KEY, payload text)");`,
          `await op.execute("SELECT pg_sleep(0.03)");`,
          `await op.execute("INSERT INTO t${i} VALUES (1, repeat('x', 1000))");`,
          `await op.execute("CREATE INDEX ix_t${i} ON t${i} (payload)");`,
        ],
        downgrade: [`await op.execute("DROP TABLE t${i}");`],
      });
    }
    expect((await project.run("current")).code).toBe(0); // creates the database
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it(`survives ${KILLS} SIGKILLs during upgrade head: every revision wholly applied or not at all`, async () => {
    const seed = seedFrom("RETORT_CRASH_SEED");
    const random = prng(seed);
    let kills = 0;
    let progressed = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 5; attempt++) {
      const before = await assertConsistent(engine);
      if (before === REVISIONS - 1) {
        // Everything applied: go back to a random point and continue killing.
        const target = Math.floor(random() * (REVISIONS - 5));
        expect((await project.run("downgrade", `r${String(target).padStart(2, "0")}`)).code).toBe(0);
        continue;
      }
      const child = spawn(process.execPath, [CLI, "-c", project.configPath, "upgrade", "head"], { stdio: "ignore" });
      const delay = 150 + random() * 900;
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      const timer = setTimeout(() => child.kill("SIGKILL"), delay);
      const code = await exited;
      clearTimeout(timer);
      if (code === null) kills++;
      // A revision goes to the server in one message, which the server may still be running (and commit)
      // after the client died: look once the dead client's session has ended.
      await sessionsEnded(engine.url);
      const after = await assertConsistent(engine);
      if (after > before) progressed++;
    }
    console.log(
      `crash safety: seed ${seed}, ${kills} SIGKILLs, ${progressed} runs made progress before dying, state consistent after every kill`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    const final = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(final.code, final.stderr).toBe(0);
    expect(await assertConsistent(engine)).toBe(REVISIONS - 1);
  });

  it("a connection ended by the server mid-revision: a clear error, no half-applied revision", async () => {
    expect((await project.run("downgrade", "r10")).code).toBe(0);
    await project.addRevision({
      id: "slow",
      parents: [`r${REVISIONS - 1}`],
      message: "slow revision",
      upgrade: ['await op.execute("CREATE TABLE slow_half (id integer)");', 'await op.execute("SELECT pg_sleep(30)");'],
      downgrade: ['await op.execute("DROP TABLE slow_half");'],
    });
    const run = runRetort(["-c", project.configPath, "upgrade", "head"]);
    // Wait until the slow revision is sleeping, then end its connection from the server side.
    let terminated = false;
    for (let i = 0; i < 200 && !terminated; i++) {
      const rows = await queryServer<{ pid: number }>(
        engine.url,
        "SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'retort %' AND datname = current_database() AND query LIKE '%SELECT pg_sleep(30)%'",
      );
      if (rows[0]) {
        await queryServer(engine.url, "SELECT pg_terminate_backend($1)", [rows[0].pid]);
        terminated = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(terminated).toBe(true);
    const result = await run;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FAILED: Upgrade of revision slow \(.*\) failed: terminating connection due to administrator command/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await versionRows(engine)).toEqual([`r${REVISIONS - 1}`]);
    expect(await queryServer(engine.url, "SELECT 1 FROM pg_tables WHERE tablename = 'slow_half'")).toEqual([]);
  });
});
