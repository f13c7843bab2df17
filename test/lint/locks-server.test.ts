/**
 * The lock each statement is said to take, checked against PostgreSQL: the statement runs in a transaction and
 * pg_locks tells the strongest lock it holds on each table.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LintAction, LintSupport } from "../../src/dialects/lint-support.js";
import { postgresDialect } from "../../src/dialects/postgres/index.js";
import { Operations } from "../../src/ops/operations.js";
import { integer, text } from "../../src/schema/index.js";
import { createServerDatabase, dropServerDatabase, serverDatabaseUrl } from "../helpers/databases.js";

const { url, name } = serverDatabaseUrl("retort_lint_locks");
let client: pg.Client;
let support: LintSupport;

const STRENGTH = [
  "AccessShareLock",
  "RowShareLock",
  "RowExclusiveLock",
  "ShareUpdateExclusiveLock",
  "ShareLock",
  "ShareRowExclusiveLock",
  "ExclusiveLock",
  "AccessExclusiveLock",
];

/** `ACCESS EXCLUSIVE` → `AccessExclusiveLock`, as pg_locks names it. */
function lockName(mode: string): string {
  return `${mode
    .toLowerCase()
    .split(" ")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("")}Lock`;
}

beforeAll(async () => {
  await createServerDatabase(name);
  client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    CREATE TABLE directors (id int PRIMARY KEY);
    CREATE TABLE movies (id int PRIMARY KEY, title text, rating int, director_id int);
    CREATE INDEX ix_movies_rating ON movies (rating);
    ALTER TABLE movies ADD CONSTRAINT ck_pending CHECK (rating > 0) NOT VALID;
    ALTER TABLE movies ADD CONSTRAINT fk_pending FOREIGN KEY (director_id) REFERENCES directors (id) NOT VALID;
    CREATE UNIQUE INDEX uix_movies_title ON movies (title);
    CREATE TABLE events (id int NOT NULL, at timestamptz);
    CREATE UNIQUE INDEX ix_events_id ON events (id);`);
  support = await (postgresDialect.lint as () => Promise<LintSupport>)();
});

afterAll(async () => {
  await client?.end();
  await dropServerDatabase(name);
});

/** The strongest lock this session holds on each of the tables, after running `statements` in a rolled-back transaction. */
async function locksHeld(statements: readonly string[], tables: readonly string[]): Promise<Record<string, string>> {
  await client.query("BEGIN");
  try {
    // By oid: a renamed or dropped table no longer has its name by the time pg_locks is read.
    const oids = await client.query<{ oid: number; relname: string }>("SELECT oid, relname FROM pg_class WHERE relname = ANY($1)", [
      tables,
    ]);
    const nameOf = new Map(oids.rows.map((row) => [row.oid, row.relname]));
    for (const statement of statements) await client.query(statement);
    const { rows } = await client.query<{ relation: number; mode: string }>(
      "SELECT relation, mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = ANY($1)",
      [[...nameOf.keys()]],
    );
    const held: Record<string, string> = {};
    for (const { relation, mode } of rows) {
      const relname = nameOf.get(relation) as string;
      if (STRENGTH.indexOf(mode) > STRENGTH.indexOf(held[relname] ?? "")) held[relname] = mode;
    }
    return held;
  } finally {
    await client.query("ROLLBACK");
  }
}

/** The strongest lock the lint says the actions take on each table. */
function locksSaid(actions: readonly LintAction[]): Record<string, string> {
  const said: Record<string, string> = {};
  for (const lock of actions.flatMap((action) => action.locks)) {
    const mode = lockName(lock.mode);
    if (STRENGTH.indexOf(mode) > STRENGTH.indexOf(said[lock.table.name] ?? "")) said[lock.table.name] = mode;
  }
  return said;
}

async function checkOperation(body: (op: Operations) => Promise<void>): Promise<void> {
  const statements: string[] = [];
  const actions: LintAction[] = [];
  await body(
    new Operations(async (operation) => {
      const compiled = postgresDialect.compile(operation);
      statements.push(...compiled);
      actions.push(...support.describe(operation, compiled));
    }),
  );
  const said = locksSaid(actions);
  expect(Object.keys(said).length).toBeGreaterThan(0);
  expect(await locksHeld(statements, Object.keys(said))).toEqual(said);
}

describe("op.execute text: the lock said is the lock PostgreSQL takes", () => {
  const statements = [
    "CREATE INDEX ix_movies_title ON movies (title)",
    "ALTER TABLE movies ADD CONSTRAINT fk FOREIGN KEY (director_id) REFERENCES directors (id)",
    "ALTER TABLE movies ADD CONSTRAINT fk FOREIGN KEY (director_id) REFERENCES directors (id) NOT VALID",
    "ALTER TABLE movies ADD CONSTRAINT ck CHECK (rating > 0) NOT VALID",
    "ALTER TABLE movies VALIDATE CONSTRAINT ck_pending",
    "ALTER TABLE movies ALTER COLUMN title SET NOT NULL",
    "ALTER TABLE movies ALTER COLUMN rating TYPE bigint",
    "ALTER TABLE movies ADD COLUMN n int",
    "ALTER TABLE movies ADD CONSTRAINT uq UNIQUE (title)",
    "ALTER TABLE movies RENAME COLUMN title TO name",
    "ALTER TABLE movies RENAME TO films",
    "ALTER TABLE movies DROP COLUMN rating",
    "ALTER TABLE movies ALTER COLUMN rating SET DEFAULT 1",
    "DROP TABLE movies",
    "TRUNCATE movies",
    "DELETE FROM movies",
    "UPDATE movies SET title = 'x' WHERE id = 1",
  ];
  for (const statement of statements) {
    it(statement, async () => {
      const said = locksSaid(support.describe({ kind: "execute", sql: statement }, [statement]));
      expect(await locksHeld([statement], Object.keys(said))).toEqual(said);
    });
  }
});

describe("operations: the lock said is the lock PostgreSQL takes", () => {
  it("createIndex", () => checkOperation((op) => op.createIndex("ix_t", "movies", ["title"])));
  it("createForeignKey", () => checkOperation((op) => op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"])));
  it("createCheckConstraint", () => checkOperation((op) => op.createCheckConstraint("ck", "movies", "rating > 0")));
  it("createUniqueConstraint", () => checkOperation((op) => op.createUniqueConstraint("uq", "movies", ["title"])));
  it("alterColumn", () => checkOperation((op) => op.alterColumn("movies", "title", { nullable: false, type: text() })));
  it("addColumn", () => checkOperation((op) => op.addColumn("movies", "n", integer())));
  it("dropColumn", () => checkOperation((op) => op.dropColumn("movies", "rating")));
  it("renameTable", () => checkOperation((op) => op.renameTable("movies", "films")));
  it("createTableComment", () => checkOperation((op) => op.createTableComment("movies", "films we know")));
  it("dropConstraint", () => checkOperation((op) => op.dropConstraint("ck_pending", "movies")));
  it("dropIndex", () => checkOperation((op) => op.dropIndex("ix_movies_rating", { table: "movies" })));
});

describe("the safe forms of the op API: they run, and take the lock said", () => {
  it("createForeignKey notValid", () =>
    checkOperation((op) => op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"], { notValid: true })));
  it("createCheckConstraint notValid", () =>
    checkOperation((op) => op.createCheckConstraint("ck", "movies", "rating > 0", { notValid: true })));
  it("validateConstraint of a check: SHARE UPDATE EXCLUSIVE, reads and writes go on", () =>
    checkOperation((op) => op.validateConstraint("ck_pending", "movies")));
  it("validateConstraint of a foreign key", () => checkOperation((op) => op.validateConstraint("fk_pending", "movies")));
  it("createUniqueConstraint usingIndex", () =>
    checkOperation((op) => op.createUniqueConstraint("uq_title", "movies", ["title"], { usingIndex: "uix_movies_title" })));
  it("createPrimaryKey usingIndex", () =>
    checkOperation((op) => op.createPrimaryKey("pk_events", "events", ["id"], { usingIndex: "ix_events_id" })));
  it("a safe form takes a lock that lets reads (and, for VALIDATE, writes) go on", async () => {
    const said = (body: (op: Operations) => Promise<void>) => {
      const actions: LintAction[] = [];
      return body(
        new Operations(async (operation) => void actions.push(...support.describe(operation, postgresDialect.compile(operation)))),
      ).then(() => actions.flatMap((action) => action.locks));
    };
    const validate = await said((op) => op.validateConstraint("ck_pending", "movies"));
    expect(validate.map((lock) => [lock.mode, lock.blocksReads, lock.blocksWrites])).toEqual([["SHARE UPDATE EXCLUSIVE", false, false]]);
    const fk = await said((op) => op.createForeignKey("fk", "movies", "directors", ["director_id"], ["id"], { notValid: true }));
    expect(fk.map((lock) => [lock.table.name, lock.mode])).toEqual([
      ["movies", "SHARE ROW EXCLUSIVE"],
      ["directors", "SHARE ROW EXCLUSIVE"],
    ]);
  });
});
