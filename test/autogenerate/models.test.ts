import { describe, expect, it } from "vitest";
import { filterSnapshot, modelSnapshot } from "../../src/autogenerate/models.js";
import { enumColumn, enumType, integer, table, tableModel } from "../../src/schema/index.js";
import * as rich from "./fixtures/rich-models.js";

describe("models", () => {
  it("takes every exported table and enum, and ignores other exports", () => {
    const snapshot = modelSnapshot([{ path: "rich-models.ts", exports: rich }]);
    // Each of the fixture's 22 exported tables once, under the name and schema it declares, sorted; its other
    // exports (enums, MODELS_VERSION) are not tables.
    expect(snapshot.tables.map((t) => `${t.schema ?? "public"}.${t.name}`)).toEqual([
      "inventory.items",
      "inventory.stock_moves",
      "public.actors",
      "public.audit_events",
      "public.awards",
      "public.cast_members",
      "public.categories",
      "public.cinemas",
      "public.countries",
      "public.directors",
      "public.festival_editions",
      "public.festivals",
      "public.movie_categories",
      "public.movies",
      "public.people",
      "public.reviews",
      "public.screens",
      "public.showtimes",
      "public.studios",
      "public.tickets",
      "public.users",
      "public.watchlists",
    ]);
    // Each is the model of its export, columns, keys and all.
    expect(snapshot.tables.find((t) => t.name === "cast_members")).toEqual(tableModel(rich.castMembers));
    expect(snapshot.tables.find((t) => t.name === "stock_moves")).toEqual(tableModel(rich.stockMoves));
    expect(snapshot.enums.map((e) => e.name)).toEqual(["move_reason", "genre", "rating"]);
    expect(snapshot.schemas).toEqual(["inventory"]);
  });

  it("refuses a column whose enum type no module exports", () => {
    const hidden = enumType("hidden", ["a"]);
    expect(() =>
      modelSnapshot([{ path: "m.ts", exports: { t: table("t", { id: integer().primaryKey(), h: enumColumn(hidden) }) } }]),
    ).toThrow(/uses the enum type hidden, which no models module exports/);
  });

  it("refuses two different tables of one name, and accepts one table exported twice", () => {
    const a = table("t", { id: integer().primaryKey() });
    const b = table("t", { id: integer().primaryKey(), x: integer() });
    expect(modelSnapshot([{ path: "m.ts", exports: { a, again: a } }]).tables).toHaveLength(1);
    expect(() =>
      modelSnapshot([
        { path: "m.ts", exports: { a } },
        { path: "n.ts", exports: { b } },
      ]),
    ).toThrow(/Two different tables are named t/);
  });

  it("reports a broken table with the module and export", () => {
    const broken = table("t", { id: integer().references(() => undefined as never) });
    expect(() => modelSnapshot([{ path: "m.ts", exports: { broken } }])).toThrow(/m\.ts \(export broken\)/);
  });

  it("filters schemas, excluded tables and the version table", () => {
    const snapshot = modelSnapshot([{ path: "rich-models.ts", exports: rich }]);
    const filtered = filterSnapshot(snapshot, {
      includeSchemas: ["public"],
      excludeTables: ["users", "public.reviews"],
      versionTable: { table: "movies" },
    });
    const names = filtered.tables.map((t) => t.name);
    expect(names).not.toContain("items");
    expect(names).not.toContain("users");
    expect(names).not.toContain("reviews");
    expect(names).not.toContain("movies");
    expect(filtered.enums.map((e) => e.name)).toEqual(["genre", "rating"]);
    expect(filtered.schemas).toEqual([]);
  });
});
