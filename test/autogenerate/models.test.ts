import { describe, expect, it } from "vitest";
import { filterSnapshot, modelSnapshot } from "../../src/autogenerate/models.js";
import { enumColumn, enumType, integer, table } from "../../src/schema/index.js";
import * as rich from "./fixtures/rich-models.js";

describe("models", () => {
  it("takes every exported table and enum, and ignores other exports", () => {
    const snapshot = modelSnapshot([{ path: "rich-models.ts", exports: rich }]);
    expect(snapshot.tables.length).toBeGreaterThanOrEqual(20);
    expect(snapshot.enums.map((e) => e.name)).toEqual(["move_reason", "genre", "rating"]);
    expect(snapshot.schemas).toEqual(["inventory"]);
    expect(snapshot.tables.map((t) => `${t.schema ?? "public"}.${t.name}`)).toEqual(
      [...snapshot.tables.map((t) => `${t.schema ?? "public"}.${t.name}`)].sort(),
    );
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
