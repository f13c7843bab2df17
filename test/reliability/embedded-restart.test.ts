import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, seedFrom } from "../helpers/crash.js";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { faultTrials, reportFault } from "../helpers/fault-figures.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { CLI, type ProcessResult, runRetort } from "../helpers/spawn-cli.js";

const REVISIONS = 12;
const TRIALS = faultTrials(3);
const rev = (i: number): string => `r${String(i).padStart(2, "0")}`;

/** How the server goes away: a fast shutdown (`pg_ctl stop -m fast`), or a crash of the postmaster and every backend. */
type Outage = "fast-shutdown" | "crash";

/** The postmaster's pid, from the data directory's postmaster.pid. */
async function postmasterPid(directory: string): Promise<number> {
  const text = await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8");
  return Number(text.split("\n")[0]);
}

/**
 * Runs `upgrade head` and takes its embedded server away once the `stepsBefore`-th revision has started;
 * resolves with what the run printed and how it ended.
 */
function upgradeWithOutage(project: TestProject, directory: string, stepsBefore: number, outage: Outage): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "-c", project.configPath, "upgrade", "head"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let struck = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (struck || (stderr.match(/^Running upgrade /gm) ?? []).length < stepsBefore) return;
      struck = true;
      postmasterPid(directory).then((pid) => {
        // The server leads a process group of its own: a negative pid reaches its backends too.
        if (outage === "crash") process.kill(-pid, "SIGKILL");
        else process.kill(pid, "SIGINT");
      }, reject);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** What the database holds: the version rows and, per revision, how many times it ran. */
async function inspectState(engine: EngineFixture): Promise<{ versions: string[]; applied: Map<string, number>; tables: string[] }> {
  return engine.inspect(async (query) => {
    const [found] = await query(
      "SELECT to_regclass('retort_version') IS NOT NULL AS versions, to_regclass('applied') IS NOT NULL AS applied",
    );
    const versions = found?.versions
      ? (await query("SELECT version_num FROM retort_version ORDER BY 1")).map((row) => String(row.version_num))
      : [];
    const applied = new Map<string, number>();
    if (found?.applied) {
      for (const row of await query("SELECT revision, count(*)::integer AS n FROM applied GROUP BY revision"))
        applied.set(String(row.revision), Number(row.n));
    }
    const tables = (await query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename ~ '^t[0-9]+$'")).map((row) =>
      String(row.tablename),
    );
    return { versions, applied, tables: tables.sort() };
  });
}

/** The last revision applied (-1 at base) when the state is consistent; a description of the damage otherwise. */
function consistency(state: Awaited<ReturnType<typeof inspectState>>): { applied: number; problem?: string } {
  if (state.versions.length > 1) return { applied: -1, problem: `version rows ${state.versions.join(", ")}` };
  const applied = state.versions.length === 0 ? -1 : Number(state.versions[0]!.slice(1));
  const expected = Array.from({ length: applied + 1 }, (_, i) => i);
  const ran = [...state.applied.entries()].sort(([a], [b]) => a.localeCompare(b));
  const once = expected.map((i) => [rev(i), 1] as const);
  if (JSON.stringify(ran) !== JSON.stringify(once))
    return { applied, problem: `at ${state.versions[0] ?? "base"}, revisions ran ${JSON.stringify(ran)}` };
  if (
    state.tables.join() !==
    expected
      .map((i) => `t${i}`)
      .sort()
      .join()
  )
    return { applied, problem: `at ${state.versions[0] ?? "base"} with tables ${state.tables.join(", ")}` };
  return { applied };
}

/**
 * The embedded server going away under `upgrade head` (stopped, or crashed with its backends) and coming back:
 * the run fails saying so, every revision is wholly applied or not at all, and the next run completes.
 */
describe("the embedded server going away during upgrade head", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let directory: string;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("embedded", dir.path, { existing: true });
    directory = engine.url.slice("embedded:".length);
    project = await createProject(dir.path, engine.url);
    for (let i = 0; i < REVISIONS; i++) {
      await project.addRevision({
        id: rev(i),
        parents: i === 0 ? [] : [rev(i - 1)],
        message: `step ${i}`,
        upgrade: [
          ...(i === 0 ? ['await op.execute("CREATE TABLE applied (revision text NOT NULL)");'] : []),
          `await op.execute("CREATE TABLE t${i} (id integer)");`,
          `await op.execute("INSERT INTO applied VALUES ('${rev(i)}')");`,
          `await op.execute("SELECT pg_sleep(0.15)");`,
        ],
        downgrade: [
          `await op.execute("DROP TABLE t${i}");`,
          i === 0 ? 'await op.execute("DROP TABLE applied");' : `await op.execute("DELETE FROM applied WHERE revision = '${rev(i)}'");`,
        ],
      });
    }
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it(`fails with a clear error and recovers on the next run, over ${TRIALS} outages`, async () => {
    const seed = seedFrom("RETORT_RESTART_SEED");
    const random = prng(seed);
    const outages: Record<Outage, number> = { "fast-shutdown": 0, crash: 0 };
    let halfApplied = 0;
    let clear = 0;
    const unclear: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      let before = consistency(await inspectState(engine)).applied;
      if (before > REVISIONS - 4) {
        const target = Math.floor(random() * (REVISIONS - 4));
        expect((await project.run("downgrade", rev(target))).code).toBe(0);
        before = target;
      }
      const remaining = REVISIONS - 1 - before;
      // Strike while a revision runs that is not the last, so that the run cannot have finished.
      const stepsBefore = 1 + Math.floor(random() * (remaining - 1));
      const outage: Outage = trial % 2 === 0 ? "fast-shutdown" : "crash";
      outages[outage]++;
      const run = await upgradeWithOutage(project, directory, stepsBefore, outage);
      // The outage strikes while that revision runs or, on a slow machine, a later one.
      const failedAt = Number(/FAILED: Upgrade of revision r(\d+) /.exec(run.stderr)?.[1] ?? -1);
      const said =
        run.code === 1 &&
        failedAt >= before + stepsBefore &&
        new RegExp(`The embedded PostgreSQL of ${directory} \\(pid \\d+\\) went away`).test(run.stderr) &&
        run.stderr.includes("The connection to the database was lost while this revision ran.") &&
        run.stderr.includes("run the command again") &&
        !/\n\s+at /.test(run.stderr);
      if (said) clear++;
      else unclear.push(`${outage} at step ${stepsBefore}: exit ${run.code}\n${run.stderr}`);
      const after = consistency(await inspectState(engine));
      if (after.problem !== undefined) {
        halfApplied++;
        unclear.push(`${outage}: ${after.problem}`);
      }
    }
    const final = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    const end = consistency(await inspectState(engine));
    const recovered = final.code === 0 && end.problem === undefined && end.applied === REVISIONS - 1 ? TRIALS - halfApplied : 0;
    reportFault("embedded-server-restart", {
      trials: TRIALS,
      recovered,
      halfApplied,
      seed,
      notes: [`${outages["fast-shutdown"]} fast shutdowns, ${outages.crash} crashes`, `${clear} clear errors`],
    });
    expect(unclear).toEqual([]);
    expect(final.code, final.stderr).toBe(0);
    expect(end).toEqual({ applied: REVISIONS - 1 });
  });
});
