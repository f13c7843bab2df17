import { createHash } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeTestDatabases, createTestDatabase, type TestDatabase } from "../../src/testing/index.js";
import { loadConfig, type ResolvedConfig } from "../../src/config/load-config.js";
import { removeClustersRecordedUnder } from "../helpers/cache-clusters.js";
import { dropServerDatabase, queryServer, SERVER_URL, tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** `createTestDatabase` from `retort/testing`: databases migrated to the head, each a copy of one template. */

const CREATE_MOVIES = {
  id: "1975ea83b712",
  message: "create movies table",
  imports: ['import { integer, varchar } from "retort/schema";'],
  upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });'],
  downgrade: ['await op.dropTable("movies");'],
};
const ADD_RELEASE_DATE = {
  id: "27c6a30d7c24",
  parents: ["1975ea83b712"],
  message: "add release_date to movies",
  imports: ['import { date } from "retort/schema";'],
  upgrade: ['await op.addColumn("movies", "release_date", date());'],
  downgrade: ['await op.dropColumn("movies", "release_date");'],
};

let dir: Awaited<ReturnType<typeof tempDirectory>>;
let project: TestProject;
let config: ResolvedConfig;
const logged: string[] = [];
const log = (line: string) => logged.push(line);
const made: TestDatabase[] = [];

beforeAll(async () => {
  dir = await tempDirectory("retort-testing-");
  const tmp = path.join(dir.path, "tmp");
  await mkdir(tmp, { mode: 0o755 });
  process.env.TMPDIR = tmp; // the embedded cluster in a cache of this file's own
  project = await createProject(dir.path, "embedded:./.retort/dev");
  await project.addRevision(CREATE_MOVIES);
  await project.addRevision(ADD_RELEASE_DATE);
  config = await loadConfig({ configPath: project.configPath });
});

afterAll(async () => {
  for (const db of made) await db.drop().catch(() => undefined);
  await closeTestDatabases();
  const prefix = `retort_tpl_${createHash("sha256").update(config.versionsDirectory).digest("hex").slice(0, 8)}_`;
  for (const row of await queryServer<{ datname: string }>(SERVER_URL, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
    prefix,
  ]))
    await dropServerDatabase(row.datname);
  await removeClustersRecordedUnder(dir.path);
  await dir.remove();
});

async function databaseExists(name: string): Promise<boolean> {
  return (await queryServer(SERVER_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name])).length > 0;
}

async function columns(url: string): Promise<string[]> {
  const rows = await queryServer<{ column_name: string }>(
    url,
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'movies' ORDER BY column_name",
  );
  return rows.map((row) => row.column_name);
}

/** Three databases: migrated to the head, distinct, independent; the revisions ran once (into the template). */
async function expectIndependent(create: () => Promise<TestDatabase>): Promise<TestDatabase[]> {
  logged.length = 0;
  const dbs = [await create(), await create(), await create()];
  made.push(...dbs);
  expect(new Set(dbs.map((db) => db.name)).size).toBe(3);
  expect(logged.filter((line) => line.startsWith("Running upgrade  -> 1975ea83b712"))).toHaveLength(1);
  for (const db of dbs) {
    expect(await columns(db.url)).toEqual(["id", "release_date", "title"]);
    expect(await queryServer(db.url, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "27c6a30d7c24" }]);
  }
  await queryServer(dbs[0]!.url, "INSERT INTO movies (id, title) VALUES (1, 'Cléo from 5 to 7')");
  expect(await queryServer(dbs[0]!.url, "SELECT count(*)::int AS n FROM movies")).toEqual([{ n: 1 }]);
  expect(await queryServer(dbs[1]!.url, "SELECT count(*)::int AS n FROM movies")).toEqual([{ n: 0 }]);
  return dbs;
}

describe("createTestDatabase on a PostgreSQL server", () => {
  it("gives migrated, independent databases copied from one template, and drops them", async () => {
    const dbs = await expectIndependent(() => createTestDatabase({ config, url: SERVER_URL, log }));
    expect(new URL(dbs[0]!.url).host).toBe(new URL(SERVER_URL).host);
    expect(await databaseExists(dbs[0]!.name)).toBe(true);
    await dbs[0]!.drop();
    expect(await databaseExists(dbs[0]!.name)).toBe(false);
    expect(await databaseExists(dbs[1]!.name)).toBe(true);
  });

  it("migrates a new template when the revision files change, and drops the old one", async () => {
    const prefix = `retort_tpl_${createHash("sha256").update(config.versionsDirectory).digest("hex").slice(0, 8)}_`;
    const templates = async () =>
      (await queryServer<{ datname: string }>(SERVER_URL, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix])).map(
        (row) => row.datname,
      );
    const before = await templates();
    expect(before).toHaveLength(1);
    await project.addRevision({
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "add plot",
      imports: ['import { text } from "retort/schema";'],
      upgrade: ['await op.addColumn("movies", "plot", text());'],
      downgrade: ['await op.dropColumn("movies", "plot");'],
    });
    const db = await createTestDatabase({ config, url: SERVER_URL, log });
    made.push(db);
    expect(await columns(db.url)).toEqual(["id", "plot", "release_date", "title"]);
    const after = await templates();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
  });
});

describe("createTestDatabase on the embedded default", () => {
  it("runs an embedded PostgreSQL and gives migrated, independent databases on it", async () => {
    await rm(path.join(project.versionsDirectory, "3b8e5f1a9c20_add_plot.ts"));
    const dbs = await expectIndependent(() => createTestDatabase({ config, log }));
    expect(new URL(dbs[0]!.url).searchParams.get("host")).toMatch(/^\//);
    await using scoped = await createTestDatabase({ config, log });
    expect(await columns(scoped.url)).toEqual(["id", "release_date", "title"]);
  });
});
