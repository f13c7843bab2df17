import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, queryServer, SERVER_URL, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

/** The errors a user meets first: each one line (plus a hint), naming the file or value, exit code 1. */
describe("first errors", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory();
    database = serverDatabaseUrl();
    project = await createProject(dir.path, database.url);
    await project.addRevision(tableRevision("a1", "t_a1"));
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("a server that is down: host and port, never the password", async () => {
    const result = await project.run("--url", "postgres://alice:s3cret@127.0.0.1:1/app", "upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^FAILED: Cannot connect to the database server at 127\.0\.0\.1:1 \(ECONNREFUSED\)\.\n  Is the PostgreSQL server running/,
    );
    expect(result.stderr).not.toContain("s3cret");
  });

  it("wrong credentials", async () => {
    const url = new URL(SERVER_URL);
    url.username = "no_such_user";
    url.password = "hunter2";
    const result = await project.run("--url", url.href, "current");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("FAILED: Authentication failed for user 'no_such_user' on");
    expect(result.stderr).not.toContain("hunter2");
  });

  it("a missing database: created in development, an error naming it in production", async () => {
    const production = await runRetort(["-c", project.configPath, "upgrade", "head"], { env: { RETORT_ENV: "production" } });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain(`FAILED: Database '${database.name}' does not exist on 127.0.0.1:5432.`);
    expect(production.stderr).toContain(`createdb -h 127.0.0.1 -p 5432 ${database.name}`);
    expect(await queryServer(SERVER_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [database.name])).toEqual([]);

    const development = await runRetort(["-c", project.configPath, "upgrade", "head"], { env: { RETORT_ENV: "development" } });
    expect(development.code).toBe(0);
    expect(development.stderr).toContain(`Created database '${database.name}' on 127.0.0.1:5432`);
  });

  it("no config: says to run retort init", async () => {
    const empty = await tempDirectory();
    try {
      const result = await runRetort(["heads"], { cwd: empty.path });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`FAILED: No retort.config.ts found in ${empty.path} or any parent directory.`);
      expect(result.stderr).toContain("Run `retort init`");
    } finally {
      await empty.remove();
    }
  });

  it("a revision file with a syntax error: its file and line, and nothing applied", async () => {
    const broken = await project.addRevision({ id: "b2", parents: ["a1"], upgrade: ['await op.execute("SELECT 1"'] });
    const result = await project.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`FAILED: Cannot load revision b2: ${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: Unexpected token`),
    );
    expect(await queryServer(database.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
  });

  it("a revision file whose header is not a literal: the graph commands name the file and line", async () => {
    await writeFile(
      path.join(project.versionsDirectory, "c3_bad.ts"),
      'export const revision = "c3";\nexport const downRevision = parent();\n',
    );
    const result = await project.run("history");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`FAILED: ${path.join(project.versionsDirectory, "c3_bad.ts")}:2: 'downRevision' must be a literal`);
  });

  it.each([
    ["an unknown revision", ["upgrade", "ffff"], "Can't locate revision identified by 'ffff'"],
    ["a malformed relative target", ["upgrade", "+a"], "Can't locate revision identified by '+a'"],
    ["an option that does not exist", ["downgrade", "-x"], "error: unknown option '-x'"],
    ["a broken config value", ["--url", "oracle://x/y", "current"], "Invalid database URL 'oracle://x/y'."],
  ])("%s", async (_, args, message) => {
    const result = await project.run(...args);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
