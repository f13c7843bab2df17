import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Functions, procedures and triggers as the catalog holds them. */
async function catalog(engine: EngineFixture): Promise<unknown> {
  return engine.inspect(async (query) => {
    const routines = await query(
      `SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1, 2`,
    );
    const triggers = await query(
      `SELECT t.tgname AS name, pg_get_triggerdef(t.oid) AS definition FROM pg_trigger t
       JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal ORDER BY 1`,
    );
    return { routines, triggers };
  });
}

const TABLE = `
export const movies = table("movies", {
  id: integer().primaryKey(),
  title: text().notNull(),
  rating: integer(),
  updated_at: timestamptz(),
});
`;

/** The objects as a person writes them: short type names, upper-case NEW, a default. */
const BEFORE = `
import { func, integer, procedure, sql, table, text, timestamptz, trigger } from "retort/schema";
${TABLE}
export const touch = func("touch_updated_at", {
  returns: "trigger",
  language: "plpgsql",
  body: sql\`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
\`,
});
export const clamp = func("clamp", {
  args: "v int, lo int DEFAULT 0, hi int DEFAULT 10",
  returns: "int",
  language: "sql",
  volatility: "immutable",
  strict: true,
  body: sql\`SELECT greatest(lo, least(hi, v))\`,
});
export const clampText = func("clamp", { args: "v text", returns: "text", language: "sql", body: sql\`SELECT v\` });
export const archive = procedure("archive_movies", {
  args: "below int",
  language: "plpgsql",
  security: "definer",
  body: sql\`BEGIN DELETE FROM movies WHERE rating < below; END\`,
});
export const moviesTouch = trigger("movies_touch", {
  table: movies,
  timing: "before",
  events: ["insert", "update"],
  updateOf: ["title", "rating"],
  forEach: "row",
  when: sql\`NEW.rating IS NOT NULL\`,
  function: touch,
});
export const moviesAudit = trigger("movies_audit", {
  table: movies,
  timing: "after",
  events: ["delete"],
  function: touch,
  arguments: ["it's", "b"],
});
`;

describe.each(["server", "pglite"] as const)("functions, procedures and triggers on %s", (engineName) => {
  let project: TestProject;
  let remove: () => Promise<void>;
  let engine: EngineFixture;
  let models: string;

  beforeAll(async () => {
    const directory = await tempDirectory("retort-routines-");
    remove = directory.remove;
    engine = await engineFixture(engineName, directory.path, { existing: true });
    project = await createProject(directory.path, engine.url, `, models: "./models.ts"`);
    models = path.join(project.root, "models.ts");
  });
  afterAll(async () => {
    await engine.dispose();
    await remove();
  });

  const revisionText = async (slug: string): Promise<string> => {
    const file = (await readdir(project.versionsDirectory)).find((name) => name.endsWith(`_${slug}.ts`));
    return readFile(path.join(project.versionsDirectory, file ?? ""), "utf8");
  };

  /** `retort check` against `text` as the models: its exit code and output. */
  const checkWith = async (text: string) => {
    await writeFile(models, text);
    const result = await project.run("check");
    return { code: result.code, output: result.stdout + result.stderr };
  };

  it("models → autogenerate → upgrade → check is clean; pull reproduces them; downgrade removes them", async () => {
    await writeFile(models, BEFORE);
    const first = await project.run("revision", "--autogenerate", "-m", "routines");
    expect(first.code, first.stderr).toBe(0);
    const created = await revisionText("routines");
    expect(created).toContain("await op.createFunction(func(");
    expect(created).toContain("await op.createTrigger(trigger(");
    expect(created).toContain("await op.dropFunction(");
    const up = await project.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    const clean = await checkWith(BEFORE);
    expect(clean.code, clean.output).toBe(0);
    const built = await catalog(engine);
    expect(JSON.stringify(built)).toContain("WHEN ((new.rating IS NOT NULL))");

    const pulled = path.join(project.root, "pulled.ts");
    const pull = await project.run("pull", "--out", pulled);
    expect(pull.code, pull.stderr).toBe(0);
    const pulledText = await readFile(pulled, "utf8");
    expect(pulledText).toContain('func("touch_updated_at"');
    expect(pulledText).toContain('procedure("archive_movies"');
    expect(pulledText).toContain('trigger("movies_touch"');
    expect(pulledText).toContain("Everything the database held in these schemas is declared below.");
    const pulledCheck = await checkWith(pulledText);
    expect(pulledCheck.code, pulledCheck.output).toBe(0);

    await writeFile(models, BEFORE);
    expect((await project.run("downgrade", "base")).code).toBe(0);
    expect(await catalog(engine)).toEqual({ routines: [], triggers: [] });
    // From empty again: the same catalog.
    expect((await project.run("upgrade", "head")).code).toBe(0);
    expect(await catalog(engine)).toEqual(built);
  });

  it.each([
    ["the body", BEFORE.replace("RETURN NEW;", "RETURN NULL;"), "replace function touch_updated_at"],
    ["the volatility", BEFORE.replace('volatility: "immutable",', 'volatility: "stable",'), "replace function clamp"],
    ["the strictness", BEFORE.replace("strict: true,", ""), "replace function clamp"],
    ["the security", BEFORE.replace('security: "definer",', ""), "replace procedure archive_movies"],
    [
      "the language",
      BEFORE.replace('language: "sql", body: sql`SELECT v`', 'language: "plpgsql", body: sql`BEGIN RETURN v; END`'),
      "replace function clamp",
    ],
    ["the return type", BEFORE.replace('returns: "int",', 'returns: "bigint",'), "drop function clamp"],
    ["an argument default", BEFORE.replace("hi int DEFAULT 10", "hi int DEFAULT 11"), "drop function clamp"],
    ["the argument types (an overload)", BEFORE.replace('args: "v text"', 'args: "v varchar"'), "add function clamp"],
    ["a trigger's condition", BEFORE.replace("NEW.rating IS NOT NULL", "NEW.rating > 0"), "add trigger movies_touch"],
    ["a trigger's events", BEFORE.replace('events: ["delete"]', 'events: ["delete", "truncate"]'), "add trigger movies_audit"],
    ["a trigger's timing", BEFORE.replace('timing: "after"', 'timing: "before"'), "add trigger movies_audit"],
    ["a trigger's columns", BEFORE.replace('updateOf: ["title", "rating"]', 'updateOf: ["title"]'), "add trigger movies_touch"],
    [
      "a trigger's level",
      BEFORE.replace('forEach: "row",\n  when', 'forEach: "statement",\n  when').replace("  when: sql`NEW.rating IS NOT NULL`,\n", ""),
      "add trigger movies_touch",
    ],
    ["a trigger's arguments", BEFORE.replace('["it\'s", "b"]', '["it\'s"]'), "add trigger movies_audit"],
    ["a removed trigger", BEFORE.replace(/export const moviesAudit[\s\S]*$/, ""), "drop trigger movies_audit"],
  ])("a change of %s makes check exit 3 and name it", async (_what, text, named) => {
    const result = await checkWith(text);
    expect(result.code, result.output).toBe(3);
    expect(result.output).toContain(named);
    await writeFile(models, BEFORE);
  });

  it("a changed function and trigger: upgrade, then downgrade restores the catalog", async () => {
    await writeFile(models, BEFORE);
    const before = await catalog(engine);
    const changed = BEFORE.replace("RETURN NEW;", "RETURN NULL;")
      .replace('returns: "int",', 'returns: "bigint",')
      .replace("NEW.rating IS NOT NULL", "NEW.rating > 0");
    await writeFile(models, changed);
    const second = await project.run("revision", "--autogenerate", "-m", "change");
    expect(second.code, second.stderr).toBe(0);
    const text = await revisionText("change");
    expect(text).toContain("await op.replaceFunction(");
    const up = await project.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    const clean = await checkWith(changed);
    expect(clean.code, clean.output).toBe(0);
    expect(await catalog(engine)).not.toEqual(before);
    const down = await project.run("downgrade", `-${second.stdout.trim().split("\n").length}`);
    expect(down.code, down.stderr).toBe(0);
    expect(await catalog(engine)).toEqual(before);
    await writeFile(models, BEFORE);
  });
});
