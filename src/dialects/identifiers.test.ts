import { describe, expect, test } from "vitest";
import type { Table } from "../schema/model.js";
import { firstTooLong, tableIdentifiers, tooLongMessage } from "./identifiers.js";

const table = (overrides: Partial<Table>): Table => ({
  name: "movies",
  columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...overrides,
});

describe("identifier lengths", () => {
  test("counts UTF-8 bytes, not characters", () => {
    const ok = table({ columns: [{ name: "é".repeat(31), type: { kind: "integer" }, nullable: true }] });
    expect(firstTooLong(tableIdentifiers(ok), 63)).toBeUndefined();
    const long = table({ columns: [{ name: "é".repeat(32), type: { kind: "integer" }, nullable: true }] });
    expect(firstTooLong(tableIdentifiers(long), 63)).toEqual({
      name: "é".repeat(32),
      what: `column "${"é".repeat(32)}" of table "movies"`,
      bytes: 64,
    });
  });

  test("names the index, the constraint and the table in the message", () => {
    const name = "😀".repeat(16);
    const withIndex = table({ schema: "app", indexes: [{ name, elements: [{ kind: "column", name: "id" }], unique: false }] });
    const found = firstTooLong(tableIdentifiers(withIndex), 63);
    expect(found === undefined ? undefined : tooLongMessage(found, 63, "postgresql").message).toBe(
      `Index "${name}" of table "app.movies" is 64 bytes long in UTF-8; the postgresql dialect allows identifiers of at most 63 bytes.`,
    );
    const withKey = table({
      foreignKeys: [{ kind: "foreignKey", name: "fk", columns: ["id"], referredTable: "r".repeat(70), referredColumns: ["id"] }],
    });
    const key = firstTooLong(tableIdentifiers(withKey), 63);
    expect(key?.bytes).toBe(70);
    expect(key === undefined ? undefined : tooLongMessage(key, 63, "postgresql").message).toMatch(
      /^The table referred to by foreign key "fk" of table "movies" \("r{70}"\) is 70 bytes long/,
    );
  });
});
