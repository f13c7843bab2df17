import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { autogenerateRevision, check, type OfflineOutcome } from "../../src/commands/autogenerate.js";
import { upgrade } from "../../src/commands/migrate.js";
import { loadConfig, type ResolvedConfig } from "../../src/config/load-config.js";
import { RetortError } from "../../src/errors.js";
import { removeClustersRecordedUnder } from "../helpers/cache-clusters.js";
import { dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";

/**
 * `revision --autogenerate --offline` and `check --offline`: the revisions replayed into Retort's own embedded
 * PostgreSQL (kept in the cache), compared with the models; the same file as against a database at the head.
 */

/** Nothing listens here: an offline command must never open the configured database. */
const UNREACHABLE = "postgres://nobody@127.0.0.1:1/none";

const MODELS_V1 = `import { date, enumColumn, enumType, integer, table, text, varchar, index } from "retort/schema";
export const rating = enumType("rating", ["g", "pg", "r"]);
export const directors = table("directors", { id: integer().primaryKey(), name: text().notNull() });
export const movies = table("movies", {
  id: integer().primaryKey(),
  title: varchar(200).notNull().default("untitled"),
  rated: enumColumn(rating),
  release_date: date(),
  director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
}, { indexes: [index("ix_movies_title", ["title"])] });
`;

/** v1, the column the data revision adds, and changes for autogenerate to find. */
const MODELS_V2 = `import { boolean, date, enumColumn, enumType, integer, table, text, varchar, index } from "retort/schema";
export const rating = enumType("rating", ["g", "pg", "pg13", "r"]);
export const directors = table("directors", { id: integer().primaryKey(), name: text().notNull(), born: date() });
export const movies = table("movies", {
  id: integer().primaryKey(),
  title: text().notNull().default("untitled"),
  rated: enumColumn(rating),
  director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
  released: boolean().notNull().default(false),
}, { indexes: [index("ix_movies_title", ["title"]), index("ix_movies_director", ["director_id"])] });
export const reviews = table("reviews", { id: integer().primaryKey(), movie_id: integer().notNull().references(() => movies.id), body: text() });
`;

/** A data fix that needs rows (division by zero on an empty table), then DDL in the same revision. */
const DATA_FIX: RevisionSpec = {
  id: "d4f1a2b3c4d5",
  message: "renumber directors and add born",
  imports: ['import { date } from "retort/schema";'],
  upgrade: [
    "await op.execute(\"INSERT INTO directors (id, name) SELECT 100 / (SELECT count(*) FROM directors)::int, 'renumbered'\");",
    'await op.addColumn("directors", "born", date());',
  ],
  downgrade: ['await op.dropColumn("directors", "born");'],
};

const NOW = new Date(Date.UTC(2026, 11, 7, 12, 0, 0));

let dir: Awaited<ReturnType<typeof tempDirectory>>;
let project: TestProject;
let config: ResolvedConfig;
let firstRevision: string;
const outcomes: OfflineOutcome[] = [];
const logged: string[] = [];
const serverNames: string[] = [];

const offline = { offline: true, log: (line: string) => logged.push(line), onOffline: (o: OfflineOutcome) => outcomes.push(o) };

beforeAll(async () => {
  dir = await tempDirectory("retort-offline-");
  // The caches (the catalog cache and the embedded cluster) of this file's own.
  const tmp = path.join(dir.path, "tmp");
  await import("node:fs/promises").then((fs) => fs.mkdir(tmp, { mode: 0o755 }));
  process.env.TMPDIR = tmp;
  await writeFile(path.join(dir.path, "models.ts"), MODELS_V1);
  project = await createProject(dir.path, UNREACHABLE, ', models: "./models.ts"');
  config = await loadConfig({ configPath: project.configPath });
  const first = await autogenerateRevision(config, { message: "initial", revId: "a1b2c3d4e5f6", now: NOW, ...offline });
  if (first.kind !== "written") throw new Error("the first offline autogenerate wrote nothing");
  firstRevision = first.revision;
  await project.addRevision({ ...DATA_FIX, parents: [firstRevision] });
  await writeFile(path.join(dir.path, "models.ts"), MODELS_V2);
});

afterAll(async () => {
  for (const name of serverNames) await dropServerDatabase(name);
  await removeClustersRecordedUnder(dir.path);
  await dir.remove();
});

async function generate(settings: ResolvedConfig, extra: { offline?: boolean } = {}): Promise<string> {
  const result = await autogenerateRevision(settings, { message: "change movies", revId: "f0e1d2c3b4a5", now: NOW, ...offline, ...extra });
  if (result.kind !== "written") throw new Error("nothing written");
  const text = await readFile(result.path, "utf8");
  await rm(result.path);
  return text;
}

/** Brings a database to the head online, with a director in place before the data fix needs one. */
async function migrateOnline(settings: ResolvedConfig, insert: (sql: string) => Promise<void>): Promise<void> {
  await upgrade(settings, firstRevision);
  await insert("INSERT INTO directors (id, name) VALUES (1, 'Agnès Varda')");
  await upgrade(settings, "head");
}

describe("offline autogenerate", () => {
  it("writes the same file as against a server database at the head, skipping the data fix with a warning", async () => {
    logged.length = 0;
    const offlineText = await generate(config);
    expect(outcomes.at(-1)).toMatchObject({ source: "replayed" });
    expect(logged.some((line) => line.startsWith(`WARNING: revision ${DATA_FIX.id} (`) && line.includes("division by zero"))).toBe(true);
    expect(outcomes.at(-1)?.skipped.map((s) => s.revision)).toEqual([DATA_FIX.id]);

    const { url, name } = serverDatabaseUrl("retort_offline");
    serverNames.push(name);
    const online = { ...config, url };
    await migrateOnline(online, async (sql) => void (await queryServer(url, sql)));
    const onlineText = await generate(online, { offline: false });
    expect(offlineText).toBe(onlineText);
    expect(offlineText).toContain('op.addColumn("movies", "released"');
    expect(offlineText).toContain('op.createTable("reviews"');
  });

  it("writes the same file as against the embedded default at the head", async () => {
    const online = { ...config, url: `embedded:${path.join(dir.path, ".retort", "dev")}` };
    const { openDatabase } = await import("../../src/engines/connect.js");
    await migrateOnline(online, async (sql) => {
      const db = await openDatabase(online.url, dir.path, { createIfMissing: false });
      try {
        await db.session.execute(sql);
      } finally {
        await db.session.close();
      }
    });
    const onlineText = await generate(online, { offline: false });
    expect(await generate(config)).toBe(onlineText);
  });

  it("reads the head's catalog from the cache while no revision file changed, and replays only new revisions", async () => {
    await generate(config);
    expect(outcomes.at(-1)).toMatchObject({ source: "cache", replayed: 0, skipped: [] });

    await project.addRevision({
      id: "e5e5e5e5e5e5",
      parents: [DATA_FIX.id],
      message: "add reviews",
      imports: ['import { integer, text } from "retort/schema";'],
      upgrade: [
        'await op.createTable("reviews", { id: integer().primaryKey(), movie_id: integer().notNull().references("movies.id"), body: text() });',
      ],
      downgrade: ['await op.dropTable("reviews");'],
    });
    const text = await generate(config);
    expect(outcomes.at(-1)).toMatchObject({ source: "replayed", replayed: 1 });
    expect(text).not.toContain('"reviews"');
  });

  it("replays every revision again when an earlier revision file changed", async () => {
    await project.addRevision({ ...DATA_FIX, parents: [firstRevision], extra: "// edited after it was replayed" });
    await generate(config);
    expect(outcomes.at(-1)).toMatchObject({ source: "replayed", replayed: 3 });
  });

  it("refuses multiple heads as online autogenerate does", async () => {
    await project.addRevision({ id: "b0b0b0b0b0b0", parents: [firstRevision], message: "a branch" });
    const error = await generate(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetortError);
    expect((error as RetortError).code).toBe("multiple_heads");
    await rm(path.join(project.versionsDirectory, "b0b0b0b0b0b0_a_branch.ts"));
  });

  it("check --offline lists the pending changes (exit 3), and passes once a revision covers them", async () => {
    const pending = await project.run("check", "--offline", "--json");
    expect(pending.code).toBe(3);
    const document = JSON.parse(pending.stdout) as { pending: boolean; operations: { description: string }[]; offline: unknown };
    expect(document.pending).toBe(true);
    expect(document.operations.map((op) => op.description)).toContain("add column movies.released");
    expect(document.offline).toEqual({ source: "cache", replayed: 0, skipped: [] });
    expect(pending.stderr).toContain("Offline: compared with the schema the revisions build");

    const written = await project.run("revision", "--autogenerate", "--offline", "-m", "catch up");
    expect(written.code).toBe(0);
    const clean = await check(config, offline);
    expect(clean.pending).toBe(false);
    expect(outcomes.at(-1)).toMatchObject({ source: "replayed", replayed: 1 });
  });
});
