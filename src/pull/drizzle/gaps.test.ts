import { describe, expect, it } from "vitest";
import type { Table } from "../../schema/model.js";
import { drizzleGaps } from "./gaps.js";

const base: Table = { name: "t", columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [] };
const snapshot = (tables: Table[]) => ({ tables, enums: [], sequences: [], schemas: [] });

describe("drizzleGaps", () => {
  it("is empty for what Drizzle declares", () => {
    const table: Table = {
      ...base,
      columns: [{ name: "a", type: { kind: "integer" }, nullable: false, generatedAs: "1" }],
      uniqueConstraints: [{ kind: "unique", name: "u", columns: ["a"], nullsNotDistinct: true }],
      foreignKeys: [{ kind: "foreignKey", name: "f", columns: ["a"], referredTable: "t", referredColumns: ["a"] }],
      indexes: [
        {
          name: "i",
          elements: [
            { kind: "expression", sql: "lower(a)" },
            { kind: "column", name: "a", order: "desc" },
          ],
          unique: true,
        },
      ],
    };
    expect(drizzleGaps(snapshot([table]))).toEqual([]);
  });

  it("counts each kind Drizzle cannot declare, singular and plural, in a stable order", () => {
    const table: Table = {
      ...base,
      comment: "c",
      columns: [
        { name: "a", type: { kind: "text" }, nullable: true, comment: "x", collation: "C" },
        { name: "b", type: { kind: "text" }, nullable: true, comment: "y" },
      ],
      uniqueConstraints: [{ kind: "unique", name: "u", columns: ["a"], deferrable: "immediate" }],
      foreignKeys: [
        { kind: "foreignKey", name: "f", columns: ["a"], referredTable: "t", referredColumns: ["a"], deferrable: "deferred" },
        { kind: "foreignKey", name: "g", columns: ["b"], referredTable: "t", referredSchema: "elsewhere", referredColumns: ["b"] },
      ],
      indexes: [
        { name: "i", elements: [{ kind: "column", name: "a" }], unique: false, include: ["b"] },
        { name: "j", elements: [{ kind: "column", name: "a" }], unique: true, nullsNotDistinct: true },
        {
          name: "k",
          elements: [
            { kind: "expression", sql: "lower(a)", order: "desc" },
            { kind: "expression", sql: "b", opclass: "x" },
          ],
          unique: false,
        },
      ],
    };
    expect(drizzleGaps(snapshot([table]))).toEqual([
      "1 table comment",
      "2 column comments",
      "1 column collation",
      "2 deferrable constraints",
      "1 foreign key to a table the file does not declare",
      "1 index with INCLUDE columns",
      "1 unique index with NULLS NOT DISTINCT",
      "2 index expressions with an operator class or ordering",
    ]);
  });
});
