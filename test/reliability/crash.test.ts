import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, seedFrom, sessionsEnded } from "../helpers/crash.js";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { faultTrials, reportFault } from "../helpers/fault-figures.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";

const REVISIONS = 50;
const KILLS = faultTrials(6);
const DOWNGRADE_KILLS = faultTrials(4);

/** What a check of the database found: the last revision applied (-1 at base), and what is wrong, if anything. */
interface Consistency {
  readonly applied: number;
  readonly problem: string | undefined;
}

/** Revision i creates table t<i> with a row and an index; the version table must always agree with them. */
async function checkConsistent(engine: EngineFixture): Promise<Consistency> {
  const rows = await versionRows(engine);
  if (rows.length > 1) return { applied: -1, problem: `version rows ${rows.join(", ")}` };
  const applied = rows.length === 0 ? -1 : Number(rows[0]!.slice(1));
  const tables = await queryServer<{ tablename: string }>(
    engine.url,
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'",
  );
  const present = tables.map((row) => Number(row.tablename.slice(1))).sort((a, b) => a - b);
  const expected = Array.from({ length: applied + 1 }, (_, i) => i);
  if (present.join() !== expected.join()) return { applied, problem: `at r${applied} with tables t${present.join(", t")}` };
  if (applied >= 0) {
    const [last] = await queryServer<{ count: string }>(engine.url, `SELECT count(*)::text AS count FROM t${applied}`);
    if (last?.count !== "1") return { applied, problem: `t${applied} holds ${last?.count} rows` };
  }
  return { applied, problem: undefined };
}

async function assertConsistent(engine: EngineFixture): Promise<number> {
  const { applied, problem } = await checkConsistent(engine);
  expect(problem).toBeUndefined();
  return applied;
}

/**
 * Starts `retort <args>` and SIGKILLs it `delay` ms after its first progress line (`Running upgrade …`), so that
 * the kill lands while revisions run rather than while Node starts; resolves with whether it was killed.
 */
async function killWhileRunning(project: TestProject, args: readonly string[], delay: number): Promise<boolean> {
  const child = spawn(process.execPath, [CLI, "-c", project.configPath, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let timer: NodeJS.Timeout | undefined;
  child.stderr.on("data", (chunk: Buffer) => {
    if (timer === undefined && chunk.toString().includes("Running ")) timer = setTimeout(() => child.kill("SIGKILL"), delay);
  });
  const code = await exited;
  clearTimeout(timer);
  return code === null;
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
        downgrade: [`await op.execute("SELECT pg_sleep(0.03)");`, `await op.execute("DROP TABLE t${i}");`],
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
    let halfApplied = 0;
    for (let attempt = 0; kills < KILLS && attempt < KILLS * 5; attempt++) {
      const before = await assertConsistent(engine);
      if (before === REVISIONS - 1) {
        // Everything applied: go back to a random point and continue killing.
        const target = Math.floor(random() * (REVISIONS - 5));
        expect((await project.run("downgrade", `r${String(target).padStart(2, "0")}`)).code).toBe(0);
        continue;
      }
      const killed = await killWhileRunning(project, ["upgrade", "head"], random() * 1200);
      if (killed) kills++;
      // A revision goes to the server in one message, which the server may still be running (and commit)
      // after the client died: look once the dead client's session has ended.
      await sessionsEnded(engine.url);
      const after = await checkConsistent(engine);
      if (after.problem !== undefined) {
        halfApplied++;
        break;
      }
      if (killed && after.applied > before) progressed++;
    }
    const final = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    const recovered = halfApplied === 0 && final.code === 0 ? kills : 0;
    reportFault("sigkill-transactional-upgrade", {
      trials: kills,
      recovered,
      halfApplied,
      seed,
      notes: [`${progressed} runs made progress before dying`],
    });
    expect(halfApplied).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(final.code, final.stderr).toBe(0);
    expect(await assertConsistent(engine)).toBe(REVISIONS - 1);
  });

  it(`survives ${DOWNGRADE_KILLS} SIGKILLs during downgrade: every revision wholly reverted or not at all`, async () => {
    const seed = seedFrom("RETORT_CRASH_SEED");
    const random = prng(seed);
    let kills = 0;
    let progressed = 0;
    let halfApplied = 0;
    for (let attempt = 0; kills < DOWNGRADE_KILLS && attempt < DOWNGRADE_KILLS * 5; attempt++) {
      const before = await assertConsistent(engine);
      if (before < 5) {
        // Nearly everything reverted: apply everything again and continue killing.
        expect((await runRetort(["-c", project.configPath, "upgrade", "head"])).code).toBe(0);
        continue;
      }
      const killed = await killWhileRunning(project, ["downgrade", "base"], random() * 1200);
      if (killed) kills++;
      await sessionsEnded(engine.url);
      const after = await checkConsistent(engine);
      if (after.problem !== undefined) {
        halfApplied++;
        break;
      }
      if (killed && after.applied < before) progressed++;
    }
    const final = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    const recovered = halfApplied === 0 && final.code === 0 ? kills : 0;
    reportFault("sigkill-transactional-downgrade", {
      trials: kills,
      recovered,
      halfApplied,
      seed,
      notes: [`${progressed} runs made progress before dying`],
    });
    expect(halfApplied).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(DOWNGRADE_KILLS);
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
    expect(result.stderr).toMatch(
      /FAILED: Upgrade of revision slow \(.*\) failed: The connection to postgres:\/\/.* was lost: terminating connection due to administrator command/,
    );
    expect(result.stderr).toContain("The connection to the database was lost while this revision ran.");
    expect(result.stderr).not.toContain("Fix the revision file");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const rows = await versionRows(engine);
    const half = await queryServer(engine.url, "SELECT 1 FROM pg_tables WHERE tablename = 'slow_half'");
    reportFault("connection-terminated-server", { trials: 1, recovered: result.code === 1 ? 1 : 0, halfApplied: half.length });
    expect(rows).toEqual([`r${REVISIONS - 1}`]);
    expect(half).toEqual([]);
  });
});
