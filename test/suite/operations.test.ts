/**
 * Each operation up and down, on every target that declares what it needs: the operation runs as a revision
 * through the runtime (online, and as a `--sql` script that must hold the same statements), the catalog is read
 * back, then the derived downgrade runs and the catalog must be exactly as before.
 */
import { describe, expect, test } from "vitest";
import { IrreversibleOperationError } from "../../src/errors.js";
import type { Operation, RevisionOperation } from "../../src/ops/operation.js";

type OperationKind = RevisionOperation["kind"];
import { Operations } from "../../src/ops/operations.js";
import { reverseOperation, reverseOperations } from "../../src/ops/reverse.js";
import type { Table } from "../../src/schema/model.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { check, customType, func, index, integer, text, trigger, varchar, sql } from "../../src/schema/index.js";
import { emit, RevisionRunner, type SuiteDatabase, useSuiteDatabase } from "./harness.js";
import { type Needs, withTargets } from "./targets.js";

/** What a case may look at once the operation ran. */
interface Seen {
  readonly snapshot: SchemaSnapshot;
  readonly before: SchemaSnapshot;
  query(statement: string): Promise<Record<string, unknown>[]>;
}

interface OperationCase {
  /** The `op.` method under test. */
  readonly kind: OperationKind | "createMaterializedView" | "dropMaterializedView";
  readonly title: string;
  readonly needs: Needs;
  /** Other schemas the case reads back. */
  readonly schemas?: readonly string[];
  /** Builds what the operation works on (not part of the revision). */
  readonly setup?: (op: Operations) => Promise<void>;
  /** The revision's upgrade. Drops carry the prior state, as autogenerate writes them: build them by reversing the create. */
  readonly change: (op: Operations) => Promise<void>;
  readonly expect: (seen: Seen) => void | Promise<void>;
  /** The operation cannot be reversed (raw SQL, data, enum values). */
  readonly irreversible?: true;
  /** Holds a statement that refuses a transaction. */
  readonly transactional?: false;
}

const tableOf = (snapshot: SchemaSnapshot, name: string): Table => {
  const found = snapshot.tables.find((table) => table.name === name);
  if (found === undefined) throw new Error(`no table ${name} in ${snapshot.tables.map((t) => t.name).join(", ")}`);
  return found;
};
const tableNames = (snapshot: SchemaSnapshot) => snapshot.tables.map((table) => table.name);
const columnNames = (table: Table) => table.columns.map((column) => column.name);
// A primary key's name is left out: MySQL names every primary key PRIMARY.
const constraintNames = (table: Table) =>
  [...table.uniqueConstraints, ...table.foreignKeys, ...table.checkConstraints]
    .filter((constraint) => constraint !== undefined)
    .map((constraint) => constraint.name)
    .sort();

/** The operation an `op.` call builds, without running it. */
async function built(call: (op: Operations) => Promise<void>): Promise<Operation> {
  const ops: Operation[] = [];
  await call(new Operations(async (operation) => void ops.push(operation as Operation)));
  if (ops.length !== 1) throw new Error(`expected one operation, got ${ops.length}`);
  return ops[0]!;
}

/** The drop that reverses a create, carrying what it drops. */
async function dropOf(create: (op: Operations) => Promise<void>): Promise<Operation> {
  return reverseOperation(await built(create));
}

const films = (op: Operations) => op.createTable("films", { id: integer().primaryKey(), title: varchar(100).notNull(), year: integer() });
const people = (op: Operations) => op.createTable("people", { id: integer().primaryKey(), name: text() });

const addOne = (body: string) => func("add_one", { args: "x integer", returns: "integer", language: "sql", body: `SELECT ${body}` });
const touch = func("touch", { returns: "trigger", language: "plpgsql", body: "BEGIN RETURN NEW; END" });
const filmsTouch = trigger("films_touch", { table: "films", timing: "before", events: ["update"], forEach: "row", function: touch });

const CASES: readonly OperationCase[] = [
  {
    kind: "createTable",
    title: "a table with a key, a unique column, a check and an index",
    needs: [],
    change: (op) =>
      op.createTable(
        "films",
        { id: integer().primaryKey(), code: varchar(8).unique(), year: integer() },
        { checks: [check("ck_films_year", sql`year > 1800`)], indexes: [index("ix_films_year", ["year"])] },
      ),
    expect: ({ snapshot }) => {
      const films = tableOf(snapshot, "films");
      expect(columnNames(films)).toEqual(["id", "code", "year"]);
      expect(films.columns.map((c) => c.nullable)).toEqual([false, true, true]);
      expect(constraintNames(films)).toEqual(["ck_films_year", "films_code_key"]);
      expect(films.primaryKey?.columns).toEqual(["id"]);
      expect(films.indexes.map((i) => i.name)).toEqual(["ix_films_year"]);
    },
  },
  {
    kind: "dropTable",
    title: "a table, recreated by the downgrade",
    needs: [],
    setup: films,
    change: async (op) => emit(op, await dropOf(films)),
    expect: ({ snapshot }) => expect(tableNames(snapshot)).not.toContain("films"),
  },
  {
    kind: "renameTable",
    title: "a table",
    needs: [],
    setup: films,
    change: (op) => op.renameTable("films", "movies"),
    expect: ({ snapshot }) => expect(tableNames(snapshot)).toEqual(["movies"]),
  },
  {
    kind: "addColumn",
    title: "a not-null column with a default and a foreign key",
    needs: [],
    setup: async (op) => {
      await films(op);
      await people(op);
    },
    change: (op) => op.addColumn("films", "director_id", integer().notNull().default(0).references("people.id")),
    expect: ({ snapshot }) => {
      const films = tableOf(snapshot, "films");
      expect(columnNames(films)).toEqual(["id", "title", "year", "director_id"]);
      expect(films.columns[3]).toMatchObject({ nullable: false, default: { kind: "literal", value: 0 } });
      expect(films.foreignKeys.map((fk) => fk.columns)).toEqual([["director_id"]]);
    },
  },
  {
    kind: "dropColumn",
    title: "a column, restored by the downgrade",
    needs: [],
    setup: films,
    change: async (op) => emit(op, await dropOf((o) => o.addColumn("films", "year", integer()))),
    expect: ({ snapshot }) => expect(columnNames(tableOf(snapshot, "films"))).toEqual(["id", "title"]),
  },
  {
    kind: "alterColumn",
    title: "type, nullability, default and name at once",
    needs: ["alterTable"],
    setup: films,
    change: (op) =>
      op.alterColumn("films", "title", {
        type: text(),
        existingType: varchar(100),
        nullable: true,
        existingNullable: false,
        default: "untitled",
        existingDefault: null,
        newName: "name",
      }),
    expect: ({ snapshot }) => {
      const films = tableOf(snapshot, "films");
      expect(columnNames(films)).toEqual(["id", "name", "year"]);
      expect(films.columns[1]).toMatchObject({ type: { kind: "text" }, nullable: true, default: { kind: "literal", value: "untitled" } });
    },
  },
  {
    kind: "createIndex",
    title: "a unique index",
    needs: [],
    setup: films,
    change: (op) => op.createIndex("ix_films_title", "films", ["title"], { unique: true }),
    // MySQL keeps a unique index and a unique constraint as one thing, read back as the constraint.
    expect: ({ snapshot }) => {
      const films = tableOf(snapshot, "films");
      const unique = [...films.indexes.filter((i) => i.unique).map((i) => i.name), ...films.uniqueConstraints.map((u) => u.name)];
      expect(unique).toEqual(["ix_films_title"]);
    },
  },
  {
    kind: "createIndex",
    title: "CONCURRENTLY, in a revision without a transaction",
    needs: ["richIndexes"],
    setup: films,
    transactional: false,
    change: (op) => op.createIndex("ix_films_year", "films", ["year"], { concurrently: true }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").indexes.map((i) => i.name)).toEqual(["ix_films_year"]),
  },
  {
    kind: "dropIndex",
    title: "an index, recreated by the downgrade",
    needs: [],
    setup: async (op) => {
      await films(op);
      await op.createIndex("ix_films_year", "films", ["year"]);
    },
    change: async (op) => emit(op, await dropOf((o) => o.createIndex("ix_films_year", "films", ["year"]))),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").indexes).toEqual([]),
  },
  {
    kind: "createUniqueConstraint",
    title: "on two columns",
    needs: ["alterTable"],
    setup: films,
    change: (op) => op.createUniqueConstraint("uq_films_title_year", "films", ["title", "year"]),
    expect: ({ snapshot }) =>
      expect(tableOf(snapshot, "films").uniqueConstraints).toEqual([
        expect.objectContaining({ name: "uq_films_title_year", columns: ["title", "year"] }),
      ]),
  },
  {
    kind: "createForeignKey",
    title: "with ON DELETE",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await people(op);
      await op.addColumn("films", "director_id", integer());
    },
    change: (op) => op.createForeignKey("fk_films_director", "films", "people", ["director_id"], ["id"], { onDelete: "set null" }),
    expect: ({ snapshot }) =>
      expect(tableOf(snapshot, "films").foreignKeys).toEqual([
        expect.objectContaining({ name: "fk_films_director", columns: ["director_id"], onDelete: "set null" }),
      ]),
  },
  {
    kind: "createCheckConstraint",
    title: "on a column",
    needs: ["alterTable"],
    setup: films,
    change: (op) => op.createCheckConstraint("ck_films_year", "films", "year > 1800"),
    expect: ({ snapshot }) => expect(constraintNames(tableOf(snapshot, "films"))).toEqual(["ck_films_year"]),
  },
  {
    kind: "createCheckConstraint",
    title: "NOT VALID: rows already there are not checked",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await op.bulkInsert("films", [{ id: 1, title: "Metropolis", year: 1700 }]);
    },
    change: (op) => op.createCheckConstraint("ck_films_year", "films", "year > 1800", { notValid: true }),
    expect: ({ snapshot }) => expect(constraintNames(tableOf(snapshot, "films"))).toEqual(["ck_films_year"]),
  },
  {
    kind: "createForeignKey",
    title: "NOT VALID",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await people(op);
      await op.addColumn("films", "director_id", integer());
      await op.bulkInsert("films", [{ id: 1, title: "Metropolis", director_id: 7 }]);
    },
    change: (op) => op.createForeignKey("fk_films_director", "films", "people", ["director_id"], ["id"], { notValid: true }),
    expect: ({ snapshot }) =>
      expect(tableOf(snapshot, "films").foreignKeys).toEqual([
        expect.objectContaining({ name: "fk_films_director", columns: ["director_id"] }),
      ]),
  },
  {
    kind: "createExclusionConstraint",
    title: "no two overlapping periods, among the rows of a predicate",
    needs: ["exclusionConstraints"],
    setup: (op) => op.createTable("stays", { id: integer().primaryKey(), during: customType("tsrange"), guest: integer() }),
    change: (op) =>
      op.createExclusionConstraint("ex_stays_during", "stays", {
        using: "gist",
        elements: [{ column: "during", operator: "&&" }],
        where: sql`guest > 0`,
      }),
    expect: async ({ snapshot, query }) => {
      expect(tableOf(snapshot, "stays").exclusionConstraints).toEqual([
        expect.objectContaining({
          name: "ex_stays_during",
          method: "gist",
          elements: [{ kind: "column", name: "during", operator: "&&" }],
        }),
      ]);
      await query(`INSERT INTO stays VALUES (1, '[2026-01-01, 2026-01-05)', 1)`);
      await expect(query(`INSERT INTO stays VALUES (2, '[2026-01-02, 2026-01-03)', 1)`)).rejects.toThrow(/ex_stays_during/);
    },
  },
  {
    kind: "validateConstraint",
    title: "a check added NOT VALID (its downgrade is nothing)",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await op.createCheckConstraint("ck_films_year", "films", "year > 1800", { notValid: true });
    },
    change: (op) => op.validateConstraint("ck_films_year", "films"),
    expect: ({ snapshot }) => expect(constraintNames(tableOf(snapshot, "films"))).toEqual(["ck_films_year"]),
  },
  {
    kind: "createUniqueConstraint",
    title: "USING INDEX: the index built before is taken over, and built again by the downgrade",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await op.createIndex("ix_films_title_year", "films", ["title", "year"], { unique: true });
    },
    change: (op) => op.createUniqueConstraint("uq_films_title_year", "films", ["title", "year"], { usingIndex: "ix_films_title_year" }),
    expect: ({ snapshot }) => {
      expect(tableOf(snapshot, "films").uniqueConstraints).toEqual([
        expect.objectContaining({ name: "uq_films_title_year", columns: ["title", "year"] }),
      ]);
      expect(tableOf(snapshot, "films").indexes).toEqual([]);
    },
  },
  {
    kind: "createPrimaryKey",
    title: "USING INDEX",
    needs: ["alterTable"],
    setup: async (op) => {
      await op.createTable("tags", { film_id: integer().notNull(), tag: text().notNull() });
      await op.createIndex("ix_tags", "tags", ["film_id", "tag"], { unique: true });
    },
    change: (op) => op.createPrimaryKey("pk_tags", "tags", ["film_id", "tag"], { usingIndex: "ix_tags" }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "tags").primaryKey).toMatchObject({ name: "pk_tags", columns: ["film_id", "tag"] }),
  },
  {
    kind: "createPrimaryKey",
    title: "on a table without one",
    needs: ["alterTable"],
    setup: (op) => op.createTable("tags", { film_id: integer().notNull(), tag: text().notNull() }),
    change: (op) => op.createPrimaryKey("pk_tags", "tags", ["film_id", "tag"]),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "tags").primaryKey).toMatchObject({ name: "pk_tags", columns: ["film_id", "tag"] }),
  },
  {
    kind: "dropConstraint",
    title: "a check, restored by the downgrade",
    needs: ["alterTable"],
    setup: async (op) => {
      await films(op);
      await op.createCheckConstraint("ck_films_year", "films", "year > 1800");
    },
    change: async (op) => emit(op, await dropOf((o) => o.createCheckConstraint("ck_films_year", "films", "year > 1800"))),
    expect: ({ snapshot }) => expect(constraintNames(tableOf(snapshot, "films"))).toEqual([]),
  },
  {
    kind: "createTableComment",
    title: "on a table without one",
    needs: ["comments"],
    setup: films,
    change: (op) => op.createTableComment("films", "films we've seen", { existingComment: null }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").comment).toBe("films we've seen"),
  },
  {
    kind: "dropTableComment",
    title: "restored by the downgrade",
    needs: ["comments"],
    setup: async (op) => {
      await films(op);
      await op.createTableComment("films", "kept");
    },
    change: (op) => op.dropTableComment("films", { existingComment: "kept" }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").comment).toBeUndefined(),
  },
  {
    kind: "createEnum",
    title: "with three values",
    needs: ["enums"],
    change: (op) => op.createEnum("mood", ["calm", "tense", "odd"]),
    expect: ({ snapshot }) => expect(snapshot.enums).toEqual([expect.objectContaining({ name: "mood", values: ["calm", "tense", "odd"] })]),
  },
  {
    kind: "dropEnum",
    title: "recreated with its values by the downgrade",
    needs: ["enums"],
    setup: (op) => op.createEnum("mood", ["calm", "tense"]),
    change: (op) => op.dropEnum("mood", { existingValues: ["calm", "tense"] }),
    expect: ({ snapshot }) => expect(snapshot.enums).toEqual([]),
  },
  {
    kind: "addEnumValue",
    title: "before another (irreversible)",
    needs: ["enums"],
    setup: (op) => op.createEnum("mood", ["calm", "tense"]),
    change: (op) => op.addEnumValue("mood", "odd", { before: "tense" }),
    expect: ({ snapshot }) => expect(snapshot.enums.map((e) => e.values)).toEqual([["calm", "odd", "tense"]]),
    irreversible: true,
  },
  {
    kind: "renameEnumValue",
    title: "back and forth",
    needs: ["enums"],
    setup: (op) => op.createEnum("mood", ["calm", "tense"]),
    change: (op) => op.renameEnumValue("mood", "tense", "edgy"),
    expect: ({ snapshot }) => expect(snapshot.enums.map((e) => e.values)).toEqual([["calm", "edgy"]]),
  },
  {
    kind: "createSequence",
    title: "with options",
    needs: ["sequences"],
    change: (op) => op.createSequence("tickets", { start: 100, increment: 10, maxValue: 1000, cycle: true }),
    expect: ({ snapshot }) =>
      expect(snapshot.sequences).toEqual([
        expect.objectContaining({ name: "tickets", start: 100, increment: 10, maxValue: 1000, cycle: true }),
      ]),
  },
  {
    kind: "dropSequence",
    title: "recreated by the downgrade",
    needs: ["sequences"],
    setup: (op) => op.createSequence("tickets", { start: 7 }),
    change: async (op) => emit(op, await dropOf((o) => o.createSequence("tickets", { start: 7 }))),
    expect: ({ snapshot }) => expect(snapshot.sequences).toEqual([]),
  },
  {
    kind: "alterSequence",
    title: "options changed in place, restored by the downgrade",
    needs: ["sequences"],
    setup: (op) => op.createSequence("tickets", { start: 100 }),
    change: (op) =>
      op.alterSequence("tickets", { increment: 5, maxValue: 900, cycle: true, existing: { increment: 1, maxValue: null, cycle: false } }),
    expect: ({ snapshot }) =>
      expect(snapshot.sequences).toEqual([
        expect.objectContaining({ name: "tickets", start: 100, increment: 5, maxValue: 900, cycle: true }),
      ]),
  },
  {
    kind: "createDomain",
    title: "with a default, NOT NULL and a check",
    needs: ["domains"],
    change: (op) => op.createDomain("score", integer(), { notNull: true, default: 0, check: sql`VALUE >= 0` }),
    expect: ({ snapshot }) =>
      expect(snapshot.domains).toEqual([
        expect.objectContaining({ name: "score", type: { kind: "integer" }, notNull: true, default: { kind: "literal", value: 0 } }),
      ]),
  },
  {
    kind: "alterDomain",
    title: "default, NOT NULL and checks, restored by the downgrade",
    needs: ["domains"],
    setup: (op) => op.createDomain("score", integer(), { check: sql`VALUE >= 0` }),
    change: (op) =>
      op.alterDomain("score", {
        default: 1,
        existingDefault: null,
        notNull: true,
        existingNotNull: false,
        dropChecks: { score_check: sql`VALUE >= 0` },
        addChecks: { score_small: sql`VALUE < 100` },
      }),
    expect: ({ snapshot }) =>
      expect(snapshot.domains).toEqual([
        expect.objectContaining({ name: "score", notNull: true, checks: [expect.objectContaining({ name: "score_small" })] }),
      ]),
  },
  {
    kind: "dropDomain",
    title: "recreated by the downgrade",
    needs: ["domains"],
    setup: (op) => op.createDomain("score", integer(), { check: sql`VALUE >= 0` }),
    change: async (op) => emit(op, await dropOf((o) => o.createDomain("score", integer(), { check: sql`VALUE >= 0` }))),
    expect: ({ snapshot }) => expect(snapshot.domains ?? []).toEqual([]),
  },
  {
    kind: "createFunction",
    title: "an SQL function",
    needs: ["routines"],
    change: (op) => op.createFunction(addOne("x + 1")),
    expect: ({ snapshot }) => expect(snapshot.routines).toEqual([expect.objectContaining({ name: "add_one", language: "sql" })]),
  },
  {
    kind: "replaceFunction",
    title: "its body replaced in place, restored by the downgrade",
    needs: ["routines"],
    setup: (op) => op.createFunction(addOne("x + 1")),
    change: (op) => op.replaceFunction(addOne("1 + x"), { existing: addOne("x + 1") }),
    expect: ({ snapshot }) => expect(snapshot.routines?.map((r) => r.body)).toEqual([expect.stringContaining("1 + x")]),
  },
  {
    kind: "dropFunction",
    title: "recreated by the downgrade",
    needs: ["routines"],
    setup: (op) => op.createFunction(addOne("x + 1")),
    change: async (op) => emit(op, await dropOf((o) => o.createFunction(addOne("x + 1")))),
    expect: ({ snapshot }) => expect(snapshot.routines ?? []).toEqual([]),
  },
  {
    kind: "createTrigger",
    title: "a row trigger calling a trigger function",
    needs: ["routines"],
    setup: async (op) => {
      await films(op);
      await op.createFunction(touch);
    },
    change: (op) => op.createTrigger(filmsTouch),
    expect: ({ snapshot }) => expect(snapshot.triggers).toEqual([expect.objectContaining({ name: "films_touch", table: "films" })]),
  },
  {
    kind: "dropTrigger",
    title: "recreated by the downgrade",
    needs: ["routines"],
    setup: async (op) => {
      await films(op);
      await op.createFunction(touch);
      await op.createTrigger(filmsTouch);
    },
    change: async (op) => emit(op, await dropOf((o) => o.createTrigger(filmsTouch))),
    expect: ({ snapshot }) => expect(snapshot.triggers ?? []).toEqual([]),
  },
  {
    kind: "attachPartition",
    title: "an existing table becomes a range partition, detached by the downgrade",
    needs: ["partitions"],
    setup: async (op) => {
      await op.createTable("events", { id: integer(), at: text() }, { partitionBy: { range: ["at"] } });
      await op.createTable("events_2026", { id: integer(), at: text() });
    },
    change: (op) => op.attachPartition("events", "events_2026", { forValues: sql`FROM ('2026') TO ('2027')` }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "events_2026").partitionOf).toMatchObject({ table: "events" }),
  },
  {
    kind: "createView",
    title: "a view of a table",
    needs: ["views"],
    setup: films,
    change: (op) => op.createView("recent", sql`SELECT id, title FROM films WHERE year > 2000`),
    expect: ({ snapshot }) => expect(snapshot.views).toEqual([expect.objectContaining({ name: "recent" })]),
  },
  {
    kind: "createMaterializedView",
    title: "a materialized view of a table",
    needs: ["views"],
    setup: films,
    change: (op) => op.createMaterializedView("counts", sql`SELECT year, count(*) AS n FROM films GROUP BY year`),
    expect: ({ snapshot }) => expect(snapshot.views).toEqual([expect.objectContaining({ name: "counts", materialized: true })]),
  },
  {
    kind: "replaceView",
    title: "its query replaced in place",
    needs: ["views"],
    setup: async (op) => {
      await films(op);
      await op.createView("recent", sql`SELECT id, title FROM films WHERE year > 2000`);
    },
    // Written by hand it carries no prior definition (autogenerate's does): its downgrade is refused.
    change: (op) => op.replaceView("recent", sql`SELECT id, title FROM films WHERE year > 2010`),
    irreversible: true,
    expect: ({ snapshot }) => expect(snapshot.views?.map((v) => v.definition)).toEqual([expect.stringContaining("2010")]),
  },
  {
    kind: "dropView",
    title: "recreated by the downgrade",
    needs: ["views"],
    setup: async (op) => {
      await films(op);
      await op.createView("recent", sql`SELECT id, title FROM films WHERE year > 2000`);
    },
    change: async (op) => emit(op, await dropOf((o) => o.createView("recent", sql`SELECT id, title FROM films WHERE year > 2000`))),
    expect: ({ snapshot }) => expect(snapshot.views ?? []).toEqual([]),
  },
  {
    kind: "dropMaterializedView",
    title: "recreated by the downgrade",
    needs: ["views"],
    setup: async (op) => {
      await films(op);
      await op.createMaterializedView("counts", sql`SELECT year, count(*) AS n FROM films GROUP BY year`);
    },
    change: async (op) =>
      emit(op, await dropOf((o) => o.createMaterializedView("counts", sql`SELECT year, count(*) AS n FROM films GROUP BY year`))),
    expect: ({ snapshot }) => expect(snapshot.views ?? []).toEqual([]),
  },
  {
    kind: "setRowLevelSecurity",
    title: "enabled, disabled again by the downgrade",
    needs: ["security"],
    setup: films,
    change: (op) => op.setRowLevelSecurity("films", "enabled", { existing: "disabled" }),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").rowLevelSecurity).toBe("enabled"),
  },
  {
    kind: "grant",
    title: "privileges to every role, revoked by the downgrade",
    needs: ["security"],
    setup: films,
    change: (op) => op.grant("films", "public", ["select", "insert"]),
    expect: ({ snapshot }) =>
      expect(tableOf(snapshot, "films").grants).toEqual([expect.objectContaining({ to: "public", privileges: ["select", "insert"] })]),
  },
  {
    kind: "revoke",
    title: "a privilege taken back, granted again by the downgrade",
    needs: ["security"],
    setup: async (op) => {
      await films(op);
      await op.grant("films", "public", ["select", "insert"]);
    },
    change: (op) => op.revoke("films", "public", ["insert"]),
    expect: ({ snapshot }) => expect(tableOf(snapshot, "films").grants).toEqual([expect.objectContaining({ privileges: ["select"] })]),
  },
  {
    kind: "createPolicy",
    title: "a permissive policy on a table",
    needs: ["security"],
    setup: films,
    change: (op) => op.createPolicy("recent_only", "films", { using: sql`year > 2000` }),
    expect: ({ snapshot }) => expect(snapshot.policies).toEqual([expect.objectContaining({ name: "recent_only", table: "films" })]),
  },
  {
    kind: "dropPolicy",
    title: "recreated by the downgrade",
    needs: ["security"],
    setup: async (op) => {
      await films(op);
      await op.createPolicy("recent_only", "films", { using: sql`year > 2000` });
    },
    change: (op) => op.dropPolicy("recent_only", "films", { existing: { using: sql`year > 2000` } }),
    expect: ({ snapshot }) => expect(snapshot.policies ?? []).toEqual([]),
  },
  {
    kind: "createSchema",
    title: "an empty schema",
    needs: ["schemas"],
    schemas: ["extra"],
    change: (op) => op.createSchema("extra"),
    expect: ({ snapshot, before }) => {
      expect(before.schemas).not.toContain("extra");
      expect(snapshot.schemas).toContain("extra");
    },
  },
  {
    kind: "dropSchema",
    title: "an empty schema, recreated by the downgrade",
    needs: ["schemas"],
    schemas: ["extra"],
    setup: (op) => op.createSchema("extra"),
    change: async (op) => emit(op, await dropOf((o) => o.createSchema("extra"))),
    expect: ({ snapshot, before }) => {
      expect(before.schemas).toContain("extra");
      expect(snapshot.schemas).not.toContain("extra");
    },
  },
  {
    kind: "execute",
    title: "raw SQL (irreversible)",
    needs: [],
    setup: films,
    change: (op) => op.execute("INSERT INTO films (id, title) VALUES (1, 'Alien')"),
    expect: async ({ query }) => expect(await query("SELECT id, title FROM films")).toEqual([{ id: 1, title: "Alien" }]),
    irreversible: true,
  },
  {
    kind: "bulkInsert",
    title: "rows with quotes, nulls and defaults (irreversible)",
    needs: [],
    setup: (op) => op.createTable("films", { id: integer().primaryKey(), title: text().notNull().default("?"), year: integer() }),
    change: (op) =>
      op.bulkInsert("films", [
        { id: 1, title: "It's \\ odd", year: null },
        { id: 2, year: 1979 },
      ]),
    expect: async ({ query }) =>
      expect(await query("SELECT id, title, year FROM films ORDER BY id")).toEqual([
        { id: 1, title: "It's \\ odd", year: null },
        { id: 2, title: "?", year: 1979 },
      ]),
    irreversible: true,
  },
  {
    kind: "backfill",
    title: "rows in batches outside a transaction (irreversible)",
    needs: [],
    setup: async (op) => {
      await films(op);
      await op.bulkInsert(
        "films",
        Array.from({ length: 7 }, (_, i) => ({ id: i + 1, title: `film ${i + 1}`, year: i % 2 === 0 ? null : 1990 })),
      );
    },
    transactional: false,
    change: (op) => op.backfill("films", { set: { year: sql`2000 + id` }, where: sql`year IS NULL`, batchSize: 2 }),
    expect: async ({ query }) =>
      expect(await query("SELECT id, year FROM films ORDER BY id")).toEqual(
        Array.from({ length: 7 }, (_, i) => ({ id: i + 1, year: i % 2 === 0 ? 2001 + i : 1990 })),
      ),
    irreversible: true,
  },
];

/** The `op.` methods, read from an `op` object, so a new one without a case fails here. */
function operationMethods(): string[] {
  const op = new Operations(async () => undefined);
  return Object.keys(op)
    .filter((name) => typeof (op as unknown as Record<string, unknown>)[name] === "function")
    .sort();
}

describe("the operation cases", () => {
  test("cover every op. method", () => {
    // Extensions need the server's contrib files, which PGlite loads another way: they are run on the server in
    // test/autogenerate/sequences-domains.test.ts. detachPartition is the downgrade of attachPartition here.
    const elsewhere = ["createExtension", "dropExtension", "detachPartition"];
    expect([...new Set(CASES.map((c) => c.kind))].sort()).toEqual(operationMethods().filter((m) => !elsewhere.includes(m)));
  });
});

async function runCase(suite: SuiteDatabase, operationCase: OperationCase): Promise<void> {
  const { db, dialect } = suite;
  const direct = new Operations(async (operation) => {
    for (const statement of dialect.compile(operation)) await db.session.execute(statement);
  });
  await operationCase.setup?.(direct);
  const introspect = () => suite.introspect(operationCase.schemas);
  const before = await introspect();

  const upgrade: Operation[] = [];
  await operationCase.change(new Operations(async (operation) => void upgrade.push(operation as Operation)));
  // The materialized-view methods make createView / dropView operations marked materialized.
  const emitted = operationCase.kind.replace(/MaterializedView$/, "View");
  expect(upgrade.map((operation) => operation.kind)).toEqual([emitted]);
  let downgrade: readonly Operation[] = [];
  if (operationCase.irreversible) {
    // op.backfill is not an operation autogenerate writes or reverses: its downgrade is the author's to write.
    if (operationCase.kind !== "backfill") expect(() => reverseOperations(upgrade)).toThrow(IrreversibleOperationError);
  } else downgrade = reverseOperations(upgrade);
  const runner = new RevisionRunner(dialect, [
    {
      id: "a1",
      transactional: operationCase.transactional ?? true,
      upgrade: async (op) => {
        for (const operation of upgrade) await emit(op, operation);
      },
      downgrade: async (op) => {
        for (const operation of downgrade) await emit(op, operation);
      },
    },
  ]);

  const upScript = await runner.offline("upgrade", "base", "a1");
  const up = await runner.online(db, "upgrade", "a1");
  expect(runner.asScript(up, "base")).toEqual(upScript.statements);
  expect(await runner.heads(db)).toEqual(["a1"]);
  await operationCase.expect({ snapshot: await introspect(), before, query: (statement) => db.session.query(statement) });

  const downScript = await runner.offline("downgrade", "a1", "base");
  const down = await runner.online(db, "downgrade", "base");
  expect(runner.asScript(down, "a1")).toEqual(downScript.statements);
  expect(await runner.heads(db)).toEqual([]);
  if (!operationCase.irreversible) expect(await introspect()).toEqual(before);
}

withTargets("each operation up and down", [], (target) => {
  const suite = useSuiteDatabase(target);
  for (const operationCase of CASES) {
    const run = operationCase.needs.every((need) => target.capabilities[need]) ? test : test.skip;
    run(`${operationCase.kind}: ${operationCase.title}`, () => runCase(suite, operationCase));
  }
  const expectations = target.suite.operationExpectations;
  if (expectations !== undefined) describe(`as ${target.dialect.name} spells its catalog`, () => expectations(suite));
});
