import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** The exclusion constraints of public's tables as the catalog holds them. */
async function exclusions(engine: EngineFixture): Promise<Record<string, unknown>[]> {
  return engine.inspect((query) =>
    query(
      `SELECT con.conname AS name, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE con.contype = 'x' AND n.nspname = 'public' ORDER BY 1`,
    ),
  );
}

// Written as a person writes them: lower-case keywords, no parentheses, literals without casts.
const BEFORE = `
import { boolean, customType, exclude, integer, sql, table } from "retort/schema";
export const bookings = table("bookings", {
  id: integer().primaryKey(),
  room: integer().notNull(),
  during: customType("tsrange").notNull(),
  area: customType("circle"),
  cancelled: boolean().notNull().default(false),
}, {
  excludes: [
    exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql\`not cancelled and room > 0\` }),
    exclude("ex_bookings_area", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" }),
  ],
});
`;

// One kept, one dropped, one added over an expression.
const AFTER = `
import { boolean, customType, exclude, integer, sql, table } from "retort/schema";
export const bookings = table("bookings", {
  id: integer().primaryKey(),
  room: integer().notNull(),
  during: customType("tsrange").notNull(),
  area: customType("circle"),
  cancelled: boolean().notNull().default(false),
}, {
  excludes: [
    exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql\`not cancelled and room > 0\` }),
    exclude("ex_bookings_closed", {
      using: "gist",
      elements: [{ expression: sql\`tsrange(lower(during), upper(during), '[]')\`, operator: "&&" }],
      where: sql\`room = 1 and upper(during) > '2026-01-01'\`,
    }),
  ],
});
`;

describe("exclusion constraints round-trip on the server", () => {
  let project: TestProject;
  let remove: () => Promise<void>;
  let engine: EngineFixture;

  beforeAll(async () => {
    const directory = await tempDirectory("retort-exclusions-");
    remove = directory.remove;
    engine = await engineFixture("server", directory.path, { existing: true });
    project = await createProject(directory.path, engine.url, `, models: "./models.ts"`);
  });
  afterAll(async () => {
    await engine.dispose();
    await remove();
  });

  const revisionText = async (slug: string): Promise<string> => {
    const file = (await readdir(project.versionsDirectory)).find((name) => name.endsWith(`_${slug}.ts`));
    return readFile(path.join(project.versionsDirectory, file ?? ""), "utf8");
  };
  const ok = async (...args: string[]) => {
    const result = await project.run(...args);
    expect(result.code, `${args.join(" ")}: ${result.stdout}${result.stderr}`).toBe(0);
    return result;
  };

  it("models → autogenerate → upgrade → check is clean → pull reproduces → a change → downgrade removes them", async () => {
    const models = path.join(project.root, "models.ts");
    await writeFile(models, BEFORE);
    await ok("revision", "--autogenerate", "-m", "create");
    expect(await revisionText("create")).toContain(
      'exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`not cancelled and room > 0` })',
    );
    await ok("upgrade", "head");
    expect(await exclusions(engine)).toEqual([
      { name: "bookings_during_excl", definition: "EXCLUDE USING gist (during WITH &&) WHERE (((NOT cancelled) AND (room > 0)))" },
      { name: "ex_bookings_area", definition: "EXCLUDE USING gist (area WITH &&) DEFERRABLE INITIALLY DEFERRED" },
    ]);
    // The constraint holds: a second booking of an overlapping period is refused.
    await engine.inspect((query) => query(`INSERT INTO bookings (id, room, during) VALUES (1, 1, '[2026-01-01, 2026-01-05)')`));
    await expect(
      engine.inspect((query) => query(`INSERT INTO bookings (id, room, during) VALUES (2, 1, '[2026-01-03, 2026-01-04)')`)),
    ).rejects.toThrow(/bookings_during_excl/);
    const clean = await ok("check");
    expect(clean.stdout).toBe("");

    // pull writes them back, and its models check clean against the same database.
    const pulled = path.join(project.root, "pulled.ts");
    await ok("pull", "--out", pulled);
    const pulledText = await readFile(pulled, "utf8");
    expect(pulledText).toContain(
      'exclude("ex_bookings_area", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" })',
    );
    expect(pulledText).toContain('exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`');
    await writeFile(models, pulledText);
    await ok("check");

    // A change: one dropped, one added over an expression; its predicate, which PostgreSQL stores with the literal
    // as a timestamp, checks clean once applied (the database parses the model's text).
    await writeFile(models, AFTER);
    await ok("revision", "--autogenerate", "-m", "change");
    const change = await revisionText("change");
    expect(change).toContain('await op.dropConstraint("ex_bookings_area", "bookings");');
    expect(change).toContain('await op.createExclusionConstraint("ex_bookings_closed", "bookings", {');
    expect(change).not.toContain("bookings_during_excl");
    const offline = await ok(
      "upgrade",
      "--sql",
      `${(await readdir(project.versionsDirectory)).find((f) => f.endsWith("_create.ts"))!.slice(0, 12)}:head`,
    );
    expect(offline.stdout).toContain(
      `ALTER TABLE "bookings" ADD CONSTRAINT "ex_bookings_closed" EXCLUDE USING gist ((tsrange(lower(during), upper(during), '[]')) WITH &&) WHERE (room = 1 and upper(during) > '2026-01-01');`,
    );
    await ok("upgrade", "head");
    expect((await exclusions(engine)).map((row) => row.name)).toEqual(["bookings_during_excl", "ex_bookings_closed"]);
    expect((await ok("check")).stdout).toBe("");

    // Downgrades: the change puts back what was there, then the first revision removes them with the table.
    await ok("downgrade", "-1");
    expect((await exclusions(engine)).map((row) => row.name)).toEqual(["bookings_during_excl", "ex_bookings_area"]);
    await ok("downgrade", "base");
    expect(await exclusions(engine)).toEqual([]);
  });

  it("one written by hand is left alone while the models declare none, and managed when the config says so", async () => {
    // Projects of their own (no revisions), on the same database.
    const models = path.join(project.root, "hand-written.ts");
    await writeFile(
      models,
      `import { customType, integer, table } from "retort/schema";\nexport const slots = table("slots", { id: integer().primaryKey(), during: customType("tsrange") });\n`,
    );
    await engine.inspect(async (query) => {
      await query("CREATE TABLE slots (id integer PRIMARY KEY, during tsrange)");
      await query("ALTER TABLE slots ADD CONSTRAINT ex_slots_during EXCLUDE USING gist (during WITH &&)");
    });
    const unmanaged = await createProject(path.join(project.root, "unmanaged"), engine.url, `, models: "../hand-written.ts"`);
    const verbose = await unmanaged.run("check", "-v");
    expect(verbose.code, verbose.stdout + verbose.stderr).toBe(0);
    expect(verbose.stderr).toMatch(/Not managed by Retort[^\n]*\n  1 exclusion constraint\n/);

    const managed = await createProject(
      path.join(project.root, "managed"),
      engine.url,
      `, models: "../hand-written.ts", manage: { exclusionConstraints: true }`,
    );
    const drift = await managed.run("check");
    expect(drift.code, drift.stdout + drift.stderr).toBe(3);
    expect(drift.stdout + drift.stderr).toContain("ex_slots_during");
    await engine.inspect((query) => query("DROP TABLE slots"));
  });
});
