import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { dropMysqlDatabase, mysqlDatabaseUrl, mysqlTables } from "../helpers/mysql.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Models using MySQL's normal forms where they differ from what the models write (tested on MariaDB 10.11). */
const MODELS = `import { table, serial, integer, bigint, smallint, varchar, char, text, boolean, numeric, real, doublePrecision, date, time, timestamp, timestamptz, uuid, json, bytea, customType, sql, index, unique, check } from "retort/schema";

export const directors = table("directors", {
  id: serial().primaryKey(),
  name: varchar(100).notNull().unique(),
  born: date(),
});

export const movies = table("movies", {
  id: bigint().primaryKey(),
  code: char(8).notNull(),
  title: varchar(200).notNull().default("Untitled"),
  plot: text(),
  seen: boolean().notNull().default(false),
  rating: smallint().default(3),
  price: numeric(10, 2).default(1.5),
  weight: real(),
  score: doublePrecision(),
  runtime: time(),
  released: timestamp({ precision: 6 }),
  added: timestamptz().notNull().default(sql\`now()\`),
  ref: uuid(),
  extra: json(),
  poster: bytea(),
  kind: customType("enum('film','series')").notNull().default("film"),
  views: customType("int unsigned").default(0),
  director_id: integer().references(() => directors.id, { onDelete: "set null" }),
}, {
  indexes: [index("ix_movies_title", ["title"]), index("ix_movies_plot", [sql\`plot(20)\`]), index("ix_movies_code_title", ["code", "title"], { unique: true })],
  checks: [check("ck_movies_rating", sql\`rating BETWEEN 0 AND 5\`), check("ck_movies_title", sql\`char_length(title) > 0\`)],
});
`;

describe("autogenerate on mysql", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory();
    database = mysqlDatabaseUrl();
    project = await createProject(dir.path, database.url, ', models: "./models.ts"');
    await writeFile(path.join(dir.path, "models.ts"), MODELS);
  });

  afterEach(async () => {
    await dropMysqlDatabase(database.name);
    await dir.remove();
  });

  it("writes a revision that builds the models, after which check finds nothing, and whose downgrade removes it all", async () => {
    const revision = await project.run("revision", "--autogenerate", "-m", "initial", "--rev-id", "aaaaaaaaaaaa");
    expect(revision.code, revision.stderr).toBe(0);
    const file = await readFile(path.join(project.versionsDirectory, "aaaaaaaaaaaa_initial.ts"), "utf8");
    expect(file).toContain("Not atomic: mysql commits each DDL statement as it runs");
    expect(file).not.toContain("concurrently");
    const up = await project.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    const check = await project.run("check");
    expect(check.stdout + check.stderr).not.toMatch(/op\./);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const down = await project.run("downgrade", "base");
    expect(down.code, down.stderr).toBe(0);
    expect(await mysqlTables(database.name)).toEqual(["retort_log", "retort_version"]);
  });

  it("finds a new column, and nothing once it is applied", async () => {
    expect((await project.run("revision", "--autogenerate", "-m", "initial", "--rev-id", "aaaaaaaaaaaa")).code).toBe(0);
    expect((await project.run("upgrade", "head")).code).toBe(0);
    await writeFile(
      path.join(dir.path, "models.ts"),
      MODELS.replace("born: date(),", "born: date(),\n  country: varchar(2).default('FR'),"),
    );
    expect((await project.run("check")).code).not.toBe(0);
    const second = await project.run("revision", "--autogenerate", "-m", "country", "--rev-id", "bbbbbbbbbbbb");
    expect(second.code, second.stderr).toBe(0);
    const file = await readFile(path.join(project.versionsDirectory, "bbbbbbbbbbbb_country.ts"), "utf8");
    expect(file).toContain('op.addColumn("directors", "country"');
    expect((await project.run("upgrade", "head")).code).toBe(0);
    const check = await project.run("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });

  it("changes nullability and type by restating the whole column, keeping its default, and back on downgrade", async () => {
    expect((await project.run("revision", "--autogenerate", "-m", "initial", "--rev-id", "aaaaaaaaaaaa")).code).toBe(0);
    expect((await project.run("upgrade", "head")).code).toBe(0);
    await writeFile(
      path.join(dir.path, "models.ts"),
      MODELS.replace("plot: text(),", "plot: text().notNull(),").replace("rating: smallint().default(3),", "rating: integer().default(3),"),
    );
    const second = await project.run("revision", "--autogenerate", "-m", "alter", "--rev-id", "bbbbbbbbbbbb");
    expect(second.code, second.stderr).toBe(0);
    const file = await readFile(path.join(project.versionsDirectory, "bbbbbbbbbbbb_alter.ts"), "utf8");
    expect(file).toContain(
      'op.alterColumn("movies", "plot", { type: text(), existingType: text(), nullable: false, existingNullable: true });',
    );
    expect(file).toContain(
      'op.alterColumn("movies", "rating", { type: integer(), existingType: smallint(), nullable: true, existingNullable: true, default: 3, existingDefault: 3 });',
    );
    const up = await project.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    const check = await project.run("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const down = await project.run("downgrade", "-1");
    expect(down.code, down.stderr).toBe(0);
    // The downgrade restored the first revision's columns: without the second revision, the first models match.
    await rm(path.join(project.versionsDirectory, "bbbbbbbbbbbb_alter.ts"));
    await writeFile(path.join(dir.path, "models.ts"), MODELS);
    const back = await project.run("check");
    expect(back.code, back.stdout + back.stderr).toBe(0);
  });
});
