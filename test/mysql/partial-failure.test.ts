import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { dropMysqlDatabase, mysqlDatabaseUrl, mysqlTables, queryMysql } from "../helpers/mysql.js";
import { createProject, type TestProject } from "../helpers/project.js";

/**
 * MySQL commits DDL as it runs, so a revision that fails part-way cannot be rolled back: the failure says what ran
 * and what did not, the audit log records where it stopped, the version table stays at the last whole revision,
 * and the revision is not run again until someone has repaired the database and said so with `retort accept`.
 */
describe("a revision that fails part-way on mysql", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory();
    database = mysqlDatabaseUrl();
    project = await createProject(dir.path, database.url);
    await project.addRevision({
      id: "aaaaaaaaaaaa",
      message: "create movies",
      imports: ['import { integer, varchar } from "retort/schema";'],
      upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200) });'],
      downgrade: ['await op.dropTable("movies");'],
    });
  });

  afterEach(async () => {
    await dropMysqlDatabase(database.name);
    await dir.remove();
  });

  const failing = (third: string) => ({
    id: "bbbbbbbbbbbb",
    parents: ["aaaaaaaaaaaa"],
    message: "directors",
    imports: ['import { integer, varchar } from "retort/schema";'],
    upgrade: [
      'await op.createTable("directors", { id: integer().primaryKey() });',
      `await op.execute(${JSON.stringify(third)});`,
      'await op.addColumn("movies", "rating", integer());',
    ],
    downgrade: ['await op.dropColumn("movies", "rating");', 'await op.dropTable("directors");'],
  });

  it("reports the statements that ran and those that did not, and records where it stopped", async () => {
    await project.addRevision(failing("ALTER TABLE no_such_table ADD COLUMN x int"));
    const up = await project.run("upgrade", "head");
    expect(up.code).not.toBe(0);
    expect(up.stderr).toContain("Upgrade of revision bbbbbbbbbbbb");
    expect(up.stderr).toContain("doesn't exist");
    expect(up.stderr).toContain("DDL commits as it runs on mysql: this revision cannot be rolled back.");
    expect(up.stderr).toContain("retort accept bbbbbbbbbbbb");
    expect(up.stderr).toMatch(/ran: +1\. CREATE TABLE `directors`/);
    expect(up.stderr).toMatch(/failed: +2\. ALTER TABLE no_such_table ADD COLUMN x int/);
    expect(up.stderr).toMatch(/not run: +3\. ALTER TABLE `movies` ADD COLUMN `rating` int NULL/);
    expect(await mysqlTables(database.name)).toEqual(["directors", "movies", "retort_log", "retort_version"]);
    expect(await queryMysql(database.name, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "aaaaaaaaaaaa" }]);
    const [failure] = await queryMysql<{ status: string; failed_statement: number; error: string }>(
      database.name,
      "SELECT status, failed_statement, error FROM retort_log WHERE revision = 'bbbbbbbbbbbb' ORDER BY id DESC LIMIT 1",
    );
    expect(failure).toMatchObject({ status: "failed", failed_statement: 2 });
    expect(failure?.error).toContain("no_such_table");
  });

  it("refuses to run the failed revision again until it is accepted, then resumes at the failed statement", async () => {
    const file = await project.addRevision(failing("ALTER TABLE no_such_table ADD COLUMN x int"));
    expect((await project.run("upgrade", "head")).code).not.toBe(0);

    // Repaired: the statement that failed is fixed in the file; the one before it stays as it ran.
    const { rm } = await import("node:fs/promises");
    await rm(file);
    await project.addRevision(failing("ALTER TABLE directors ADD COLUMN name varchar(100)"));
    const refused = await project.run("upgrade", "head");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("stopped at statement 2");
    expect(refused.stderr).toContain("retort accept bbbbbbbbbbbb");
    expect(await queryMysql(database.name, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "aaaaaaaaaaaa" }]);

    const accepted = await project.run("accept", "bbbbbbbbbbbb");
    expect(accepted.code, accepted.stderr).toBe(0);
    const up = await project.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain("Resuming bbbbbbbbbbbb after statement 1 of 3");
    expect(await queryMysql(database.name, "SELECT version_num FROM retort_version")).toEqual([{ version_num: "bbbbbbbbbbbb" }]);
    const columns = await queryMysql<{ name: string }>(
      database.name,
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name IN ('directors', 'movies') ORDER BY table_name, ordinal_position",
    );
    expect(columns.map((c) => c.name)).toEqual(["id", "name", "id", "title", "rating"]);
  });
});
