import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const REVISIONS = 20;

/**
 * Two deploys whose configs spell the same version table differently (`versionTableSchema: "public"` and the
 * default) must still take one lock: the lock is keyed on the table the connection resolves, not on the text.
 */
describe("two spellings of one version table", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let qualifiedConfig: string;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    qualifiedConfig = path.join(dir.path, "retort.qualified.config.ts");
    await writeFile(
      qualifiedConfig,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(engine.url)}, migrations: "migrations", versionTableSchema: "public" });\n`,
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

  it(`racing upgrade head applies each of ${REVISIONS} revisions once and leaves one row`, async () => {
    const runs = await Promise.all([
      runRetort(["-c", project.configPath, "upgrade", "head"]),
      runRetort(["-c", qualifiedConfig, "upgrade", "head"]),
    ]);
    const applied = await queryServer<{ revision: string; count: string }>(
      engine.url,
      "SELECT revision, count(*)::text AS count FROM applied GROUP BY revision HAVING count(*) <> 1",
    );
    expect(applied).toEqual([]);
    const total = await queryServer<{ count: string }>(engine.url, "SELECT count(*)::text AS count FROM applied");
    expect(total).toEqual([{ count: String(REVISIONS) }]);
    expect(await versionRows(engine)).toEqual([`r${REVISIONS - 1}`]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
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
    expect(await versionRows(engine)).toEqual(["a1"]);
    const tables = await queryServer<{ present: boolean }>(engine.url, "SELECT to_regclass('t_b2') IS NOT NULL AS present");
    expect(tables).toEqual([{ present: false }]);
  });
});
