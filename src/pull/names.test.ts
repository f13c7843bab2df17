import { describe, expect, it } from "vitest";
import { camelCase, exportNames } from "./names.js";

describe("camelCase", () => {
  it.each([
    ["order_items", "orderItems"],
    ["UserAccounts", "userAccounts"],
    ["ID", "id"],
    ["t_1", "t1"],
    ["2fa codes", "_2faCodes"],
    ["café_menu", "caféMenu"],
    ["__", "table"],
  ])("%j → %j", (name, expected) => {
    expect(camelCase(name, "table")).toBe(expected);
  });
});

describe("exportNames", () => {
  it("gives a contested name to the default schema, qualifies the others and avoids builder names", () => {
    const names = exportNames([
      { kind: "enum", name: "date" },
      { kind: "table", schema: "archive", name: "order_items" },
      { kind: "table", name: "order_items" },
      { kind: "table", name: "orderItems" },
      { kind: "table", name: "index" },
      { kind: "table", name: "class" },
    ]);
    expect([...names.values()]).toEqual(["dateEnum", "archiveOrderItems", "orderItems", "orderItemsTable", "indexTable", "classTable"]);
  });

  it("numbers a name as the last resort", () => {
    const names = exportNames([
      { kind: "table", name: "a_b" },
      { kind: "table", name: "aB" },
      { kind: "table", name: "a-b" },
    ]);
    expect([...names.values()]).toEqual(["aB", "aBTable", "aBTable2"]);
  });
});
