/**
 * The Drizzle round trip on the PostgreSQL server, the embedded default and PGlite: a Drizzle schema as the
 * models → revision --autogenerate → upgrade head → check is clean; then `pull --format drizzle` of that database,
 * as the models, checks clean too. One database per engine, shared by the steps.
 */
import { copyFile, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { ENGINES, type EngineFixture, engineFixture } from "../helpers/engines.js";
import { type CliResult, createProject, type TestProject } from "../helpers/project.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("./drizzle-schema.fixture.ts", import.meta.url));

function expectOk(result: CliResult, what: string): void {
  expect(result.code, `${what}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
}

describe.each(ENGINES)("Drizzle models on %s", (engineName) => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  /** A config for the engine's database with `models`. */
  async function config(name: string, models: string): Promise<string> {
    const file = path.join(dir.path, name);
    await writeFile(
      file,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(engine.url)}, migrations: "migrations", models: ${JSON.stringify(models)}, includeSchemas: ["public", "inventory"] });\n`,
    );
    return file;
  }

  beforeAll(async () => {
    dir = await tempDirectory("retort-drizzle-engines-");
    await symlink(path.join(REPO, "node_modules"), path.join(dir.path, "node_modules"));
    await copyFile(FIXTURE, path.join(dir.path, "models.ts"));
    engine = await engineFixture(engineName, dir.path, { existing: true, holdServer: true });
    project = await createProject(dir.path, engine.url);
  });
  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("autogenerates and upgrades the Drizzle schema, then check is clean; its pull --format drizzle checks clean too", async () => {
    const models = await config("retort.drizzle.ts", "./models.ts");
    expectOk(await project.run("-c", models, "revision", "--autogenerate", "-m", "from drizzle"), "autogenerate");
    expectOk(await project.run("-c", models, "upgrade", "head"), "upgrade head");
    const checked = await project.run("-c", models, "check");
    expect(checked.stdout).toBe("");
    expectOk(checked, "check after upgrade");
    const tables = await engine.inspect((query) =>
      query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname IN ('public', 'inventory') AND tablename NOT LIKE 'retort%'"),
    );
    expect(tables[0]?.n).toBe(4);

    const pulledConfig = await config("retort.pulled.ts", "./pulled.ts");
    expectOk(await project.run("-c", pulledConfig, "pull", "--format", "drizzle"), "pull --format drizzle");
    const text = await readFile(path.join(dir.path, "pulled.ts"), "utf8");
    expect(text).toContain('export const inventorySchema = pgSchema("inventory");');
    expect(text).toContain('export const books = pgTable("books", {');
    const again = await project.run("-c", pulledConfig, "check");
    expect(again.stdout, `check with the pulled module lists changes; the module:\n${text}`).toBe("");
    expectOk(again, "check with the pulled module");
  });
});
