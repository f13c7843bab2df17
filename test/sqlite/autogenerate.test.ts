import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const HEADER = 'import { table, integer, varchar, text, boolean, numeric, timestamp, index, unique, check, sql } from "retort/schema";\n';

const MODELS_A = `${HEADER}
export const directors = table("directors", {
  id: integer().primaryKey(),
  name: varchar(120).notNull(),
});
export const movies = table(
  "movies",
  {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
    rating: numeric(3, 1).default(0),
    is_public: boolean().notNull().default(true),
    created_at: timestamp().default(sql\`CURRENT_TIMESTAMP\`),
    director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
  },
  {
    indexes: [index("ix_movies_title", ["title"]), index("ix_movies_lower_title", [sql\`lower(title)\`], { where: sql\`is_public = 1\` })],
    uniques: [unique(["title", "director_id"], { name: "uq_movies_title_director" })],
    checks: [check("ck_movies_rating", sql\`rating >= 0\`)],
  },
);
`;

/** B: a column added and one changed, an index dropped, a check changed, a table added. */
const MODELS_B = `${HEADER}
export const directors = table("directors", {
  id: integer().primaryKey(),
  name: varchar(120).notNull(),
  born: integer(),
});
export const movies = table(
  "movies",
  {
    id: integer().primaryKey(),
    title: text().notNull(),
    rating: numeric(3, 1).notNull().default(0),
    is_public: boolean().notNull().default(true),
    created_at: timestamp().default(sql\`CURRENT_TIMESTAMP\`),
    director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
  },
  {
    indexes: [index("ix_movies_title", ["title"])],
    uniques: [unique(["title", "director_id"], { name: "uq_movies_title_director" })],
    checks: [check("ck_movies_rating", sql\`rating >= 0 AND rating <= 10\`)],
  },
);
export const tags = table("tags", { id: integer().primaryKey(), label: text().notNull().unique() });
`;

/** Autogenerate on SQLite: models → revision → upgrade → check is clean, and a change gives exactly its operations. */
describe("SQLite autogenerate", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;

  beforeEach(async () => {
    dir = await tempDirectory();
    project = await createProject(dir.path, "sqlite:./app.db", ', models: "./models.ts"');
  });

  afterEach(async () => {
    await dir.remove();
  });

  async function autogenerate(message: string): Promise<string> {
    const made = await project.run("revision", "--autogenerate", "-m", message);
    expect(made.stderr).toBe(made.code === 0 ? made.stderr : "");
    expect(made.code).toBe(0);
    return readFile(
      made.stdout
        .trim()
        .split("\n")
        .at(-1)!
        .replace(/^.*?(\/\S+\.ts).*$/, "$1"),
      "utf8",
    );
  }

  it("round-trips models through a revision with no spurious change, then a change and back", async () => {
    await writeFile(path.join(dir.path, "models.ts"), MODELS_A);
    const first = await autogenerate("create tables");
    expect(first).toContain('op.createTable("movies"');
    expect(first).not.toContain("concurrently");
    const up = await project.run("upgrade", "head");
    expect(up.stderr).toBe(up.code === 0 ? up.stderr : "");
    expect(up.code).toBe(0);
    const clean = await project.run("check");
    expect(clean.stdout + clean.stderr).toBe(clean.code === 0 ? clean.stdout + clean.stderr : "");
    expect(clean.code).toBe(0);

    await writeFile(path.join(dir.path, "models.ts"), MODELS_B);
    const second = await autogenerate("change");
    const secondFile = path.join(project.versionsDirectory, (await readdir(project.versionsDirectory)).find((f) => f.includes("_change"))!);
    expect(second).toContain('op.addColumn("directors", "born"');
    expect(second).toContain('op.createTable("tags"');
    expect(second).toContain('op.dropIndex("ix_movies_lower_title"');
    expect(second).toContain("ck_movies_rating");
    expect(second).toContain('op.alterColumn("movies", "rating"');
    // varchar(200) → text is the same affinity: no change of type.
    expect(second).not.toContain('op.alterColumn("movies", "title"');
    expect((await project.run("upgrade", "head")).code).toBe(0);
    const again = await project.run("check");
    expect(again.stdout + again.stderr).toBe(again.code === 0 ? again.stdout + again.stderr : "");
    expect(again.code).toBe(0);

    const down = await project.run("downgrade", "-1");
    expect(down.stderr).toBe(down.code === 0 ? down.stderr : "");
    expect(down.code).toBe(0);
    // Without the second revision, the downgraded database is at head again and matches models A exactly.
    await rm(secondFile);
    await writeFile(path.join(dir.path, "models.ts"), MODELS_A);
    const back = await project.run("check");
    expect(back.code).toBe(0);
    expect(back.stdout + back.stderr).toBe(back.code === 0 ? back.stdout + back.stderr : "");
  });

  it("refuses a PostgreSQL-only type, naming the table, the column and the dialect", async () => {
    await writeFile(
      path.join(dir.path, "models.ts"),
      'import { table, integer, jsonb } from "retort/schema";\nexport const docs = table("docs", { id: integer().primaryKey(), body: jsonb() });\n',
    );
    const made = await project.run("revision", "--autogenerate", "-m", "docs");
    if (made.code === 0) {
      const up = await project.run("upgrade", "head");
      expect(up.code).not.toBe(0);
      expect(up.stderr).toContain("The column docs.body has type jsonb, which SQLite does not have.");
    } else expect(made.stderr).toContain("The column docs.body has type jsonb, which SQLite does not have.");
  });
});
