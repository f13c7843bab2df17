import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const packageVersion = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** What the command line says around the commands: usage mistakes, the version, no-op runs, colours. */
describe("CLI messages", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let database: { url: string; name: string };
  const plain = { FORCE_COLOR: undefined, NO_COLOR: undefined, NODE_ENV: undefined, RETORT_ENV: undefined };
  const retort = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runRetort(["-c", project.configPath, ...args], { cwd: dir.path, env: { ...plain, ...env } });

  beforeEach(async () => {
    dir = await tempDirectory();
    database = serverDatabaseUrl();
    project = await createProject(dir.path, database.url);
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("prints usage mistakes and their suggestions on real lines", async () => {
    const command = await retort(["upgrad", "head"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^error: unknown command 'upgrad'\n\(Did you mean upgrade\?\)\n/);
    expect(command.stderr).not.toContain("\\n");
    const sql = await retort(["upgrade", "head", "--sqll"]);
    expect(sql.stderr).toMatch(/^error: unknown option '--sqll'\n\(Did you mean --sql\?\)\n/);
    const auto = await retort(["revision", "-m", "x", "--autogenrate"]);
    expect(auto.stderr).toMatch(/^error: unknown option '--autogenrate'\n\(Did you mean --autogenerate\?\)\n/);
  });

  it("prints the version for --version and -V", async () => {
    for (const flag of ["--version", "-V"]) {
      const result = await runRetort([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(`${packageVersion}\n`);
    }
  });

  it("says so when upgrade has nothing to do", async () => {
    await project.addRevision(tableRevision("a1", "t_a1"));
    const first = await retort(["upgrade", "head"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).not.toContain("Nothing to upgrade");
    const again = await retort(["upgrade", "head"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("");
    expect(again.stderr).toBe("Nothing to upgrade: the database is already at head.\n");
  });

  it("colours FAILED only with FORCE_COLOR, or on a terminal without NO_COLOR", async () => {
    await writeFile(project.configPath, 'export default { url: "pglite:memory:", modles: "./m.ts" };\n');
    const piped = await retort(["heads"]);
    expect(piped.stderr).toMatch(/^FAILED: /);
    const forced = await retort(["heads"], { FORCE_COLOR: "1" });
    expect(forced.stderr).toMatch(/^\u001b\[31mFAILED:\u001b\[0m /);
    const both = await retort(["heads"], { FORCE_COLOR: "0", NO_COLOR: "1" });
    expect(both.stderr).toMatch(/^FAILED: /);
  });

  it("tells a config without a default export to export one, citing nothing users lack", async () => {
    await writeFile(
      project.configPath,
      'import { defineConfig } from "retort";\nexport const config = defineConfig({ url: "pglite:memory:" });\n',
    );
    const result = await retort(["heads"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `FAILED: ${project.configPath} has no default export (it exports 'config').\n  The config must \`export default defineConfig({ url, migrations, models })\`.\n`,
    );
    await writeFile(project.configPath, 'export default { url: "pglite:memory:", modles: "./m.ts" };\n');
    const unknown = await retort(["heads"]);
    expect(unknown.stderr).toContain("'modles' is not a config key");
    expect(unknown.stderr).not.toContain("DESIGN");
    expect(unknown.stderr).toContain('README "Configuration"');
  });
});
