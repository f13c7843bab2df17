import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const SCHEMA = "retort/schema";

/** A models module with one table `name` of two columns. */
function models(name: string, extra = ""): string {
  return `import { integer, table, text } from ${JSON.stringify(SCHEMA)};\nexport const t = table(${JSON.stringify(name)}, { id: integer().primaryKey(), title: text().notNull()${extra} });\n`;
}

/** `--json` on every command: one document on stdout, checked field by field, on a real server database. */
describe("--json", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };
  let project: TestProject;
  const plain = { FORCE_COLOR: undefined, NO_COLOR: undefined, NODE_ENV: undefined, RETORT_ENV: undefined };
  const spawned = (args: string[]) => runRetort(["-c", project.configPath, ...args], { cwd: dir.path, env: plain });
  /** Runs in this process and parses stdout, which must be exactly one JSON document. */
  const run = async (...args: string[]) => {
    const result = await project.run(...args);
    let document: unknown;
    try {
      document = JSON.parse(result.stdout);
    } catch {
      throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
    }
    return { ...result, document: document as Record<string, any> };
  };

  beforeEach(async () => {
    dir = await tempDirectory("retort-json-");
    database = serverDatabaseUrl("retort_json");
    project = await createProject(dir.path, database.url, `, models: "./models.ts"`);
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("prints the graph commands' revisions", async () => {
    await project.addRevision(tableRevision("a1", "t_a1", [], "first"));
    await project.addRevision({ ...tableRevision("b2", "t_b2", ["a1"], "left"), labels: ["left"] });
    await project.addRevision(tableRevision("c3", "t_c3", ["a1"], "right"));

    const history = await run("history", "--json");
    expect(history.code).toBe(0);
    expect(history.document.revisions.map((r: { revision: string }) => r.revision).sort()).toEqual(["a1", "b2", "c3"]);
    const a1 = history.document.revisions.find((r: { revision: string }) => r.revision === "a1");
    expect(a1).toMatchObject({
      downRevisions: [],
      branchLabels: [],
      dependsOn: [],
      message: "first",
      children: ["b2", "c3"],
      isHead: false,
      isBranchPoint: true,
      isMergePoint: false,
      isCurrent: false,
    });
    expect(a1.path).toBe(path.join(project.versionsDirectory, "a1_first.ts"));
    expect(typeof a1.createDate).toBe("string");

    const heads = await run("heads", "--json");
    expect(heads.document.heads.map((r: { revision: string }) => r.revision)).toEqual(["b2", "c3"]);
    expect(heads.document.heads[0]).toMatchObject({ branchLabels: ["left"], downRevisions: ["a1"], isHead: true, isRealHead: true });

    const branches = await run("branches", "--json");
    expect(branches.document.branchPoints).toHaveLength(1);
    expect(branches.document.branchPoints[0].revision.revision).toBe("a1");
    expect(branches.document.branchPoints[0].branches.map((r: { revision: string }) => r.revision)).toEqual(["b2", "c3"]);

    const show = await run("show", "left@head", "--json");
    expect(show.document.revisions).toHaveLength(1);
    expect(show.document.revisions[0]).toMatchObject({ revision: "b2", message: "left", branchLabels: ["left"] });
  });

  it("prints the steps of upgrade, downgrade and stamp with durations, and current", async () => {
    await project.addRevision(tableRevision("a1", "t_a1", [], "first"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"], "second"));

    const up = await run("upgrade", "head", "--json");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Running upgrade a1 -> b2, second");
    expect(up.document).toMatchObject({ command: "upgrade", target: "head", stamp: false, sql: null });
    expect(up.document.steps).toEqual([
      { direction: "upgrade", revision: "a1", from: [], to: ["a1"], message: "first", durationMs: expect.any(Number) },
      { direction: "upgrade", revision: "b2", from: ["a1"], to: ["b2"], message: "second", durationMs: expect.any(Number) },
    ]);
    for (const step of up.document.steps) expect(step.durationMs).toBeGreaterThanOrEqual(0);

    const current = await run("current", "--json");
    expect(current.document.url).toBe(database.url);
    expect(current.document.revisions.map((r: { revision: string }) => r.revision)).toEqual(["b2"]);
    expect(current.document.revisions[0].isCurrent).toBe(true);
    expect(current.document.findings).toEqual([]);

    const again = await run("upgrade", "head", "--json");
    expect(again.document.steps).toEqual([]);

    const down = await run("downgrade", "-1", "--json");
    expect(down.document.command).toBe("downgrade");
    expect(down.document.steps).toEqual([
      { direction: "downgrade", revision: "b2", from: ["b2"], to: ["a1"], message: "second", durationMs: expect.any(Number) },
    ]);
    expect(await queryServer(database.url, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "a1" }]);

    const stamp = await run("stamp", "head", "--json");
    expect(stamp.document).toMatchObject({ command: "stamp", target: "head", stamp: true });
    expect(stamp.document.steps.map((s: { revision: string }) => s.revision)).toEqual(["b2"]);

    const sql = await run("upgrade", "a1:head", "--sql", "--json");
    expect(sql.document.steps.map((s: { revision: string; durationMs: unknown }) => [s.revision, s.durationMs])).toEqual([["b2", null]]);
    expect(sql.document.sql).toContain("CREATE TABLE t_b2");
  });

  it("prints revision, check and autogenerate's operations, data loss and renames", async () => {
    const plainRevision = await run("revision", "-m", "empty one", "--rev-id", "e1", "--json");
    expect(plainRevision.document).toEqual({ written: true, revision: "e1", path: expect.stringContaining("e1_empty_one") });

    await project.run("upgrade", "head");
    await writeFile(path.join(dir.path, "models.ts"), models("movies"));
    const check = await run("check", "--json");
    expect(check.code).toBe(3);
    expect(check.document.pending).toBe(true);
    expect(check.document.operations).toEqual([{ kind: "createTable", description: expect.stringContaining("movies") }]);
    expect(check.document.dataLoss).toEqual([]);

    const auto = await run("revision", "--autogenerate", "-m", "movies", "--rev-id", "m1", "--json");
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.document).toMatchObject({ written: true, revision: "m1", renames: [], dataLoss: [] });
    expect(auto.document.path).toContain("m1_movies");
    expect(auto.document.operations.map((op: { kind: string }) => op.kind)).toEqual(["createTable"]);
    await project.run("upgrade", "head");

    const clean = await run("check", "--json");
    expect(clean.code).toBe(0);
    expect(clean.document).toEqual({ pending: false, operations: [], manual: [], dataLoss: [], renames: [], unmanaged: {} });

    await writeFile(path.join(dir.path, "models.ts"), models("films"));
    const undecided = await run("revision", "--autogenerate", "-m", "rename", "--json");
    expect(undecided.code).toBe(4);
    expect(undecided.document.error.code).toBe("renames_undecided");
    expect(undecided.document.error.questions).toEqual([
      { kind: "table", schema: null, table: null, from: "movies", candidates: ["films"] },
    ]);

    const renamed = await run("revision", "--autogenerate", "-m", "rename", "--rename", "movies=films", "--json");
    expect(renamed.code, renamed.stderr).toBe(0);
    expect(renamed.document.renames).toEqual([{ kind: "table", schema: null, table: null, from: "movies", to: "films" }]);
    expect(renamed.document.dataLoss).toEqual([]);
    await project.run("upgrade", "head");

    await writeFile(path.join(dir.path, "models.ts"), models("films").replace(", title: text().notNull()", ""));
    const lossy = await run("revision", "--autogenerate", "-m", "drop title", "--json");
    expect(lossy.document.operations.map((op: { kind: string }) => op.kind)).toEqual(["dropColumn"]);
    expect(lossy.document.dataLoss).toEqual([{ operation: "dropColumn", message: expect.stringContaining("title") }]);
  });

  it("prints what init wrote", async () => {
    const fresh = path.join(dir.path, "fresh");
    await mkdir(fresh);
    const result = await runRetort(["init", "--json"], { cwd: fresh, env: plain });
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.configCreated).toBe(true);
    expect(document.configPath).toBe(path.join(fresh, "retort.config.ts"));
    expect(document.versionsDirectory).toBe(path.join(fresh, "migrations", "versions"));
    expect(document.files.map((f: { kind: string; action: string }) => [f.kind, f.action])).toEqual([
      ["config", "created"],
      ["versions", "created"],
      ["models", "created"],
      ["gitignore", "created"],
    ]);
  });

  it("prints errors as a document with the exit code of the text form, usage mistakes too", async () => {
    const failed = await spawned(["upgrade", "nosuchrev", "--json"]);
    expect(failed.code).toBe(1);
    const document = JSON.parse(failed.stdout);
    expect(Object.keys(document)).toEqual(["error"]);
    expect(document.error.code).toBe("unknown_revision");
    expect(document.error.message).toContain("nosuchrev");
    expect(document.error).toHaveProperty("hint");
    expect(failed.stderr).toContain("FAILED:");

    const usage = await spawned(["--json", "upgrad", "head"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({
      error: { code: "usage", message: "unknown command 'upgrad'", hint: "Did you mean upgrade?" },
    });

    const option = await spawned(["history", "--sqll", "--json"]);
    expect(option.code).toBe(2);
    expect(JSON.parse(option.stdout).error).toMatchObject({ code: "usage", message: "unknown option '--sqll'" });

    const textOnly = await spawned(["upgrad", "head"]);
    expect(textOnly.stdout).toBe("");
  });
});
