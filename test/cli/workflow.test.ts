import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { ENGINES, type EngineFixture, engineFixture, tableNames, versionRows } from "../helpers/engines.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

/** The guide's everyday workflow, on every engine: revisions up, down, and the graph commands. */
describe.each(ENGINES)("workflow on %s", (engineName) => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  /**
   * The test in which the first command creates the database (on embedded, each command starts and stops the
   * server); the others start from an existing, empty one (on embedded, with the server held by the test).
   */
  const CREATES = "creates the database, upgrades to head, reports current, downgrades one step and to base";

  beforeEach(async ({ task }) => {
    dir = await tempDirectory();
    engine = await engineFixture(engineName, dir.path, { existing: task.name !== CREATES, holdServer: true });
    project = await createProject(dir.path, engine.url);
    await project.addRevision(tableRevision("1975ea83b712", "movies", [], "create movies table"));
    await project.addRevision({
      id: "27c6a30d7c24",
      parents: ["1975ea83b712"],
      message: "add release_date to movies",
      upgrade: ['await op.execute("ALTER TABLE movies ADD COLUMN release_date date");'],
      downgrade: ['await op.execute("ALTER TABLE movies DROP COLUMN release_date");'],
    });
    await project.addRevision(tableRevision("3b8e5f1a9c20", "directors", ["27c6a30d7c24"], "create directors table"));
  });

  afterEach(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it(CREATES, async () => {
    const up = await project.run("upgrade", "head");
    const created = { server: "Created database '", embedded: "Created embedded database in ", pglite: "Created PGlite database in " };
    expect(up.stderr).toContain(created[engineName]);
    expect(up.stderr).toContain("Running upgrade  -> 1975ea83b712, create movies table\n");
    expect(up.stderr).toContain("Running upgrade 1975ea83b712 -> 27c6a30d7c24, add release_date to movies\n");
    expect(up.stderr).toContain("Running upgrade 27c6a30d7c24 -> 3b8e5f1a9c20, create directors table\n");
    expect(up.code).toBe(0);
    expect(await tableNames(engine)).toEqual(["directors", "movies", "retort_log", "retort_version"]);
    expect(await versionRows(engine)).toEqual(["3b8e5f1a9c20"]);

    const current = await project.run("current");
    expect(current).toMatchObject({ code: 0, stdout: "3b8e5f1a9c20 (head)\n" });

    const down = await project.run("downgrade", "-1");
    expect(down.code).toBe(0);
    expect(down.stderr).toContain("Running downgrade 3b8e5f1a9c20 -> 27c6a30d7c24, create directors table\n");
    expect(await tableNames(engine)).toEqual(["movies", "retort_log", "retort_version"]);
    expect((await project.run("current")).stdout).toBe("27c6a30d7c24\n");

    const history = await project.run("history", "-i");
    expect(history.stdout).toBe(
      [
        "27c6a30d7c24 -> 3b8e5f1a9c20 (head), create directors table",
        "1975ea83b712 -> 27c6a30d7c24 (current), add release_date to movies",
        "<base> -> 1975ea83b712, create movies table",
        "",
      ].join("\n"),
    );

    const base = await project.run("downgrade", "base");
    expect(base.code).toBe(0);
    expect(await tableNames(engine)).toEqual(["retort_log", "retort_version"]);
    expect(await versionRows(engine)).toEqual([]);
    const atBase = await project.run("current");
    expect(atBase).toMatchObject({ code: 0, stdout: "" });
  });

  it("upgrades by relative steps and to a partial revision id", async () => {
    expect((await project.run("upgrade", "+1")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["1975ea83b712"]);
    expect((await project.run("upgrade", "27c6")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["27c6a30d7c24"]);
    expect((await project.run("upgrade", "+1")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["3b8e5f1a9c20"]);
    expect((await project.run("downgrade", "1975ea83b712")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["1975ea83b712"]);
  });

  it("rolls back a failing revision and keeps the revisions before it", async () => {
    await project.addRevision({
      id: "4c1d2e3f4a5b",
      parents: ["3b8e5f1a9c20"],
      message: "broken",
      upgrade: [
        'await op.execute("CREATE TABLE half_done (id integer)");',
        'await op.execute("ALTER TABLE no_such_table ADD COLUMN x integer");',
      ],
      downgrade: ['await op.execute("DROP TABLE half_done");'],
    });
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /FAILED: Upgrade of revision 4c1d2e3f4a5b \(.*4c1d2e3f4a5b_broken\.ts\) failed: relation "no_such_table" does not exist/,
    );
    expect(result.stderr).toContain("while running: ALTER TABLE no_such_table ADD COLUMN x integer");
    expect(await tableNames(engine)).toEqual(["directors", "movies", "retort_log", "retort_version"]);
    expect(await versionRows(engine)).toEqual(["3b8e5f1a9c20"]);
  });

  // A revision's statements go to the database in one message; when it fails, the revision runs again one
  // statement at a time, so an error a revision handles itself is seen where the revision awaits it.
  it("lets a revision handle a failing statement inside a savepoint of its own", async () => {
    await project.addRevision({
      id: "5d2e3f4a5b6c",
      parents: ["3b8e5f1a9c20"],
      message: "optional column",
      upgrade: [
        'await op.execute("SAVEPOINT optional_column");',
        "try {",
        '  await op.execute("ALTER TABLE no_such_table ADD COLUMN x integer");',
        "} catch {",
        '  await op.execute("ROLLBACK TO SAVEPOINT optional_column");',
        "}",
        'await op.execute("CREATE TABLE after_savepoint (id integer)");',
      ],
      downgrade: ['await op.execute("DROP TABLE after_savepoint");'],
    });
    const result = await project.run("upgrade", "head");
    expect(result.stderr).not.toContain("FAILED");
    expect(result.code).toBe(0);
    expect(await tableNames(engine)).toEqual(["after_savepoint", "directors", "movies", "retort_log", "retort_version"]);
    expect(await versionRows(engine)).toEqual(["5d2e3f4a5b6c"]);
  });
});
