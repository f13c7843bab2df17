import { describe, expect, it } from "vitest";
import type { Operation } from "../ops/operation.js";
import type { Column, ColumnDefault, Constraint, ForeignKey, Index, Table } from "../schema/model.js";
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
    expect(result[6]!["existing"]).toEqual(held.sequences[0]);
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

/** `events` in the default schema and in `audit`, spelled differently, plus an enum and a sequence in each. */
function twoSchemas(): SchemaSnapshot {
  const at = (extra: Partial<Column>): Column => ({
    name: "at",
    type: { kind: "timestamp", withTimeZone: true },
    nullable: false,
    ...extra,
  });
  const publicEvents: Table = {
    name: "events",
    columns: [
      { name: "id", type: { kind: "integer" }, nullable: false },
      at({ default: { kind: "expression", sql: "now()" }, comment: "when" }),
    ],
    primaryKey: { kind: "primaryKey", name: "events_pkey", columns: ["id"] },
    uniqueConstraints: [{ kind: "unique", name: "events_at_key", columns: ["at"] }],
    foreignKeys: [],
    checkConstraints: [],
    indexes: [{ name: "ix_at", elements: [{ kind: "column", name: "at" }], unique: false }],
    comment: "held",
  };
  const auditEvents: Table = {
    name: "events",
    schema: "audit",
    columns: [
      { name: "id", type: { kind: "bigint" }, nullable: true },
      at({ nullable: true, default: { kind: "expression", sql: "clock_timestamp()" } }),
    ],
    uniqueConstraints: [{ kind: "unique", name: "events_at_key", columns: ["at"], deferrable: "deferred" }],
    foreignKeys: [],
    checkConstraints: [],
    indexes: [{ name: "ix_at", elements: [{ kind: "column", name: "at", order: "desc" }], unique: true }],
  };
  return {
    tables: [publicEvents, auditEvents],
    enums: [
      { kind: "enumType", name: "mood", values: ["a", "b"] },
      { kind: "enumType", name: "mood", schema: "audit", values: ["x"] },
    ],
    sequences: [
      { kind: "sequence", name: "counter", start: 5 },
      { kind: "sequence", name: "counter", schema: "audit", start: 9 },
    ],
    schemas: ["audit"],
  };
}

describe("withDatabaseSpelling, object by object", () => {
  const stale: Column = {
    name: "at",
    type: { kind: "timestamp", withTimeZone: true },
    nullable: false,
    default: { kind: "expression", sql: "CURRENT_TIMESTAMP" },
  };
  const staleUnique: Constraint = { kind: "unique", name: "events_at_key", columns: ["at"] };
  const missingFk: ForeignKey = { kind: "foreignKey", name: "events_x_fkey", columns: ["at"], referredTable: "x", referredColumns: ["at"] };
  const now: ColumnDefault = { kind: "literal", value: "2000-01-01" };
  const staleIndex: Index = { name: "ix_at", elements: [], unique: false };

  /**
   * Each case: an operation, what it becomes given {@link twoSchemas} (a function of the database, or `same`), and
   * optionally a change to that database.
   */
  const cases: readonly (readonly [
    string,
    Operation,
    (db: SchemaSnapshot) => Operation | "same",
    ((db: SchemaSnapshot) => SchemaSnapshot)?,
  ])[] = [
    [
      "dropTable in another schema takes that schema's table",
      { kind: "dropTable", name: "events", schema: "audit", existing: { ...twoSchemas().tables[1]!, comment: "stale" } },
      (db) => ({ kind: "dropTable", name: "events", schema: "audit", existing: db.tables[1]! }),
    ],
    [
      "dropTable in the default schema, spelled out, takes the default schema's table",
      { kind: "dropTable", name: "events", schema: "public", existing: { ...twoSchemas().tables[0]!, comment: "stale" } },
      (db) => ({ kind: "dropTable", name: "events", schema: "public", existing: db.tables[0]! }),
    ],
    ["dropTable without a recorded table stays irreversible", { kind: "dropTable", name: "events" }, () => "same"],
    [
      "dropTable of a table the database lacks keeps what it recorded",
      { kind: "dropTable", name: "gone", existing: { ...twoSchemas().tables[0]!, name: "gone" } },
      () => "same",
    ],
    [
      "dropColumn takes the column and the constraints the database holds, keeping the ones it lacks",
      {
        kind: "dropColumn",
        table: "events",
        schema: "audit",
        name: "at",
        existing: { column: stale, constraints: [staleUnique, missingFk] },
      },
      (db) => ({
        kind: "dropColumn",
        table: "events",
        schema: "audit",
        name: "at",
        existing: { column: db.tables[1]!.columns[1]!, constraints: [db.tables[1]!.uniqueConstraints[0]!, missingFk] },
      }),
    ],
    [
      "dropColumn on a table the database lacks keeps the recorded column and constraints",
      { kind: "dropColumn", table: "gone", name: "at", existing: { column: stale, constraints: [staleUnique] } },
      () => "same",
    ],
    [
      "dropColumn of a column the database lacks keeps the recorded column",
      { kind: "dropColumn", table: "events", name: "gone", existing: { column: { ...stale, name: "gone" }, constraints: [] } },
      () => "same",
    ],
    ["dropColumn without a recorded column stays irreversible", { kind: "dropColumn", table: "events", name: "at" }, () => "same"],
    [
      "alterColumn takes the previous nullability, default and comment the database holds",
      {
        kind: "alterColumn",
        table: "events",
        column: "at",
        nullable: { from: true, to: true },
        default: { from: now, to: null },
        comment: { from: "stale", to: null },
      },
      () => ({
        kind: "alterColumn",
        table: "events",
        column: "at",
        nullable: { from: false, to: true },
        default: { from: { kind: "expression", sql: "now()" }, to: null },
        comment: { from: "when", to: null },
      }),
    ],
    [
      "alterColumn in another schema takes that schema's column; no default or comment there is null",
      {
        kind: "alterColumn",
        table: "events",
        schema: "audit",
        column: "id",
        nullable: { from: false, to: false },
        default: { from: now, to: null },
        comment: { from: "stale", to: "new" },
      },
      () => ({
        kind: "alterColumn",
        table: "events",
        schema: "audit",
        column: "id",
        nullable: { from: true, to: false },
        default: { from: null, to: null },
        comment: { from: null, to: "new" },
      }),
    ],
    [
      "alterColumn leaves a previous value that was not known unknown",
      { kind: "alterColumn", table: "events", column: "at", nullable: { to: true }, default: { to: now }, comment: { to: "c" } },
      () => "same",
    ],
    [
      "alterColumn on a table the database lacks is left alone",
      { kind: "alterColumn", table: "gone", column: "at", nullable: { from: true, to: false }, default: { from: now, to: null } },
      () => "same",
    ],
    [
      "alterColumn of a rename alone gets no other change",
      { kind: "alterColumn", table: "events", column: "at", newName: "happened_at" },
      () => "same",
    ],
    [
      "dropIndex in another schema takes that schema's index",
      { kind: "dropIndex", name: "ix_at", table: "events", schema: "audit", existing: staleIndex },
      (db) => ({ kind: "dropIndex", name: "ix_at", table: "events", schema: "audit", existing: db.tables[1]!.indexes[0]! }),
    ],
    ["dropIndex without its table keeps what it recorded", { kind: "dropIndex", name: "ix_at", existing: staleIndex }, () => "same"],
    [
      "dropIndex without its table looks in no table, not even one named undefined",
      { kind: "dropIndex", name: "ix_at", existing: staleIndex },
      () => "same",
      (db) => ({ ...db, tables: [...db.tables, { ...db.tables[0]!, name: "undefined" }] }),
    ],
    [
      "dropIndex on a table the database lacks keeps what it recorded",
      { kind: "dropIndex", name: "ix_at", table: "gone", existing: staleIndex },
      () => "same",
    ],
    [
      "dropIndex of an index the table lacks keeps what it recorded",
      { kind: "dropIndex", name: "ix_gone", table: "events", existing: { ...staleIndex, name: "ix_gone" } },
      () => "same",
    ],
    [
      "dropConstraint in another schema takes that schema's constraint",
      { kind: "dropConstraint", table: "events", schema: "audit", name: "events_at_key", existing: staleUnique },
      (db) => ({
        kind: "dropConstraint",
        table: "events",
        schema: "audit",
        name: "events_at_key",
        existing: db.tables[1]!.uniqueConstraints[0]!,
      }),
    ],
    [
      "dropConstraint on a table the database lacks keeps what it recorded",
      { kind: "dropConstraint", table: "gone", name: "events_at_key", existing: staleUnique },
      () => "same",
    ],
    [
      "dropConstraint of a constraint the table lacks keeps what it recorded",
      { kind: "dropConstraint", table: "events", name: "events_gone_key", existing: { ...staleUnique, name: "events_gone_key" } },
      () => "same",
    ],
    [
      "dropConstraint without a recorded constraint stays irreversible",
      { kind: "dropConstraint", table: "events", name: "events_at_key" },
      () => "same",
    ],
    [
      "createTableComment records the comment the database holds",
      { kind: "createTableComment", table: "events", comment: "new", existing: "stale" },
      () => ({ kind: "createTableComment", table: "events", comment: "new", existing: "held" }),
    ],
    [
      "createTableComment on a table without a comment records none",
      { kind: "createTableComment", table: "events", schema: "audit", comment: "new", existing: "stale" },
      () => ({ kind: "createTableComment", table: "events", schema: "audit", comment: "new", existing: null }),
    ],
    [
      "createTableComment on a table the database lacks is left alone",
      { kind: "createTableComment", table: "gone", comment: "new", existing: "stale" },
      () => "same",
    ],
    [
      "dropTableComment records the comment the database holds",
      { kind: "dropTableComment", table: "events", existing: "stale" },
      () => ({ kind: "dropTableComment", table: "events", existing: "held" }),
    ],
    [
      "dropTableComment on a table without a comment keeps what it recorded",
      { kind: "dropTableComment", table: "events", schema: "audit", existing: "stale" },
      () => "same",
    ],
    [
      "dropTableComment on a table the database lacks keeps what it recorded",
      { kind: "dropTableComment", table: "gone", existing: "stale" },
      () => "same",
    ],
    ["dropTableComment without a recorded comment stays irreversible", { kind: "dropTableComment", table: "events" }, () => "same"],
    [
      "dropEnum in another schema takes that schema's values",
      { kind: "dropEnum", name: "mood", schema: "audit", existing: { kind: "enumType", name: "mood", schema: "audit", values: [] } },
      (db) => ({ kind: "dropEnum", name: "mood", schema: "audit", existing: db.enums[1]! }),
    ],
    [
      "dropEnum of a type the database lacks keeps what it recorded",
      { kind: "dropEnum", name: "gone", existing: { kind: "enumType", name: "gone", values: ["a"] } },
      () => "same",
    ],
    ["dropEnum without recorded values stays irreversible", { kind: "dropEnum", name: "mood" }, () => "same"],
    [
      "dropSequence in another schema takes that schema's sequence",
      { kind: "dropSequence", name: "counter", schema: "audit", existing: { kind: "sequence", name: "counter", schema: "audit" } },
      (db) => ({ kind: "dropSequence", name: "counter", schema: "audit", existing: db.sequences[1]! }),
    ],
    [
      "dropSequence of a sequence the database lacks keeps what it recorded",
      { kind: "dropSequence", name: "gone", existing: { kind: "sequence", name: "gone" } },
      () => "same",
    ],
    ["dropSequence without a recorded sequence stays irreversible", { kind: "dropSequence", name: "counter" }, () => "same"],
  ];

  it.each(cases.map((entry) => [entry[0], entry] as const))("%s", (_name, [, op, expected, adjust]) => {
    const db = (adjust ?? ((same: SchemaSnapshot) => same))(twoSchemas());
    const [result] = withDatabaseSpelling([op], db);
    const want = expected(db);
    expect(result).toStrictEqual(want === "same" ? op : want);
  });

  it("passes every operation that restores nothing through as it is", () => {
    const ops: Operation[] = [
      { kind: "createTable", table: twoSchemas().tables[0]! },
      { kind: "renameTable", name: "events", newName: "happenings" },
      { kind: "addColumn", table: "events", column: stale, constraints: [] },
      { kind: "createIndex", table: "events", index: staleIndex },
      { kind: "createUniqueConstraint", table: "events", constraint: { kind: "unique", name: "u", columns: ["at"] } },
      { kind: "createForeignKey", table: "events", constraint: missingFk },
      { kind: "createCheckConstraint", table: "events", constraint: { kind: "check", name: "c", expression: "id > 0" } },
      { kind: "createPrimaryKey", table: "events", constraint: { kind: "primaryKey", name: "events_pkey", columns: ["id"] } },
      { kind: "createEnum", enumType: { kind: "enumType", name: "mood", values: ["z"] } },
      { kind: "addEnumValue", enumName: "mood", value: "c" },
      { kind: "renameEnumValue", enumName: "mood", from: "a", to: "z" },
      { kind: "createSequence", sequence: { kind: "sequence", name: "counter", start: 1 } },
      { kind: "createSchema", name: "audit" },
      { kind: "dropSchema", name: "audit" },
      { kind: "execute", sql: "SELECT 1" },
      { kind: "bulkInsert", table: "events", columns: ["id"], rows: [[1]] },
    ];
    const result = withDatabaseSpelling(ops, twoSchemas());
    expect(result).toHaveLength(ops.length);
    result.forEach((op, i) => expect(op).toBe(ops[i]));
  });
});
