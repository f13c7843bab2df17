/**
 * The safe forms autogenerate writes, applied to a PostgreSQL server with rows in the tables: the generated
 * revisions pass `retort lint` and the production gate (`safety: "strict"`), a second connection watching
 * pg_locks sees the concurrent index build and the validations hold no lock that stops writes, the result matches
 * the models, and both files downgrade back to the schema before.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const SCHEMA = "retort/schema";
const ROWS = 100_000;

function models(edited: boolean): string {
  const movies = edited
    ? `export const movies = table("movies", {
  id: integer().primaryKey(),
  title: text().notNull(),
  rating: integer(),
  director_id: integer().references(() => directors.id),
  slug: text().unique(),
  language: varchar(8).notNull().default("en"),
}, { checks: [check("ck_movies_rating", sql\`rating >= 0\`)], indexes: [index("ix_movies_title", ["title"])] });
export const events = table("events", {
  id: integer().primaryKey(),
  amount: bigint(),
  token: uuid().default(sql\`gen_random_uuid()\`),
});`
    : `export const movies = table("movies", {
  id: integer().primaryKey(),
  title: text(),
  rating: integer(),
  director_id: integer(),
  slug: text(),
});
export const events = table("events", { id: integer().primaryKey(), amount: integer() });`;
  return `import { bigint, check, index, integer, sql, table, text, uuid, varchar } from ${JSON.stringify(SCHEMA)};
export const directors = table("directors", { id: integer().primaryKey() });
${movies}
`;
}

/** A lock the migration's session held or waited for on a table, with the statement it was running. */
interface Observation {
  readonly table: string;
  readonly mode: string;
  readonly granted: boolean;
  readonly query: string;
}

/** Polls pg_locks from another connection until `stop()`: every table lock of Retort's sessions on the database. */
function watchLocks(url: string): { stop(): Promise<Observation[]> } {
  const client = new pg.Client({ connectionString: url });
  const seen = new Map<string, Observation>();
  let running = true;
  const loop = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<Observation>(
        `SELECT c.relname AS table, l.mode, l.granted, a.query
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid JOIN pg_class c ON c.oid = l.relation
          WHERE a.application_name LIKE 'retort %' AND a.datname = current_database() AND c.relname IN ('movies', 'directors')`,
      );
      for (const row of rows) seen.set(`${row.table}|${row.mode}|${row.granted}|${row.query}`, row);
    }
    await client.end();
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...seen.values()];
    },
  };
}

describe("safe forms on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let db: { url: string; name: string };
  let project: TestProject;
  let client: pg.Client;
  let files: string[];
  let observed: Observation[];

  beforeAll(async () => {
    dir = await tempDirectory("retort-safe-forms-");
    db = serverDatabaseUrl("retort_safe_forms_ag");
    project = await createProject(dir.path, db.url, `, models: "./models.ts", safety: "strict"`);
    await writeFile(path.join(dir.path, "models.ts"), models(false));
    expect((await project.run("revision", "--autogenerate", "-m", "create tables")).code).toBe(0);
    expect((await project.run("upgrade", "head")).code).toBe(0);
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO directors SELECT generate_series(1, 100);
      INSERT INTO movies SELECT i, 'title ' || i, i % 10, i % 100 + 1, 'slug-' || i FROM generate_series(1, ${ROWS}) AS i;
      INSERT INTO events VALUES (1, 10), (2, 20);
      ANALYZE movies;`);
    await writeFile(path.join(dir.path, "models.ts"), models(true));
    const generated = await project.run("revision", "--autogenerate", "-m", "edit movies");
    expect(generated.code, generated.stderr).toBe(0);
    files = generated.stdout.trim().split("\n");
    const watcher = watchLocks(db.url);
    const upgraded = await project.run("upgrade", "head");
    observed = await watcher.stop();
    expect(upgraded.code, upgraded.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await dropServerDatabase(db.name);
    await dir.remove();
  });

  it("writes two files, the second a non-transactional child of the first", async () => {
    expect(files).toHaveLength(2);
    const [first, second] = (await Promise.all(files.map((file) => readFile(file, "utf8")))) as [string, string];
    const firstId = /export const revision = "(\w+)"/.exec(first)?.[1];
    expect(second).toContain(`export const downRevision: string | readonly string[] | null = "${firstId}";`);
    expect(second).toContain('export const message = "edit movies (concurrent part)";');
    expect(second).toContain("export const transactional = false;");
    expect(first).toContain("{ notValid: true }");
    expect(second).toContain('await op.createIndex("ix_movies_title", "movies", ["title"], { concurrently: true });');
  });

  it("passes retort lint with no error, and the strict gate let the upgrade run", async () => {
    const lint = await project.run("lint", "--json");
    expect(lint.code, lint.stdout).toBe(0);
    const report = JSON.parse(lint.stdout) as {
      counts: { error: number };
      revisions: { findings: { rule: string; allowed: string | null }[] }[];
    };
    expect(report.counts.error).toBe(0);
    const findings = report.revisions.flatMap((revision) => revision.findings);
    // The kept rewrites are silenced with a TODO reason, and every silencing comment is used.
    expect(
      findings
        .filter((f) => f.allowed?.startsWith("TODO review"))
        .map((f) => f.rule)
        .sort(),
    ).toEqual(["add-column-volatile-default", "type-change-rewrite"]);
    expect(findings.map((f) => f.rule)).not.toContain("unused-lint-disable");
  });

  it("builds the index and validates the constraints without a lock that stops writes", () => {
    const strong = new Set(["ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"]);
    const during = (pattern: RegExp) => observed.filter((o) => pattern.test(o.query));
    const build = during(/CREATE (UNIQUE )?INDEX CONCURRENTLY/);
    expect(build.map((o) => o.mode)).toContain("ShareUpdateExclusiveLock");
    expect(build.filter((o) => o.table === "movies" && strong.has(o.mode))).toEqual([]);
    const validate = during(/VALIDATE CONSTRAINT/);
    expect(validate.length).toBeGreaterThan(0);
    expect(validate.filter((o) => strong.has(o.mode))).toEqual([]);
    // The plain forms would have held these for the whole build or scan.
    expect(during(/^CREATE INDEX "ix_movies_title"/)).toEqual([]);
  });

  it("leaves the database matching the models, with every constraint validated", async () => {
    expect((await project.run("check")).code).toBe(0);
    const { rows } = await client.query<{ conname: string; convalidated: boolean }>(
      "SELECT conname, convalidated FROM pg_constraint WHERE conrelid = 'movies'::regclass AND contype IN ('c', 'f', 'u') ORDER BY conname",
    );
    expect(rows).toEqual([
      { conname: "ck_movies_rating", convalidated: true },
      { conname: "movies_director_id_fkey", convalidated: true },
      { conname: "movies_slug_key", convalidated: true },
    ]);
    const { rows: invalid } = await client.query("SELECT 1 FROM pg_index WHERE indrelid = 'movies'::regclass AND NOT indisvalid");
    expect(invalid).toEqual([]);
  });

  it("downgrades both files back to the schema before", async () => {
    const down = await project.run("downgrade", "-2");
    expect(down.code, down.stderr).toBe(0);
    const { rows } = await client.query<{ name: string }>(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'movies'::regclass AND contype IN ('c', 'f', 'u')
       UNION ALL SELECT indexname FROM pg_indexes WHERE tablename = 'movies' AND indexname <> 'movies_pkey'
       UNION ALL SELECT attname FROM pg_attribute WHERE attrelid = 'movies'::regclass AND attnum > 0 AND attnotnull AND attname <> 'id'`,
    );
    expect(rows).toEqual([]);
    const { rows: columns } = await client.query<{ name: string; type: string }>(
      "SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = ANY ('{movies,events}'::regclass[]) AND attnum > 0 AND NOT attisdropped ORDER BY attrelid::regclass::text, attnum",
    );
    expect(columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      "id integer",
      "amount integer",
      "id integer",
      "title text",
      "rating integer",
      "director_id integer",
      "slug text",
    ]);
  });
});
