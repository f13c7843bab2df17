import { appendFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, tableNames, versionRows } from "../helpers/engines.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

/** The audit log: a row per step with the file's checksum; edited applied revisions are noticed. */
describe("audit log and checksums on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let firstFile: string;

  beforeEach(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url);
    firstFile = await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"]));
  });

  afterEach(async () => {
    await engine.dispose();
    await dir.remove();
  });

  const log = () =>
    queryServer<{ revision: string; operation: string; status: string; checksum: string; retort_version: string }>(
      engine.url,
      "SELECT revision, operation, status, checksum, retort_version FROM retort_log ORDER BY id",
    );

  it("records every step with the file's checksum and Retort's version", async () => {
    expect((await project.run("upgrade", "head")).code).toBe(0);
    expect((await project.run("downgrade", "-1")).code).toBe(0);
    const rows = await log();
    expect(rows.map((row) => [row.revision, row.operation, row.status])).toEqual([
      ["a1", "upgrade", "applied"],
      ["b2", "upgrade", "applied"],
      ["b2", "downgrade", "applied"],
    ]);
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.retort_version).toBe("0.1.0");
  });

  it("warns about an applied revision edited afterwards, fails with --strict, and stops after `accept`", async () => {
    expect((await project.run("upgrade", "a1")).code).toBe(0);
    await appendFile(firstFile, "\n// an edit after it was applied\n");

    const warned = await project.run("upgrade", "head");
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/WARNING: Revision a1 was applied on .*, but its file .*a1_create_t_a1\.ts has changed since/);
    const current = await project.run("current", "-v");
    expect(current.stderr).toContain("WARNING: Revision a1 was applied on");

    expect((await project.run("downgrade", "a1")).code).toBe(0);
    const strict = await project.run("upgrade", "head", "--strict");
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain("FAILED: Revision a1 was applied on");
    expect(strict.stderr).toContain("retort accept");
    expect(await versionRows(engine)).toEqual(["a1"]);

    const accepted = await project.run("accept");
    expect(accepted).toMatchObject({ code: 0, stderr: "Accepted the current contents of a1\n" });
    const clean = await project.run("upgrade", "head", "--strict");
    expect(clean.code).toBe(0);
    expect(clean.stderr).not.toContain("WARNING");
  });

  it("keeps working on a database migrated before the log existed", async () => {
    expect((await project.run("upgrade", "a1")).code).toBe(0);
    await queryServer(engine.url, "DROP TABLE retort_log");
    await appendFile(firstFile, "\n// edited\n");
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("WARNING");
    expect(await tableNames(engine)).toEqual(["retort_log", "retort_version", "t_a1", "t_b2"]);
  });

  it("records where a non-transactional revision stopped, and resumes there next time", async () => {
    await project.addRevision({
      id: "c3",
      parents: ["b2"],
      message: "concurrent index",
      extra: "export const transactional = false;",
      upgrade: [
        'await op.execute("CREATE INDEX CONCURRENTLY ix_a1 ON t_a1 (id)");',
        'await op.execute("CREATE INDEX CONCURRENTLY ix_missing ON no_such_table (id)");',
      ],
      downgrade: ['await op.execute("DROP INDEX ix_missing");', 'await op.execute("DROP INDEX ix_a1");'],
    });
    const failed = await project.run("upgrade", "head");
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("FAILED: Upgrade of revision c3");
    expect(failed.stderr).toContain("it stopped at statement 2");
    expect(await versionRows(engine)).toEqual(["b2"]);

    const current = await project.run("current", "-v");
    expect(current.stderr).toContain("WARNING: Revision c3 (");
    expect(current.stderr).toContain("stopped at statement 2 of its non-transactional upgrade");

    const again = await project.run("upgrade", "head");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("stopped at statement 2 of its non-transactional upgrade");
    expect(again.stderr).toContain("Running upgrade b2 -> c3, concurrent index");
    // Statement 1 stayed applied: the run resumes at statement 2 instead of failing on ix_a1.
    expect(again.stderr).toMatch(/Resuming c3 after statement 1 of 2, recorded by a failed run at \d{4}-/);
    expect(again.stderr).toContain('relation "no_such_table" does not exist');
  });
});
