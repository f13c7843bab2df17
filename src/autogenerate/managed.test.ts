import { beforeEach, describe, expect, it } from "vitest";
import type { Routine, View } from "../schema/model.js";
import { managedSnapshot } from "../schema/managed.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { snapshotCounts, unmanagedCounts } from "./managed.js";

describe("manage", () => {
  let snapshot: SchemaSnapshot;

  beforeEach(() => {
    const routine = (kind: Routine["kind"], name: string): Routine => ({ kind, name, args: "", language: "sql", body: "SELECT 1" });
    const view = (name: string, materialized: boolean): View => ({ kind: "view", name, definition: "SELECT 1", materialized }) as View;
    snapshot = {
      tables: [],
      enums: [],
      sequences: [{ kind: "sequence", name: "tickets" }],
      schemas: [],
      routines: [routine("function", "f"), routine("function", "g"), routine("procedure", "p")],
      views: [view("v", false), view("m", true)],
      domains: [{ kind: "domain", name: "email", type: { kind: "text" }, checks: [] }],
    };
  });

  it("counts the kinds a snapshot carries, leaving out those with none", () => {
    expect(snapshotCounts(snapshot)).toEqual({ function: 2, procedure: 1, view: 1, materializedView: 1, sequence: 1, domain: 1 });
  });

  it("lists a kind switched off as not managed, and leaves the managed ones out", () => {
    const counts = snapshotCounts(snapshot);
    expect(unmanagedCounts(counts)).toEqual({});
    expect(unmanagedCounts({ ...counts, rule: 2 }, { functions: false, views: false })).toEqual({
      function: 2,
      procedure: 1,
      view: 1,
      materializedView: 1,
      rule: 2,
    });
  });

  it("takes a kind switched off out of the snapshot, and nothing else", () => {
    const managed = managedSnapshot(snapshot, { functions: false, sequences: false });
    expect(managed.routines).toBeUndefined();
    expect(managed.sequences).toEqual([]);
    expect(managed.views).toEqual(snapshot.views);
    expect(managed.domains).toEqual(snapshot.domains);
  });
});

describe("manage: exclusionConstraints", () => {
  it("takes them off every table when switched off, and lists their count as not managed only then", () => {
    const table = {
      name: "bookings",
      columns: [],
      uniqueConstraints: [],
      foreignKeys: [],
      checkConstraints: [],
      indexes: [],
      exclusionConstraints: [
        { kind: "exclude" as const, name: "ex", method: "gist", elements: [{ kind: "column" as const, name: "during", operator: "&&" }] },
      ],
    };
    const snapshot: SchemaSnapshot = { tables: [table], enums: [], sequences: [], schemas: [] };
    expect(managedSnapshot(snapshot, {}).tables[0]).toEqual(table);
    const { exclusionConstraints: _, ...without } = table;
    expect(managedSnapshot(snapshot, { exclusionConstraints: false }).tables[0]).toEqual(without);
    expect(unmanagedCounts({ exclusionConstraint: 1 })).toEqual({});
    expect(unmanagedCounts({ exclusionConstraint: 1 }, { exclusionConstraints: false })).toEqual({ exclusionConstraint: 1 });
  });
});
