import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Partitioned tables, partitions of each strategy, and identity options, written by hand. */
const SCHEMA = `
CREATE TABLE events (
  id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 MINVALUE 100 MAXVALUE 1000000 CACHE 20 CYCLE),
  created_at timestamptz NOT NULL,
  region text NOT NULL,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX ix_events_region ON events (region);
CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
CREATE TABLE events_default PARTITION OF events DEFAULT;
CREATE INDEX ix_events_2026_local ON events_2026 (id);
CREATE TABLE regions (code text NOT NULL, name text, CONSTRAINT ck_regions_code CHECK (code <> '')) PARTITION BY LIST (lower(code));
CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu', 'uk');
CREATE TABLE shards (id integer NOT NULL) PARTITION BY HASH (id);
CREATE TABLE shards_0 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE shards_1 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 1);
`;

/** The same schema as hand-written models: partitions list no columns. */
const MODELS = `
import { bigint, check, index, integer, partition, sql, table, text, timestamptz } from "retort/schema";
export const events = table("events", {
  id: bigint().identity({ start: 100, minValue: 100, maxValue: 1000000, cache: 20, cycle: true }),
  created_at: timestamptz().notNull(),
  region: text().notNull(),
}, { primaryKey: ["id", "created_at"], partitionBy: { range: ["created_at"] }, indexes: [index("ix_events_region", ["region"])] });
export const events_2026 = partition("events_2026", events, {
  forValues: sql\`FROM ('2026-01-01') TO ('2027-01-01')\`,
  indexes: [index("ix_events_2026_local", ["id"])],
});
export const events_default = partition("events_default", events, { defaultPartition: true });
export const regions = table("regions", { code: text().notNull(), name: text() }, {
  partitionBy: { list: [sql\`lower(code)\`] },
  checks: [check("ck_regions_code", sql\`code <> ''\`)],
});
export const regions_eu = table("regions_eu", {}, { partitionOf: regions, forValues: sql\`IN ('eu', 'uk')\` });
export const shards = table("shards", { id: integer().notNull() }, { partitionBy: { hash: ["id"] } });
export const shards_0 = partition("shards_0", shards, { forValues: sql\`WITH (modulus 2, remainder 0)\` });
export const shards_1 = table("shards_1", {}, { partitionOf: "shards", forValues: sql\`WITH (MODULUS 2, REMAINDER 1)\` });
`;

const CLEAN = "No new upgrade operations detected.\n";

/** Partitioning, bounds, identity options, constraints and indexes as the catalog holds them. */
async function catalog(url: string): Promise<unknown> {
  const tables = await queryServer(
    url,
    `SELECT c.relname AS table, c.relkind AS kind, pg_get_partkeydef(c.oid) AS key, pc.relname AS parent,
            pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid LEFT JOIN pg_class pc ON pc.oid = i.inhparent
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'retort_%' ORDER BY 1`,
  );
  const identity = await queryServer(
    url,
    `SELECT a.attrelid::regclass::text AS table, a.attname AS column, a.attidentity AS identity, s.seqstart::text AS start,
            s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle
       FROM pg_attribute a JOIN pg_depend d ON d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
       JOIN pg_sequence s ON s.seqrelid = d.objid
      WHERE a.attidentity <> '' AND a.attrelid::regclass::text NOT LIKE 'retort_%' ORDER BY 1, 2`,
  );
  const constraints = await queryServer(
    url,
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND contype <> 'n' AND conrelid::regclass::text NOT LIKE 'retort_%' ORDER BY 1, 2`,
  );
  const indexes = await queryServer(
    url,
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_%' ORDER BY 1`,
  );
  return { tables, identity, constraints, indexes };
}

describe("partitioned tables, partitions and identity options (server)", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let handMade: ReturnType<typeof serverDatabaseUrl>;
  let fromEmpty: ReturnType<typeof serverDatabaseUrl>;
  let project: TestProject;
  let models: string;

  beforeAll(async () => {
    dir = await tempDirectory("retort-partitions-");
    handMade = serverDatabaseUrl("retort_partitions");
    fromEmpty = serverDatabaseUrl("retort_partitions_empty");
    await createServerDatabase(handMade.name);
    await createServerDatabase(fromEmpty.name);
    await queryServer(handMade.url, SCHEMA);
    project = await createProject(dir.path, handMade.url, `, models: "./models.ts"`);
    models = path.join(dir.path, "models.ts");
    await writeFile(models, MODELS);
  });
  afterAll(async () => {
    await dropServerDatabase(handMade.name);
    await dropServerDatabase(fromEmpty.name);
    await dir.remove();
  });

  const check = () => project.run("check");

  it("hand-made SQL against hand-written models: nothing to do", async () => {
    const result = await check();
    expect(result.stdout + result.stderr).toBe(CLEAN);
    expect(result.code).toBe(0);
  });

  it.each([
    [
      "a partition detached",
      "ALTER TABLE events DETACH PARTITION events_2026",
      "ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
      /attach partition events_2026 to events/,
    ],
    [
      "a partition's bound",
      "ALTER TABLE events DETACH PARTITION events_2026; ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2026-07-01')",
      "ALTER TABLE events DETACH PARTITION events_2026; ALTER TABLE events ATTACH PARTITION events_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
      /detach partition events_2026 from events[\s\S]*attach partition events_2026 to events/,
    ],
    [
      "a list partition's values",
      "ALTER TABLE regions DETACH PARTITION regions_eu; ALTER TABLE regions ATTACH PARTITION regions_eu FOR VALUES IN ('eu')",
      "ALTER TABLE regions DETACH PARTITION regions_eu; ALTER TABLE regions ATTACH PARTITION regions_eu FOR VALUES IN ('eu', 'uk')",
      /attach partition regions_eu to regions/,
    ],
    [
      "a partition's own index",
      "DROP INDEX ix_events_2026_local",
      "CREATE INDEX ix_events_2026_local ON events_2026 (id)",
      /add index ix_events_2026_local on events_2026/,
    ],
    [
      "the identity's cache",
      "ALTER TABLE events ALTER COLUMN id SET CACHE 1",
      "ALTER TABLE events ALTER COLUMN id SET CACHE 20",
      /alter column events\.id \(identity\)/,
    ],
    [
      "the identity's cycle",
      "ALTER TABLE events ALTER COLUMN id SET NO CYCLE",
      "ALTER TABLE events ALTER COLUMN id SET CYCLE",
      /alter column events\.id \(identity\)/,
    ],
    [
      "the identity's bounds",
      "ALTER TABLE events ALTER COLUMN id SET MAXVALUE 2000000",
      "ALTER TABLE events ALTER COLUMN id SET MAXVALUE 1000000",
      /alter column events\.id \(identity\)/,
    ],
    [
      "the identity's minimum",
      "ALTER TABLE events ALTER COLUMN id SET MINVALUE 50",
      "ALTER TABLE events ALTER COLUMN id SET MINVALUE 100",
      /alter column events\.id \(identity\)/,
    ],
  ])("%s changed in the database: check exits 3 and names it", async (_what, change, restore, named) => {
    await queryServer(handMade.url, change);
    try {
      const result = await check();
      expect(result.code, result.stderr).toBe(3);
      expect(result.stdout).toMatch(named);
    } finally {
      await queryServer(handMade.url, restore);
    }
    expect((await check()).code).toBe(0);
  });

  it("a changed partition key is left to a person, and check names it", async () => {
    await writeFile(models, MODELS.replace('partitionBy: { hash: ["id"] }', 'partitionBy: { range: ["id"] }'));
    try {
      const result = await check();
      expect(result.code).toBe(3);
      expect(result.stdout).toMatch(/shards: partition key changes from hash \(id\) to range \(id\)/);
    } finally {
      await writeFile(models, MODELS);
    }
  });

  it("pull writes partitioning and identity options back, and its models check clean", async () => {
    const pulled = path.join(dir.path, "pulled.ts");
    const pull = await project.run("pull", "--out", pulled);
    expect(pull.code, pull.stderr).toBe(0);
    const text = await readFile(pulled, "utf8");
    expect(text).toContain('partitionBy: { range: ["created_at"] }');
    expect(text).toContain("partitionBy: { list: [sql`lower(code)`] }");
    expect(text).toContain('partitionOf: "events", defaultPartition: true');
    expect(text).toContain("forValues: sql`WITH (modulus 2, remainder 1)`");
    expect(text).toContain("cache: 20, cycle: true");
    expect(text).not.toMatch(/partition \(its parent/);
    await writeFile(models, text);
    try {
      const result = await check();
      expect(result.stdout + result.stderr).toBe(CLEAN);
      expect(result.code).toBe(0);
    } finally {
      await writeFile(models, MODELS);
    }
  });

  it("from an empty database: autogenerate, upgrade and check reproduce the catalog; downgrade removes it all", async () => {
    const empty = await createProject(path.join(dir.path), fromEmpty.url, `, models: "./models.ts"`);
    const revision = await empty.run("revision", "--autogenerate", "-m", "partitions");
    expect(revision.code, revision.stderr).toBe(0);
    const up = await empty.run("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    const clean = await empty.run("check");
    expect(clean.stdout + clean.stderr).toBe(CLEAN);
    expect(clean.code).toBe(0);
    expect(await catalog(fromEmpty.url)).toEqual(await catalog(handMade.url));
    // An index added to an existing partitioned table is built plainly: PostgreSQL builds none CONCURRENTLY on one.
    const before = await catalog(fromEmpty.url);
    await writeFile(
      models,
      MODELS.replace(
        'indexes: [index("ix_events_region", ["region"])]',
        'indexes: [index("ix_events_region", ["region"]), index("ix_events_created", ["created_at"])]',
      ),
    );
    try {
      const added = await empty.run("revision", "--autogenerate", "-m", "index on a partitioned table");
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout.trim().split("\n")).toHaveLength(1);
      const upIndex = await empty.run("upgrade", "head");
      expect(upIndex.code, upIndex.stderr).toBe(0);
      expect((await empty.run("check")).code).toBe(0);
      expect((await empty.run("downgrade", "-1")).code).toBe(0);
      expect(await catalog(fromEmpty.url)).toEqual(before);
    } finally {
      await writeFile(models, MODELS);
    }
    const down = await empty.run("downgrade", "base");
    expect(down.code, down.stderr).toBe(0);
    expect(await catalog(fromEmpty.url)).toEqual({ tables: [], identity: [], constraints: [], indexes: [] });
  });
});
