import { existsSync } from "node:fs";
import path from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const SCHEMA = 'import { integer, varchar, text, index } from "retort/schema";';

function rows(file: string, sql: string): Record<string, unknown>[] {
  const db = new Database(file);
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const tableNames = (file: string) => rows(file, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((r) => r.name);

/** The everyday workflow on an SQLite file: the database is created, revisions go up and down, the graph commands read it. */
describe("SQLite workflow", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let file: string;

  beforeEach(async () => {
    dir = await tempDirectory();
    file = path.join(dir.path, "data", "app.db");
    project = await createProject(dir.path, "sqlite:./data/app.db");
    await project.addRevision({
      id: "1975ea83b712",
      message: "create movies table",
      imports: [SCHEMA],
      upgrade: [
        'await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() }, { indexes: [index("ix_movies_title", ["title"])] });',
      ],
      downgrade: ['await op.dropTable("movies");'],
    });
    await project.addRevision({
      id: "27c6a30d7c24",
      parents: ["1975ea83b712"],
      message: "add director to movies",
      imports: [SCHEMA],
      upgrade: [
        'await op.createTable("directors", { id: integer().primaryKey(), name: text().notNull() });',
        'await op.addColumn("movies", "director_id", integer().references("directors.id", { onDelete: "cascade" }));',
        'await op.bulkInsert("directors", [{ id: 1, name: "Agnès Varda" }]);',
      ],
      downgrade: ['await op.dropColumn("movies", "director_id");', 'await op.dropTable("directors");'],
    });
  });

  afterEach(async () => {
    await dir.remove();
  });

  it("creates the file in development, upgrades, reports current and history, downgrades, stamps", async () => {
    const up = await project.run("upgrade", "head");
    expect(up.stderr).toContain(`Created SQLite database ${file}`);
    expect(up.stderr).toContain("Running upgrade  -> 1975ea83b712, create movies table\n");
    expect(up.stderr).toContain("Running upgrade 1975ea83b712 -> 27c6a30d7c24, add director to movies\n");
    expect(up.code).toBe(0);
    expect(tableNames(file)).toEqual(["directors", "movies", "retort_log", "retort_version"]);
    expect(rows(file, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "27c6a30d7c24" }]);
    // The foreign key added with the column (a rebuild) is there, with its action.
    expect(rows(file, 'SELECT "table", "from", "to", on_delete FROM pragma_foreign_key_list(\'movies\')')).toEqual([
      { table: "directors", from: "director_id", to: "id", on_delete: "CASCADE" },
    ]);
    expect(rows(file, "SELECT name FROM pragma_index_list('movies') WHERE origin = 'c'")).toEqual([{ name: "ix_movies_title" }]);
    expect(rows(file, "SELECT revision, operation, status FROM retort_log ORDER BY id")).toEqual([
      { revision: "1975ea83b712", operation: "upgrade", status: "applied" },
      { revision: "27c6a30d7c24", operation: "upgrade", status: "applied" },
    ]);
    // The lock file is released (removed) when the run ends.
    expect(existsSync(`${file}.retort_version.retort-lock`)).toBe(false);

    expect(await project.run("current")).toMatchObject({ code: 0, stdout: "27c6a30d7c24 (head)\n" });
    const history = await project.run("history", "-i");
    expect(history.stdout).toBe(
      "1975ea83b712 -> 27c6a30d7c24 (head) (current), add director to movies\n<base> -> 1975ea83b712, create movies table\n",
    );

    const down = await project.run("downgrade", "-1");
    expect(down.code).toBe(0);
    expect(down.stderr).toContain("Running downgrade 27c6a30d7c24 -> 1975ea83b712, add director to movies\n");
    expect(tableNames(file)).toEqual(["movies", "retort_log", "retort_version"]);
    expect(rows(file, "SELECT name FROM pragma_table_info('movies') ORDER BY cid").map((r) => r.name)).toEqual(["id", "title"]);

    expect((await project.run("downgrade", "base")).code).toBe(0);
    expect(tableNames(file)).toEqual(["retort_log", "retort_version"]);

    const stamp = await project.run("stamp", "head");
    expect(stamp.code).toBe(0);
    expect(rows(file, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "27c6a30d7c24" }]);
    expect(tableNames(file)).toEqual(["retort_log", "retort_version"]);
  });

  it("production refuses a missing file and creates nothing", async () => {
    const prod = await createProject(dir.path, "sqlite:./data/app.db", ', environment: "production"');
    const up = await prod.run("upgrade", "head");
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain(`The SQLite database ${file} does not exist.`);
    expect(existsSync(file)).toBe(false);
  });

  it("--sql prints the DDL, the version table and the transaction statements, reading no database", async () => {
    const script = await project.run("upgrade", "1975ea83b712", "--sql");
    expect(script.code).toBe(0);
    expect(script.stdout).toContain('CREATE TABLE IF NOT EXISTS "retort_version"');
    expect(script.stdout).toContain("-- Running upgrade  -> 1975ea83b712");
    expect(script.stdout).toContain(
      'CREATE TABLE "movies" (\n    "id" INTEGER NOT NULL,\n    "title" VARCHAR(200) NOT NULL,\n    CONSTRAINT "movies_pkey" PRIMARY KEY ("id")\n);',
    );
    expect(script.stdout).toContain('CREATE INDEX "ix_movies_title" ON "movies" ("title");');
    expect(script.stdout).toContain("PRAGMA foreign_keys = OFF;\nBEGIN IMMEDIATE;");
    expect(script.stdout).toContain("INSERT INTO \"retort_version\" (version_num) VALUES ('1975ea83b712');");
    expect(script.stdout).not.toContain("CONCURRENTLY");
    expect(existsSync(file)).toBe(false);
    // The same script, run by SQLite itself, builds the same tables.
    const db = new Database(path.join(dir.path, "script.db"));
    db.exec(script.stdout);
    db.close();
    expect(tableNames(path.join(dir.path, "script.db"))).toEqual(["movies", "retort_version"]);
  });

  it("op.backfill updates the rows in batches, each committed, outside a transaction", async () => {
    expect((await project.run("upgrade", "head")).code).toBe(0);
    await project.addRevision({
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "fill titles",
      imports: ['import { sql } from "retort/schema";'],
      upgrade: [
        `await op.bulkInsert("movies", ${JSON.stringify(Array.from({ length: 7 }, (_, i) => ({ id: i + 1, title: i % 2 === 0 ? "" : `kept ${i}` })))});`,
        "await op.backfill(\"movies\", { set: { title: sql`'film ' || id` }, where: sql`title = ''`, batchSize: 2 });",
      ],
      downgrade: ['await op.execute("DELETE FROM movies");'],
      extra: "export const transactional = false;",
    });
    const up = await project.run("upgrade", "head");
    expect(up.stderr).toBe(up.code === 0 ? up.stderr : "");
    expect(up.code).toBe(0);
    // The online path: batches of 2 through the dialect's batch query, not one UPDATE.
    expect(up.stderr).toContain("Backfill of movies done: 4 rows");
    expect(rows(file, "SELECT id, title FROM movies ORDER BY id").map((r) => r.title)).toEqual([
      "film 1",
      "kept 1",
      "film 3",
      "kept 3",
      "film 5",
      "kept 5",
      "film 7",
    ]);
  });

  it("retort test runs the revisions on a throwaway SQLite file, not on PostgreSQL", async () => {
    const result = await project.run("test");
    expect(result.stderr).toMatch(/Created SQLite database \S+retort-test-\S+test\.db/);
    expect(result.stderr).not.toContain("embedded");
    expect(result.stdout).toContain("ok      stairway 27c6a30d7c24, add director to movies");
    expect(result.code).toBe(0);
    expect(existsSync(file)).toBe(false);
  });

  it("a revision that leaves a row referring to nothing is rolled back", async () => {
    expect((await project.run("upgrade", "head")).code).toBe(0);
    await project.addRevision({
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "orphan a movie",
      upgrade: ["await op.execute(\"INSERT INTO movies (id, title, director_id) VALUES (1, 'Cléo', 99)\");"],
      downgrade: ['await op.execute("DELETE FROM movies");'],
    });
    const up = await project.run("upgrade", "head");
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain("FOREIGN KEY constraint failed");
    expect(rows(file, "SELECT count(*) AS n FROM movies")).toEqual([{ n: 0 }]);
    expect(rows(file, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "27c6a30d7c24" }]);
  });
});
