import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { PROGRESS_MIN_STEPS } from "../../src/cli/progress.js";
import { dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

/** `merge` with one head, the progress line on a terminal, and `downgrade` in production. */
describe("CLI safeguards", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };
  let project: TestProject;
  const plain = { FORCE_COLOR: undefined, NO_COLOR: undefined, NODE_ENV: undefined, RETORT_ENV: undefined };
  const spawned = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runRetort(["-c", project.configPath, ...args], { cwd: dir.path, env: { ...plain, ...env } });
  const versions = async () =>
    (await queryServer<{ version_num: string }>(database.url, "SELECT version_num FROM retort_version")).map((r) => r.version_num);

  beforeEach(async () => {
    dir = await tempDirectory("retort-safeguards-");
    database = serverDatabaseUrl("retort_safeguards");
    project = await createProject(dir.path, database.url);
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("says there is nothing to merge with a single head, without suggesting `merge heads`", async () => {
    await project.addRevision(tableRevision("a1", "t_a1"));
    const result = await project.run("merge", "heads", "-m", "m");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("FAILED: Nothing to merge: there is only one head (a1).");
    expect(result.stderr).not.toContain("retort merge heads");
  });

  it("rewrites a progress line on a terminal's stderr, and prints none elsewhere", async () => {
    const total = PROGRESS_MIN_STEPS + 1;
    for (let i = 0; i < total; i++) await project.addRevision(tableRevision(`r${i}`, `t_${i}`, i === 0 ? [] : [`r${i - 1}`]));
    const run = async (isTTY: boolean, ...args: string[]) => {
      let stdout = "";
      let stderr = "";
      const code = await runCli(["-c", project.configPath, ...args], {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text), isTTY },
      });
      return { code, stdout, stderr };
    };
    const tty = await run(true, "upgrade", "head");
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toContain(`\r\u001b[K[1/${total}] upgrade r0`);
    expect(tty.stderr).toContain(`\r\u001b[K[${total}/${total}] upgrade r${total - 1}`);
    expect(tty.stderr.endsWith("\r\u001b[K")).toBe(true);
    expect(tty.stdout).toBe("");

    const piped = await run(false, "downgrade", "base");
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).not.toContain("\r");
    expect(piped.stderr.split("\n").filter((line) => line.startsWith("Running downgrade"))).toHaveLength(total);
  });

  it("downgrades in production only with --yes when no terminal can ask", async () => {
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"]));
    expect((await spawned(["upgrade", "head"])).code).toBe(0);

    const refused = await spawned(["downgrade", "-1"], { RETORT_ENV: "production" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FAILED: Refusing to downgrade the production database");
    expect(refused.stderr).toContain("--yes");
    expect(await versions()).toEqual(["b2"]);

    const json = await spawned(["downgrade", "-1", "--json"], { RETORT_ENV: "production" });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.code).toBe("confirmation_required");

    const confirmed = await spawned(["downgrade", "-1", "--yes"], { RETORT_ENV: "production" });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(await versions()).toEqual(["a1"]);

    const offline = await spawned(["downgrade", "a1:base", "--sql"], { RETORT_ENV: "production" });
    expect(offline.code, offline.stderr).toBe(0);
    expect(offline.stdout).toContain("DROP TABLE t_a1");
  });
});
