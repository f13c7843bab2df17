import { beforeEach, describe, expect, it } from "vitest";
import type { Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { applyCanonicalForms } from "./apply.js";
import { canonicalBatch } from "./batch.js";
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

describe("canonicalBatch", () => {
  it("is nothing without candidates", () => {
    expect(canonicalBatch([], snapshot([]), snapshot([]))).toBeUndefined();
  });

  it("puts the expressions on temporary partitioned stand-ins in a transaction it rolls back", () => {
    const model = itemsTable({
      columns: [
        { name: "qty", type: { kind: "serial" }, nullable: false },
        { name: "mood", type: { kind: "enum", name: "mood" }, nullable: true },
        { name: "doc", type: { kind: "jsonb" }, nullable: true, default: { kind: "literal", value: "{}" } },
      ],
      checkConstraints: [{ kind: "check", name: "ck_half", expression: "qty > 0.5 AND mood <> 'sad'" }],
      indexes: [{ name: "ix_lower", elements: [{ kind: "expression", sql: "lower(mood::text)" }], unique: false, where: "qty > 1" }],
    });
    const models = snapshot([model], [{ kind: "enumType", name: "mood", values: ["happy", "sad"] }]);
    const candidates = [
      {
        model,
        database: model,
        types: new Map(),
        checks: ["ck_half"],
        defaults: ["doc"],
        generated: [],
        indexes: ["ix_lower"],
        exclusions: [],
      },
    ];
    const batch = canonicalBatch(candidates, snapshot([model]), models);
    const statements = batch?.message(false).split(";\n") ?? [];
    expect(batch?.expressions).toBe(4);
    expect(statements[0]).toBe("BEGIN");
    expect(statements.at(-1)).toBe("ROLLBACK");
    expect(statements[1]).toBe(`CREATE TYPE "pg_temp"."mood" AS ENUM ('happy', 'sad')`);
    expect(statements[2]).toBe(
      `CREATE TEMP TABLE "retort_canon_s0" ("qty" integer, "mood" "pg_temp"."mood", CONSTRAINT "retort_canon_0" CHECK (qty > 0.5 AND mood <> 'sad'), ` +
        `"retort_canon_1" jsonb DEFAULT '{}', CONSTRAINT "retort_canon_2" CHECK ((lower(mood::text)) IS NOT NULL), ` +
        `CONSTRAINT "retort_canon_3" CHECK (qty > 1), "retort_canon_key" integer) PARTITION BY LIST ("retort_canon_key")`,
    );
    const guarded = batch?.message(true) ?? "";
    expect(guarded).toMatch(/EXCEPTION WHEN OTHERS THEN INSERT INTO pg_temp\.retort_canon_failed VALUES \(1, SQLERRM\)/);
  });

  it("parses an expression written the same way over the same column types once, and reads the answers back per table", () => {
    const one = itemsTable({ checkConstraints: [{ kind: "check", name: "ck_a", expression: "qty * 1.5 < 100" }] });
    const two = itemsTable({ name: "other", checkConstraints: [{ kind: "check", name: "ck_b", expression: "qty * 1.5 < 100" }] });
    const candidates = [one, two].map((model) => ({
      model,
      database: model,
      types: new Map(),
      checks: [model.checkConstraints[0]!.name],
      defaults: [],
      generated: [],
      indexes: [],
      exclusions: [],
    }));
    const batch = canonicalBatch(candidates, snapshot([]), snapshot([one, two]));
    expect(batch?.expressions).toBe(1);
    const { parsed, failures } = batch!.read([
      [],
      [],
      [{ name: "retort_canon_0", definition: "CHECK ((qty)::numeric * 1.5 < 100::numeric)" }],
      [],
      [],
      [],
    ]);
    expect(failures).toEqual([]);
    expect(parsed.map((p) => [...p.checks])).toEqual([
      [["ck_a", "(qty)::numeric * 1.5 < 100::numeric"]],
      [["ck_b", "(qty)::numeric * 1.5 < 100::numeric"]],
    ]);
  });

  it("picks a dollar-quote tag the statements do not hold", () => {
    const model = itemsTable({ checkConstraints: [{ kind: "check", name: "ck", expression: "'$retort_canon$' <> ''" }] });
    const candidates = [
      { model, database: model, types: new Map(), checks: ["ck"], defaults: [], generated: [], indexes: [], exclusions: [] },
    ];
    expect(canonicalBatch(candidates, snapshot([]), snapshot([model]))?.message(true)).toContain("DO $retort_canon_1$");
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
    const parsed = [
      {
        checks: new Map([
          ["ck_half", "(qty)::numeric * 1.5 < 100::numeric"],
          ["ck_other", "(qty)::numeric * 1.5 < 200::numeric"],
        ]),
        defaults: new Map<string, string>(),
        generated: new Map<string, string>(),
        indexes: new Map([["ix_upper", { columns: [null], definitions: ["((qty)::numeric * 1.5)"], predicate: null }]]),
      },
    ];
    const applied = applyCanonicalForms(snapshot([model]), candidates, parsed);
    const [table] = applied.snapshot.tables;
    expect(table?.checkConstraints.map((c) => c.expression)).toEqual(["(qty)::numeric * 1.5 < 100::numeric", "qty * 1.5 < 200"]);
    expect(table?.indexes[0]?.elements).toEqual([{ kind: "expression", sql: "((qty)::numeric * 1.5)" }]);
    expect(applied.matched).toBe(2);
    expect(applied.differing).toBe(1);
  });
});

describe("exclusion constraints", () => {
  const exclusion = (sql: string, where: string, name = "ex_items"): NonNullable<Table["exclusionConstraints"]>[number] => ({
    kind: "exclude",
    name,
    method: "gist",
    elements: [{ kind: "expression", sql, operator: "&&" }],
    where,
  });
  // A predicate the normal form cannot match (the database has the cast it infers).
  const stored = "((doc ->> 'a'::text))::date > '2026-01-01'::date";
  const database = itemsTable({ exclusionConstraints: [exclusion("int4range(qty, (qty + 1))", stored)] });
  const model = itemsTable({ exclusionConstraints: [exclusion("int4range(qty, qty + 1)", "doc->>'a' > '2026-01-01'::date")] });

  it("sends their expressions and predicate to the database, and takes its text where the parse matches", () => {
    const [found] = findCandidates(snapshot([database]), snapshot([model]));
    expect(found?.exclusions).toEqual(["ex_items"]);
    const batch = canonicalBatch([found!], snapshot([database]), snapshot([model]));
    const message = batch?.message(false) ?? "";
    expect(message).toContain("CHECK ((int4range(qty, qty + 1)) IS NOT NULL)");
    expect(message).toContain("CHECK (doc->>'a' > '2026-01-01'::date)");
    const parsed = [
      {
        checks: new Map<string, string>(),
        defaults: new Map<string, string>(),
        generated: new Map<string, string>(),
        indexes: new Map([["ex_items", { columns: [null], definitions: ["int4range(qty, (qty + 1))"], predicate: stored }]]),
      },
    ];
    const applied = applyCanonicalForms(snapshot([model]), [found!], parsed);
    expect(applied.snapshot.tables[0]?.exclusionConstraints).toEqual(database.exclusionConstraints);
    expect(applied.matched).toBe(1);
    const other = applyCanonicalForms(
      snapshot([model]),
      [found!],
      [
        {
          ...parsed[0]!,
          indexes: new Map([["ex_items", { columns: [null], definitions: ["int4range(qty, (qty + 2))"], predicate: stored }]]),
        },
      ],
    );
    expect(other.snapshot.tables[0]?.exclusionConstraints).toEqual(model.exclusionConstraints);
    expect(other.differing).toBe(1);
  });

  it("leaves alone one over columns only, or one the normal form already matches", () => {
    const columns = (where?: string) =>
      itemsTable({
        exclusionConstraints: [
          { kind: "exclude", name: "ex_items", method: "gist", elements: [{ kind: "column", name: "qty", operator: "=" }], where },
        ],
      });
    expect(findCandidates(snapshot([columns()]), snapshot([columns()]))).toEqual([]);
    expect(findCandidates(snapshot([columns("qty > 1")]), snapshot([columns("(qty > 1)")]))).toEqual([]);
  });
});
