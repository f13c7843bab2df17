import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const SCHEMA = 'import { integer, varchar, text, bigint, index, sql } from "retort/schema";';

function query(file: string, text: string): Record<string, unknown>[] {
  const db = new Database(file);
  try {
    return db.prepare(text).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const ROWS = Array.from({ length: 40 }, (_, i) => ({
  id: i + 1,
  title: `Film ${i + 1}${i % 7 === 0 ? " l'été" : ""}`,
  year: 1950 + i,
  director_id: (i % 3) + 1,
  rating: i % 5,
  legacy: i % 2 === 0 ? `old ${i}` : null,
}));

/** SQLite rebuilds a table for what it cannot ALTER: every row must come through every operation, up and down. */
describe("SQLite table rebuilds", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let file: string;

  beforeEach(async () => {
    dir = await tempDirectory();
    file = path.join(dir.path, "app.db");
    project = await createProject(dir.path, "sqlite:./app.db");
    await project.addRevision({
      id: "a00000000001",
      message: "create tables",
      imports: [SCHEMA],
      upgrade: [
        'await op.createTable("directors", { id: integer().primaryKey(), name: text().notNull() });',
        'await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull(), year: integer(), director_id: integer(), rating: integer().default(0), legacy: text() }, { indexes: [index("ix_movies_legacy", ["legacy"]), index("ix_movies_year", ["year"])] });',
        'await op.execute("CREATE TABLE audit (movie_id INTEGER, what TEXT)");',
        "await op.execute(\"CREATE TRIGGER movies_audit AFTER UPDATE ON movies BEGIN INSERT INTO audit VALUES (NEW.id, 'update'); END\");",
        'await op.execute("CREATE VIEW recent AS SELECT id, title FROM movies WHERE year > 1980");',
        'await op.bulkInsert("directors", [{ id: 1, name: "Varda" }, { id: 2, name: "Ozu" }, { id: 3, name: "Kiarostami" }]);',
        `await op.bulkInsert("movies", ${JSON.stringify(ROWS)});`,
      ],
      downgrade: [
        'await op.execute("DROP VIEW recent");',
        'await op.dropTable("audit");',
        'await op.dropTable("movies");',
        'await op.dropTable("directors");',
      ],
    });
    await project.addRevision({
      id: "b00000000002",
      parents: ["a00000000001"],
      message: "every rebuild",
      imports: [SCHEMA],
      upgrade: [
        'await op.alterColumn("movies", "title", { type: text(), existingType: varchar(200) });',
        'await op.alterColumn("movies", "year", { nullable: false, existingNullable: true });',
        'await op.alterColumn("movies", "rating", { default: 3, existingDefault: 0 });',
        'await op.alterColumn("movies", "director_id", { type: bigint(), existingType: integer(), newName: "director" });',
        'await op.createForeignKey("fk_movies_director", "movies", "directors", ["director"], ["id"], { onDelete: "cascade" });',
        'await op.createCheckConstraint("ck_movies_rating", "movies", sql`rating >= 0`);',
        'await op.createUniqueConstraint("uq_movies_title_year", "movies", ["title", "year"]);',
        'await op.addColumn("movies", "slug", text().unique());',
        'await op.addColumn("movies", "added", text().notNull().default(sql`CURRENT_TIMESTAMP`));',
        'await op.dropColumn("movies", "legacy");',
      ],
      downgrade: [
        'await op.addColumn("movies", "legacy", text());',
        'await op.createIndex("ix_movies_legacy", "movies", ["legacy"]);',
        'await op.dropColumn("movies", "added");',
        'await op.dropColumn("movies", "slug");',
        'await op.dropConstraint("uq_movies_title_year", "movies");',
        'await op.dropConstraint("ck_movies_rating", "movies");',
        'await op.dropConstraint("fk_movies_director", "movies");',
        'await op.alterColumn("movies", "director", { type: integer(), existingType: bigint(), newName: "director_id" });',
        'await op.alterColumn("movies", "rating", { default: 0, existingDefault: 3 });',
        'await op.alterColumn("movies", "year", { nullable: true, existingNullable: false });',
        'await op.alterColumn("movies", "title", { type: varchar(200), existingType: text() });',
      ],
    });
  });

  afterEach(async () => {
    await dir.remove();
  });

  it("keeps every row, index, trigger and view through every operation, up and down", async () => {
    expect((await project.run("upgrade", "a00000000001")).code).toBe(0);
    const columns = "id, title, year, director_id, rating";
    const before = query(file, `SELECT ${columns} FROM movies ORDER BY id`);
    expect(before).toHaveLength(ROWS.length);

    const up = await project.run("upgrade", "head");
    expect(up.stderr).toBe(up.code === 0 ? up.stderr : "");
    expect(up.code).toBe(0);
    expect(query(file, "SELECT id, title, year, director AS director_id, rating FROM movies ORDER BY id")).toEqual(before);
    expect(query(file, "SELECT name, type, \"notnull\" AS nn, dflt_value FROM pragma_table_info('movies') ORDER BY cid")).toEqual([
      { name: "id", type: "INTEGER", nn: 1, dflt_value: null },
      { name: "title", type: "TEXT", nn: 1, dflt_value: null },
      { name: "year", type: "INTEGER", nn: 1, dflt_value: null },
      { name: "director", type: "BIGINT", nn: 0, dflt_value: null },
      { name: "rating", type: "INTEGER", nn: 0, dflt_value: "3" },
      { name: "slug", type: "TEXT", nn: 0, dflt_value: null },
      { name: "added", type: "TEXT", nn: 1, dflt_value: "CURRENT_TIMESTAMP" },
    ]);
    expect(query(file, "SELECT count(*) AS n FROM movies WHERE added IS NOT NULL")).toEqual([{ n: ROWS.length }]);
    expect(query(file, 'SELECT "table", "from", on_delete FROM pragma_foreign_key_list(\'movies\')')).toEqual([
      { table: "directors", from: "director", on_delete: "CASCADE" },
    ]);
    // The index on the dropped column went with it; the other index, the trigger and the view are back.
    expect(
      query(file, "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY name"),
    ).toEqual([{ name: "ix_movies_year" }, { name: "movies_audit" }, { name: "recent" }]);
    expect(query(file, "SELECT count(*) AS n FROM recent")).toEqual([{ n: ROWS.filter((r) => r.year > 1980).length }]);
    // The constraints hold: the check, the unique pair, the foreign key's cascade.
    const db = new Database(file);
    expect(() => db.exec("UPDATE movies SET rating = -1 WHERE id = 1")).toThrow(/CHECK constraint failed/);
    expect(() => db.exec("INSERT INTO movies (id, title, year) VALUES (999, 'Film 2', 1951)")).toThrow(/UNIQUE constraint failed/);
    db.exec("PRAGMA foreign_keys = ON; DELETE FROM directors WHERE id = 3; UPDATE movies SET rating = 4 WHERE id = 2");
    db.close();
    expect(query(file, "SELECT count(*) AS n FROM movies")).toEqual([{ n: ROWS.filter((r) => r.director_id !== 3).length }]);
    expect(query(file, "SELECT movie_id, what FROM audit")).toEqual([{ movie_id: 2, what: "update" }]);
  });

  it("restores the table on downgrade with every row", async () => {
    expect((await project.run("upgrade", "a00000000001")).code).toBe(0);
    const columns = "id, title, year, director_id, rating";
    const before = query(file, `SELECT ${columns} FROM movies ORDER BY id`);
    const shape = query(file, "SELECT name, type, \"notnull\" AS nn, dflt_value, pk FROM pragma_table_info('movies') ORDER BY cid");
    expect((await project.run("upgrade", "head")).code).toBe(0);
    const down = await project.run("downgrade", "-1");
    expect(down.stderr).toBe(down.code === 0 ? down.stderr : "");
    expect(down.code).toBe(0);
    expect(query(file, `SELECT ${columns} FROM movies ORDER BY id`)).toEqual(before);
    expect(query(file, "SELECT name, type, \"notnull\" AS nn, dflt_value, pk FROM pragma_table_info('movies') ORDER BY cid")).toEqual(
      shape,
    );
    expect(query(file, "SELECT count(*) AS n FROM movies WHERE legacy IS NOT NULL")).toEqual([{ n: 0 }]);
    expect(
      query(file, "SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger', 'view') AND sql IS NOT NULL ORDER BY name"),
    ).toEqual([{ name: "ix_movies_legacy" }, { name: "ix_movies_year" }, { name: "movies_audit" }, { name: "recent" }]);
  });

  it("a STRICT table stays STRICT when it is rebuilt", async () => {
    const strict = await createProject(dir.path, "sqlite:./strict.db");
    await rm(strict.versionsDirectory, { recursive: true });
    await mkdir(strict.versionsDirectory, { recursive: true });
    await strict.addRevision({
      id: "c00000000001",
      message: "strict table",
      upgrade: [
        'await op.execute("CREATE TABLE s (id INTEGER PRIMARY KEY, n INTEGER) STRICT");',
        'await op.execute("INSERT INTO s VALUES (1, 10), (2, 20)");',
        'await op.alterColumn("s", "n", { nullable: false, existingNullable: true });',
      ],
      downgrade: ['await op.dropTable("s");'],
    });
    const up = await strict.run("upgrade", "head");
    expect(up.stderr).toBe(up.code === 0 ? up.stderr : "");
    const strictFile = path.join(dir.path, "strict.db");
    expect(String(query(strictFile, "SELECT sql FROM sqlite_schema WHERE name = 's'")[0]?.sql)).toMatch(/\)\s*STRICT$/);
    expect(query(strictFile, "SELECT id, n FROM s ORDER BY id")).toEqual([
      { id: 1, n: 10 },
      { id: 2, n: 20 },
    ]);
    const db = new Database(strictFile);
    expect(() => db.exec("INSERT INTO s VALUES (3, 'not a number')")).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it("a rebuild that cannot keep a row fails, and the revision leaves nothing behind", async () => {
    expect((await project.run("upgrade", "a00000000001")).code).toBe(0);
    const db = new Database(file);
    db.exec("UPDATE movies SET year = NULL WHERE id = 5");
    db.close();
    const schemaBefore = query(file, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    const up = await project.run("upgrade", "head");
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain("NOT NULL constraint failed: _retort_new_movies.year");
    expect(query(file, "SELECT type, name, sql FROM sqlite_schema ORDER BY name")).toEqual(schemaBefore);
    expect(query(file, "SELECT count(*) AS n FROM movies")).toEqual([{ n: ROWS.length }]);
    expect(query(file, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "a00000000001" }]);
  });
});
