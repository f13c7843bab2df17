import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SERVER_URL, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";

/**
 * `retort squash`: the squashed revision builds the schema the replaced ones build (proven here on real
 * databases, not only by the command's own check), databases anywhere on the graph keep migrating, before and
 * after the replaced files are deleted, and `--status` says when deleting them is safe.
 */

/** Nothing listens here: every command of these tests names its database with --url. */
const UNREACHABLE = "postgres://nobody@127.0.0.1:1/none";

const REVISIONS: readonly RevisionSpec[] = [
  {
    id: "r1",
    message: "create movies",
    imports: ['import { integer, varchar } from "retort/schema";'],
    upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });'],
    downgrade: ['await op.dropTable("movies");'],
  },
  {
    id: "r2",
    parents: ["r1"],
    message: "add release_date",
    imports: ['import { date } from "retort/schema";'],
    upgrade: ['await op.addColumn("movies", "release_date", date());'],
    downgrade: ['await op.dropColumn("movies", "release_date");'],
  },
  {
    id: "r3",
    parents: ["r2"],
    message: "create genres",
    imports: ['import { integer, text } from "retort/schema";'],
    upgrade: [
      'await op.createTable("genres", { id: integer().primaryKey(), name: text().notNull() });',
      'await op.bulkInsert("genres", [{ id: 1, name: "drama" }, { id: 2, name: "noir" }]);',
      'await op.addColumn("movies", "genre_id", integer().references("genres.id", { onDelete: "set null" }));',
    ],
    downgrade: ['await op.dropColumn("movies", "genre_id");', 'await op.dropTable("genres");'],
  },
  {
    id: "r4",
    parents: ["r3"],
    message: "index titles",
    upgrade: ['await op.createIndex("ix_movies_title", "movies", ["title"]);', 'await op.dropColumn("movies", "release_date");'],
    imports: ['import { date } from "retort/schema";'],
    downgrade: ['await op.addColumn("movies", "release_date", date());', 'await op.dropIndex("ix_movies_title", { table: "movies" });'],
  },
  {
    id: "r5",
    parents: ["r4"],
    message: "add rating",
    imports: ['import { integer } from "retort/schema";'],
    upgrade: ['await op.addColumn("movies", "rating", integer());'],
    downgrade: ['await op.dropColumn("movies", "rating");'],
  },
];

/** Columns, indexes, constraints and the seeded rows of `public`, without Retort's own tables. */
async function catalog(db: EngineFixture): Promise<string> {
  return db.inspect(async (query) => {
    const parts = [
      await query(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE 'retort%' ORDER BY 1, 2",
      ),
      await query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'retort%' ORDER BY 1"),
      await query(
        "SELECT conrelid::regclass::text AS t, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT LIKE 'retort%' ORDER BY 1, 2",
      ),
      await query("SELECT to_regclass('public.genres') IS NOT NULL AS has_genres"),
    ];
    const seeded = (parts[3]?.[0] as { has_genres: boolean }).has_genres ? await query("SELECT id, name FROM genres ORDER BY id") : [];
    return JSON.stringify([...parts.slice(0, 3), seeded]);
  });
}

interface StatusDocument {
  squashes: { revision: string; replaces: string[]; files: string[]; database: { state: string; rows: string[] }; canDelete: boolean }[];
}

const removals: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const remove of removals.reverse()) await remove();
});

describe.each(["server", "embedded"] as const)("retort squash on the %s engine", (engine) => {
  it("replaces r2..r4 with one revision that builds the same catalog, and every database keeps migrating", async () => {
    const dir = await tempDirectory("retort-squash-");
    removals.push(dir.remove);
    const project: TestProject = await createProject(dir.path, UNREACHABLE);
    for (const revision of REVISIONS) await project.addRevision(revision);
    const fixture = async () => {
      const db = await engineFixture(engine, dir.path, { existing: true });
      removals.push(db.dispose);
      return db;
    };
    // The embedded engine runs the squash's own replay and a new database through it; the server, everything.
    const full = engine === "server";
    const original = await fixture();
    const fresh = await fixture();
    const on = (db: EngineFixture, ...args: string[]) => project.run("--url", db.url, ...args);
    const ok = async (db: EngineFixture, ...args: string[]) => {
      const result = await on(db, ...args);
      expect(result.stderr + result.stdout, args.join(" ")).not.toMatch(/FAILED/);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      return result;
    };
    await ok(original, "upgrade", "head");
    const reference = await catalog(original);

    // The squash replays into a throwaway database: on the server one of its own, else an embedded one.
    const replay = engine === "server" ? ["--url", SERVER_URL] : [];
    const squashed = await project.run(...replay, "squash", "r2:r4", "-m", "squash r2 to r4", "--rev-id", "sq1");
    expect(squashed.code, squashed.stderr).toBe(0);
    const file = squashed.stdout.trim();
    expect(path.basename(file)).toBe("sq1_squash_r2_to_r4.ts");
    const text = await readFile(file, "utf8");
    expect(text).toContain('export const downRevision: string | readonly string[] | null = "r1";');
    expect(text).toContain('export const replaces: readonly string[] = ["r2", "r3", "r4"];');
    expect(text).toContain("// SQL of revision r3 (create genres)");
    expect(squashed.stderr).toMatch(/WARNING: revision r3 runs SQL of its own.*INSERT INTO "genres"/);

    // A new database goes through the squashed revision, in one step, to the same catalog.
    const viaSquash = await ok(fresh, "upgrade", "head");
    expect(viaSquash.stderr).toContain("Running upgrade r1 -> sq1, squash r2 to r4");
    expect(viaSquash.stderr).not.toMatch(/Running upgrade \S+ -> r[234]/);
    expect(await catalog(fresh)).toBe(reference);
    if (!full) return;

    await ok(original, "downgrade", "r1");
    const atStartParent = await catalog(original);
    const inside = await fixture();
    const atEnd = await fixture();
    await ok(inside, "upgrade", "r2");
    await ok(atEnd, "upgrade", "r4");
    // Below the range: also through the squashed revision.
    const fromR1 = await ok(original, "upgrade", "head");
    expect(fromR1.stderr).toContain("Running upgrade r1 -> sq1");
    expect(await catalog(original)).toBe(reference);
    // And its downgrade takes a database built through it back to r1.
    await ok(fresh, "downgrade", "r1");
    expect(await catalog(fresh)).toBe(atStartParent);
    await ok(fresh, "upgrade", "head");

    // `retort test` proves the squashed graph reaches the catalog of the replaced one.
    const tested = await project.run("--url", SERVER_URL, "test", "--json");
    expect(tested.code, tested.stdout).toBe(0);
    const tests = (JSON.parse(tested.stdout) as { tests: { kind: string; status: string; revision: string | null }[] }).tests;
    expect(tests.filter((test) => test.kind === "squash")).toEqual([expect.objectContaining({ status: "ok", revision: "sq1" })]);
    expect(tests.filter((test) => test.kind === "stairway").map((test) => test.revision)).toEqual(["r1", "sq1", "r5"]);

    // Inside the range: the replaced files are kept, so --status says not to delete them.
    const status = JSON.parse((await ok(inside, "squash", "--status", "--json")).stdout) as StatusDocument;
    expect(status.squashes).toHaveLength(1);
    expect(status.squashes[0]).toMatchObject({ revision: "sq1", replaces: ["r2", "r3", "r4"], canDelete: false });
    expect(status.squashes[0]?.database).toEqual({ state: "inside", rows: ["r2"], url: inside.url });
    expect((await on(inside, "squash", "--status")).stdout).toContain("keep the replaced files");
    const goesOn = await ok(inside, "upgrade", "head");
    expect(goesOn.stderr).toContain("Running upgrade r2 -> r3");
    expect(goesOn.stderr).toContain("Running upgrade r4 -> r5");
    expect(goesOn.stderr).not.toContain("sq1");
    expect(await catalog(inside)).toBe(reference);
    const past = JSON.parse((await ok(inside, "squash", "--status", "--json")).stdout) as StatusDocument;
    expect(past.squashes[0]).toMatchObject({ canDelete: true, database: { state: "past", rows: ["r5"] } });
    const end = JSON.parse((await ok(atEnd, "squash", "--status", "--json")).stdout) as StatusDocument;
    expect(end.squashes[0]).toMatchObject({ canDelete: true, database: { state: "end", rows: ["r4"] } });
    expect((await ok(atEnd, "current")).stdout.trim()).toBe("r4");

    // The replaced files deleted: a database at END is read as at the squashed revision and recorded so.
    for (const id of ["r2", "r3", "r4"]) {
      const name = REVISIONS.find((r) => r.id === id)?.message?.replace(/\W+/g, "_");
      await rm(path.join(project.versionsDirectory, `${id}_${name}.ts`));
    }
    expect(existsSync(path.join(project.versionsDirectory, "r2_add_release_date.ts"))).toBe(false);
    const history = await ok(atEnd, "history");
    expect(history.stdout).toContain("sq1 -> r5 (head), add rating");
    expect(history.stdout).toContain("r1 -> sq1, squash r2 to r4");
    const fromEnd = await ok(atEnd, "upgrade", "head");
    expect(fromEnd.stderr).toContain("The version table names r4; sq1 builds the same schema");
    expect(fromEnd.stderr).toContain("Running upgrade sq1 -> r5, add rating");
    expect(await catalog(atEnd)).toBe(reference);
    expect((await ok(atEnd, "current")).stdout.trim()).toBe("r5 (head)");
    const deleted = JSON.parse((await ok(atEnd, "squash", "--status", "--json")).stdout) as StatusDocument;
    expect(deleted.squashes[0]).toMatchObject({ files: [], canDelete: true });
    // A database already past the range is unaffected.
    const unaffected = await ok(inside, "upgrade", "head");
    expect(unaffected.stderr).toContain("Nothing to upgrade");
    await ok(inside, "downgrade", "r1");
    expect(await catalog(inside)).toBe(atStartParent);
  }, 240_000);
});

describe("retort squash without a database", () => {
  it("refuses ranges it cannot stand for, and writes nothing", async () => {
    const dir = await tempDirectory("retort-squash-refused-");
    removals.push(dir.remove);
    const project = await createProject(dir.path, UNREACHABLE);
    for (const revision of REVISIONS.slice(0, 3)) await project.addRevision(revision);
    await project.addRevision({ id: "b1", parents: ["r2"], message: "branch" });
    const cases: [string, RegExp][] = [
      ["r1:r3", /Cannot squash r1\.\.r3: r2 is a branch point \(b1, r3\)/],
      ["r3:r1", /Cannot squash r3\.\.r1: r3 is not an ancestor of r1/],
      ["r3:r3", /the range holds a single revision/],
      ["r3", /Invalid range 'r3'/],
    ];
    for (const [range, message] of cases) {
      const result = await project.run("squash", range, "-m", "x");
      expect(result.code, range).not.toBe(0);
      expect(result.stderr, range).toMatch(message);
    }
    const missing = await project.run("squash", "r1:r2");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("retort squash needs START:END and -m MSG");
  });

  it("writes a revision on a squashed head with the last revision it replaces as its parent", async () => {
    const dir = await tempDirectory("retort-squash-parent-");
    removals.push(dir.remove);
    const project = await createProject(dir.path, UNREACHABLE);
    for (const revision of REVISIONS.slice(0, 2)) await project.addRevision(revision);
    await project.addRevision({ id: "s", message: "squash r1 r2", extra: 'export const replaces: readonly string[] = ["r1", "r2"];' });
    expect((await project.run("heads")).stdout.trim()).toBe("s (head)");
    const written = await project.run("revision", "-m", "next", "--rev-id", "n1");
    expect(written.code, written.stderr).toBe(0);
    expect(await readFile(written.stdout.trim(), "utf8")).toContain('export const downRevision: string | readonly string[] | null = "r2";');
    expect((await project.run("history")).stdout).toBe("s -> n1 (head), next\n<base> -> s, squash r1 r2\n");
  });
});

describe("retort test with a squashed revision", () => {
  it("fails when the squashed revision builds another schema than the revisions it replaces", async () => {
    const dir = await tempDirectory("retort-squash-test-");
    removals.push(dir.remove);
    const project = await createProject(dir.path, UNREACHABLE);
    for (const revision of REVISIONS.slice(0, 2)) await project.addRevision(revision);
    // Written by hand, and wrong: it forgets release_date.
    await project.addRevision({
      ...(REVISIONS[0] as RevisionSpec),
      id: "s",
      message: "squash r1 r2",
      extra: 'export const replaces: readonly string[] = ["r1", "r2"];',
    });
    const result = await project.run("--url", SERVER_URL, "test", "--json");
    expect(result.code).toBe(1);
    const tests = (JSON.parse(result.stdout) as { tests: { kind: string; status: string; revision: string; details: string[] }[] }).tests;
    const squash = tests.find((test) => test.kind === "squash");
    expect(squash).toMatchObject({ status: "failed", revision: "s" });
    expect(squash?.details.join("\n")).toContain("release_date");
    expect(tests.map((test) => `${test.status} ${test.kind}`)).toEqual([
      "ok heads",
      "ok stairway",
      "skipped models",
      "failed squash",
      "ok sql",
    ]);
  });
});
