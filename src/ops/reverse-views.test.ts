import { beforeEach, describe, expect, it } from "vitest";
import { IrreversibleOperationError } from "../errors.js";
import type { View } from "../schema/model.js";
import type { Operation } from "./operation.js";
import { reverseOperation } from "./reverse.js";

describe("reversing view operations", () => {
  let active: View;
  let counts: View;
  beforeEach(() => {
    active = { kind: "view", name: "active_users", definition: "SELECT id FROM users WHERE active", securityBarrier: true };
    counts = { kind: "view", name: "team_sizes", schema: "reports", definition: "SELECT 1 AS one", materialized: true };
  });

  it("a create is undone by a drop that keeps the view, and back", () => {
    const create: Operation = { kind: "createView", view: counts };
    const drop = reverseOperation(create);
    expect(drop).toEqual({ kind: "dropView", name: "team_sizes", schema: "reports", materialized: true, existing: counts });
    expect(reverseOperation(drop)).toEqual(create);
  });

  it("a replace is undone by replacing with the previous view, and back", () => {
    const previous: View = { ...active, definition: "SELECT id FROM users" };
    const replace: Operation = { kind: "replaceView", view: active, existing: previous };
    expect(reverseOperation(replace)).toEqual({ kind: "replaceView", view: previous, existing: active });
    expect(reverseOperation(reverseOperation(replace))).toEqual(replace);
  });

  it("a drop or replace without the previous view cannot be undone", () => {
    expect(() => reverseOperation({ kind: "dropView", name: "active_users" })).toThrow(IrreversibleOperationError);
    let caught: unknown;
    try {
      reverseOperation({ kind: "dropView", name: "team_sizes", materialized: true });
    } catch (error) {
      caught = error;
    }
    expect((caught as IrreversibleOperationError).hint).toContain("op.createMaterializedView");
    expect(() => reverseOperation({ kind: "replaceView", view: active })).toThrow(/previous query is not recorded/);
  });
});
