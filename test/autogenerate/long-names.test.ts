/**
 * Identifiers near and over PostgreSQL's 63 bytes: models with long (multi-byte) names migrate and then compare
 * clean, the default constraint names are the ones the server picks itself, and longer names are refused
 * before anything is written.
 */
import { randomBytes } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { conventionName } from "../../src/schema/naming.js";
import { dropServerDatabase, queryServer, SERVER_URL, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const SCHEMA = "retort/schema";
const bytes = (name: string): number => Buffer.byteLength(name, "utf8");
const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;

// 63 and 62 bytes, with two- and four-byte characters where PostgreSQL's cuts fall.
const TABLE_63 = `${"é".repeat(31)}x`;
const TABLE_62 = `${"😀".repeat(15)}ab`;
const COLUMN_63 = `a${"😀".repeat(15)}bc`;
const COLUMN_62 = "é".repeat(31);

interface ConstraintRow extends Record<string, unknown> {
  readonly table: string;
  readonly type: string;
  readonly name: string;
}

/** The constraints of the tables in the schemas named `schema` or `schema_…`, as `table|type|name` lines, sorted. */
async function constraintsIn(url: string, schema: string, tables?: readonly string[]): Promise<string[]> {
  const rows = await queryServer<ConstraintRow>(
    url,
    `SELECT c.relname AS "table", k.contype AS "type", k.conname AS "name"
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE (n.nspname = $1 OR starts_with(n.nspname, $1 || '_')) AND k.contype IN ('p', 'u', 'f', 'c')
        AND ($2::text[] IS NULL OR c.relname = ANY ($2::text[]))`,
    [schema, tables ?? null],
  );
  return rows.map((row) => `${row.table}|${row.type}|${row.name}`).sort();
}

describe("the default convention's names for long table and column names", () => {
  const schema = `retort_names_${randomBytes(4).toString("hex")}`;
  // name1 and name2 at 62 and 63 bytes, ASCII, `é` and emoji, so that cuts land inside multi-byte characters.
  const names = [
    "t".repeat(63),
    "u".repeat(62),
    TABLE_63,
    TABLE_62,
    COLUMN_63,
    COLUMN_62,
    `b${"é".repeat(31)}`,
    `${"x".repeat(30)}${"😀".repeat(8)}`,
    "short",
  ];

  // One schema per table: the server adds a digit to a name another table's constraint took in the same schema,
  // which no convention can foresee, and these tables share long prefixes on purpose.
  const schemas = names.flatMap((_, i) => [`${schema}_${i}`, `${schema}_${i}_pair`]);

  beforeAll(async () => {
    await queryServer(SERVER_URL, schemas.map((name) => `CREATE SCHEMA ${q(name)};`).join("\n"));
  });
  afterAll(async () => {
    await queryServer(SERVER_URL, schemas.map((name) => `DROP SCHEMA IF EXISTS ${q(name)} CASCADE;`).join("\n"));
  });

  it("are the names PostgreSQL picks for constraints it is not given a name for", async () => {
    const expected: string[] = [];
    let statements = "";
    names.forEach((table, i) => {
      const column = names[(i + 3) % names.length] as string;
      const other = names[(i + 5) % names.length] as string;
      const qualified = `${q(`${schema}_${i}`)}.${q(table)}`;
      statements += `CREATE TABLE ${qualified} (id int PRIMARY KEY, ${q(column)} int UNIQUE, ${q(other)} int, CHECK (${q(column)} + ${q(other)} > 0));
        ALTER TABLE ${qualified} ADD FOREIGN KEY (${q(other)}) REFERENCES ${qualified} (id);\n`;
      // A second table for the two-column unique key and foreign key.
      const pair = `${table.slice(0, -2)}zz`;
      const pairQualified = `${q(`${schema}_${i}_pair`)}.${q(pair)}`;
      statements += `CREATE TABLE ${pairQualified} (${q(column)} int, ${q(other)} int, UNIQUE (${q(column)}, ${q(other)}),
        FOREIGN KEY (${q(column)}, ${q(other)}) REFERENCES ${pairQualified} (${q(column)}, ${q(other)}));\n`;
      expected.push(
        `${table}|p|${conventionName(undefined, "pk", { table, columns: ["id"] })}`,
        `${table}|u|${conventionName(undefined, "uq", { table, columns: [column] })}`,
        `${table}|c|${conventionName(undefined, "ck", { table, columns: [] })}`,
        `${table}|f|${conventionName(undefined, "fk", { table, columns: [other], referredTable: table, referredColumns: ["id"] })}`,
        `${pair}|u|${conventionName(undefined, "uq", { table: pair, columns: [column, other] })}`,
        `${pair}|f|${conventionName(undefined, "fk", { table: pair, columns: [column, other], referredTable: pair, referredColumns: [column, other] })}`,
      );
    });
    await queryServer(SERVER_URL, statements);
    const created = await constraintsIn(SERVER_URL, schema);
    expect(created).toHaveLength(names.length * 6);
    expect(created).toEqual(expected.sort());
    // The cases do reach the limit: some names are cut, none is over it.
    const lengths = created.map((line) => bytes(line.split("|")[2] as string));
    expect(Math.max(...lengths)).toBe(63);
    expect(created.some((line) => line.split("|")[2]?.includes("\uFFFD"))).toBe(false);
  });
});

describe("models with long names on the command line", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let db: { url: string; name: string };
  let project: TestProject;

  beforeEach(async () => {
    dir = await tempDirectory("retort-long-names-");
    db = serverDatabaseUrl("retort_long_names");
    project = await createProject(dir.path, db.url, `, models: "./models.ts"`);
  });

  afterEach(async () => {
    await dropServerDatabase(db.name);
    await dir.remove();
  });

  async function writeModels(body: string): Promise<void> {
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { check, integer, sql, table, unique } from ${JSON.stringify(SCHEMA)};\n${body}\n`,
    );
  }

  it("migrates 62- and 63-byte names, checks clean, and names constraints as PostgreSQL does", async () => {
    expect([bytes(TABLE_63), bytes(TABLE_62), bytes(COLUMN_63), bytes(COLUMN_62)]).toEqual([63, 62, 63, 62]);
    const [t63, t62, c63, c62] = [TABLE_63, TABLE_62, COLUMN_63, COLUMN_62].map((name) => JSON.stringify(name));
    await writeModels(`
export const first = table(${t63}, {
  id: integer().primaryKey(),
  [${c63}]: integer().unique(),
  [${c62}]: integer().references(() => first.id),
}, { checks: [check(sql\`${q(COLUMN_63)} + ${q(COLUMN_62)} > 0\`)] });
export const second = table(${t62}, {
  [${c62}]: integer().primaryKey(),
  [${c63}]: integer(),
  ref: integer().references(() => first.id),
}, { uniques: [unique([${c62}, ${c63}])] });
`);
    const generated = await project.run("revision", "--autogenerate", "-m", "long names");
    expect(generated.stderr).not.toContain("FAILED");
    expect(generated.code).toBe(0);
    const upgraded = await project.run("upgrade", "head");
    expect(upgraded.stderr).not.toContain("FAILED");
    expect(upgraded.code).toBe(0);
    const check = await project.run("check");
    expect(check.stderr).not.toContain("FAILED");
    expect(check.code).toBe(0);

    // The same tables created by hand without constraint names: the server's own choices.
    await queryServer(
      db.url,
      `CREATE SCHEMA twin;
       CREATE TABLE twin.${q(TABLE_63)} (id int PRIMARY KEY, ${q(COLUMN_63)} int UNIQUE, ${q(COLUMN_62)} int REFERENCES twin.${q(TABLE_63)} (id),
         CHECK (${q(COLUMN_63)} + ${q(COLUMN_62)} > 0));
       CREATE TABLE twin.${q(TABLE_62)} (${q(COLUMN_62)} int PRIMARY KEY, ${q(COLUMN_63)} int, ref int REFERENCES twin.${q(TABLE_63)} (id),
         UNIQUE (${q(COLUMN_62)}, ${q(COLUMN_63)}));`,
    );
    const migrated = await constraintsIn(db.url, "public", [TABLE_63, TABLE_62]);
    expect(migrated).toHaveLength(7);
    expect(migrated).toEqual(await constraintsIn(db.url, "twin"));
  });

  it("refuses a 64-byte column and a 70-byte table before writing a revision", async () => {
    const column64 = "é".repeat(32);
    await writeModels(`export const movies = table("movies", { id: integer().primaryKey(), ${JSON.stringify(column64)}: integer() });`);
    const result = await project.run("revision", "--autogenerate", "-m", "too long");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Column "${column64}" of table "movies" is 64 bytes long in UTF-8`);
    expect(result.stderr).toContain("at most 63 bytes");
    expect(await readdir(project.versionsDirectory)).toEqual([]);

    const table70 = `${"t".repeat(66)}😀`;
    expect(bytes(table70)).toBe(70);
    await writeModels(`export const movies = table(${JSON.stringify(table70)}, { id: integer().primaryKey() });`);
    const check = await project.run("check");
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`Table "${table70}" is 70 bytes long in UTF-8`);
    expect(await readdir(project.versionsDirectory)).toEqual([]);
  });

  it("refuses a constraint name over 63 bytes from the models' naming convention", async () => {
    await writeModels(
      `export const movies = table("movies", { id: integer().primaryKey(), title: integer().unique() }, { namingConvention: { uq: "uq_${"x".repeat(55)}_{table}_{columns}" } });`,
    );
    const result = await project.run("check");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unique constraint "uq_x{55}_movies_title" of table "movies" is 71 bytes long in UTF-8/);
  });

  it("fails a hand-written revision with a 64-byte name before sending it, naming the revision", async () => {
    const column64 = "😀".repeat(16);
    await project.addRevision({
      id: "aa11bb22cc33",
      message: "hand written",
      imports: [`import { integer } from ${JSON.stringify(SCHEMA)};`],
      upgrade: [`await op.createTable("movies", { id: integer().primaryKey(), ${JSON.stringify(column64)}: integer() });`],
      downgrade: [`await op.dropTable("movies");`],
    });
    const result = await project.run("upgrade", "head");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("aa11bb22cc33");
    expect(result.stderr).toContain(`Column "${column64}" of table "movies" is 64 bytes long in UTF-8`);
    const tables = await queryServer(db.url, "SELECT 1 FROM pg_class WHERE relname = 'movies'");
    expect(tables).toEqual([]);
  });
});
