import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, tableNames, versionRows } from "../helpers/engines.js";
import { createProject, tableRevision } from "../helpers/project.js";

describe("transactions and what counts as a revision", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;

  beforeEach(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
  });

  afterEach(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("with transactionPerMigration: false, a failure rolls back the whole run", async () => {
    const project = await createProject(dir.path, engine.url, ", transactionPerMigration: false");
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"]));
    await project.addRevision({ id: "c3", parents: ["b2"], upgrade: ['await op.execute("SELECT * FROM no_such_table");'] });
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Running upgrade a1 -> b2");
    expect(await tableNames(engine)).toEqual([]);
    expect(await versionRows(engine)).toEqual([]);
  });

  it("refuses a revision file that links outside the versions directory", async () => {
    const project = await createProject(dir.path, engine.url);
    const outside = path.join(dir.path, "outside.ts");
    await writeFile(outside, 'export const revision = "x1";\nexport async function upgrade() {}\nexport async function downgrade() {}\n');
    await symlink(outside, path.join(project.versionsDirectory, "x1_linked.ts"));
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`FAILED: ${path.join(project.versionsDirectory, "x1_linked.ts")} links outside the versions directory`);
  });

  it("refuses an operation that cannot run in a transaction unless the revision says so", async () => {
    const project = await createProject(dir.path, engine.url);
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision({
      id: "b2",
      parents: ["a1"],
      upgrade: ['await op.createIndex("ix_t_a1", "t_a1", ["id"], { concurrently: true });'],
    });
    const refused = await project.run("upgrade", "head");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("createIndex cannot run inside a transaction");
    expect(refused.stderr).toContain("export const transactional = false;");
    expect(await versionRows(engine)).toEqual(["a1"]);
  });
});
