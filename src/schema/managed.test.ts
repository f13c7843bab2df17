import { describe, expect, test } from "vitest";
import { manageForModels } from "./managed.js";
import type { SchemaSnapshot } from "./snapshot.js";
import { exclude, integer, table, tableModel, text } from "./index.js";

const plain = tableModel(table("rooms", { id: integer().primaryKey(), name: text() }));
const excluding = tableModel(
  table(
    "bookings",
    { id: integer().primaryKey(), room: integer() },
    { excludes: [exclude("ex_bookings_room", { using: "gist", elements: [{ column: "room", operator: "=" }] })] },
  ),
);
const snapshot = (tables: SchemaSnapshot["tables"]): SchemaSnapshot => ({ tables, enums: [], sequences: [], schemas: [] });

describe("manageForModels", () => {
  test("leaves exclusion constraints alone when the models declare none and the config does not say", () => {
    expect(manageForModels({}, snapshot([plain]))).toEqual({ exclusionConstraints: false });
    expect(manageForModels({ views: false }, snapshot([plain]))).toEqual({ views: false, exclusionConstraints: false });
  });

  test("manages them when the models declare one, or as the config says", () => {
    expect(manageForModels({}, snapshot([plain, excluding]))).toEqual({});
    expect(manageForModels({ exclusionConstraints: true }, snapshot([plain]))).toEqual({ exclusionConstraints: true });
    expect(manageForModels({ exclusionConstraints: false }, snapshot([excluding]))).toEqual({ exclusionConstraints: false });
  });
});
