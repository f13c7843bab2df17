import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prng, seedFrom, sessionsEnded } from "../helpers/crash.js";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { faultTrials, reportFault } from "../helpers/fault-figures.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { CLI, runRetort } from "../helpers/spawn-cli.js";

const TRIALS = faultTrials(10);
/** Enough rows that each index built concurrently takes a moment, and kills land in the builds too. */
const ROWS = 150_000;
const INDEXES = ["ix_big_a", "ix_big_b"];

/**
 * r1 runs outside a transaction: six statements, two of them CREATE INDEX CONCURRENTLY, and a rename that fails
 * if it runs twice. A run started again from the first statement fails on `side` existing.
 */
const R1_UPGRADE = [
  'await op.execute("CREATE TABLE side (id integer PRIMARY KEY)");',
  'await op.createIndex("ix_big_a", "big", ["a"], { concurrently: true });',
  'await op.renameTable("side", "side_renamed");',
  'await op.execute("SELECT pg_sleep(0.05)");',
  'await op.createIndex("ix_big_b", "big", ["b", "a"], { concurrently: true });',
  "await op.execute(\"COMMENT ON TABLE side_renamed IS 'done'\");",
];

/** Puts the database back at r0, as a downgrade would, without the cost of another process. */
async function resetToR0(url: string): Promise<void> {
  await queryServer(
    url,
    "DROP INDEX IF EXISTS ix_big_a, ix_big_b; DROP TABLE IF EXISTS side, side_renamed; UPDATE retort_version SET version_num = 'r0'; DELETE FROM retort_log WHERE revision = 'r1'",
  );
}

/** Ends the killed process's server sessions at once, as `--takeover` does: a build they were running is cut off. */
async function endOrphanedSessions(url: string): Promise<void> {
  await queryServer(
    url,
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'retort %' AND datname = current_database() AND pid <> pg_backend_pid()",
  );
}

/** What is wrong with the database after a run that must have applied r1 (empty when nothing is). */
async function problemsAtR1(engine: EngineFixture): Promise<string[]> {
  const problems: string[] = [];
  const rows = await versionRows(engine);
  if (rows.join() !== "r1") problems.push(`version rows ${JSON.stringify(rows)}`);
  const indexes = await queryServer<{ name: string; valid: boolean }>(
    engine.url,
    "SELECT c.relname AS name, i.indisvalid AND i.indisready AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname LIKE 'ix_big_%' ORDER BY 1",
  );
  if (JSON.stringify(indexes) !== JSON.stringify(INDEXES.map((name) => ({ name, valid: true }))))
    problems.push(`indexes ${JSON.stringify(indexes)}`);
  const [comment] = await queryServer<{ comment: string | null }>(
    engine.url,
    "SELECT obj_description('side_renamed'::regclass) AS comment",
  );
  if (comment?.comment !== "done") problems.push("side_renamed has no comment");
  const progress = await queryServer(engine.url, "SELECT 1 FROM retort_log WHERE revision = 'r1' AND status = 'running'");
  if (progress.length > 0) problems.push("progress rows left after the revision completed");
  return problems;
}

/** How many statements of r1 the audit log says completed (0 when none, `done` when applied). */
async function recordedProgress(url: string): Promise<string> {
  const [row] = await queryServer<{ status: string; completed: number | null }>(
    url,
    "SELECT status, (to_jsonb(l) ->> 'completed_statements')::integer AS completed FROM retort_log AS l WHERE revision = 'r1' ORDER BY id DESC LIMIT 1",
  );
  if (!row) return "0";
  return row.status === "applied" ? "done" : String(row.completed ?? 0);
}

interface KilledRun {
  readonly code: number | null;
  readonly stderr: string;
}

/**
 * Runs `upgrade head` and kills it `killAfterMs` after it announces r1 (the revision under test); without a
 * delay it runs to the end. Returns how long r1 ran, from its announcement to the exit.
 */
function upgradeAndKill(configPath: string, killAfterMs: number | undefined): Promise<KilledRun & { readonly revisionMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "-c", configPath, "upgrade", "head"], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let announced: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (announced === undefined && stderr.includes("Running upgrade r0 -> r1")) {
        announced = performance.now();
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, revisionMs: announced === undefined ? 0 : performance.now() - announced });
    });
  });
}

describe("resuming a killed non-transactional revision on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let r1File: string;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    await project.addRevision({
      id: "r0",
      message: "big table",
      upgrade: [
        'await op.execute("CREATE TABLE big (id integer PRIMARY KEY, a integer, b integer)");',
        `await op.execute("INSERT INTO big SELECT g, g % 1000, g % 777 FROM generate_series(1, ${ROWS}) AS g");`,
      ],
      downgrade: ['await op.execute("DROP TABLE big");'],
    });
    r1File = await project.addRevision({
      id: "r1",
      parents: ["r0"],
      message: "indexes concurrently",
      extra: "export const transactional = false;",
      upgrade: R1_UPGRADE,
      downgrade: [
        'await op.execute("DROP INDEX ix_big_b");',
        'await op.execute("DROP TABLE side_renamed");',
        'await op.execute("DROP INDEX ix_big_a");',
      ],
    });
    expect((await project.run("upgrade", "r0")).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await sessionsEnded(engine.url).catch(() => undefined);
    await engine.dispose();
    await dir.remove();
  });

  it(`${TRIALS} SIGKILLs at random moments of the revision: the next upgrade resumes it, every index valid`, async () => {
    const seed = seedFrom("RETORT_RESUME_SEED");
    const random = prng(seed);
    const calibration = await upgradeAndKill(project.configPath, undefined);
    expect(calibration.code, calibration.stderr).toBe(0);
    expect(await problemsAtR1(engine)).toEqual([]);
    const span = calibration.revisionMs;

    const killPoints = new Map<string, number>();
    let kills = 0;
    let resumes = 0;
    let rebuilt = 0;
    let countedDone = 0;
    let currentChecked = false;
    const failures: string[] = [];
    // A run can finish before its kill lands (the calibration run may have been slower), and the draws may not
    // have reached every path yet: go on past TRIALS, up to twice as many, until at least half the trials were
    // kills, one run resumed, and `current` was checked.
    let trials = 0;
    const enough = () => kills >= TRIALS / 2 && resumes > 0 && currentChecked;
    for (let trial = 0; trial < TRIALS || (!enough() && trial < TRIALS * 2); trial++) {
      trials++;
      await sessionsEnded(engine.url);
      await resetToR0(engine.url);
      const delay = Math.round(random() * span * 0.9);
      const killed = await upgradeAndKill(project.configPath, delay);
      if (killed.code === null) kills++;
      // The killed process's server session may still be running its statement and holding the lock: end it
      // now in half the trials; in the others the next run waits for it or ends it itself (--takeover).
      const ended = random() < 0.5;
      if (ended) {
        await endOrphanedSessions(engine.url);
        await sessionsEnded(engine.url);
      }
      const point = await recordedProgress(engine.url);
      killPoints.set(point, (killPoints.get(point) ?? 0) + 1);
      if (ended && !currentChecked && /^[1-9]/.test(point)) {
        currentChecked = true;
        const current = await project.run("current", "-v");
        expect(current.stderr).toMatch(
          new RegExp(`WARNING: Revision r1 \\(.*\\) recorded statement ${point} of its non-transactional upgrade as completed on \\d{4}-`),
        );
        expect(current.stderr).toContain(
          `The next run resumes after statement ${point}, provided the file still builds those statements as they ran.`,
        );
      }
      const again = await project.run("upgrade", "head", "--takeover", "--lock-timeout", "60");
      if (again.stderr.includes("Resuming r1 after statement") || again.stderr.includes("Finishing r1:")) {
        resumes++;
        expect(again.stderr).toMatch(
          /(Resuming r1 after statement [1-5] of 6|Finishing r1: all 6 of its statements had completed), recorded by an interrupted run at \d{4}-\d\d-\d\d /,
        );
      }
      if (again.stderr.includes("left an invalid index")) rebuilt++;
      if (again.stderr.includes("counting it done")) countedDone++;
      const problems = again.code === 0 ? await problemsAtR1(engine) : [`exit ${again.code}: ${again.stderr.trim()}`];
      if (problems.length > 0) failures.push(`trial ${trial} (killed ${delay} ms into r1, progress ${point}): ${problems.join("; ")}`);
    }
    const points = [...killPoints].sort(([a], [b]) => a.localeCompare(b)).map(([point, count]) => `${point}: ${count}`);
    reportFault("sigkill-non-transactional-resume", {
      trials,
      recovered: trials - failures.length,
      halfApplied: failures.length,
      seed,
      notes: [
        `${kills} SIGKILLs over ${Math.round(span)} ms of r1`,
        `statements recorded complete at the kill {${points.join(", ")}}`,
        `${resumes} resumes`,
        `${rebuilt} invalid indexes rebuilt`,
        `${countedDone} unrecorded builds counted done`,
      ],
    });
    expect(failures).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(TRIALS / 2);
    expect(resumes).toBeGreaterThan(0);
    expect(currentChecked).toBe(true);
  }, 180_000);

  it("records progress in a log an earlier Retort created without the progress column", async () => {
    await sessionsEnded(engine.url);
    await resetToR0(engine.url);
    await queryServer(engine.url, "ALTER TABLE retort_log DROP COLUMN completed_statements");
    expect((await project.run("current")).code).toBe(0);
    const result = await project.run("upgrade", "head");
    expect(result.code, result.stderr).toBe(0);
    expect(await problemsAtR1(engine)).toEqual([]);
    const [column] = await queryServer(
      engine.url,
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'retort_log' AND column_name = 'completed_statements'",
    );
    expect(column).toBeDefined();
  });

  it("refuses a downgrade under a revision left part-way, and says how to finish it", async () => {
    await sessionsEnded(engine.url);
    await resetToR0(engine.url);
    await queryServer(engine.url, "CREATE TABLE ix_big_a (id integer)");
    const failed = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(failed.code).toBe(1);
    await queryServer(engine.url, "DROP TABLE ix_big_a");
    const refused = await runRetort(["-c", project.configPath, "downgrade", "base", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("This downgrade reverts r0, under revision r1 (statements 1-1 applied)");
    expect(refused.stderr).toContain("Finish it first with `retort upgrade r1`");
    expect(refused.stderr).not.toContain("Running downgrade");
    expect(await versionRows(engine)).toEqual(["r0"]);
    const finished = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(finished.code).toBe(0);
    expect(await problemsAtR1(engine)).toEqual([]);
  });

  it("resumes a file edited after the completed statements, and refuses one edited in them, saying what to do", async () => {
    await sessionsEnded(engine.url);
    await resetToR0(engine.url);
    // Stop r1 after its first statement: the second fails once, on a name taken by a table.
    await queryServer(engine.url, "CREATE TABLE ix_big_a (id integer)");
    const failed = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("it stopped at statement 2");
    await queryServer(engine.url, "DROP TABLE ix_big_a");
    const original = await readFile(r1File, "utf8");

    // The completed statement itself edited: which statements are applied can no longer be told.
    await writeFile(r1File, original.replace("CREATE TABLE side (id integer PRIMARY KEY)", "CREATE TABLE side (id bigint PRIMARY KEY)"));
    const refused = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /Revision r1 \(.*r1_indexes_concurrently\.ts\) runs outside a transaction, and a failed run of its upgrade stopped after statement 1/,
    );
    expect(refused.stderr).toContain("its file has changed since in the statements that had completed");
    expect(refused.stderr).toContain("retort stamp r1");
    expect(refused.stderr).not.toContain("already exists");
    expect(await versionRows(engine)).toEqual(["r0"]);

    // Edited after them (the usual fix of the statement that failed): it resumes.
    await writeFile(r1File, original.replace("SELECT pg_sleep(0.05)", "SELECT pg_sleep(0.01)"));
    const resumed = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    expect(resumed.stderr).not.toContain("FAILED");
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain("Resuming r1 after statement 1 of 6, recorded by a failed run at");
    expect(resumed.stderr).toContain("the file changed since, after the statements that had completed");
    expect(await problemsAtR1(engine)).toEqual([]);
  });
});
