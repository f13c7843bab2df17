import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/connect.js";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject } from "../helpers/project.js";
import { expectOk, writeConfig } from "./contract.js";

/**
 * One object of every kind models cannot declare, in `public` and `extra`; `elsewhere` is not read. Functions,
 * procedures and triggers are declared (`func`, `procedure`, `trigger`), so they are not counted.
 */
const SCHEMA = `CREATE SCHEMA extra;
CREATE SCHEMA elsewhere;
CREATE EXTENSION btree_gist SCHEMA extra;
CREATE TABLE base (id integer PRIMARY KEY, n integer, doubled integer GENERATED ALWAYS AS (n * 2) STORED);
CREATE TABLE child (extra_note text) INHERITS (base);
CREATE TABLE events (id integer, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE extra.bookings (room integer, during tsrange, EXCLUDE USING gist (room WITH =, during WITH &&));
CREATE VIEW base_ids AS SELECT id FROM base;
CREATE MATERIALIZED VIEW extra.booked AS SELECT room FROM extra.bookings;
CREATE FUNCTION extra.double(x integer) RETURNS integer LANGUAGE sql AS 'SELECT x * 2';
CREATE PROCEDURE reset_n() LANGUAGE sql AS 'UPDATE base SET n = 0';
CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER base_stamp BEFORE UPDATE ON base FOR EACH ROW EXECUTE FUNCTION stamp();
CREATE SEQUENCE extra.tickets;
CREATE DOMAIN extra.positive AS integer CHECK (VALUE > 0);
CREATE TYPE pair AS (a integer, b integer);
CREATE TYPE extra.span AS RANGE (subtype = integer);
CREATE RULE base_no_delete AS ON DELETE TO base DO INSTEAD NOTHING;
ALTER TABLE base ENABLE ROW LEVEL SECURITY;
CREATE POLICY base_read ON base FOR SELECT USING (true);
CREATE FOREIGN DATA WRAPPER pull_test_fdw;
CREATE SERVER pull_test_server FOREIGN DATA WRAPPER pull_test_fdw;
CREATE FOREIGN TABLE extra.remote (id integer) SERVER pull_test_server;
CREATE VIEW elsewhere.hidden AS SELECT 1 AS one;
CREATE FUNCTION elsewhere.hidden() RETURNS integer LANGUAGE sql AS 'SELECT 1';`;

describe("what pull counts as not expressible (server)", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: ReturnType<typeof serverDatabaseUrl>;

  beforeEach(async () => {
    dir = await tempDirectory("retort-pull-unmodelled-");
    database = serverDatabaseUrl("retort_pull_unmodelled");
    await createServerDatabase(database.name);
    await queryServer(database.url, SCHEMA);
  });
  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("counts every kind it does not declare in the included schemas only, leaving extension members to the extension", async () => {
    const db = await openDatabase(database.url, dir.path, { createIfMissing: false });
    try {
      const support = await db.dialect.autogenerate();
      // Views, functions and triggers are pulled, not counted (policies and row-level security are counted here and
      // left out of the header by pull, which declares them).
      expect(await support.countUnmodelled(db.session, ["public", "extra"])).toEqual({
        foreignTable: 1,
        inheritance: 1,
        rowLevelSecurity: 1,
        policy: 1,
        rule: 1,
        exclusionConstraint: 1,
        compositeType: 1,
        rangeType: 1,
      });
      expect(await support.countUnmodelled(db.session, ["elsewhere"])).toEqual({});
    } finally {
      await db.session.close();
    }
  });

  it("writes them in the header, and check against the database is clean", async () => {
    const project = await createProject(dir.path, database.url);
    const config = await writeConfig(dir.path, "retort.pulled.ts", {
      url: database.url,
      models: "./pulled.ts",
      includeSchemas: ["public", "extra"],
    });
    expectOk(await project.run("-c", config, "pull"), "pull");
    const text = await readFile(path.join(dir.path, "pulled.ts"), "utf8");
    // Exclusion constraints are declared (`exclude(…)`), not counted.
    expect(text).not.toContain("exclusion constraint");
    expect(text).toContain(
      'exclude({ using: "gist", elements: [{ column: "room", operator: "=" }, { column: "during", operator: "&&" }] })',
    );
    // Stored generated columns are declared (`.generatedAlwaysAs`), not counted.
    expect(text).not.toContain("generated column");
    expect(text).toContain(".generatedAlwaysAs(");
    // Sequences, domains and extensions are declared, not counted.
    expect(text).not.toMatch(/ \* - 1 (sequence|domain|extension)/);
    expect(text).toContain('export const tickets = sequence("tickets", { schema: "extra" });');
    expect(text).toContain('domain("positive", integer(), { schema: "extra", check: sql`');
    expect(text).toContain('extension("btree_gist", { schema: "extra" })');
    expect(text).toContain('export const baseIds = view("base_ids", sql`');
    expect(text).toContain('export const booked = materializedView("booked", sql`');
    expect(text).not.toMatch(/ \* - \d+ (materialized )?views?\n/);
    expect(text).not.toContain("partition (");
    expect(text).toContain('partitionBy: { range: ["at"] }');
    expect(text).toContain('partitionOf: "events",');
    expect(text).toContain("forValues: sql`FROM ('2026-01-01') TO ('2027-01-01')`");
    const check = await project.run("-c", config, "check");
    expect(check.stdout, text).toBe("");
    expect(check.code).toBe(0);
  });
});
