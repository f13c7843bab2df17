import { describe, expect, it } from "vitest";
import type { ForeignKey, Table } from "../schema/model.js";
import { dependencyOrder } from "./order.js";

function t(name: string, refersTo: readonly string[] = [], schema?: string): Table {
  const foreignKeys: ForeignKey[] = refersTo.map((target) => ({
    kind: "foreignKey",
    name: `${name}_${target}_fkey`,
    columns: ["x"],
    referredTable: target,
    referredColumns: ["id"],
  }));
  return { name, schema, columns: [], uniqueConstraints: [], foreignKeys, checkConstraints: [], indexes: [] };
}

const names = (tables: readonly Table[]) => tables.map((table) => table.name);

describe("dependencyOrder", () => {
  it("places a referenced table just before the first table that needs it", () => {
    expect(names(dependencyOrder([t("a", ["c"]), t("b"), t("c", ["d"]), t("d")]))).toEqual(["d", "c", "a", "b"]);
  });

  it("keeps a self-reference and a cycle in the given order, and ignores tables it does not know", () => {
    expect(names(dependencyOrder([t("a", ["a", "b"]), t("b", ["a", "elsewhere"]), t("c")]))).toEqual(["b", "a", "c"]);
  });

  it("tells tables of other schemas apart", () => {
    expect(names(dependencyOrder([t("a", ["items"]), t("items", [], "inventory"), t("items")]))).toEqual(["items", "a", "items"]);
    expect(dependencyOrder([t("a", ["items"]), t("items", [], "inventory"), t("items")])[1]?.schema).toBeUndefined();
  });
});
