/**
 * The safe forms of the op API against PostgreSQL: each upgrade does what it says (NOT VALID leaves the
 * constraint unvalidated, VALIDATE validates it, USING INDEX adopts the index), and each downgrade, derived by
 * reversing the operations, brings the schema back so the downgrade of an earlier revision still works.
 */
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { postgresDialect } from "../../src/dialects/postgres/index.js";
import type { Operation } from "../../src/ops/operation.js";
import { Operations } from "../../src/ops/operations.js";
import { reverseOperations } from "../../src/ops/reverse.js";
import { createServerDatabase, dropServerDatabase, serverDatabaseUrl } from "../helpers/databases.js";

const { url, name } = serverDatabaseUrl("retort_safe_forms");
let client: pg.Client;

beforeAll(async () => {
  await createServerDatabase(name);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await dropServerDatabase(name);
});

beforeEach(async () => {
  await client.query(`
    DROP TABLE IF EXISTS movies, directors, events;
    CREATE TABLE directors (id int PRIMARY KEY);
    CREATE TABLE movies (id int PRIMARY KEY, title text, rating int, director_id int);
    INSERT INTO directors VALUES (1);
    INSERT INTO movies VALUES (1, 'a', 5, 1), (2, NULL, -1, 7);
    CREATE TABLE events (id int NOT NULL, at timestamptz);`);
});

async function record(body: (op: Operations) => Promise<void>): Promise<Operation[]> {
  const ops: Operation[] = [];
  await body(new Operations(async (operation) => void ops.push(operation as Operation)));
  return ops;
}

async function run(ops: readonly Operation[]): Promise<void> {
  for (const statement of ops.flatMap((op) => postgresDialect.compile(op))) await client.query(statement);
}

async function constraints(table: string): Promise<Record<string, { validated: boolean; index: string | null }>> {
  const { rows } = await client.query<{ conname: string; convalidated: boolean; index: string | null }>(
    `SELECT conname, convalidated, NULLIF(conindid, 0)::regclass::text AS index FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('c', 'f', 'u', 'p') ORDER BY conname`,
    [table],
  );
  return Object.fromEntries(rows.map((row) => [row.conname, { validated: row.convalidated, index: row.index }]));
}

async function indexes(table: string): Promise<string[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
    [table],
  );
  return rows.map((row) => row.indexdef);
}

describe("NOT VALID, then VALIDATE in a later revision", () => {
  it("a foreign key and a check added NOT VALID skip the existing rows, check new ones, and validate once the rows are fixed", async () => {
    const first = await record(async (op) => {
      await op.createForeignKey("fk_director", "movies", "directors", ["director_id"], ["id"], { notValid: true });
      await op.createCheckConstraint("ck_rating", "movies", "rating > 0", { notValid: true });
    });
    await run(first);
    expect(await constraints("movies")).toMatchObject({
      ck_rating: { validated: false },
      fk_director: { validated: false },
    });
    await expect(client.query("INSERT INTO movies VALUES (3, 'b', -2, 1)")).rejects.toThrow(/ck_rating/);
    await expect(client.query("INSERT INTO movies VALUES (3, 'b', 2, 9)")).rejects.toThrow(/fk_director/);

    const second = await record(async (op) => {
      await op.validateConstraint("fk_director", "movies");
      await op.validateConstraint("ck_rating", "movies");
    });
    await expect(run(second)).rejects.toThrow(/fk_director/);
    await client.query("UPDATE movies SET director_id = 1, rating = 1 WHERE id = 2");
    await run(second);
    expect(await constraints("movies")).toMatchObject({ ck_rating: { validated: true }, fk_director: { validated: true } });

    // Downgrades: the second one is nothing, the first drops both constraints.
    expect(reverseOperations(second)).toEqual([]);
    await run(reverseOperations(first));
    expect(Object.keys(await constraints("movies"))).toEqual(["movies_pkey"]);
  });

  it("a validated IS NOT NULL check lets SET NOT NULL skip its scan, and the check can then go", async () => {
    await client.query("UPDATE movies SET title = 'b' WHERE id = 2");
    await run(await record((op) => op.createCheckConstraint("nn_title", "movies", "title IS NOT NULL", { notValid: true })));
    await run(await record((op) => op.validateConstraint("nn_title", "movies")));
    await run(
      await record(async (op) => {
        await op.alterColumn("movies", "title", { nullable: false });
        await op.dropConstraint("nn_title", "movies");
      }),
    );
    const { rows } = await client.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'movies'::regclass AND attname = 'title'");
    expect(rows[0]?.attnotnull).toBe(true);
  });
});

describe("USING INDEX", () => {
  it("a unique constraint adopts the index built before (renamed to the constraint); its downgrade builds the index again", async () => {
    const buildIndex = await record((op) => op.createIndex("ix_title", "movies", ["title"], { unique: true, concurrently: true }));
    await run(buildIndex);
    const adopt = await record((op) => op.createUniqueConstraint("uq_title", "movies", ["title"], { usingIndex: "ix_title" }));
    await run(adopt);
    expect(await constraints("movies")).toMatchObject({ uq_title: { validated: true, index: "uq_title" } });
    expect(await indexes("movies")).toEqual([
      "CREATE UNIQUE INDEX movies_pkey ON public.movies USING btree (id)",
      "CREATE UNIQUE INDEX uq_title ON public.movies USING btree (title)",
    ]);

    await run(reverseOperations(adopt));
    expect(Object.keys(await constraints("movies"))).toEqual(["movies_pkey"]);
    expect(await indexes("movies")).toContain("CREATE UNIQUE INDEX ix_title ON public.movies USING btree (title)");
    // So the downgrade of the revision that built the index still runs.
    await run(reverseOperations(buildIndex));
    expect(await indexes("movies")).toEqual(["CREATE UNIQUE INDEX movies_pkey ON public.movies USING btree (id)"]);
  });

  it("a primary key adopts a unique index on NOT NULL columns; its downgrade builds the index again", async () => {
    await client.query("CREATE UNIQUE INDEX ix_events_id ON events (id)");
    const adopt = await record((op) => op.createPrimaryKey("pk_events", "events", ["id"], { usingIndex: "ix_events_id" }));
    await run(adopt);
    expect(await constraints("events")).toEqual({ pk_events: { validated: true, index: "pk_events" } });
    await run(reverseOperations(adopt));
    expect(await constraints("events")).toEqual({});
    expect(await indexes("events")).toEqual(["CREATE UNIQUE INDEX ix_events_id ON public.events USING btree (id)"]);
  });
});
