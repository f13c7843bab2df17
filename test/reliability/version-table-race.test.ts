import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { faultTrials, reportFault } from "../helpers/fault-figures.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const REVISIONS = 20;
const RACES = faultTrials(3);

/**
 * Two deploys whose configs spell the same version table differently (`versionTableSchema: "public"` and the
 * default, or the table named explicitly over a postgresql:// URL) must still take one lock: the lock is keyed on
 * the table the connection resolves, not on the text.
 */
describe("two spellings of one version table", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let qualifiedConfig: string;
  let explicitConfig: string;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    qualifiedConfig = path.join(dir.path, "retort.qualified.config.ts");
    await writeFile(
      qualifiedConfig,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(engine.url)}, migrations: "migrations", versionTableSchema: "public" });\n`,
    );
    // A third spelling: the postgresql:// scheme and the default table named explicitly.
    explicitConfig = path.join(dir.path, "retort.explicit.config.ts");
    const otherScheme = engine.url.replace(/^postgres:/, "postgresql:");
    await writeFile(
      explicitConfig,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(otherScheme)}, migrations: "migrations", versionTable: "retort_version" });\n`,
    );
    // Each revision records that it ran; nothing in them fails when run twice, so only the count tells.
    for (let i = 0; i < REVISIONS; i++) {
      await project.addRevision({
        id: `r${String(i).padStart(2, "0")}`,
        parents: i === 0 ? [] : [`r${String(i - 1).padStart(2, "0")}`],
        message: `step ${i}`,
        upgrade: [
          `await op.execute("CREATE TABLE IF NOT EXISTS applied (revision text NOT NULL); INSERT INTO applied (revision) VALUES ('r${i}'); SELECT pg_sleep(0.02)");`,
        ],
        downgrade: [],
      });
    }
    expect((await project.run("current")).code).toBe(0);
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it(`racing upgrade head applies each of ${REVISIONS} revisions once and leaves one row, over ${RACES} races`, async () => {
    const failures: string[] = [];
    let clean = 0;
    for (let race = 0; race < RACES; race++) {
      // Back to a database at base with nothing recorded (the revisions' downgrades do nothing).
      await queryServer(engine.url, "DROP TABLE IF EXISTS applied; DROP TABLE IF EXISTS retort_version");
      const runs = await Promise.all(
        [project.configPath, qualifiedConfig, explicitConfig].map((config) => runRetort(["-c", config, "upgrade", "head"])),
      );
      const twice = await queryServer<{ revision: string; count: string }>(
        engine.url,
        "SELECT revision, count(*)::text AS count FROM applied GROUP BY revision HAVING count(*) <> 1",
      );
      const total = await queryServer<{ count: string }>(engine.url, "SELECT count(*)::text AS count FROM applied");
      const rows = await versionRows(engine);
      const failed = runs.filter((run) => run.code !== 0).map((run) => run.stderr);
      if (twice.length === 0 && total[0]?.count === String(REVISIONS) && rows.join() === `r${REVISIONS - 1}` && failed.length === 0)
        clean++;
      else failures.push(`race ${race}: ${JSON.stringify({ twice, total, rows, failed })}`);
    }
    reportFault("racing-deploys-spellings", {
      trials: RACES,
      recovered: clean,
      halfApplied: RACES - clean,
      notes: [`3 configs per race, ${REVISIONS} revisions`],
    });
    expect(failures).toEqual([]);
  });
});

/** Every version-table change checks its row count: one that finds no row fails the revision's transaction. */
describe("a version table changed under a run", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    await project.addRevision({ id: "a1", upgrade: ['await op.execute("CREATE TABLE t_a1 (id integer)");'], downgrade: [] });
    // Stands for another process that moved the version table between this run's read and its commit.
    await project.addRevision({
      id: "b2",
      parents: ["a1"],
      upgrade: ['await op.execute("CREATE TABLE t_b2 (id integer)");', 'await op.execute("DELETE FROM retort_version");'],
      downgrade: [],
    });
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("aborts the revision with an error saying so, and keeps nothing of it", async () => {
    expect((await project.run("upgrade", "a1")).code).toBe(0);
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/The version table retort_version changed under this run while it applied b2/);
    expect(result.stderr).toMatch(/rolled back/);
    const rows = await versionRows(engine);
    const tables = await queryServer<{ present: boolean }>(engine.url, "SELECT to_regclass('t_b2') IS NOT NULL AS present");
    const kept = rows.join() === "a1" && tables[0]?.present === false;
    reportFault("version-table-changed-under-run", { trials: 1, recovered: result.code === 1 ? 1 : 0, halfApplied: kept ? 0 : 1 });
    expect(rows).toEqual(["a1"]);
    expect(tables).toEqual([{ present: false }]);
  });
});
