import { beforeEach, describe, expect, it } from "vitest";
import { UnsupportedOperationError } from "../errors.js";
import type { Table } from "../schema/model.js";
import { postgresOnlyTableOptions, refusePostgresOnlyTableOptions } from "./postgres-only-table-options.js";

describe("PostgreSQL-only table options", () => {
  let plain: Table;

  beforeEach(() => {
    plain = { name: "events", columns: [], uniqueConstraints: [], foreignKeys: [], checkConstraints: [], indexes: [] };
  });

  it("names each option a table uses, and none for a plain table", () => {
    expect(postgresOnlyTableOptions(plain)).toEqual([]);
    expect(postgresOnlyTableOptions({ ...plain, grants: [] })).toEqual([]);
    expect(
      postgresOnlyTableOptions({
        ...plain,
        partitionBy: { method: "range", columns: ["at"] } as never,
        rowLevelSecurity: "enabled",
        grants: [{ to: "public", privileges: ["select"] }],
      }),
    ).toEqual(["partitionBy", "rowLevelSecurity", "grants"]);
    expect(postgresOnlyTableOptions({ ...plain, exclusionConstraints: [] })).toEqual([]);
    expect(
      postgresOnlyTableOptions({
        ...plain,
        exclusionConstraints: [
          { kind: "exclude", name: "events_during_excl", method: "gist", elements: [{ kind: "column", name: "during", operator: "&&" }] },
        ],
      }),
    ).toEqual(["excludes"]);
  });

  it("refuses a table that uses one, naming the table, the option and the dialect", () => {
    expect(() => refusePostgresOnlyTableOptions(plain, "SQLite")).not.toThrow();
    const refused = () => refusePostgresOnlyTableOptions({ ...plain, rowLevelSecurity: "forced" }, "MySQL");
    expect(refused).toThrow(UnsupportedOperationError);
    expect(refused).toThrow("Table events uses rowLevelSecurity, which MySQL does not have.");
  });
});
