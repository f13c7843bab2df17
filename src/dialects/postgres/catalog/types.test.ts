import { describe, expect, test } from "vitest";
import type { ColumnType } from "../../../schema/model.js";
import { catalogColumnType, type CatalogType } from "./types.js";

const base = (name: string, formatted = name): CatalogType => ({ name, schema: "pg_catalog", typtype: "b", formatted });

describe("catalogColumnType", () => {
  test.each<readonly [string, CatalogType, number, ColumnType]>([
    ["int4", base("int4", "integer"), -1, { kind: "integer" }],
    ["varchar(20): typmod 24", base("varchar", "character varying(20)"), 24, { kind: "varchar", length: 20 }],
    ["varchar", base("varchar", "character varying"), -1, { kind: "varchar" }],
    ["char(4): typmod 8", base("bpchar", "character(4)"), 8, { kind: "char", length: 4 }],
    ["bpchar without length", base("bpchar"), -1, { kind: "custom", sql: "bpchar" }],
    ["numeric(10,2): typmod 655366", base("numeric", "numeric(10,2)"), 655366, { kind: "numeric", precision: 10, scale: 2 }],
    ["numeric(12): typmod 786436", base("numeric", "numeric(12,0)"), 786436, { kind: "numeric", precision: 12 }],
    [
      "numeric(5,-2): negative scale",
      base("numeric", "numeric(5,-2)"),
      ((5 << 16) | (-2 & 0x7ff)) + 4,
      { kind: "numeric", precision: 5, scale: -2 },
    ],
    ["numeric", base("numeric"), -1, { kind: "numeric" }],
    ["timestamptz", base("timestamptz"), -1, { kind: "timestamp", withTimeZone: true }],
    ["timestamp(3)", base("timestamp"), 3, { kind: "timestamp", withTimeZone: false, precision: 3 }],
    ["time(0)", base("time"), 0, { kind: "time", withTimeZone: false, precision: 0 }],
    ["timetz", base("timetz"), -1, { kind: "time", withTimeZone: true }],
    ["interval with fields", base("interval", "interval day to second"), 0x7fff0000 | 6, { kind: "custom", sql: "interval day to second" }],
    ["float8", base("float8", "double precision"), -1, { kind: "doublePrecision" }],
    ["tsvector", base("tsvector"), -1, { kind: "custom", sql: "tsvector" }],
    ["enum in public", { name: "mood", schema: "public", typtype: "e", formatted: "mood" }, -1, { kind: "enum", name: "mood" }],
    [
      "enum elsewhere",
      { name: "kind", schema: "app", typtype: "e", formatted: "app.kind" },
      -1,
      { kind: "enum", name: "kind", schema: "app" },
    ],
    ["domain", { name: "email", schema: "public", typtype: "d", formatted: "email" }, -1, { kind: "custom", sql: "email" }],
    ["extension type", { name: "citext", schema: "public", typtype: "b", formatted: "citext" }, -1, { kind: "custom", sql: "citext" }],
  ])("%s", (_name, type, typmod, expected) => {
    expect(catalogColumnType(type, undefined, typmod, 0)).toStrictEqual(expected);
  });

  test("arrays keep their declared dimensions (at least one) and the element's typmod", () => {
    expect(catalogColumnType(base("_int4"), base("int4"), -1, 2)).toStrictEqual({
      kind: "array",
      element: { kind: "integer" },
      dimensions: 2,
    });
    expect(catalogColumnType(base("_varchar"), base("varchar"), 24, 0)).toStrictEqual({
      kind: "array",
      element: { kind: "varchar", length: 20 },
      dimensions: 1,
    });
  });
});
