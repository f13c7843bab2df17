import { describe, expect, it } from "vitest";
import { integer } from "./types.js";
import { policy } from "./security.js";
import { table, tableModel } from "./table.js";
import { sql } from "./sql.js";

describe("table security options", () => {
  it("reads rowLevelSecurity and merges grants per role, privileges in one order", () => {
    const t = table(
      "docs",
      { id: integer() },
      {
        rowLevelSecurity: "force",
        grants: [
          { to: ["b", "PUBLIC"], privileges: ["update", "select"] },
          { to: "b", privileges: ["select", "insert"] },
        ],
      },
    );
    expect(tableModel(t).rowLevelSecurity).toBe("forced");
    expect(tableModel(t).grants).toEqual([
      { to: "b", privileges: ["select", "insert", "update"] },
      { to: "public", privileges: ["select", "update"] },
    ]);
    expect(tableModel(table("plain", { id: integer() }, { rowLevelSecurity: false })).rowLevelSecurity).toBeUndefined();
    expect(
      tableModel(table("all", { id: integer() }, { grants: [{ to: "a", privileges: ["all"] }] })).grants?.[0]?.privileges,
    ).toHaveLength(7);
  });

  it("refuses an unknown privilege, a grant without roles or privileges, a wrong rowLevelSecurity", () => {
    expect(() => table("t", { id: integer() }, { grants: [{ to: "a", privileges: ["selct" as never] }] })).toThrow(
      /unknown privilege "selct"/,
    );
    expect(() => table("t", { id: integer() }, { grants: [{ to: [], privileges: ["select"] }] })).toThrow(/needs the role/);
    expect(() => table("t", { id: integer() }, { grants: [{ to: "a", privileges: [] }] })).toThrow(/lists no privileges/);
    expect(() => table("t", { id: integer() }, { rowLevelSecurity: "yes" as never })).toThrow(/rowLevelSecurity must be/);
  });
});

describe("policy()", () => {
  it("takes its table from a table() definition, with defaults for as, for and roles", () => {
    const docs = table("docs", { id: integer() }, { schema: "app" });
    expect(policy("p", { table: docs, to: ["b", "a"], using: sql`id > 0` })).toEqual({
      kind: "policy",
      name: "p",
      table: "docs",
      schema: "app",
      as: "permissive",
      for: "all",
      roles: ["a", "b"],
      using: "id > 0",
    });
    expect(policy("p", { table: "docs", to: ["public", "a"] }).roles).toEqual([]);
  });

  it("refuses using on insert, withCheck on select and delete, an unknown option or command", () => {
    expect(() => policy("p", { table: "t", for: "insert", using: "true" })).toThrow(/insert policy cannot have `using`/);
    expect(() => policy("p", { table: "t", for: "select", withCheck: "true" })).toThrow(/select policy cannot have `withCheck`/);
    expect(() => policy("p", { table: "t", for: "delete", withCheck: "true" })).toThrow(/delete policy/);
    expect(() => policy("p", { table: "t", for: "upsert" as never })).toThrow(/for must be one of/);
    expect(() => policy("p", { table: "t", usng: "true" } as never)).toThrow(/unknown option 'usng' \(did you mean 'using'\?\)/);
    expect(() => policy("p", { table: "" })).toThrow(/table\(\) definition or a table name/);
  });
});
