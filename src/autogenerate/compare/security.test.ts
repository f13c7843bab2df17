import { beforeEach, describe, expect, it } from "vitest";
import type { Operation } from "../../ops/operation.js";
import { reverseOperation } from "../../ops/reverse.js";
import type { Policy, Table } from "../../schema/model.js";
import { comparePolicies, policiesEqual } from "./policies.js";
import { compareTableSecurity, grantChanges } from "./security.js";

const table = (extra: Partial<Table> = {}): Table => ({
  name: "documents",
  columns: [],
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...extra,
});

describe("row-level security and grants", () => {
  let plain: Table;
  beforeEach(() => {
    plain = table();
  });

  it("sets row-level security with the mode it replaces, each way", () => {
    expect(compareTableSecurity([plain], [table({ rowLevelSecurity: "forced" })]).operations).toEqual([
      { kind: "setRowLevelSecurity", table: "documents", mode: "forced", existing: "disabled" },
    ]);
    expect(compareTableSecurity([table({ rowLevelSecurity: "enabled", schema: "app" })], [table({ schema: "app" })]).operations).toEqual([
      { kind: "setRowLevelSecurity", table: "documents", schema: "app", mode: "disabled", existing: "enabled" },
    ]);
    expect(compareTableSecurity([table({ rowLevelSecurity: "enabled" })], [table({ rowLevelSecurity: "enabled" })]).operations).toEqual([]);
  });

  it("leaves new and dropped tables to createTable and dropTable", () => {
    expect(
      compareTableSecurity([], [table({ rowLevelSecurity: "enabled", grants: [{ to: "a", privileges: ["select"] }] })]).operations,
    ).toEqual([]);
    expect(compareTableSecurity([table({ rowLevelSecurity: "enabled" })], []).operations).toEqual([]);
  });

  it("grants what is missing and revokes what is extra, by role in name order", () => {
    const from = table({
      grants: [
        { to: "b", privileges: ["select", "insert"] },
        { to: "c", privileges: ["delete"] },
      ],
    });
    const to = table({
      grants: [
        { to: "a", privileges: ["select"] },
        { to: "b", privileges: ["select", "update"] },
      ],
    });
    expect(grantChanges("documents", undefined, from, to)).toEqual([
      { kind: "grant", table: "documents", to: "a", privileges: ["select"] },
      { kind: "revoke", table: "documents", from: "b", privileges: ["insert"] },
      { kind: "grant", table: "documents", to: "b", privileges: ["update"] },
      { kind: "revoke", table: "documents", from: "c", privileges: ["delete"] },
    ]);
    expect(grantChanges("documents", undefined, to, to)).toEqual([]);
  });

  it("reverses each operation into the other, and back", () => {
    const ops: Operation[] = [
      { kind: "setRowLevelSecurity", table: "documents", mode: "forced", existing: "enabled" },
      { kind: "grant", table: "documents", schema: "app", to: "a", privileges: ["select"] },
      { kind: "revoke", table: "documents", from: "public", privileges: ["insert"] },
    ];
    for (const op of ops) expect(reverseOperation(reverseOperation(op))).toEqual(op);
    expect(reverseOperation(ops[1]!)).toEqual({ kind: "revoke", table: "documents", schema: "app", from: "a", privileges: ["select"] });
    expect(() => reverseOperation({ kind: "setRowLevelSecurity", table: "documents", mode: "enabled" })).toThrow(
      /row-level security it replaces is not recorded/,
    );
  });
});

describe("policies", () => {
  let owner: Policy;
  beforeEach(() => {
    owner = {
      kind: "policy",
      name: "owner",
      table: "documents",
      as: "permissive",
      for: "all",
      roles: ["app"],
      using: "owner = CURRENT_USER",
    };
  });

  it("creates, drops, and drops then creates a changed policy", () => {
    const other: Policy = { ...owner, name: "other" };
    expect(comparePolicies([], [owner]).operations).toEqual([{ kind: "createPolicy", policy: owner }]);
    expect(comparePolicies([owner], []).operations).toEqual([{ kind: "dropPolicy", name: "owner", table: "documents", existing: owner }]);
    expect(comparePolicies([owner, other], [owner, other]).operations).toEqual([]);
    const changed: Policy = { ...owner, for: "select" };
    expect(comparePolicies([owner], [changed]).operations).toEqual([
      { kind: "dropPolicy", name: "owner", table: "documents", existing: owner },
      { kind: "createPolicy", policy: changed },
    ]);
  });

  it("tells policies apart by every property, and one name on two tables as two policies", () => {
    for (const change of [
      { as: "restrictive" },
      { for: "update" },
      { roles: [] },
      { roles: ["app", "b"] },
      { roles: ["b"] },
      { using: "true" },
      { withCheck: "true" },
    ] as Partial<Policy>[]) {
      expect(policiesEqual(owner, { ...owner, ...change }), JSON.stringify(change)).toBe(false);
    }
    expect(policiesEqual(owner, { ...owner })).toBe(true);
    const elsewhere: Policy = { ...owner, table: "notes" };
    expect(comparePolicies([owner], [elsewhere]).operations.map((op) => op.kind)).toEqual(["createPolicy", "dropPolicy"]);
  });

  it("reverses createPolicy and dropPolicy into each other", () => {
    const create: Operation = { kind: "createPolicy", policy: { ...owner, schema: "app" } };
    expect(reverseOperation(create)).toEqual({
      kind: "dropPolicy",
      name: "owner",
      table: "documents",
      schema: "app",
      existing: { ...owner, schema: "app" },
    });
    expect(reverseOperation(reverseOperation(create))).toEqual(create);
    expect(() => reverseOperation({ kind: "dropPolicy", name: "owner", table: "documents" })).toThrow(/definition is not recorded/);
  });
});
