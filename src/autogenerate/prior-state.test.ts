import { describe, expect, it } from "vitest";
import type { Operation } from "../ops/operation.js";
import type { Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { withDatabaseSpelling } from "./prior-state.js";

function database(): SchemaSnapshot {
  const events: Table = {
    name: "events",
    columns: [
      { name: "id", type: { kind: "integer" }, nullable: false },
      { name: "at", type: { kind: "timestamptz" }, nullable: false, default: { kind: "expression", sql: "now()" }, comment: "when" },
    ],
    primaryKey: { kind: "primaryKey", name: "events_pkey", columns: ["id"] },
    uniqueConstraints: [],
    checkConstraints: [{ kind: "check", name: "events_id_check", expression: "((id)::numeric > 0.5)" }],
    foreignKeys: [],
    indexes: [{ name: "ix_at", unique: false, elements: [{ kind: "expression", sql: "date_trunc('day'::text, at)" }] }],
    comment: "held",
  } as unknown as Table;
  return {
    tables: [events],
    enums: [{ name: "mood", values: ["a", "b"] }],
    sequences: [{ name: "counter", options: { start: 5 } }],
    schemas: [],
  } as unknown as SchemaSnapshot;
}

describe("withDatabaseSpelling", () => {
  it("takes what each operation restores from the database as read", () => {
    const ops = [
      {
        kind: "alterColumn",
        table: "events",
        column: "at",
        default: { from: { kind: "expression", sql: "CURRENT_TIMESTAMP" }, to: null },
        comment: { from: "normalised", to: null },
        type: { from: { kind: "timestamp" }, to: { kind: "text" } },
      },
      {
        kind: "dropConstraint",
        table: "events",
        name: "events_id_check",
        existing: { kind: "check", name: "events_id_check", expression: "id > 0.5" },
      },
      { kind: "dropIndex", name: "ix_at", table: "events", existing: { name: "ix_at", unique: false, elements: [] } },
      {
        kind: "dropColumn",
        table: "events",
        name: "at",
        existing: { column: { name: "at", type: { kind: "timestamptz" }, nullable: false }, constraints: [] },
      },
      { kind: "dropTableComment", table: "events", existing: "normalised" },
      { kind: "dropEnum", name: "mood", existing: { name: "mood", values: [] } },
      { kind: "dropSequence", name: "counter", existing: { name: "counter" } },
    ] as unknown as Operation[];
    const held = database();
    const table = held.tables[0]!;
    const result = withDatabaseSpelling(ops, held) as unknown as Record<string, unknown>[];
    expect(result[0]).toMatchObject({
      default: { from: { kind: "expression", sql: "now()" }, to: null },
      comment: { from: "when", to: null },
    });
    // A type is structure, not spelling: it stays as compared.
    expect(result[0]!["type"]).toEqual({ from: { kind: "timestamp" }, to: { kind: "text" } });
    expect(result[1]!["existing"]).toBe(table.checkConstraints[0]);
    expect(result[2]!["existing"]).toBe(table.indexes[0]);
    expect(result[3]!["existing"]).toEqual({ column: table.columns[1], constraints: [] });
    expect(result[4]!["existing"]).toBe("held");
    expect(result[5]!["existing"]).toBe(held.enums[0]);
    expect(result[6]!["existing"]).toBe(held.sequences[0]);
  });

  it("leaves an operation alone when the database has no such object, or it carries no prior state", () => {
    const ops = [
      { kind: "dropTable", name: "gone", existing: { name: "gone" } },
      { kind: "dropIndex", name: "ix_at", table: "events" },
      { kind: "alterColumn", table: "events", column: "missing", default: { from: null, to: null } },
      { kind: "dropConstraint", table: "events", name: "events_pkey", existing: { kind: "unique", name: "events_pkey", columns: ["id"] } },
      { kind: "createTable", table: { name: "new" } },
    ] as unknown as Operation[];
    expect(withDatabaseSpelling(ops, database())).toEqual(ops);
  });

  it("never changes its input", () => {
    const ops = [{ kind: "dropTableComment", table: "events", existing: "normalised" }] as unknown as Operation[];
    const copy = structuredClone(ops);
    withDatabaseSpelling(ops, database());
    expect(ops).toEqual(copy);
  });
});
