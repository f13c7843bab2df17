import { describe, expect, it } from "vitest";
import { AS_BUILT, snapshotOf } from "../../test/autogenerate/helpers.js";
import { describeOperation } from "./describe.js";
import { type IncludeCallback, type IncludedObject, includedSnapshot } from "./include.js";
import { planMigration } from "./produce.js";
import { enumColumn, enumType, index, integer, table, text } from "../schema/index.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";

/** The upgrade, in words, with `include` applied to each side. */
function changes(from: SchemaSnapshot, to: SchemaSnapshot, include: IncludeCallback): string[] {
  const plan = planMigration(includedSnapshot(from, include, "database"), includedSnapshot(to, include, "models"), [], AS_BUILT);
  return plan.upgrade.map(describeOperation);
}

const movies = table("movies", { id: integer().primaryKey(), title: text().notNull() });
const legacy = table("legacy_audit", { id: integer().primaryKey() });

describe("include", () => {
  it("offers each object with its kind, schema and table, once per side", () => {
    const seen: [IncludedObject, string][] = [];
    const mood = enumType("mood", ["sad", "happy"], { schema: "app" });
    const people = table(
      "people",
      { id: integer().primaryKey(), name: text().unique(), feeling: enumColumn(mood) },
      { schema: "app", indexes: [index("ix_people_name", ["name"])] },
    );
    includedSnapshot(snapshotOf({ mood, people }), (object, side) => (seen.push([object, side]), true), "models");
    expect(seen).toEqual([
      [{ kind: "schema", name: "app" }, "models"],
      [{ kind: "table", name: "people", schema: "app" }, "models"],
      [{ kind: "column", name: "id", schema: "app", table: "people" }, "models"],
      [{ kind: "column", name: "name", schema: "app", table: "people" }, "models"],
      [{ kind: "column", name: "feeling", schema: "app", table: "people" }, "models"],
      [{ kind: "constraint", name: "people_pkey", schema: "app", table: "people" }, "models"],
      [{ kind: "constraint", name: "people_name_key", schema: "app", table: "people" }, "models"],
      [{ kind: "index", name: "ix_people_name", schema: "app", table: "people" }, "models"],
      [{ kind: "enum", name: "mood", schema: "app" }, "models"],
    ]);
  });

  it("neither drops a declined table of the database nor creates a declined table of the models", () => {
    const noLegacy: IncludeCallback = (object) => !(object.kind === "table" && object.name === "legacy_audit");
    expect(changes(snapshotOf({ movies, legacy }), snapshotOf({ movies }), noLegacy)).toEqual([]);
    expect(changes(snapshotOf({ movies }), snapshotOf({ movies, legacy }), noLegacy)).toEqual([]);
    expect(changes(snapshotOf({ movies }), snapshotOf({ movies, legacy }), () => true)).toEqual(["add table legacy_audit"]);
  });

  it("leaves a declined column, and the constraints and indexes on it, alone; others still change", () => {
    const before = table(
      "movies",
      { id: integer().primaryKey(), title: text().notNull(), search: text().unique() },
      { indexes: [index("ix_movies_search", ["search"])] },
    );
    const after = table("movies", { id: integer().primaryKey(), title: text() });
    const noSearch: IncludeCallback = (object) => !(object.kind === "column" && object.name === "search");
    expect(changes(snapshotOf({ movies: before }), snapshotOf({ movies: after }), noSearch)).toEqual([
      "alter column movies.title (nullable)",
    ]);
  });

  it("asks each side: declining all of the database's objects leaves only creations", () => {
    const keepDatabase: IncludeCallback = (_object, side) => side === "models";
    expect(changes(snapshotOf({ movies, legacy }), snapshotOf({ movies }), keepDatabase)).toEqual(["add table movies"]);
  });
});
