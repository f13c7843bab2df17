import { describe, expect, it } from "vitest";
import { AS_BUILT, EMPTY, snapshotOf } from "../../test/autogenerate/helpers.js";
import { date, enumColumn, enumType, integer, table, text, unique, varchar, type ColumnRef } from "../schema/index.js";
import type { Operation } from "../ops/operation.js";
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
