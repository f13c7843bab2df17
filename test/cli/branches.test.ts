import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, tableNames, versionRows } from "../helpers/engines.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

/**
 * Branches, merges, labels, dependencies and stamps on the PostgreSQL server. The graph:
 *
 *   a1 ── b1 ── m1 (merge)      net1 (label "networking", depends on a1) ── net2
 *     └── c1 ──┘
 */
describe("branches and merges on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeEach(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b1", "t_b1", ["a1"]));
    await project.addRevision(tableRevision("c1", "t_c1", ["a1"]));
  });

  afterEach(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("refuses `upgrade head` with two heads, applies `heads`, and downgrades one branch alone", async () => {
    const refused = await project.run("upgrade", "head");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Multiple head revisions are present for given argument 'head'");
    expect(await tableNames(engine)).toEqual([]);

    expect((await project.run("upgrade", "heads")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["b1", "c1"]);
    expect((await project.run("current")).stdout).toBe("b1 (head)\nc1 (head)\n");

    expect((await project.run("downgrade", "a1@b1", "--sql")).code).not.toBe(0);
    const down = await project.run("downgrade", "b1-1");
    expect(down.code).toBe(0);
    expect(await versionRows(engine)).toEqual(["c1"]);
    expect(await tableNames(engine)).toEqual(["retort_log", "retort_version", "t_a1", "t_c1"]);
  });

  it("merges two heads into one row and back", async () => {
    expect((await project.run("upgrade", "heads")).code).toBe(0);
    const merge = await project.run("merge", "heads", "-m", "merge b and c", "--rev-id", "m1");
    expect(merge.code).toBe(0);
    expect(merge.stdout.trim()).toMatch(/m1_merge_b_and_c\.ts$/);

    expect((await project.run("heads")).stdout).toBe("m1 (head)\n");
    const up = await project.run("upgrade", "head");
    expect(up.stderr).toContain("Running upgrade b1, c1 -> m1, merge b and c");
    expect(await versionRows(engine)).toEqual(["m1"]);

    expect((await project.run("history")).stdout).toBe(
      [
        "b1, c1 -> m1 (head) (mergepoint), merge b and c",
        "a1 -> b1, create t_b1",
        "a1 -> c1, create t_c1",
        "<base> -> a1 (branchpoint), create t_a1",
        "",
      ].join("\n"),
    );

    // As in Alembic, `-1` from a merge point is ambiguous; naming a parent reverts just the merge.
    const ambiguous = await project.run("downgrade", "-1");
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("Ambiguous walk for '-1': m1 merges b1, c1");
    const down = await project.run("downgrade", "b1");
    expect(down.stderr).toContain("Running downgrade m1 -> b1, c1, merge b and c");
    expect(await versionRows(engine)).toEqual(["b1", "c1"]);
  });

  it("creates labelled branches with dependencies and upgrades one branch by label", async () => {
    const net1 = await project.run(
      "revision",
      "-m",
      "create networking branch",
      "--head",
      "base",
      "--branch-label",
      "networking",
      "--depends-on",
      "a1",
      "--rev-id",
      "net1",
    );
    expect(net1.code).toBe(0);
    const net2 = await project.run("revision", "-m", "add ip table", "--head", "networking@head", "--rev-id", "net2");
    expect(net2.code).toBe(0);

    expect((await project.run("history", "-r", "net1:")).stdout).toBe(
      "net1 -> net2 (head), add ip table\n<base> (a1) -> net1 (networking), create networking branch\n",
    );

    const up = await project.run("upgrade", "networking@head");
    expect(up.code).toBe(0);
    expect(up.stderr).toContain("Running upgrade  -> a1, create t_a1");
    expect(up.stderr).toContain("Running upgrade net1 -> net2, add ip table");
    expect(await versionRows(engine)).toEqual(["net2"]);
    expect(await tableNames(engine)).toEqual(["retort_log", "retort_version", "t_a1"]);
  });

  it("refuses a new revision on a non-head without --splice, and branches with it", async () => {
    const refused = await project.run("revision", "-m", "x", "--head", "a1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Revision a1 is not a head revision; please specify --splice");
    const noHead = await project.run("revision", "-m", "x");
    expect(noHead.stderr).toContain("Multiple heads are present");
    expect((await project.run("revision", "-m", "third branch", "--head", "a1", "--splice", "--rev-id", "d1")).code).toBe(0);
    expect((await project.run("branches")).stdout).toBe("a1 (branchpoint)\n   -> b1 (head)\n   -> c1 (head)\n   -> d1 (head)\n\n");
  });

  it("stamps without running migrations, and purges a version table that names unknown revisions", async () => {
    expect((await project.run("stamp", "b1")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["b1"]);
    expect(await tableNames(engine)).toEqual(["retort_log", "retort_version"]);
    expect((await project.run("stamp", "c1")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["b1", "c1"]);
    expect((await project.run("stamp", "base")).code).toBe(0);
    expect(await versionRows(engine)).toEqual([]);

    await engine.inspect((query) => query("INSERT INTO retort_version VALUES ('gone12345678')"));
    const unknown = await project.run("upgrade", "heads");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Can't locate revision identified by 'gone12345678'");
    expect((await project.run("stamp", "--purge", "a1")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["a1"]);
  });
});
