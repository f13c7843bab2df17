import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const PROCESSES = 4;
const REVISIONS = 8;

/**
 * Deploys that start together on a database that does not exist yet: they race to create it, then the
 * advisory lock lets each revision run exactly once, and every run succeeds.
 */
describe("concurrent upgrade head on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    // Each revision records that it ran; running one twice would also fail on CREATE TABLE.
    await project.addRevision({
      id: "r0",
      message: "applied log",
      upgrade: [
        'await op.execute("CREATE TABLE applied (revision text NOT NULL, pid integer NOT NULL DEFAULT pg_backend_pid())");',
        "await op.execute(\"INSERT INTO applied (revision) VALUES ('r0')\");",
      ],
      downgrade: ['await op.execute("DROP TABLE applied");'],
    });
    for (let i = 1; i < REVISIONS; i++) {
      await project.addRevision({
        id: `r${i}`,
        parents: [`r${i - 1}`],
        message: `step ${i}`,
        upgrade: [
          `await op.execute("CREATE TABLE t${i} (id integer); INSERT INTO applied (revision) VALUES ('r${i}'); SELECT pg_sleep(0.05)");`,
        ],
        downgrade: [`await op.execute("DROP TABLE t${i}");`],
      });
    }
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it(`${PROCESSES} processes apply ${REVISIONS} revisions exactly once between them`, async () => {
    const runs = await Promise.all(Array.from({ length: PROCESSES }, () => runRetort(["-c", project.configPath, "upgrade", "head"])));
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const applied = await queryServer<{ revision: string; count: string }>(
      engine.url,
      "SELECT revision, count(*)::text AS count FROM applied GROUP BY revision ORDER BY revision",
    );
    expect(applied).toEqual(
      Array.from({ length: REVISIONS }, (_, i) => ({ revision: `r${i}`, count: "1" })).sort((a, b) => a.revision.localeCompare(b.revision)),
    );
    expect(await versionRows(engine)).toEqual([`r${REVISIONS - 1}`]);
    const ranSomething = runs.filter((run) => run.stderr.includes("Running upgrade")).length;
    expect(ranSomething).toBeGreaterThanOrEqual(1);
    console.log(
      `concurrency: ${PROCESSES} processes, ${REVISIONS} revisions, ${ranSomething} process(es) ran migrations, each revision applied once`,
    );
  });
});
