/**
 * The round trip autogenerate relies on: a rich model (every type, default, constraint and index feature
 * the DSL has), created in a real database by compiling its operations, read back by `introspect`, equals the
 * model once both sides are normalised. Runs on the PostgreSQL server (15 here; own database, dropped
 * afterwards) and on PGlite (PostgreSQL 18). Also checks that introspection issues a fixed number of queries.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openDatabase } from "../../src/engines/connect.js";
import { compileOperation } from "../../src/dialects/postgres/compile/index.js";
import { introspect } from "../../src/dialects/postgres/catalog/index.js";
import { normalizeSnapshot } from "../../src/dialects/postgres/normalize/index.js";
import type { DatabaseSession } from "../../src/dialects/session.js";
import { Operations } from "../../src/ops/operations.js";
import { tableModel, text, integer, type TableDefinition } from "../../src/schema/index.js";
import type { Table } from "../../src/schema/model.js";
import type { SchemaSnapshot, SnapshotFilter } from "../../src/schema/snapshot.js";
import { modelSchemas, modelEnums, modelSequences, modelTables } from "./introspect-postgres.model.js";

const SERVER_URL = process.env["RETORT_TEST_PG_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

const FILTER: SnapshotFilter = {
  includeSchemas: ["public", ...modelSchemas],
  excludeTables: ["ignored_table", "inventory.ignored_here"],
  versionTable: { table: "retort_version" },
};

/** A session that counts the messages sent through `query` and `queryMany`. */
function counting(session: DatabaseSession): { session: DatabaseSession; count: () => number } {
  let calls = 0;
  return {
    session: {
      query: (sql, params) => {
        calls++;
        return session.query(sql, params);
      },
      queryMany: (sql) => {
        calls++;
        return session.queryMany(sql);
      },
      execute: (sql) => session.execute(sql),
      close: () => session.close(),
    },
    count: () => calls,
  };
}

/** An `op` whose operations are compiled for PostgreSQL and executed on `session`. */
function applying(session: DatabaseSession): Operations {
  return new Operations(async (operation) => {
    for (const statement of compileOperation(operation)) await session.execute(statement);
  });
}

/**
 * Creates a snapshot's objects (schemas, enums, sequences, tables in list order) and a few objects to be
 * ignored. Sequences come first (defaults call nextval on them), except those owned by a column.
 */
async function createSnapshot(session: DatabaseSession, snapshot: SchemaSnapshot): Promise<void> {
  const op = applying(session);
  for (const schema of snapshot.schemas) await op.createSchema(schema);
  for (const type of snapshot.enums) await op.createEnum(type.name, type.values, { schema: type.schema });
  const createSequences = async (owned: boolean) => {
    for (const { kind: _kind, name, ...options } of snapshot.sequences.filter((s) => (s.ownedBy !== undefined) === owned)) {
      await op.createSequence(name, options);
    }
  };
  await createSequences(false);
  for (const table of snapshot.tables) {
    await session.execute(compileOperation({ kind: "createTable", table }).join(";\n"));
  }
  await createSequences(true);
  await op.createTable("retort_version", { version_num: text().primaryKey() });
  await op.createTable("ignored_table", { id: integer() });
  await op.createTable("ignored_here", { id: integer() }, { schema: "inventory" });
}

/** The model's tables in dependency order (a normalised snapshot sorts them by name). */
function inModelOrder(snapshot: SchemaSnapshot): SchemaSnapshot {
  const key = (schema: string | undefined, name: string) => `${schema ?? "public"}.${name}`;
  const order = modelTables.map((definition) => {
    const t = tableModel(definition);
    return key(t.schema, t.name);
  });
  return {
    ...snapshot,
    tables: [...snapshot.tables].sort((a, b) => order.indexOf(key(a.schema, a.name)) - order.indexOf(key(b.schema, b.name))),
  };
}

function modelSnapshot(): SchemaSnapshot {
  return {
    tables: modelTables.map((definition: TableDefinition) => tableModel(definition)),
    enums: modelEnums,
    sequences: modelSequences,
    schemas: modelSchemas,
  };
}

interface Engine {
  readonly name: string;
  /** A fresh database; `suffix` tells two of them apart. */
  open(suffix: string): Promise<DatabaseSession>;
  cleanup(): Promise<void>;
}

const database = `retort_introspect_${randomBytes(5).toString("hex")}`;

const engines: readonly Engine[] = [
  {
    name: "PostgreSQL server",
    async open(suffix) {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${database}${suffix}"`);
      } finally {
        await admin.end();
      }
      const url = new URL(SERVER_URL);
      url.pathname = `/${database}${suffix}`;
      return (await openDatabase(url.href, process.cwd(), { createIfMissing: false })).session;
    },
    async cleanup() {
      const admin = new pg.Client({ connectionString: SERVER_URL });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.query(`DROP DATABASE IF EXISTS "${database}_normalised" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  },
  {
    name: "PGlite",
    async open() {
      return (await openDatabase("pglite:memory:", process.cwd(), { createIfMissing: true })).session;
    },
    async cleanup() {},
  },
];

describe.each(engines)("introspect on $name", (engine) => {
  let session: DatabaseSession;

  beforeAll(async () => {
    session = await engine.open("");
    await createSnapshot(session, modelSnapshot());
  });

  afterAll(async () => {
    await session?.close();
    await engine.cleanup();
  });

  test("the introspected schema equals the model once both are normalised", async () => {
    const live = normalizeSnapshot(await introspect(session, FILTER));
    const model = normalizeSnapshot(modelSnapshot());
    expect(live.tables.map((t) => `${t.schema ?? ""}.${t.name}`)).toEqual(model.tables.map((t) => `${t.schema ?? ""}.${t.name}`));
    for (const [i, table] of model.tables.entries()) expect(live.tables[i], table.name).toEqual(table);
    expect(live).toEqual(model);
    expect(live.tables).toHaveLength(modelTables.length);
    expect(live.sequences).toHaveLength(modelSequences.length);
  });

  test("a model that differs does not compare equal", async () => {
    const live = normalizeSnapshot(await introspect(session, FILTER));
    const snapshot = modelSnapshot();
    const changed = (index: number, change: (table: Table) => Table): SchemaSnapshot => ({
      ...snapshot,
      tables: snapshot.tables.map((table, i) => (i === index ? change(table) : table)),
    });
    const products = snapshot.tables.findIndex((t) => t.name === "products");
    const variants: SchemaSnapshot[] = [
      changed(products, (t) => ({
        ...t,
        checkConstraints: t.checkConstraints.map((c) => ({ ...c, expression: c.expression.replace(">=", ">") })),
      })),
      changed(products, (t) => ({
        ...t,
        columns: t.columns.map((c) => (c.name === "price" ? { ...c, default: { kind: "literal", value: 1 } } : c)),
      })),
      changed(products, (t) => ({
        ...t,
        columns: t.columns.map((c) => (c.name === "name" ? { ...c, type: { kind: "varchar", length: 201 } } : c)),
      })),
      changed(products, (t) => ({ ...t, indexes: t.indexes.map((ix) => ({ ...ix, where: "price > 0" })) })),
      { ...snapshot, enums: snapshot.enums.map((e) => ({ ...e, values: [...e.values].reverse() })) },
    ];
    for (const variant of variants) expect(normalizeSnapshot(variant)).not.toEqual(live);
  });

  test("the normalised model (what autogenerate writes into a revision) creates the same schema", async () => {
    const model = normalizeSnapshot(modelSnapshot());
    const other = await engine.open("_normalised");
    try {
      await createSnapshot(other, inModelOrder(model));
      expect(normalizeSnapshot(await introspect(other, FILTER))).toEqual(model);
    } finally {
      await other.close();
    }
  });

  test("normalising is idempotent and the raw introspection is already sorted", async () => {
    const raw = await introspect(session, FILTER);
    const once = normalizeSnapshot(raw);
    expect(normalizeSnapshot(once)).toEqual(once);
    expect(raw.tables.map((t) => t.name)).toEqual(once.tables.map((t) => t.name));
  });

  test("filters: only included schemas, never excluded tables or the version table", async () => {
    const raw = await introspect(session, { ...FILTER, includeSchemas: ["inventory"] });
    expect(raw.tables.every((t) => t.schema === "inventory")).toBe(true);
    expect(raw.enums.every((e) => e.schema === "inventory")).toBe(true);
    expect(raw.schemas).toEqual(["inventory"]);
    const all = await introspect(session, FILTER);
    const names = all.tables.map((t) => `${t.schema ?? "public"}.${t.name}`);
    expect(names).not.toContain("public.retort_version");
    expect(names).not.toContain("public.ignored_table");
    expect(names).not.toContain("inventory.ignored_here");
    const unfiltered = await introspect(session, { ...FILTER, excludeTables: [] });
    expect(unfiltered.tables.map((t) => t.name)).toContain("ignored_table");
  });

  test("serial columns come back as serial types and their sequences are not listed", async () => {
    const raw = await introspect(session, FILTER);
    const counters = raw.tables.find((t) => t.name === "counters")!;
    expect(counters.columns.map((c) => c.type.kind)).toEqual(["serial", "bigserial", "smallserial", "integer"]);
    expect(raw.sequences.map((s) => s.name)).not.toContain("counters_id_seq");
  });

  test("reads the catalog in one message, whatever the number of tables", async () => {
    const op = applying(session);
    await op.createSchema("one_table");
    await op.createSchema("fifty_tables");
    await op.createTable("t0", { id: integer().primaryKey() }, { schema: "one_table" });
    for (let i = 0; i < 50; i++) {
      await op.createTable(
        `t${i}`,
        { id: integer().primaryKey(), label: text().notNull().unique() },
        {
          schema: "fifty_tables",
          comment: `table ${i}`,
        },
      );
    }
    const one = counting(session);
    const small = await introspect(one.session, { ...FILTER, includeSchemas: ["one_table"] });
    const fifty = counting(session);
    const large = await introspect(fifty.session, { ...FILTER, includeSchemas: ["fifty_tables"] });
    expect(small.tables).toHaveLength(1);
    expect(large.tables).toHaveLength(50);
    expect(fifty.count()).toBe(one.count());
    expect(one.count()).toBe(1);
  });
});
