import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { dropMysqlDatabase, mysqlDatabaseExists, mysqlDatabaseUrl, mysqlTables, queryMysql } from "../helpers/mysql.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** The everyday workflow on MySQL/MariaDB: a database created in development, revisions up and down, the graph. */
describe("workflow on mysql", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory();
    database = mysqlDatabaseUrl();
    project = await createProject(dir.path, database.url);
    await project.addRevision({
      id: "1975ea83b712",
      message: "create movies table",
      imports: ['import { integer, varchar, text, boolean, timestamp, sql, index } from "retort/schema";'],
      upgrade: [
        'await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull(), plot: text(), seen: boolean().notNull().default(false), added: timestamp().notNull().default(sql`CURRENT_TIMESTAMP`) }, { indexes: [index("ix_movies_title", ["title"])] });',
      ],
      downgrade: ['await op.dropTable("movies");'],
    });
    await project.addRevision({
      id: "27c6a30d7c24",
      parents: ["1975ea83b712"],
      message: "add release_date to movies",
      imports: ['import { date } from "retort/schema";'],
      upgrade: ['await op.addColumn("movies", "release_date", date());'],
      downgrade: ['await op.dropColumn("movies", "release_date");'],
    });
    await project.addRevision({
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "create directors table",
      imports: ['import { integer, varchar } from "retort/schema";'],
      upgrade: [
        'await op.createTable("directors", { id: integer().primaryKey(), name: varchar(100).notNull().unique() });',
        'await op.addColumn("movies", "director_id", integer());',
        'await op.createForeignKey("fk_movies_director", "movies", "directors", ["director_id"], ["id"], { onDelete: "set null" });',
        'await op.bulkInsert("directors", [{ id: 1, name: "Agnès Varda" }, { id: 2, name: "It\'s \\\\ me" }]);',
      ],
      downgrade: [
        'await op.dropConstraint("fk_movies_director", "movies");',
        'await op.dropColumn("movies", "director_id");',
        'await op.dropTable("directors");',
      ],
    });
  });

  afterEach(async () => {
    await dropMysqlDatabase(database.name);
    await dir.remove();
  });

  it("creates the database in development, upgrades to head, reports current and history, downgrades to base", async () => {
    const up = await project.run("upgrade", "head");
    expect(up.stderr).toContain(`Created database '${database.name}'`);
    expect(up.stderr).toContain("Running upgrade  -> 1975ea83b712, create movies table\n");
    expect(up.stderr).toContain("Running upgrade 27c6a30d7c24 -> 3b8e5f1a9c20, create directors table\n");
    expect(up.code, up.stderr).toBe(0);
    expect(await mysqlTables(database.name)).toEqual(["directors", "movies", "retort_log", "retort_version"]);
    expect(await queryMysql(database.name, "SELECT name FROM directors ORDER BY id")).toEqual([
      { name: "Agnès Varda" },
      { name: "It's \\ me" },
    ]);
    expect(await queryMysql(database.name, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "3b8e5f1a9c20" }]);
    expect(await project.run("current")).toMatchObject({ code: 0, stdout: "3b8e5f1a9c20 (head)\n" });

    const down = await project.run("downgrade", "-1");
    expect(down.code, down.stderr).toBe(0);
    expect(await mysqlTables(database.name)).toEqual(["movies", "retort_log", "retort_version"]);
    expect((await project.run("history", "-i")).stdout).toBe(
      [
        "27c6a30d7c24 -> 3b8e5f1a9c20 (head), create directors table",
        "1975ea83b712 -> 27c6a30d7c24 (current), add release_date to movies",
        "<base> -> 1975ea83b712, create movies table",
        "",
      ].join("\n"),
    );
    const base = await project.run("downgrade", "base");
    expect(base.code, base.stderr).toBe(0);
    expect(await mysqlTables(database.name)).toEqual(["retort_log", "retort_version"]);
    const log = await queryMysql<{ revision: string; operation: string; status: string }>(
      database.name,
      "SELECT revision, operation, status FROM retort_log ORDER BY id",
    );
    expect(log.map((row) => `${row.operation} ${row.revision} ${row.status}`)).toEqual([
      "upgrade 1975ea83b712 applied",
      "upgrade 27c6a30d7c24 applied",
      "upgrade 3b8e5f1a9c20 applied",
      "downgrade 3b8e5f1a9c20 applied",
      "downgrade 27c6a30d7c24 applied",
      "downgrade 1975ea83b712 applied",
    ]);
  });

  it("stamps without running revisions, and production never creates the database", async () => {
    const production = await createProject(dir.path, database.url, ', environment: "production"');
    const refused = await production.run("upgrade", "head");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`Database '${database.name}' does not exist on 127.0.0.1:3306`);
    expect(await mysqlDatabaseExists(database.name)).toBe(false);
    await createProject(dir.path, database.url);
    const stamp = await project.run("stamp", "27c6a30d7c24");
    expect(stamp.code, stamp.stderr).toBe(0);
    expect(await mysqlTables(database.name)).toEqual(["retort_log", "retort_version"]);
    expect((await project.run("current")).stdout).toBe("27c6a30d7c24\n");
  });

  it("prints the upgrade as a --sql script without touching the database", async () => {
    const script = await project.run("upgrade", "head", "--sql");
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain("CREATE TABLE IF NOT EXISTS `retort_version`");
    expect(script.stdout).toContain("-- Running upgrade 1975ea83b712 -> 27c6a30d7c24");
    expect(script.stdout).toContain("CREATE INDEX `ix_movies_title` ON `movies` (`title`);");
    expect(script.stdout).toContain(
      "ALTER TABLE `movies` ADD CONSTRAINT `fk_movies_director` FOREIGN KEY (`director_id`) REFERENCES `directors` (`id`) ON DELETE SET NULL;",
    );
    expect(script.stdout).toContain("UPDATE `retort_version` SET version_num = '3b8e5f1a9c20' WHERE version_num = '27c6a30d7c24';");
    expect(script.stdout).not.toMatch(/CONCURRENTLY|"movies"|BEGIN;/);
  });
});
