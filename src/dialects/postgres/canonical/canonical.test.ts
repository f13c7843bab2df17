import { beforeEach, describe, expect, it } from "vitest";
import type { Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { applyCanonicalForms } from "./apply.js";
import { canonicalMessage, canonicalRows, standInIndex, standInTable } from "./batch.js";
import { findCandidates } from "./candidates.js";

const snapshot = (tables: Table[], enums: SchemaSnapshot["enums"] = []): SchemaSnapshot => ({ tables, enums, sequences: [], schemas: [] });

function itemsTable(parts: Partial<Table>): Table {
  return {
    name: "items",
    columns: [
      { name: "qty", type: { kind: "integer" }, nullable: true },
      { name: "doc", type: { kind: "jsonb" }, nullable: true },
    ],
    uniqueConstraints: [],
    foreignKeys: [],
    checkConstraints: [],
    indexes: [],
    ...parts,
  };
}

describe("findCandidates", () => {
  let database: Table;
  beforeEach(() => {
    database = itemsTable({
      columns: [
        { name: "qty", type: { kind: "integer" }, nullable: true },
        { name: "doc", type: { kind: "jsonb" }, nullable: true, default: { kind: "literal", value: '{"a": 2, "b": 1}' } },
      ],
      checkConstraints: [
        { kind: "check", name: "ck_half", expression: "(qty)::numeric * 1.5 < 100::numeric" },
        { kind: "check", name: "ck_plain", expression: "qty > 0" },
      ],
      indexes: [{ name: "ix_part", elements: [{ kind: "column", name: "qty" }], unique: false, where: "qty > 1" }],
    });
  });

  it("names what the normal form leaves different on both sides, and nothing else", () => {
    const model = itemsTable({
      columns: [
        { name: "qty", type: { kind: "integer" }, nullable: true },
        { name: "doc", type: { kind: "jsonb" }, nullable: true, default: { kind: "literal", value: '{"b":1,"a":2}' } },
      ],
      checkConstraints: [
        { kind: "check", name: "ck_half", expression: "qty * 1.5 < 100" },
        { kind: "check", name: "ck_plain", expression: "(qty > 0)" },
        { kind: "check", name: "ck_new", expression: "qty < 9" },
      ],
      indexes: [{ name: "ix_part", elements: [{ kind: "column", name: "qty" }], unique: false, where: "(qty > 1)" }],
    });
    const [found, ...rest] = findCandidates(snapshot([database]), snapshot([model]));
    expect(rest).toEqual([]);
    expect(found?.checks).toEqual(["ck_half"]);
    expect(found?.defaults).toEqual(["doc"]);
    expect(found?.generated).toEqual([]);
    expect(found?.indexes).toEqual([]);
  });

  it("finds nothing for a table the database lacks", () => {
    const model = itemsTable({ name: "other", checkConstraints: [{ kind: "check", name: "ck_half", expression: "qty > 0.5" }] });
    expect(findCandidates(snapshot([database]), snapshot([model]))).toEqual([]);
  });
});

describe("canonicalMessage", () => {
  it("is nothing without candidates", () => {
    expect(canonicalMessage([], snapshot([]), snapshot([]))).toBeUndefined();
  });

  it("builds temporary stand-ins in a transaction it rolls back, each statement guarded", () => {
    const model = itemsTable({
      columns: [
        { name: "qty", type: { kind: "serial" }, nullable: false },
        { name: "mood", type: { kind: "enum", name: "mood" }, nullable: true },
        { name: "doc", type: { kind: "jsonb" }, nullable: true, default: { kind: "literal", value: "{}" } },
      ],
      checkConstraints: [{ kind: "check", name: "ck_half", expression: "qty > 0.5 AND mood <> 'sad'" }],
      indexes: [{ name: "ix_lower", elements: [{ kind: "expression", sql: "lower(mood::text)" }], unique: false }],
    });
    const models = snapshot([model], [{ kind: "enumType", name: "mood", values: ["happy", "sad"] }]);
    const message = canonicalMessage(
      [{ model, database: model, types: new Map(), checks: ["ck_half"], defaults: ["doc"], generated: [], indexes: ["ix_lower"] }],
      snapshot([model]),
      models,
    );
    const statements = message?.split(";\n") ?? [];
    expect(statements[0]).toBe("BEGIN");
    expect(statements.at(-1)).toBe("ROLLBACK");
    expect(message).toContain(`CREATE TYPE "pg_temp"."mood" AS ENUM (''happy'', ''sad'')`);
    expect(message).toContain(`CREATE TEMP TABLE "${standInTable(0)}" ("qty" integer, "mood" "pg_temp"."mood", "doc" jsonb)`);
    expect(message).toContain(`ADD CONSTRAINT "ck_half" CHECK (qty > 0.5 AND mood <> ''sad'')`);
    expect(message).toContain(`ALTER COLUMN "doc" SET DEFAULT ''{}''`);
    expect(message).toContain(`CREATE INDEX "${standInIndex(0, 0)}" ON "pg_temp"."${standInTable(0)}" ((lower(mood::text)))`);
    expect(message).toMatch(/EXCEPTION WHEN OTHERS THEN INSERT INTO pg_temp\.retort_canon_failed VALUES \(0, 'check:ck_half', SQLERRM\)/);
  });

  it("picks a dollar-quote tag the statements do not hold", () => {
    const model = itemsTable({ checkConstraints: [{ kind: "check", name: "ck", expression: "'$retort_canon$' <> ''" }] });
    const message = canonicalMessage(
      [{ model, database: model, types: new Map(), checks: ["ck"], defaults: [], generated: [], indexes: [] }],
      snapshot([]),
      snapshot([model]),
    );
    expect(message).toContain("DO $retort_canon_1$");
  });
});

describe("applyCanonicalForms", () => {
  it("takes the database's text where its parse of the model's matches, and keeps the model's elsewhere", () => {
    const database = itemsTable({
      checkConstraints: [
        { kind: "check", name: "ck_half", expression: "(qty)::numeric * 1.5 < 100::numeric" },
        { kind: "check", name: "ck_other", expression: "(qty)::numeric * 1.5 < 300::numeric" },
      ],
      indexes: [{ name: "ix_upper", elements: [{ kind: "expression", sql: "((qty)::numeric * 1.5)" }], unique: false }],
    });
    const model = itemsTable({
      checkConstraints: [
        { kind: "check", name: "ck_half", expression: "qty * 1.5 < 100" },
        { kind: "check", name: "ck_other", expression: "qty * 1.5 < 200" },
      ],
      indexes: [{ name: "ix_upper", elements: [{ kind: "expression", sql: "qty * 1.5" }], unique: false }],
    });
    const candidates = findCandidates(snapshot([database]), snapshot([model]));
    const rows = canonicalRows([
      [],
      [],
      [],
      [
        { stand_in: standInTable(0), name: "ck_half", definition: "CHECK ((qty)::numeric * 1.5 < 100::numeric)" },
        { stand_in: standInTable(0), name: "ck_other", definition: "CHECK ((qty)::numeric * 1.5 < 200::numeric)" },
      ],
      [],
      [{ stand_in: standInIndex(0, 0), columns: [null], definitions: ["((qty)::numeric * 1.5)"], predicate: null }],
      [],
      [],
    ]);
    const applied = applyCanonicalForms(snapshot([model]), candidates, rows);
    const [table] = applied.snapshot.tables;
    expect(table?.checkConstraints.map((c) => c.expression)).toEqual(["(qty)::numeric * 1.5 < 100::numeric", "qty * 1.5 < 200"]);
    expect(table?.indexes[0]?.elements).toEqual([{ kind: "expression", sql: "((qty)::numeric * 1.5)" }]);
    expect(applied.matched).toBe(2);
    expect(applied.differing).toBe(1);
  });
});
