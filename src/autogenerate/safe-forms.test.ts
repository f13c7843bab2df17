import { beforeEach, describe, expect, it } from "vitest";
import type { SafeFormSupport } from "../dialects/safe-forms.js";
import type { Operation } from "../ops/operation.js";
import type { ForeignKey, Table } from "../schema/model.js";
import { objectKey } from "./names.js";
import { planSafeForms } from "./safe-forms.js";

describe("planSafeForms", () => {
  let support: SafeFormSupport;
  let directorsFk: ForeignKey;
  let studios: Table;

  beforeEach(() => {
    support = {
      typeChangeEffect: (change) => (change.to.kind === "bigint" ? "rewrite" : "catalog"),
      perRowValue: (column) => (column.default?.kind === "expression" ? column.default.sql : undefined),
      notNullCheck: (column) => `"${column}" IS NOT NULL`,
      notNullCheckName: (table, column) => `${table}_${column}_nn`,
      rewriteLock: "ACCESS EXCLUSIVE",
    };
    directorsFk = { kind: "foreignKey", name: "fk_d", columns: ["director_id"], referredTable: "directors", referredColumns: ["id"] };
    studios = {
      name: "studios",
      columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
      uniqueConstraints: [],
      foreignKeys: [directorsFk],
      checkConstraints: [],
      indexes: [],
    };
  });

  const kinds = (ops: readonly Operation[] | undefined) => (ops ?? []).map((op) => op.kind);

  it("leaves everything as it is when nothing touches an existing table's data under a long lock", () => {
    const upgrade: Operation[] = [
      { kind: "createTable", table: studios },
      { kind: "createForeignKey", table: "studios", constraint: { ...directorsFk, name: "fk_late" } },
      { kind: "createIndex", table: "studios", index: { name: "ix", elements: [], unique: false } },
      { kind: "alterColumn", table: "movies", column: "title", nullable: { from: false, to: true } },
    ];
    const plan = planSafeForms(upgrade, support);
    expect(plan.transactional.upgrade).toEqual(upgrade);
    expect(plan.concurrent).toBeUndefined();
    expect(plan.transactional.notes.size).toBe(0);
  });

  it("leaves a partitioned table its plain forms (no index is built concurrently on one)", () => {
    const upgrade: Operation[] = [
      { kind: "createIndex", table: "movies", index: { name: "ix", elements: [], unique: false } },
      { kind: "createForeignKey", table: "movies", constraint: directorsFk },
    ];
    const plan = planSafeForms(upgrade, support, new Set([objectKey(undefined, "movies")]));
    expect(plan.transactional.upgrade).toEqual(upgrade);
    expect(plan.concurrent).toBeUndefined();
    expect(kinds(planSafeForms(upgrade, support).concurrent?.upgrade)).toContain("createIndex");
  });

  it("keeps a foreign key already NOT VALID and an index already concurrent where they are", () => {
    const upgrade: Operation[] = [
      { kind: "createForeignKey", table: "movies", constraint: directorsFk, notValid: true },
      { kind: "createIndex", table: "movies", index: { name: "ix", elements: [], unique: false }, concurrently: true },
    ];
    const plan = planSafeForms(upgrade, support);
    expect(plan.transactional.upgrade).toEqual(upgrade);
    expect(plan.concurrent).toBeUndefined();
  });

  it("adds a foreign key into a key built concurrently after that key, in the second revision", () => {
    const upgrade: Operation[] = [
      { kind: "createUniqueConstraint", table: "directors", constraint: { kind: "unique", name: "uq_code", columns: ["code"] } },
      {
        kind: "createForeignKey",
        table: "movies",
        constraint: { ...directorsFk, name: "fk_code", columns: ["director_code"], referredColumns: ["code"] },
      },
    ];
    const plan = planSafeForms(upgrade, support);
    expect(plan.transactional.upgrade).toEqual([]);
    expect(kinds(plan.concurrent?.upgrade)).toEqual(["createIndex", "createUniqueConstraint", "createForeignKey", "validateConstraint"]);
    expect(plan.concurrent?.upgrade[2]).toMatchObject({ notValid: true });
    expect(plan.concurrent?.upgrade[1]).toMatchObject({ usingIndex: "uq_code" });
  });

  it("adds a foreign key into a unique index built concurrently after that index, and not into a partial one", () => {
    const unique = (name: string, where?: string): Operation => ({
      kind: "createIndex",
      table: "directors",
      index: { name, elements: [{ kind: "column", name: "code" }], unique: true, ...(where === undefined ? {} : { where }) },
    });
    const codeFk: Operation = {
      kind: "createForeignKey",
      table: "movies",
      constraint: { ...directorsFk, name: "fk_code", columns: ["director_code"], referredColumns: ["code"] },
    };
    const plan = planSafeForms([unique("ux_code"), codeFk], support);
    expect(plan.transactional.upgrade).toEqual([]);
    expect(kinds(plan.concurrent?.upgrade)).toEqual(["createIndex", "createForeignKey", "validateConstraint"]);
    expect(plan.concurrent?.upgrade[0]).toMatchObject({ concurrently: true });
    expect(plan.concurrent?.upgrade[1]).toMatchObject({ notValid: true });

    const partial = planSafeForms([unique("ux_live", "deleted_at IS NULL"), codeFk], support);
    expect(kinds(partial.transactional.upgrade)).toEqual(["createForeignKey"]);
  });

  it("drops an adopted key in the downgrade without building its index again", () => {
    const key = { kind: "primaryKey" as const, name: "events_pkey", columns: ["id"] };
    const upgrade: Operation[] = [{ kind: "createPrimaryKey", table: "events", constraint: key }];
    const plan = planSafeForms(upgrade, support);
    expect(plan.concurrent?.upgrade[0]).toMatchObject({
      kind: "createIndex",
      concurrently: true,
      index: { name: "events_pkey", unique: true },
    });
    expect(plan.concurrent?.downgrade).toEqual([
      { kind: "operation", operation: { kind: "dropConstraint", table: "events", name: "events_pkey", existing: key } },
    ]);
  });

  it("sets NOT NULL under its final name after a rename, and keeps the rest of the change in the first revision", () => {
    const upgrade: Operation[] = [
      {
        kind: "alterColumn",
        table: "movies",
        column: "title",
        newName: "name",
        nullable: { from: true, to: false },
        type: { from: { kind: "integer" }, to: { kind: "bigint" } },
      },
    ];
    const plan = planSafeForms(upgrade, support);
    const rest = plan.transactional.upgrade[0]!;
    expect(rest).toEqual({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      newName: "name",
      type: { from: { kind: "integer" }, to: { kind: "bigint" } },
    });
    expect(plan.transactional.notes.get(rest)).toMatchObject({ kind: "rewritingTypeChange" });
    expect(plan.transactional.upgrade[1]).toMatchObject({
      kind: "createCheckConstraint",
      constraint: { name: "movies_name_nn", expression: '"name" IS NOT NULL' },
      notValid: true,
    });
    expect(plan.concurrent?.upgrade).toMatchObject([
      { kind: "validateConstraint", name: "movies_name_nn" },
      { kind: "alterColumn", column: "name", nullable: { from: true, to: false } },
      { kind: "dropConstraint", name: "movies_name_nn", existingNotValid: true },
    ]);
  });

  it("takes a new column's constraints out of its addColumn and notes a default computed per row", () => {
    const upgrade: Operation[] = [
      {
        kind: "addColumn",
        table: "movies",
        column: { name: "token", type: { kind: "uuid" }, nullable: true, default: { kind: "expression", sql: "gen_random_uuid()" } },
        constraints: [{ kind: "unique", name: "movies_token_key", columns: ["token"] }, directorsFk],
      },
    ];
    const plan = planSafeForms(upgrade, support);
    expect(kinds(plan.transactional.upgrade)).toEqual(["addColumn", "createForeignKey"]);
    const add = plan.transactional.upgrade[0]!;
    expect(add).toMatchObject({ constraints: [] });
    expect(plan.transactional.notes.get(add)).toMatchObject({ kind: "perRowDefault", value: "gen_random_uuid()" });
    expect(kinds(plan.concurrent?.upgrade)).toEqual(["createIndex", "validateConstraint", "createUniqueConstraint"]);
  });

  it("adds an identity with the NOT NULL it needs, in the second revision", () => {
    const identity = { from: null, to: { always: false } };
    const upgrade: Operation[] = [{ kind: "alterColumn", table: "items", column: "plain", nullable: { from: true, to: false }, identity }];
    const plan = planSafeForms(upgrade, support);
    expect(kinds(plan.transactional.upgrade)).toEqual(["createCheckConstraint"]);
    expect(plan.concurrent?.upgrade[1]).toEqual({
      kind: "alterColumn",
      table: "items",
      column: "plain",
      nullable: { from: true, to: false },
      identity,
    });
  });
});
