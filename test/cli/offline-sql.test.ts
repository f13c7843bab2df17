import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { expectGolden as expectGoldenFile } from "../helpers/golden.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Compares with test/golden/<name> (see expectGolden). */
const expectGolden = (name: string, actual: string): void => expectGoldenFile(new URL(`../golden/${name}`, import.meta.url), actual);

/** A CREATE TABLE of the version table, however its name is quoted. */
const CREATES_VERSION_TABLE = /CREATE TABLE (IF NOT EXISTS )?"?retort_version"? \(/;

/** `--sql` reads no database: the URL points at a port where nothing listens, and the scripts still come out. */
describe("offline --sql scripts", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    project = await createProject(dir.path, "postgres://nobody:s3cret@127.0.0.1:1/none");
    await project.addRevision({
      id: "1975ea83b712",
      message: "create movies table",
      imports: ['import { integer, varchar } from "retort/schema";'],
      upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });'],
      downgrade: ['await op.dropTable("movies");'],
    });
    await project.addRevision({
      id: "27c6a30d7c24",
      parents: ["1975ea83b712"],
      message: "add release_date to movies",
      imports: ['import { date } from "retort/schema";'],
      upgrade: ['await op.addColumn("movies", "release_date", date());', `await op.execute("UPDATE movies SET title = trim(title)");`],
      downgrade: ['await op.dropColumn("movies", "release_date");'],
    });
  });

  afterAll(() => dir.remove());

  it("upgrade head --sql starts at base", async () => {
    const result = await project.run("upgrade", "head", "--sql");
    expect(result.code).toBe(0);
    // The only line on stderr: the project's config writes its (fake) password in the URL.
    expect(result.stderr).toBe(
      "WARNING: retort.config.ts holds the password of postgres://nobody:***@127.0.0.1:1/none in its text, so it is in version control and every copy of the file: read the URL from an environment variable (DATABASE_URL, which a .env file may set) instead.\n",
    );
    expectGolden("upgrade-base-head.sql", result.stdout);
    expect(result.stdout).toMatch(CREATES_VERSION_TABLE);
  });

  it("upgrade START:END --sql starts at START, without creating the version table", async () => {
    const result = await project.run("upgrade", "1975ea83b712:head", "--sql");
    expect(result.code).toBe(0);
    expectGolden("upgrade-1975-head.sql", result.stdout);
    expect(result.stdout).not.toMatch(CREATES_VERSION_TABLE);
    expect(result.stdout).not.toContain("INSERT INTO");
    expect(result.stdout).toContain(`UPDATE "retort_version" SET version_num='27c6a30d7c24'`);
  });

  it("downgrade --sql needs a range and prints the reverse", async () => {
    const refused = await project.run("downgrade", "base", "--sql");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("downgrade with --sql requires <fromrev>:<torev>");
    const result = await project.run("downgrade", "27c6a30d7c24:base", "--sql");
    expect(result.code).toBe(0);
    expectGolden("downgrade-head-base.sql", result.stdout);
  });

  it("limits each revision's lock waits in its transaction; --ddl-lock-timeout sets the limit, 0 sets none", async () => {
    const limited = await project.run("upgrade", "head", "--sql", "--ddl-lock-timeout", "2.5");
    expect(limited.code).toBe(0);
    expect(limited.stdout.match(/BEGIN;\n\nSET LOCAL lock_timeout = '2500ms';\n/g)).toHaveLength(2);
    const unlimited = await project.run("upgrade", "head", "--sql", "--ddl-lock-timeout", "0");
    expect(unlimited.code).toBe(0);
    expect(unlimited.stdout).not.toContain("lock_timeout");
    const wrong = await project.run("upgrade", "head", "--sql", "--ddl-lock-timeout", "soon");
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--ddl-lock-timeout takes a number of seconds, not 'soon'.");
  });

  it("stamp --sql prints only version-table statements", async () => {
    const result = await project.run("stamp", "head", "--sql");
    expect(result.code).toBe(0);
    expectGolden("stamp-head.sql", result.stdout);
  });

  it("never prints the password, even when the database is needed and down", async () => {
    const result = await project.run("current");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("127.0.0.1:1");
    expect(result.stderr + result.stdout).not.toContain("s3cret");
  });
});
