import { type ChildProcess, spawn } from "node:child_process";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { reportFault } from "../helpers/fault-figures.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";

/** Starts `retort upgrade head` with `env`, and resolves once its session holds the migration lock. */
async function holdingRun(
  project: TestProject,
  url: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child = spawn(process.execPath, [CLI, "-c", project.configPath, "upgrade", "head"], {
    stdio: "ignore",
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (let i = 0; i < 600; i++) {
    // This database's locks only: other test files hold advisory locks on their own databases meanwhile.
    const rows = await queryServer(
      url,
      "SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()",
    );
    if (rows.length > 0) return { child, exited };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error("the first run never took the lock");
}

/** Waiting for the migration lock says who holds it, and a dead holder's left-behind session can be taken over. */
describe("waiting for the migration lock", () => {
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
    await project.addRevision({
      id: "b2",
      parents: ["a1"],
      upgrade: [
        // Holds the lock in Node (the process alive), or in the database (a statement the server keeps running).
        "if (process.env.RETORT_TEST_HANG) await new Promise((resolve) => setTimeout(resolve, 120_000));",
        'if (process.env.RETORT_TEST_SLEEP) await op.execute("SELECT pg_sleep(60)");',
        'await op.execute("CREATE TABLE t_b2 (id integer)");',
      ],
      downgrade: ['await op.execute("DROP TABLE t_b2");'],
    });
    expect((await project.run("upgrade", "a1")).code).toBe(0);
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("says at once which Retort process holds it, repeats with the time waited, and gives up after --lock-timeout", async () => {
    const { child, exited } = await holdingRun(project, engine.url, { RETORT_TEST_HANG: "1" });
    try {
      const started = Date.now();
      const waiting = await runRetort(["-c", project.configPath, "upgrade", "head", "--lock-timeout", "7"]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(7000);
      expect(waiting.code).toBe(1);
      const holder = `retort ${child.pid}@${os.hostname()} (pid ${child.pid} on host ${os.hostname()}, since `;
      expect(waiting.stderr).toContain(`Waiting for the migration lock held by ${holder}`);
      expect(waiting.stderr).toMatch(/Still waiting for the migration lock held by retort \d+@\S+ .*\(\d+s\)\./);
      expect(waiting.stderr).toMatch(/FAILED: Another migration holds the lock on postgres:\/\/.*; gave up after 7s\./);
      expect(waiting.stderr).not.toContain("--takeover");
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    const rows = await versionRows(engine);
    reportFault("lock-held-by-hung-retort", { trials: 1, recovered: 1, halfApplied: rows.join() === "a1" ? 0 : 1 });
    expect(rows).toEqual(["a1"]);
  });

  it("says when the holder died on this host leaving its session behind, and --takeover ends that session", async () => {
    const { child, exited } = await holdingRun(project, engine.url, { RETORT_TEST_SLEEP: "1" });
    // Let the revision's message reach the server, then kill the process: the server keeps running pg_sleep.
    for (let i = 0; i < 200; i++) {
      const rows = await queryServer(
        engine.url,
        "SELECT 1 FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()",
      );
      if (rows.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill("SIGKILL");
    await exited;
    const refused = await runRetort(["-c", project.configPath, "upgrade", "head", "--lock-timeout", "2"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Waiting for the migration lock held by retort ${child.pid}@${os.hostname()}`);
    expect(refused.stderr).toContain("That Retort process is no longer running on this host");
    expect(refused.stderr).toContain("Run the command again with --takeover");
    const taken = await runRetort(["-c", project.configPath, "upgrade", "head", "--lock-timeout", "20", "--takeover"]);
    expect(taken.code, taken.stderr).toBe(0);
    expect(taken.stderr).toContain(`Ending the session left behind by retort ${child.pid}@${os.hostname()}`);
    const rows = await versionRows(engine);
    reportFault("lock-holder-killed-takeover", {
      trials: 1,
      recovered: taken.code === 0 ? 1 : 0,
      halfApplied: rows.join() === "b2" ? 0 : 1,
    });
    expect(rows).toEqual(["b2"]);
  });
});
