import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { ENGINES, type EngineFixture, type EngineName, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";
import { moviesModels } from "./project-models.js";

/** The relations and enum types left in the compared schemas. */
async function objects(engine: EngineFixture): Promise<{ tables: string[]; enums: string[] }> {
  return engine.inspect(async (query) => {
    const tables = await query(
      "SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname IN ('public', 'inventory') ORDER BY 1",
    );
    const enums = await query(
      "SELECT t.typname AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND n.nspname IN ('public', 'inventory') ORDER BY 1",
    );
    return { tables: tables.map((r) => String(r.name)), enums: enums.map((r) => String(r.name)) };
  });
}

async function revisionFiles(project: TestProject): Promise<string[]> {
  return (await readdir(project.versionsDirectory)).filter((f) => f.endsWith(".ts")).sort();
}

/**
 * A project with models on a fresh database of `engineName`, recreated for each test of the calling `describe`,
 * and the commands the tests run in it.
 */
function useRoundTrip(engineName: EngineName) {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  /** The config in use: each edit of the models gets its own models and config files, since a process may cache modules it loaded. */
  let config: string;

  /** Writes the models of one step and a config that names them. */
  async function useModels(step: number, text: string): Promise<void> {
    await writeFile(path.join(dir.path, `models-${step}.ts`), text);
    config = path.join(dir.path, `retort.config.${step}.ts`);
    await writeFile(
      config,
      `import { defineConfig } from "retort";\nexport default defineConfig({ url: ${JSON.stringify(engine.url)}, migrations: "migrations", models: "./models-${step}.ts", includeSchemas: ["public", "inventory"] });\n`,
    );
  }

  const run = (...args: string[]) => project.run("-c", config, ...args);

  beforeEach(async () => {
    dir = await tempDirectory("retort-autogen-");
    engine = await engineFixture(engineName, dir.path, { existing: true, holdServer: true });
    project = await createProject(dir.path, engine.url);
    await useModels(0, moviesModels());
  });

  afterEach(async () => {
    await engine.dispose();
    await dir.remove();
  });

  async function generate(message: string, ...flags: string[]) {
    const result = await run("revision", "--autogenerate", "-m", message, ...flags);
    expect(result.stderr).not.toContain("FAILED");
    expect(result.code).toBe(0);
    return result;
  }

  async function upgradeAndCheck() {
    const up = await run("upgrade", "head");
    expect(up.stderr).not.toContain("FAILED");
    expect(up.code).toBe(0);
    const check = await run("check");
    expect(check.stdout).toBe("");
    expect(check.code).toBe(0);
  }

  return {
    engine: () => engine,
    project: () => project,
    useModels,
    run,
    generate,
    upgradeAndCheck,
  };
}

/**
 * Autogenerate's round trips on the PostgreSQL server, the embedded default and PGlite: models → revision →
 * upgrade → autogenerate again finds nothing; downgrade base leaves only Retort's own tables.
 */
describe.each(ENGINES)("autogenerate round trip on %s", (engineName) => {
  const { engine: currentEngine, project: currentProject, run, generate, upgradeAndCheck } = useRoundTrip(engineName);

  it("creates the rich model, finds nothing more to do, and downgrades to an empty database", async () => {
    const pending = await run("check");
    expect(pending.code).toBe(3);
    expect(pending.stdout).toContain("add table movies\n");
    const first = await generate("create the rich model");
    expect(first.stdout.trim()).toMatch(/_create_the_rich_model\.ts$/);
    expect(first.stderr).toContain("Detected add table movies");

    await upgradeAndCheck();
    const files = await revisionFiles(currentProject());
    const again = await run("revision", "--autogenerate", "-m", "nothing");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("No changes in schema detected");
    expect(again.stdout).toBe("");
    expect(await revisionFiles(currentProject())).toEqual(files);

    const before = await objects(currentEngine());
    expect(before.tables.length).toBeGreaterThanOrEqual(22);
    expect(before.enums).toEqual(["genre", "move_reason", "rating"]);

    const down = await run("downgrade", "base");
    expect(down.stderr).not.toContain("FAILED");
    expect(down.code).toBe(0);
    expect(await objects(currentEngine())).toEqual({ tables: ["public.retort_log", "public.retort_version"], enums: [] });
  });
});

/**
 * A series of edits, one autogenerated revision each, through the CLI. Each comparison in it also runs on every
 * engine, PGlite included, in test/suite/autogenerate.test.ts; the series itself runs on the server and the
 * embedded default (PGlite, WebAssembly in process, is slow for a dozen commands).
 */
describe.each(["server", "embedded"] as const)("a series of autogenerated revisions on %s", (engineName) => {
  const { engine: currentEngine, useModels, run, generate, upgradeAndCheck } = useRoundTrip(engineName);

  it("follows a series of edits, one revision each, and downgrades through all of them", async () => {
    await generate("create the rich model");
    await upgradeAndCheck();

    const steps: { message: string; edits: Parameters<typeof moviesModels>[0]; expect: string }[] = [
      {
        message: "add language",
        edits: { columns: ['language: varchar(8).notNull().default("en")'] },
        expect: "add column movies.language",
      },
      {
        message: "widen runtime",
        edits: { columns: ['language: varchar(8).notNull().default("en")'], runtime: "integer()" },
        expect: "alter column movies.runtime_minutes (type)",
      },
      {
        message: "index language",
        edits: {
          columns: ['language: varchar(8).notNull().default("en")'],
          runtime: "integer()",
          indexes: ['index("ix_movies_language", ["language"])'],
        },
        expect: "add index ix_movies_language on movies",
      },
      {
        message: "add horror",
        edits: {
          columns: ['language: varchar(8).notNull().default("en")'],
          runtime: "integer()",
          indexes: ['index("ix_movies_language", ["language"])'],
          genreValues: ["drama", "horror", "comedy", "thriller"],
        },
        expect: "add value 'horror' to enum genre",
      },
    ];
    for (const [i, step] of steps.entries()) {
      await useModels(i + 1, moviesModels(step.edits));
      const result = await generate(step.message);
      expect(result.stderr).toContain(`Detected ${step.expect}`);
      await upgradeAndCheck();
    }

    const renamed = { ...steps.at(-1)!.edits, titleName: "name" };
    await useModels(steps.length + 1, moviesModels(renamed));
    const undecided = await run("revision", "--autogenerate", "-m", "rename title");
    expect(undecided.code).toBe(4);
    expect(undecided.stderr).toContain("column movies.title was dropped and movies.name added with the same definition");
    expect(undecided.stderr).toContain("--rename movies.title=name");
    const withHint = await generate("rename title", "--rename", "movies.title=name");
    expect(withHint.stderr).toContain("Renaming column movies.title to name");
    expect(withHint.stderr).not.toContain("DATA LOSS");
    await upgradeAndCheck();
    expect(await currentEngine().inspect((query) => query("SELECT name FROM movies"))).toEqual([]);

    // The enum value cannot be removed by a downgrade; everything else goes.
    const down = await run("downgrade", "base");
    expect(down.stderr).not.toContain("FAILED");
    expect(down.code).toBe(0);
    expect(await objects(currentEngine())).toEqual({ tables: ["public.retort_log", "public.retort_version"], enums: [] });
  });
});
