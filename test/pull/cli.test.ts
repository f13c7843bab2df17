import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MODELS_TEMPLATE } from "../../src/commands/init.js";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { writeConfig } from "./contract.js";

const SCHEMA = `CREATE TABLE authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer REFERENCES authors (id), title text NOT NULL);
CREATE VIEW titles AS SELECT title FROM books;`;

async function databaseExists(name: string): Promise<boolean> {
  const rows = await queryServer(serverDatabaseUrl().url.replace(/\/[^/]*$/, "/postgres"), "SELECT 1 FROM pg_database WHERE datname = $1", [
    name,
  ]);
  return rows.length > 0;
}

describe("retort pull: files, flags and environments", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: ReturnType<typeof serverDatabaseUrl>;
  let project: TestProject;
  const models = () => path.join(dir.path, "app", "db", "postgres", "models.ts");

  beforeEach(async () => {
    dir = await tempDirectory("retort-pull-cli-");
    database = serverDatabaseUrl("retort_pull_cli");
    await createServerDatabase(database.name);
    await queryServer(database.url, SCHEMA);
    project = await createProject(dir.path, database.url);
  });
  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("writes the config's models module, refuses to overwrite it, and replaces it with --force", async () => {
    const config = await writeConfig(dir.path, "retort.config.ts", {
      url: database.url,
      models: "./src/models.ts",
      includeSchemas: ["public"],
    });
    const file = path.join(dir.path, "src", "models.ts");
    const first = await project.run("-c", config, "pull");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`${file}\n`);
    expect(first.stderr).toContain(`Pulled 2 tables and 0 enum types from ${database.url} (public) into ${file}`);
    // The view is pulled as a view() of the models, not counted as left out.
    expect(first.stderr).not.toContain("1 view");
    const text = await readFile(file, "utf8");
    expect(text).toContain('export const titles = view("titles", sql`');
    expect(text).toContain("author_id: integer().references(() => authors.id),");

    await writeFile(file, "// mine\n");
    const refused = await project.run("-c", config, "pull");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`FAILED: ${file} exists; retort pull does not overwrite it.`);
    expect(refused.stderr).toContain("Pass --force to replace it");
    expect(await readFile(file, "utf8")).toBe("// mine\n");

    const forced = await project.run("-c", config, "pull", "--force");
    expect(forced.code).toBe(0);
    expect(await readFile(file, "utf8")).toBe(text);
  });

  it("replaces the untouched models module of `retort init`, and writes app/db/postgres/models.ts without models in the config", async () => {
    await mkdir(path.dirname(models()), { recursive: true });
    await writeFile(models(), MODELS_TEMPLATE);
    const result = await project.run("pull");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${models()}\n`);
    expect(await readFile(models(), "utf8")).toContain('export const books = table("books", {');
  });

  it("--out and --schemas choose the file and the schemas; --json prints one document", async () => {
    await queryServer(
      database.url,
      "CREATE SCHEMA shop; CREATE TYPE shop.size AS ENUM ('s', 'm'); CREATE TABLE shop.shirts (id integer, size shop.size)",
    );
    const result = await project.run("--json", "pull", "--out", path.join(dir.path, "shop.ts"), "--schemas", "shop");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      path: path.join(dir.path, "shop.ts"),
      database: database.url,
      schemas: ["shop"],
      tables: 1,
      enums: 1,
      unmodelled: {},
      dependencies: [],
    });
    const text = await readFile(path.join(dir.path, "shop.ts"), "utf8");
    expect(text).toContain('export const size = enumType("size", ["s", "m"], { schema: "shop" });');
    expect(text).toContain("size: enumColumn(size),");
    expect(result.stderr).toContain('set includeSchemas to ["shop"]');

    const refused = await project.run("--json", "pull", "--out", path.join(dir.path, "shop.ts"));
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe("output_exists");
    const bad = await project.run("pull", "--schemas", "public,,shop");
    expect(bad.code).toBe(2);
  });

  it("leaves out what the config's include filter and excludeTables leave alone, as check does", async () => {
    const config = path.join(dir.path, "retort.filtered.ts");
    await writeFile(
      config,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(database.url)}, migrations: "migrations", models: "./filtered.ts", excludeTables: ["authors"], include: (object) => !(object.kind === "column" && object.name === "title") });\n`,
    );
    expect((await project.run("-c", config, "pull")).code).toBe(0);
    const text = await readFile(path.join(dir.path, "filtered.ts"), "utf8");
    expect(text).not.toContain('table("authors"');
    expect(text).toContain('export const books = table("books", {');
    expect(text).not.toContain("title:");
    expect(text).toContain('author_id: integer().references("authors.id"),');
    const check = await project.run("-c", config, "check");
    expect(check.stdout).toBe("");
    expect(check.code).toBe(0);
  });

  it("declares the enum types of schemas it does not read that its columns use, so the module loads and check is clean", async () => {
    await queryServer(
      database.url,
      "CREATE SCHEMA types; CREATE TYPE types.mood AS ENUM ('calm', 'busy'); CREATE TABLE moods (id integer PRIMARY KEY, now types.mood[])",
    );
    const config = await writeConfig(dir.path, "retort.types.ts", { url: database.url, models: "./typed.ts", includeSchemas: ["public"] });
    expect((await project.run("-c", config, "pull")).code).toBe(0);
    const text = await readFile(path.join(dir.path, "typed.ts"), "utf8");
    expect(text).toContain('export const mood = enumType("mood", ["calm", "busy"], { schema: "types" });');
    expect(text).toContain("now: enumColumn(mood).array(),");
    const check = await project.run("-c", config, "check");
    expect(check.stdout).toBe("");
    expect(check.code).toBe(0);
  });

  it("asks for --out when the config names several models modules", async () => {
    const config = await writeConfig(dir.path, "retort.two.ts", { url: database.url, models: "./a.ts", includeSchemas: ["public"] });
    await writeFile(config, (await readFile(config, "utf8")).replace('models: "./a.ts"', 'models: ["./a.ts", "./b.ts"]'));
    const result = await project.run("-c", config, "pull");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Say which file to write with --out FILE.");
  });

  it("runs in production (it only reads) and never creates a database, in production or development", async () => {
    const production = await writeConfig(dir.path, "retort.production.ts", {
      url: database.url,
      models: "./prod.ts",
      includeSchemas: ["public"],
      environment: "production",
    });
    const pulled = await project.run("-c", production, "pull");
    expect(pulled.code).toBe(0);
    expect(await readFile(path.join(dir.path, "prod.ts"), "utf8")).toContain('export const authors = table("authors", {');

    const missing = serverDatabaseUrl("retort_pull_missing");
    for (const environment of ["production", "development"]) {
      const config = await writeConfig(dir.path, `retort.missing.${environment}.ts`, {
        url: missing.url,
        models: `./missing-${environment}.ts`,
        includeSchemas: ["public"],
        environment,
      });
      const result = await project.run("--json", "-c", config, "pull");
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).error.code).toBe("database_missing");
      expect(existsSync(path.join(dir.path, `missing-${environment}.ts`))).toBe(false);
      expect(await databaseExists(missing.name)).toBe(false);
    }
  });
});

describe("retort pull --baseline", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: ReturnType<typeof serverDatabaseUrl>;

  beforeEach(async () => {
    dir = await tempDirectory("retort-pull-baseline-");
    database = serverDatabaseUrl("retort_pull_baseline");
    await createServerDatabase(database.name);
  });
  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("writes the models and a first revision, stamps the database at it, and refuses once revisions exist", async () => {
    await queryServer(
      database.url,
      `${SCHEMA}; CREATE SEQUENCE ticket_numbers; CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
       CREATE TABLE tickets (number integer PRIMARY KEY DEFAULT nextval('ticket_numbers'), seats positive)`,
    );
    const project = await createProject(dir.path, database.url);
    await writeConfig(dir.path, "retort.config.ts", { url: database.url, models: "./app/models.ts", includeSchemas: ["public"] });
    const pulled = await project.run("pull", "--baseline");
    expect(pulled.code, pulled.stderr).toBe(0);
    const [file, ...others] = await readdir(project.versionsDirectory);
    expect(others).toEqual([]);
    const revision = file?.slice(0, 12) ?? "";
    expect(file).toBe(`${revision}_baseline.ts`);
    expect(pulled.stderr).toContain(`Running stamp_revision  -> ${revision}`);
    expect(pulled.stderr).toContain(`Wrote the baseline revision ${revision}`);
    // The sequence, the domain and the view are in the models, so the baseline creates them as autogenerate does.
    expect(pulled.stderr).not.toContain("The baseline creates before the tables");
    expect(pulled.stderr).not.toContain("1 view");
    const text = await readFile(path.join(project.versionsDirectory, file ?? ""), "utf8");
    expect(text).toContain('await op.createSequence("ticket_numbers");');
    expect(text).toContain('await op.createDomain("positive", integer(), { check: sql`');
    expect(text).toContain('await op.createView("titles", sql`');
    expect(text).toContain('await op.dropSequence("ticket_numbers");');
    expect(text).toContain('await op.dropDomain("positive");');
    expect((await project.run("current")).stdout).toBe(`${revision} (head)\n`);
    const checked = await project.run("check");
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stderr).not.toContain("use an object the models cannot declare");

    const again = await project.run("--json", "pull", "--baseline", "--force");
    expect(again.code).toBe(1);
    const error = JSON.parse(again.stdout).error;
    expect(error.code).toBe("baseline_refused");
    expect(error.message).toContain("already has 1 revision(s)");
    expect(await readdir(project.versionsDirectory)).toEqual([file]);
  });
});

describe("retort pull on PGlite", () => {
  it("reads the in-process engine as the server", async () => {
    const dir = await tempDirectory("retort-pull-pglite-");
    const engine = await engineFixture("pglite", dir.path, { existing: true });
    try {
      await engine.inspect(async (query) => {
        for (const statement of SCHEMA.split(";\n")) await query(statement);
      });
      const project = await createProject(dir.path, engine.url);
      const result = await project.run("--json", "pull", "--out", path.join(dir.path, "pulled.ts"));
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ tables: 2, enums: 0, unmodelled: {} });
    } finally {
      await engine.dispose();
      await dir.remove();
    }
  });
});
