import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, queryServer, SERVER_URL, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { runRetort } from "../helpers/spawn-cli.js";

/** The environment a newcomer's shell has: NODE_ENV set for the application, DATABASE_URL in .env. */
describe("environment and .env files", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };
  // The test runner sets NODE_ENV itself: each case starts from a shell that sets none of these.
  const clean = { NODE_ENV: undefined, RETORT_ENV: undefined, DATABASE_URL: undefined, FORCE_COLOR: undefined };
  const retort = (args: string[], env: NodeJS.ProcessEnv = {}) => runRetort(args, { cwd: dir.path, env: { ...clean, ...env } });

  beforeEach(async () => {
    dir = await tempDirectory();
    database = serverDatabaseUrl();
    await mkdir(path.join(dir.path, "migrations", "versions"), { recursive: true });
    await writeFile(
      path.join(dir.path, "retort.config.ts"),
      'import { defineConfig } from "retort";\nexport default defineConfig({ url: process.env.DATABASE_URL ?? "embedded:./.retort/dev" });\n',
    );
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it.each(["staging", "dev", "local", "ci", "Production"])("NODE_ENV=%s does not stop `retort heads`", async (nodeEnv) => {
    const result = await retort(["heads", "-v"], { NODE_ENV: nodeEnv });
    expect(result.stderr).not.toContain("FAILED");
    expect(result.code).toBe(0);
    const expected = nodeEnv === "Production" ? "production" : "development";
    expect(result.stderr).toContain(`Environment: ${expected} (NODE_ENV=${nodeEnv})\n`);
  });

  it("rejects a wrong RETORT_ENV with the accepted values, and takes an empty one as unset", async () => {
    const wrong = await retort(["heads"], { RETORT_ENV: "staging" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('FAILED: RETORT_ENV must be "development", "production" or "test", not "staging".');
    const empty = await retort(["-v", "heads"], { RETORT_ENV: "", NODE_ENV: "production" });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain("Environment: production (NODE_ENV=production)\n");
  });

  it("uses DATABASE_URL from .env, with real variables and more specific files winning", async () => {
    await writeFile(path.join(dir.path, ".env"), `DATABASE_URL=${database.url}\n`);
    const current = await retort(["current", "-v"]);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).toContain(`Env files: ${path.join(dir.path, ".env")}\n`);
    expect(current.stderr).toContain(`Database: PostgreSQL server at ${new URL(database.url).hostname}:`);
    expect(current.stderr).toContain(`Created database '${database.name}'`);
    expect(await queryServer(SERVER_URL, "SELECT datname FROM pg_database WHERE datname = $1", [database.name])).toEqual([
      { datname: database.name },
    ]);

    await writeFile(path.join(dir.path, ".env.production.local"), "DATABASE_URL=pglite:memory:\n");
    expect((await retort(["-v", "heads"], { NODE_ENV: "prod" })).stderr).toContain("Database: PGlite in memory (pglite:memory:)\n");
    const real = await retort(["-v", "heads"], { NODE_ENV: "prod", DATABASE_URL: "embedded:./elsewhere" });
    expect(real.stderr).toContain(`Database: embedded PostgreSQL in ${path.join(dir.path, "elsewhere")}`);
  });

  it("masks the password in -v output", async () => {
    await writeFile(path.join(dir.path, ".env"), "DATABASE_URL=postgres://app:s3cret@db.example.com:6543/shop\n");
    const result = await retort(["-v", "heads"]);
    expect(result.stderr).toContain(
      "Database: PostgreSQL server at db.example.com:6543, database shop (postgres://app:***@db.example.com:6543/shop)\n",
    );
    expect(result.stderr).not.toContain("s3cret");
  });

  it("--env-file reads that file instead of the project's .env files", async () => {
    await writeFile(path.join(dir.path, ".env"), "DATABASE_URL=pglite:memory:\n");
    await writeFile(path.join(dir.path, "ci.env"), "DATABASE_URL=embedded:./ci\n");
    const result = await retort(["--env-file", "ci.env", "-v", "heads"]);
    expect(result.stderr).toContain(`Env files: ${path.join(dir.path, "ci.env")}\n`);
    expect(result.stderr).toContain(`Database: embedded PostgreSQL in ${path.join(dir.path, "ci")}`);
    // Node.js 20 reads --env-file even after the script's name, and stops before Retort runs when it is missing.
    const missing = await retort(["--env-file", "nope.env", "heads"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("nope.env");
  });
});
