import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { moviesModels, writeModels } from "./project-models.js";

/** The guide's troubleshooting, built into `revision --autogenerate` and `check`. */
describe("autogenerate on the command line", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let db: { url: string; name: string };
  let project: TestProject;

  beforeEach(async () => {
    dir = await tempDirectory("retort-autogen-cli-");
    db = serverDatabaseUrl("retort_autogen");
    project = await createProject(dir.path, db.url, `, models: "./models.ts", includeSchemas: ["public", "inventory"]`);
    await writeModels(dir.path, moviesModels());
  });

  afterEach(async () => {
    await dropServerDatabase(db.name);
    await dir.remove();
  });

  it("refuses autogenerate in production, explaining why", async () => {
    await writeFile(
      project.configPath,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(db.url)}, models: "./models.ts", environment: "production" });\n`,
    );
    const result = await project.run("revision", "--autogenerate", "-m", "nope");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("FAILED: revision --autogenerate is refused in production.");
    expect(result.stderr).toContain("Autogenerate belongs to development");
    expect(result.stderr).toContain("run only `retort upgrade head` in production");
    expect(await readdir(project.versionsDirectory)).toEqual([]);
  });

  it("says the models path is probably wrong when the models export no tables", async () => {
    await writeFile(path.join(dir.path, "models.ts"), "export const notATable = 1;\n");
    const result = await project.run("revision", "--autogenerate", "-m", "empty");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path.join(dir.path, "models.ts")} export no tables`);
    expect(result.stderr).toContain("The models path in");
    expect(result.stderr).toContain("is probably wrong");
  });

  it("names a models module that fails to load", async () => {
    await writeFile(path.join(dir.path, "models.ts"), "export const broken = ;\n");
    const result = await project.run("check");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Cannot load the models module");
  });

  it("fails with 'Target database is not up to date.' until the database is upgraded", async () => {
    await project.addRevision(tableRevision("1975ea83b712", "legacy"));
    const result = await project.run("revision", "--autogenerate", "-m", "too early");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("FAILED: Target database is not up to date.");
    expect(result.stderr).toContain("retort upgrade head");
    expect(result.stderr).toContain("then generate the revision again.");
    const check = await project.run("check");
    expect(check.stderr).toContain("Target database is not up to date.");
    expect(check.stderr).toContain("then run the check again.");
  });

  it("refuses rename flags without --autogenerate", async () => {
    const result = await project.run("revision", "-m", "x", "--rename", "a=b");
    expect(result.code).toBe(2);
  });
});
