import { describe, expect, it } from "vitest";
import { AS_BUILT, EMPTY, snapshotOf } from "../../test/autogenerate/helpers.js";
import { date, enumColumn, enumType, integer, table, text, unique, varchar, type ColumnRef } from "../schema/index.js";
import type { Operation } from "../ops/operation.js";

type OperationKind = Operation["kind"];
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  Routine,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from "../schema/model.js";
import { describeOperation } from "./describe.js";
import { planMigration } from "./produce.js";
import { creationOrder, orderOperations } from "./order.js";

const label = (op: Operation): string => {
  switch (op.kind) {
    case "createTable":
      return `createTable ${op.table.name}`;
    case "dropTable":
      return `dropTable ${op.name}`;
    case "createForeignKey":
      return `createForeignKey ${op.constraint.name}`;
    case "dropConstraint":
      return `dropConstraint ${op.name}`;
    default:
      return op.kind;
  }
};

const countries = table("countries", { code: varchar(2).primaryKey() });
const directors = table("directors", { id: integer().primaryKey(), country: varchar(2).references(() => countries.code) });
const movies = table("movies", { id: integer().primaryKey(), director_id: integer().references(() => directors.id) });
const awards = table("awards", { id: integer().primaryKey(), movie_id: integer().references(() => movies.id) });

describe("dependency order", () => {
  it("creates tables before the foreign keys that point at them", () => {
    const plan = planMigration(EMPTY, snapshotOf({ awards, movies, directors, countries }), [], AS_BUILT);
    expect(plan.upgrade.map(label)).toEqual(["createTable countries", "createTable directors", "createTable movies", "createTable awards"]);
  });

  it("drops tables in reverse order", () => {
    const plan = planMigration(snapshotOf({ awards, movies, directors, countries }), EMPTY, [], AS_BUILT);
    expect(plan.upgrade.map(label)).toEqual(["dropTable awards", "dropTable movies", "dropTable directors", "dropTable countries"]);
  });

  it("keeps a self-reference inside its table", () => {
    const categories = table("categories", { id: integer().primaryKey(), parent_id: integer().references((): ColumnRef => categories.id) });
    expect(planMigration(EMPTY, snapshotOf({ categories }), [], AS_BUILT).upgrade.map(label)).toEqual(["createTable categories"]);
  });

  it("breaks a foreign-key cycle into a separate constraint, both ways", () => {
    const a = table("a", { id: integer().primaryKey(), b_id: integer().references((): ColumnRef => b.id) });
    const b = table("b", { id: integer().primaryKey(), a_id: integer().references((): ColumnRef => a.id) });
    const up = planMigration(EMPTY, snapshotOf({ a, b }), [], AS_BUILT);
    expect(up.upgrade.map(label)).toEqual(["createTable a", "createTable b", "createForeignKey a_b_id_fkey"]);
    expect(up.downgrade.map((step) => (step.kind === "operation" ? label(step.operation) : "?"))).toEqual([
      "dropConstraint a_b_id_fkey",
      "dropTable b",
      "dropTable a",
    ]);
    const down = planMigration(snapshotOf({ a, b }), EMPTY, [], AS_BUILT);
    expect(down.upgrade.map(label)).toEqual(["dropConstraint a_b_id_fkey", "dropTable b", "dropTable a"]);
    // The recorded tables no longer hold the detached key, so the downgrade recreates it last.
    expect(down.downgrade.map((step) => (step.kind === "operation" ? label(step.operation) : "?"))).toEqual([
      "createTable a",
      "createTable b",
      "createForeignKey a_b_id_fkey",
    ]);
  });

  it("creates enum types before the tables that use them and drops them after", () => {
    const genre = enumType("genre", ["drama"]);
    const films = table("films", { id: integer().primaryKey(), genre: enumColumn(genre) });
    expect(planMigration(EMPTY, snapshotOf({ films, genre }), [], AS_BUILT).upgrade.map((op) => op.kind)).toEqual([
      "createEnum",
      "createTable",
    ]);
    expect(planMigration(snapshotOf({ films, genre }), EMPTY, [], AS_BUILT).upgrade.map((op) => op.kind)).toEqual([
      "dropTable",
      "dropEnum",
    ]);
  });

  it("drops foreign keys before the tables and columns they point at", () => {
    const before = snapshotOf({ countries, directors });
    const after = snapshotOf({ directors: table("directors", { id: integer().primaryKey(), country: varchar(2) }) });
    expect(planMigration(before, after, [], AS_BUILT).upgrade.map(label)).toEqual([
      "dropConstraint directors_country_fkey",
      "dropTable countries",
    ]);
  });

  it("creates a new table's foreign key after the key it needs", () => {
    const people = table("people", { id: integer().primaryKey(), email: text() });
    const withKey = table("people", { id: integer().primaryKey(), email: text() }, { uniques: [unique(["email"])] });
    const logins = table("logins", { id: integer().primaryKey(), email: text().references(() => withKey.email) });
    expect(planMigration(snapshotOf({ people }), snapshotOf({ people: withKey, logins }), [], AS_BUILT).upgrade.map(label)).toEqual([
      "createTable logins",
      "createUniqueConstraint",
      "createForeignKey logins_email_fkey",
    ]);
  });

  it("is deterministic and leaves its input alone", () => {
    const ops = planMigration(
      EMPTY,
      snapshotOf({ movies, directors, countries, awards, released: table("released", { id: integer().primaryKey(), on: date() }) }),
      [],
      AS_BUILT,
    ).upgrade;
    const shuffled = [...ops].reverse();
    const copy = structuredClone(shuffled);
    expect(orderOperations(shuffled)).toEqual(orderOperations(ops));
    expect(shuffled).toEqual(copy);
  });

  it("orders by name when nothing else decides", () => {
    const x = table("x", { id: integer().primaryKey() });
    const y = table("y", { id: integer().primaryKey() });
    expect(creationOrder(snapshotOf({ y, x }).tables).order.map((t) => t.name)).toEqual(["x", "y"]);
  });
});

// Literal fixtures for the ordering rules: one table `movies` with columns `id` and `genre`, a table
// `directors` its foreign key points at, an enum `genre`, a sequence `movie_ids` and a schema `inventory`.
const col = (name: string, type: Column["type"] = { kind: "integer" }): Column => ({ name, type, nullable: true });
const tbl = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...extra,
});
const genreType: Column["type"] = { kind: "enum", name: "genre" };
const moviesTable = tbl("movies", [col("id"), col("genre", genreType)]);
const fk: ForeignKey = {
  kind: "foreignKey",
  name: "movies_director_id_fkey",
  columns: ["director_id"],
  referredTable: "directors",
  referredColumns: ["id"],
};
const index: Index = { name: "ix_movies_genre", elements: [{ kind: "column", name: "genre" }], unique: false };
const pk: PrimaryKey = { kind: "primaryKey", name: "movies_pkey", columns: ["id"] };
const uq: UniqueConstraint = { kind: "unique", name: "movies_genre_key", columns: ["genre"] };
const ck: CheckConstraint = { kind: "check", name: "movies_check", expression: "id > 0" };

/**
 * The phases as the order must run them, each with operations of its kind(s); every operation of a phase
 * runs before every operation of a later one. Why each phase follows the one before is noted beside it.
 */
const touch: Routine = {
  kind: "function",
  name: "touch",
  args: "",
  returns: "trigger",
  language: "plpgsql",
  body: "BEGIN RETURN NEW; END",
};
const moviesTouch: Trigger = {
  kind: "trigger",
  name: "movies_touch",
  table: "movies",
  timing: "before",
  events: ["update"],
  forEach: "row",
  function: { name: "touch" },
};
const recentMovies: View = { kind: "view", name: "recent_movies", definition: "SELECT id FROM movies" };
const movieCounts: View = { kind: "view", name: "movie_counts", definition: "SELECT count(*) FROM movies", materialized: true };

const PHASES: readonly { readonly phase: string; readonly ops: readonly Operation[] }[] = [
  { phase: "create schemas (everything else may live in one)", ops: [{ kind: "createSchema", name: "inventory" }] },
  {
    phase: "create extensions (their types and functions serve everything after)",
    ops: [{ kind: "createExtension", extension: { kind: "extension", name: "citext" } }],
  },
  {
    phase: "create enum types (tables and sequences may use them)",
    ops: [{ kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["drama"] } }],
  },
  {
    phase: "create sequences (column defaults call them)",
    ops: [{ kind: "createSequence", sequence: { kind: "sequence", name: "movie_ids" } }],
  },
  {
    phase: "create domains (columns use them)",
    ops: [{ kind: "createDomain", domain: { kind: "domain", name: "email", type: { kind: "text" }, checks: [] } }],
  },
  {
    phase: "change enum values (defaults and rows may use the new values)",
    ops: [
      { kind: "addEnumValue", enumName: "genre", value: "comedy" },
      { kind: "renameEnumValue", enumName: "genre", from: "drama", to: "dramatic" },
    ],
  },
  {
    phase: "alter domains (before the columns that use them change)",
    ops: [{ kind: "alterDomain", name: "email", notNull: { to: true } }],
  },
  {
    phase: "drop triggers (before the tables and functions they use)",
    ops: [{ kind: "dropTrigger", name: "movies_touch", table: "movies" }],
  },
  {
    phase: "create functions (tables' checks, defaults and indexes may call them)",
    ops: [
      { kind: "createFunction", function: touch },
      { kind: "replaceFunction", function: { ...touch, body: "BEGIN RETURN NULL; END" }, existing: touch },
    ],
  },
  {
    phase: "drop views (before the columns and tables they read)",
    ops: [
      { kind: "dropView", name: "recent_movies", existing: recentMovies },
      { kind: "dropView", name: "movie_counts", materialized: true, existing: movieCounts },
    ],
  },
  {
    phase: "drop policies (their expressions may use the columns and tables dropped after)",
    ops: [{ kind: "dropPolicy", name: "own_rows", table: "movies" }],
  },
  {
    phase: "drop foreign keys (before the keys, columns and tables they point at)",
    ops: [{ kind: "dropConstraint", table: "movies", name: fk.name, existing: fk }],
  },
  {
    phase: "drop indexes (by their names before renames)",
    ops: [{ kind: "dropIndex", name: index.name, table: "movies", existing: index }],
  },
  {
    phase: "drop unique and check constraints",
    ops: [
      { kind: "dropConstraint", table: "movies", name: uq.name, existing: uq },
      { kind: "dropConstraint", table: "movies", name: ck.name, existing: ck },
      { kind: "dropConstraint", table: "movies", name: "unknown" },
    ],
  },
  {
    phase: "drop primary keys (after the foreign keys that need them)",
    ops: [{ kind: "dropConstraint", table: "movies", name: pk.name, existing: pk }],
  },
  {
    phase: "release sequences from their owners (dropping the owner would drop them)",
    ops: [{ kind: "alterSequence", name: "movie_ids", ownedBy: { from: { table: "movies", column: "id" }, to: null } }],
  },
  {
    phase: "detach partitions (before the tables they leave are renamed or dropped)",
    ops: [{ kind: "detachPartition", table: "events", partition: "events_2025", existingBound: "DEFAULT" }],
  },
  { phase: "rename tables", ops: [{ kind: "renameTable", name: "films", newName: "movies" }] },
  { phase: "rename columns", ops: [{ kind: "alterColumn", table: "movies", column: "title", newName: "name" }] },
  {
    phase: "drop columns (after what sits on them)",
    ops: [{ kind: "dropColumn", table: "movies", name: "genre", existing: { column: col("genre", genreType), constraints: [] } }],
  },
  {
    phase: "drop tables (freeing their names for the creates)",
    ops: [
      { kind: "dropTable", name: "reviews" },
      { kind: "dropTable", name: "movies", existing: moviesTable },
    ],
  },
  { phase: "create tables", ops: [{ kind: "createTable", table: moviesTable }] },
  {
    phase: "add columns (to the tables created or renamed before)",
    ops: [{ kind: "addColumn", table: "movies", column: col("rating"), constraints: [] }],
  },
  {
    phase: "alter columns (by their new names, possibly to new enum values)",
    ops: [
      { kind: "alterColumn", table: "movies", column: "id", type: { to: { kind: "bigint" } } },
      { kind: "alterColumn", table: "movies", column: "id", nullable: { to: false }, newName: "key" },
      { kind: "alterColumn", table: "movies", column: "id", default: { to: null }, newName: "key" },
      { kind: "alterColumn", table: "movies", column: "id", comment: { to: "Key" }, newName: "key" },
      { kind: "alterColumn", table: "movies", column: "id", type: { to: { kind: "bigint" } }, newName: "key" },
    ],
  },
  {
    phase: "alter sequences (their owners exist by then)",
    ops: [
      { kind: "alterSequence", name: "movie_ids", ownedBy: { from: null, to: { table: "movies", column: "id" } } },
      { kind: "alterSequence", name: "movie_ids", increment: { to: 5 } },
    ],
  },
  {
    phase: "attach partitions (to tables created before, with their columns)",
    ops: [{ kind: "attachPartition", table: "events", partition: "events_2026", bound: "DEFAULT" }],
  },
  { phase: "create primary keys (on columns added or altered)", ops: [{ kind: "createPrimaryKey", table: "movies", constraint: pk }] },
  {
    phase: "create unique and check constraints",
    ops: [
      { kind: "createUniqueConstraint", table: "movies", constraint: uq },
      { kind: "createCheckConstraint", table: "movies", constraint: ck },
      {
        kind: "createExclusionConstraint",
        table: "movies",
        constraint: {
          kind: "exclude",
          name: "movies_title_excl",
          method: "btree",
          elements: [{ kind: "column", name: "title", operator: "=" }],
        },
      },
    ],
  },
  { phase: "create indexes", ops: [{ kind: "createIndex", table: "movies", index }] },
  {
    phase: "create foreign keys (after the keys they refer to), validate constraints",
    ops: [
      { kind: "createForeignKey", table: "movies", constraint: fk },
      { kind: "validateConstraint", table: "movies", name: fk.name },
    ],
  },
  {
    phase: "create triggers (on their tables, calling their functions)",
    ops: [{ kind: "createTrigger", trigger: moviesTouch }],
  },
  {
    phase: "table comments (on tables that exist by then)",
    ops: [
      { kind: "createTableComment", table: "movies", comment: "Films", existing: null },
      { kind: "dropTableComment", table: "movies", existing: "Films" },
    ],
  },
  { phase: "drop domains (no column uses them any more)", ops: [{ kind: "dropDomain", name: "email" }] },
  {
    phase: "drop functions (no trigger or table uses them any more)",
    ops: [{ kind: "dropFunction", name: "old_touch", args: "" }],
  },
  {
    phase: "create and replace views (after every table change)",
    ops: [
      { kind: "createView", view: recentMovies },
      { kind: "replaceView", view: movieCounts, existing: movieCounts },
    ],
  },
  {
    phase: "row-level security and grants (on tables that exist by then)",
    ops: [
      { kind: "setRowLevelSecurity", table: "movies", mode: "enabled", existing: "disabled" },
      { kind: "grant", table: "movies", to: "app_user", privileges: ["select"] },
      { kind: "revoke", table: "movies", from: "app_user", privileges: ["insert"] },
    ],
  },
  {
    phase: "create policies (their expressions may use any column or table)",
    ops: [
      {
        kind: "createPolicy",
        policy: { kind: "policy", name: "own_rows", table: "movies", as: "permissive", for: "all", roles: [], using: "true" },
      },
    ],
  },
  { phase: "drop enum types (no column uses them any more)", ops: [{ kind: "dropEnum", name: "genre" }] },
  { phase: "drop sequences (no default calls them any more)", ops: [{ kind: "dropSequence", name: "movie_ids" }] },
  { phase: "drop extensions (nothing uses their objects any more)", ops: [{ kind: "dropExtension", name: "citext" }] },
  { phase: "drop schemas (emptied before)", ops: [{ kind: "dropSchema", name: "inventory" }] },
  {
    phase: "hand-written SQL and data (on the finished schema)",
    ops: [
      { kind: "execute", sql: "SELECT 1" },
      { kind: "bulkInsert", table: "movies", columns: ["id"], rows: [[1]] },
    ],
  },
];

describe("phases", () => {
  const all = PHASES.flatMap(({ phase, ops }, rank) => ops.map((op) => ({ phase, rank, op })));
  const pairs = all.flatMap((a) => all.filter((b) => b.rank > a.rank).map((b) => [a, b] as const));

  it("covers every operation kind", () => {
    const kinds: Record<OperationKind, true> = {
      createTable: true,
      dropTable: true,
      renameTable: true,
      addColumn: true,
      dropColumn: true,
      alterColumn: true,
      createIndex: true,
      dropIndex: true,
      createUniqueConstraint: true,
      createForeignKey: true,
      createCheckConstraint: true,
      createExclusionConstraint: true,
      createPrimaryKey: true,
      validateConstraint: true,
      dropConstraint: true,
      createTableComment: true,
      dropTableComment: true,
      createEnum: true,
      dropEnum: true,
      addEnumValue: true,
      renameEnumValue: true,
      createSequence: true,
      dropSequence: true,
      alterSequence: true,
      createDomain: true,
      dropDomain: true,
      alterDomain: true,
      createExtension: true,
      dropExtension: true,
      createView: true,
      replaceView: true,
      dropView: true,
      createSchema: true,
      dropSchema: true,
      setRowLevelSecurity: true,
      grant: true,
      revoke: true,
      createPolicy: true,
      dropPolicy: true,
      attachPartition: true,
      detachPartition: true,
      execute: true,
      bulkInsert: true,
      createFunction: true,
      replaceFunction: true,
      dropFunction: true,
      createTrigger: true,
      dropTrigger: true,
    };
    expect(new Set(all.map((entry) => entry.op.kind))).toEqual(new Set(Object.keys(kinds)));
  });

  it.each(pairs.map(([a, b]) => [describeOperation(a.op), describeOperation(b.op), a, b] as const))(
    "%s runs before %s",
    (_first, _then, a, b) => {
      expect(orderOperations([b.op, a.op]), `${a.phase} before ${b.phase}`).toEqual([a.op, b.op]);
      expect(orderOperations([a.op, b.op]), `${a.phase} before ${b.phase}`).toEqual([a.op, b.op]);
    },
  );

  it("keeps the given order within a phase", () => {
    // Tables are dropped in dependency order (tested above), not in the given order.
    for (const { ops } of PHASES.filter(({ ops }) => ops[0]?.kind !== "dropTable")) {
      expect(orderOperations(ops)).toEqual(ops);
      expect(orderOperations([...ops].reverse())).toEqual([...ops].reverse());
    }
  });
});

describe("dependencies between related objects", () => {
  const directorsTable = tbl("directors", [col("id")], { primaryKey: { kind: "primaryKey", name: "directors_pkey", columns: ["id"] } });
  const withFk = tbl("movies", [col("id"), col("director_id")], { foreignKeys: [fk] });
  const cases: readonly { readonly rule: string; readonly first: Operation; readonly then: Operation }[] = [
    {
      rule: "create a schema before a table in it",
      first: { kind: "createSchema", name: "inventory" },
      then: { kind: "createTable", table: tbl("items", [col("id")], { schema: "inventory" }) },
    },
    {
      rule: "create an enum before a table using it",
      first: { kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["drama"] } },
      then: { kind: "createTable", table: moviesTable },
    },
    {
      rule: "create an enum before a column using it",
      first: { kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["drama"] } },
      then: { kind: "addColumn", table: "movies", column: col("genre", genreType), constraints: [] },
    },
    {
      rule: "create a sequence before a table whose default calls it",
      first: { kind: "createSequence", sequence: { kind: "sequence", name: "movie_ids" } },
      then: {
        kind: "createTable",
        table: tbl("movies", [{ ...col("id"), default: { kind: "expression", sql: "nextval('movie_ids')" } }]),
      },
    },
    {
      rule: "add an enum value before a default that uses it",
      first: { kind: "addEnumValue", enumName: "genre", value: "comedy" },
      then: { kind: "alterColumn", table: "movies", column: "genre", default: { to: { kind: "literal", value: "comedy" } } },
    },
    {
      rule: "drop a foreign key before the table it points at",
      first: { kind: "dropConstraint", table: "movies", name: fk.name, existing: fk },
      then: { kind: "dropTable", name: "directors", existing: directorsTable },
    },
    {
      rule: "drop a foreign key before the primary key it needs",
      first: { kind: "dropConstraint", table: "movies", name: fk.name, existing: fk },
      then: { kind: "dropConstraint", table: "directors", name: "directors_pkey", existing: directorsTable.primaryKey },
    },
    {
      rule: "drop an index before the column it covers",
      first: { kind: "dropIndex", name: index.name, table: "movies", existing: index },
      then: { kind: "dropColumn", table: "movies", name: "genre" },
    },
    {
      rule: "drop an index under its old name before its table is renamed",
      first: { kind: "dropIndex", name: index.name, table: "films", existing: index },
      then: { kind: "renameTable", name: "films", newName: "movies" },
    },
    {
      rule: "drop a constraint before its column is renamed",
      first: { kind: "dropConstraint", table: "movies", name: uq.name, existing: uq },
      then: { kind: "alterColumn", table: "movies", column: "genre", newName: "kind" },
    },
    {
      rule: "rename a table before adding a column to it under the new name",
      first: { kind: "renameTable", name: "films", newName: "movies" },
      then: { kind: "addColumn", table: "movies", column: col("rating"), constraints: [] },
    },
    {
      rule: "rename a column before changing its type under the new name",
      first: { kind: "alterColumn", table: "movies", column: "title", newName: "name" },
      then: { kind: "alterColumn", table: "movies", column: "name", type: { to: { kind: "text" } } },
    },
    {
      rule: "rename a column before adding another under its old name",
      first: { kind: "alterColumn", table: "movies", column: "title", newName: "name" },
      then: { kind: "addColumn", table: "movies", column: col("title"), constraints: [] },
    },
    {
      rule: "drop a column before the enum it uses",
      first: { kind: "dropColumn", table: "movies", name: "genre", existing: { column: col("genre", genreType), constraints: [] } },
      then: { kind: "dropEnum", name: "genre" },
    },
    {
      rule: "drop a table before the enum it uses",
      first: { kind: "dropTable", name: "movies", existing: moviesTable },
      then: { kind: "dropEnum", name: "genre" },
    },
    {
      rule: "drop a table before the schema it lives in",
      first: { kind: "dropTable", name: "items", schema: "inventory", existing: tbl("items", [col("id")], { schema: "inventory" }) },
      then: { kind: "dropSchema", name: "inventory" },
    },
    {
      rule: "drop an enum before the schema it lives in",
      first: { kind: "dropEnum", name: "genre", schema: "inventory" },
      then: { kind: "dropSchema", name: "inventory" },
    },
    {
      rule: "drop a table before creating one of the same name",
      first: { kind: "dropTable", name: "movies", existing: moviesTable },
      then: { kind: "createTable", table: moviesTable },
    },
    {
      rule: "drop a column before adding one of the same name",
      first: { kind: "dropColumn", table: "movies", name: "genre" },
      then: { kind: "addColumn", table: "movies", column: col("genre"), constraints: [] },
    },
    {
      rule: "add a column before an index on it",
      first: { kind: "addColumn", table: "movies", column: col("genre", genreType), constraints: [] },
      then: { kind: "createIndex", table: "movies", index },
    },
    {
      rule: "add a column before a unique constraint on it",
      first: { kind: "addColumn", table: "movies", column: col("genre", genreType), constraints: [] },
      then: { kind: "createUniqueConstraint", table: "movies", constraint: uq },
    },
    {
      rule: "change a column's type before an index on it",
      first: { kind: "alterColumn", table: "movies", column: "genre", type: { to: genreType } },
      then: { kind: "createIndex", table: "movies", index },
    },
    {
      rule: "create a primary key before a foreign key referring to it",
      first: { kind: "createPrimaryKey", table: "directors", constraint: directorsTable.primaryKey! },
      then: { kind: "createForeignKey", table: "movies", constraint: fk },
    },
    {
      rule: "create a table before a foreign key referring to it",
      first: { kind: "createTable", table: directorsTable },
      then: { kind: "createForeignKey", table: "movies", constraint: fk },
    },
    {
      rule: "create a table before its comment",
      first: { kind: "createTable", table: withFk },
      then: { kind: "createTableComment", table: "movies", comment: "Films", existing: null },
    },
    {
      rule: "add a column before rows that fill it",
      first: { kind: "addColumn", table: "movies", column: col("rating"), constraints: [] },
      then: { kind: "bulkInsert", table: "movies", columns: ["rating"], rows: [[1]] },
    },
  ];

  it.each(cases.map((c) => [c.rule, c] as const))("%s", (_rule, { first, then }) => {
    expect(orderOperations([then, first])).toEqual([first, then]);
    expect(orderOperations([first, then])).toEqual([first, then]);
  });

  it("drops tables it knows nothing about before the ones it can order", () => {
    const unknown: Operation = { kind: "dropTable", name: "zebras" };
    const known: Operation = { kind: "dropTable", name: "movies", existing: moviesTable };
    expect(orderOperations([known, unknown])).toEqual([unknown, known]);
  });

  it("keeps tables of the same name in different schemas apart", () => {
    const archived = tbl("movies", [col("id")], { schema: "archive" });
    const ops: Operation[] = [
      { kind: "createTable", table: moviesTable },
      { kind: "createTable", table: archived },
    ];
    expect(orderOperations(ops)).toEqual([
      { kind: "createTable", table: archived },
      { kind: "createTable", table: moviesTable },
    ]);
  });
});

describe("foreign keys that wait for a key created in the same run", () => {
  const people = tbl("people", [col("id"), col("email", { kind: "text" })]);
  const toEmail: ForeignKey = {
    kind: "foreignKey",
    name: "logins_email_fkey",
    columns: ["email"],
    referredTable: "people",
    referredColumns: ["email"],
  };
  const logins = tbl("logins", [col("id"), col("email", { kind: "text" })], { foreignKeys: [toEmail] });
  const inlineKey: Operation = { kind: "createTable", table: logins };
  const detachedKey: Operation[] = [
    { kind: "createTable", table: { ...logins, foreignKeys: [] } },
    { kind: "createForeignKey", table: "logins", constraint: toEmail },
  ];

  it.each([
    [
      "a unique constraint",
      { kind: "createUniqueConstraint", table: "people", constraint: { kind: "unique", name: "uq", columns: ["email"] } },
    ],
    ["a primary key", { kind: "createPrimaryKey", table: "people", constraint: { kind: "primaryKey", name: "pk", columns: ["email"] } }],
    ["an added column", { kind: "addColumn", table: "people", column: col("email"), constraints: [] }],
    ["a type change", { kind: "alterColumn", table: "people", column: "email", type: { to: { kind: "varchar" } } }],
    [
      "a type change of a renamed column",
      { kind: "alterColumn", table: "people", column: "mail", newName: "email", type: { to: { kind: "varchar" } } },
    ],
  ] as const)("is created on its own after %s", (_what, op) => {
    const ordered = orderOperations([inlineKey, op as Operation]);
    expect(ordered.filter((o) => o.kind === "createTable" || o.kind === "createForeignKey")).toEqual(detachedKey);
    expect(ordered.indexOf(op as Operation)).toBeLessThan(ordered.findIndex((o) => o.kind === "createForeignKey"));
  });

  it.each([
    [
      "a key on another column",
      { kind: "createUniqueConstraint", table: "people", constraint: { kind: "unique", name: "uq", columns: ["id"] } },
    ],
    [
      "a key on another table",
      { kind: "createUniqueConstraint", table: "others", constraint: { kind: "unique", name: "uq", columns: ["email"] } },
    ],
    ["a change that keeps the type", { kind: "alterColumn", table: "people", column: "email", nullable: { to: false } }],
    ["a renamed column", { kind: "alterColumn", table: "people", column: "email", newName: "mail", type: { to: { kind: "varchar" } } }],
  ] as const)("stays in its table with %s", (_what, op) => {
    expect(orderOperations([inlineKey, op as Operation]).filter((o) => o.kind === "createTable" || o.kind === "createForeignKey")).toEqual([
      inlineKey,
    ]);
  });

  it("splits an added column's foreign key off, and keeps its other constraints", () => {
    const unique: UniqueConstraint = { kind: "unique", name: "logins_email_key", columns: ["email"] };
    const add: Operation = { kind: "addColumn", table: "logins", column: col("email", { kind: "text" }), constraints: [unique, toEmail] };
    const key: Operation = {
      kind: "createUniqueConstraint",
      table: "people",
      constraint: { kind: "unique", name: "uq", columns: ["email"] },
    };
    expect(orderOperations([add, key])).toEqual([
      { ...add, constraints: [unique] },
      key,
      { kind: "createForeignKey", table: "logins", constraint: toEmail },
    ]);
    const plain: Operation = { ...add, constraints: [unique, { ...toEmail, referredColumns: ["id"] }] };
    expect(orderOperations([plain, key])).toEqual([plain, key]);
  });

  it("leaves a table alone that nothing waits for", () => {
    expect(orderOperations([{ kind: "createTable", table: people }])).toEqual([{ kind: "createTable", table: people }]);
  });
});

describe("a dropped table's foreign key into a key dropped in the same run", () => {
  const toDirectors: ForeignKey = { ...fk, name: "reviews_director_id_fkey" };
  const reviews = tbl("reviews", [col("id"), col("director_id")], { foreignKeys: [toDirectors] });
  const dropReviews: Operation = { kind: "dropTable", name: "reviews", existing: reviews };
  const detached: Operation[] = [
    { kind: "dropConstraint", table: "reviews", name: toDirectors.name, existing: toDirectors },
    { kind: "dropTable", name: "reviews", existing: { ...reviews, foreignKeys: [] } },
  ];
  const dropsOfReviews = (ops: readonly Operation[]) =>
    ops.filter((op) => op.kind === "dropTable" || (op.kind === "dropConstraint" && op.table === "reviews"));

  it.each([
    [
      "its primary key",
      {
        kind: "dropConstraint",
        table: "directors",
        name: "directors_pkey",
        existing: { kind: "primaryKey", name: "directors_pkey", columns: ["id"] },
      },
    ],
    [
      "a unique constraint on it",
      {
        kind: "dropConstraint",
        table: "directors",
        name: "directors_id_key",
        existing: { kind: "unique", name: "directors_id_key", columns: ["id"] },
      },
    ],
    ["its column", { kind: "dropColumn", table: "directors", name: "id" }],
  ] as const)("is dropped first when the run drops %s", (_what, op) => {
    const ordered = orderOperations([op as Operation, dropReviews]);
    expect(dropsOfReviews(ordered)).toEqual(detached);
    expect(ordered.indexOf(op as Operation)).toBe(1);
  });

  it.each([
    [
      "a key of another column",
      { kind: "dropConstraint", table: "directors", name: "uq", existing: { kind: "unique", name: "uq", columns: ["name"] } },
    ],
    [
      "a key of another table",
      {
        kind: "dropConstraint",
        table: "people",
        name: "people_pkey",
        existing: { kind: "primaryKey", name: "people_pkey", columns: ["id"] },
      },
    ],
    ["a check constraint", { kind: "dropConstraint", table: "directors", name: "directors_check", existing: ck }],
    ["another column", { kind: "dropColumn", table: "directors", name: "name" }],
  ] as const)("stays in its table when the run drops %s", (_what, op) => {
    expect(dropsOfReviews(orderOperations([op as Operation, dropReviews]))).toEqual([dropReviews]);
  });

  it("keeps a self-reference inside the dropped table", () => {
    const self: ForeignKey = { ...fk, name: "directors_mentor_fkey", columns: ["mentor_id"] };
    const directors = tbl("directors", [col("id"), col("mentor_id")], { foreignKeys: [self] });
    const drop: Operation = { kind: "dropTable", name: "directors", existing: directors };
    expect(
      orderOperations([{ kind: "dropColumn", table: "directors", name: "id" }, drop]).filter((op) => op.kind === "dropConstraint"),
    ).toEqual([]);
  });

  it("plans a key change of a referenced table beside the drop of the referencing one", () => {
    const directors = table("directors", { id: integer().primaryKey() });
    const films = table("films", { id: integer().primaryKey(), director_id: integer().references(() => directors.id) });
    const plan = planMigration(
      snapshotOf({ directors, films }),
      snapshotOf({ directors: table("directors", { code: varchar(3).primaryKey() }) }),
      [],
      AS_BUILT,
    );
    expect(plan.upgrade.map(describeOperation)).toEqual([
      "drop constraint films_director_id_fkey on films",
      "drop constraint directors_pkey on directors",
      "drop column directors.id",
      "drop table films",
      "add column directors.code",
      "add primary key directors_pkey on directors",
    ]);
    expect(plan.downgrade.map((step) => (step.kind === "operation" ? describeOperation(step.operation) : step.kind))).toEqual([
      "drop constraint directors_pkey on directors",
      "drop column directors.code",
      "add table films",
      "add column directors.id",
      "add primary key directors_pkey on directors",
      "add foreign key films_director_id_fkey on films",
    ]);
  });
});

describe("what the order keeps of each table", () => {
  const key = (table: string, columns: string[]): PrimaryKey => ({ kind: "primaryKey", name: `${table}_pkey`, columns });
  const ref = (name: string, columns: string[], referredTable: string, referredColumns: string[]): ForeignKey => ({
    kind: "foreignKey",
    name,
    columns,
    referredTable,
    referredColumns,
  });

  it("keeps a cut table's other foreign keys when it breaks a cycle", () => {
    const self = ref("a_parent_fkey", ["parent_id"], "a", ["id"]);
    const toB = ref("a_b_fkey", ["b_id"], "b", ["id"]);
    const a = tbl("a", [col("id"), col("parent_id"), col("b_id")], { primaryKey: key("a", ["id"]), foreignKeys: [self, toB] });
    const b = tbl("b", [col("id"), col("a_id")], { primaryKey: key("b", ["id"]), foreignKeys: [ref("b_a_fkey", ["a_id"], "a", ["id"])] });
    const { order, detached } = creationOrder([b, a]);
    expect(order).toEqual([{ ...a, foreignKeys: [self] }, b]);
    expect(detached).toEqual([{ table: a, foreignKey: toB }]);
  });

  it("keeps a new table's other foreign keys when one waits for a key", () => {
    const waits = ref("logins_email_fkey", ["email"], "people", ["email"]);
    const stays = ref("logins_site_fkey", ["site_id"], "sites", ["id"]);
    const logins = tbl("logins", [col("id"), col("email"), col("site_id")], { foreignKeys: [waits, stays] });
    const unique: Operation = {
      kind: "createUniqueConstraint",
      table: "people",
      constraint: { kind: "unique", name: "people_email_key", columns: ["email"] },
    };
    expect(orderOperations([{ kind: "createTable", table: logins }, unique])).toEqual([
      { kind: "createTable", table: { ...logins, foreignKeys: [stays] } },
      unique,
      { kind: "createForeignKey", table: "logins", constraint: waits },
    ]);
  });

  it("keeps a dropped table's other foreign keys when it breaks a cycle", () => {
    const toB = ref("a_b_fkey", ["b_id"], "b", ["id"]);
    const toC = ref("a_c_fkey", ["c_id"], "c", ["id"]);
    const a = tbl("a", [col("id"), col("b_id"), col("c_id")], { foreignKeys: [toB, toC] });
    const b = tbl("b", [col("id"), col("a_id")], { foreignKeys: [ref("b_a_fkey", ["a_id"], "a", ["id"])] });
    expect(
      orderOperations([
        { kind: "dropTable", name: "a", existing: a },
        { kind: "dropTable", name: "b", existing: b },
      ]),
    ).toEqual([
      { kind: "dropConstraint", table: "a", name: "a_b_fkey", existing: toB },
      { kind: "dropTable", name: "b", existing: b },
      { kind: "dropTable", name: "a", existing: { ...a, foreignKeys: [toC] } },
    ]);
  });

  it("waits for a composite key when the run changes only one of its columns", () => {
    const toPair = ref("copies_film_fkey", ["film_id", "edition"], "films", ["id", "edition"]);
    const copies = tbl("copies", [col("film_id"), col("edition")], { foreignKeys: [toPair] });
    const retype: Operation = { kind: "alterColumn", table: "films", column: "edition", type: { to: { kind: "bigint" } } };
    expect(orderOperations([{ kind: "createTable", table: copies }, retype])).toEqual([
      { kind: "createTable", table: { ...copies, foreignKeys: [] } },
      retype,
      { kind: "createForeignKey", table: "copies", constraint: toPair },
    ]);
  });

  it("does not take a dropped index named like a column for the column", () => {
    const reviews = tbl("reviews", [col("id"), col("director_id")], { foreignKeys: [fk] });
    const drop: Operation = { kind: "dropTable", name: "reviews", existing: reviews };
    const dropIndex: Operation = {
      kind: "dropIndex",
      name: "id",
      table: "directors",
      existing: { name: "id", elements: [{ kind: "column", name: "id" }], unique: false },
    };
    expect(orderOperations([dropIndex, drop])).toEqual([dropIndex, drop]);
  });

  it("orders an alterColumn that renames nothing with the alterations, not the renames", () => {
    const add: Operation = { kind: "addColumn", table: "movies", column: col("rating"), constraints: [] };
    const unchanged: Operation = { kind: "alterColumn", table: "movies", column: "id" };
    expect(orderOperations([unchanged, add])).toEqual([add, unchanged]);
  });

  it("throws on an unknown kind of operation instead of placing it anywhere", () => {
    expect(() => orderOperations([{ kind: "vacuum", table: "movies" } as unknown as Operation])).toThrow(
      'Unexpected operation: {"kind":"vacuum","table":"movies"}',
    );
  });
});
