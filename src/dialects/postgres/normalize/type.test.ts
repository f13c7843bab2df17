import { describe, expect, test } from "vitest";
import type { ColumnType } from "../../../schema/model.js";
import { formatTypeName, normalizeType, parseTypeName } from "./type.js";

describe("parseTypeName", () => {
  test.each<readonly [string, ColumnType]>([
    ["character varying(20)", { kind: "varchar", length: 20 }],
    ["VARCHAR(20)", { kind: "varchar", length: 20 }],
    ["varchar", { kind: "varchar" }],
    ["int4", { kind: "integer" }],
    ["int", { kind: "integer" }],
    ["int8", { kind: "bigint" }],
    ["serial8", { kind: "bigserial" }],
    ["bool", { kind: "boolean" }],
    ["float8", { kind: "doublePrecision" }],
    ["float", { kind: "doublePrecision" }],
    ["float(10)", { kind: "real" }],
    ["double precision", { kind: "doublePrecision" }],
    ["decimal(10, 2)", { kind: "numeric", precision: 10, scale: 2 }],
    ["numeric(10,2)", { kind: "numeric", precision: 10, scale: 2 }],
    ["character(3)", { kind: "char", length: 3 }],
    ["char", { kind: "char", length: 1 }],
    ["timestamptz", { kind: "timestamp", withTimeZone: true }],
    ["timestamptz(3)", { kind: "timestamp", withTimeZone: true, precision: 3 }],
    ["timestamp(3) with time zone", { kind: "timestamp", withTimeZone: true, precision: 3 }],
    ["timestamp without time zone", { kind: "timestamp", withTimeZone: false }],
    ["time with time zone", { kind: "time", withTimeZone: true }],
    ["timetz(2)", { kind: "time", withTimeZone: true, precision: 2 }],
    ["pg_catalog.int4", { kind: "integer" }],
    ["integer[]", { kind: "array", element: { kind: "integer" }, dimensions: 1 }],
    ["int[][]", { kind: "array", element: { kind: "integer" }, dimensions: 2 }],
    ["text[3]", { kind: "array", element: { kind: "text" }, dimensions: 1 }],
    ["character varying(20)[]", { kind: "array", element: { kind: "varchar", length: 20 }, dimensions: 1 }],
    ["tsvector", { kind: "custom", sql: "tsvector" }],
    ["public.citext", { kind: "custom", sql: "citext" }],
    ["geometry(Point,4326)", { kind: "custom", sql: "geometry(point, 4326)" }],
    ["geometry(Point, 4326)", { kind: "custom", sql: "geometry(point, 4326)" }],
    ['"MyType"', { kind: "custom", sql: '"MyType"' }],
    ["extensions.citext", { kind: "custom", sql: "extensions.citext" }],
    ["interval day to second", { kind: "custom", sql: "interval day to second" }],
    ["bpchar", { kind: "custom", sql: "bpchar" }],
    ["tsvector[]", { kind: "array", element: { kind: "custom", sql: "tsvector" }, dimensions: 1 }],
  ])("%s", (sql, type) => {
    expect(parseTypeName(sql)).toStrictEqual(type);
  });
});

describe("normalizeType", () => {
  test.each<readonly [ColumnType, ColumnType]>([
    [
      { kind: "custom", sql: "character varying(20)" },
      { kind: "varchar", length: 20 },
    ],
    [{ kind: "char" }, { kind: "char", length: 1 }],
    [
      { kind: "numeric", precision: 10, scale: 0 },
      { kind: "numeric", precision: 10 },
    ],
    [
      { kind: "timestamp", withTimeZone: true, precision: 6 },
      { kind: "timestamp", withTimeZone: true },
    ],
    [
      { kind: "time", withTimeZone: false, precision: 3 },
      { kind: "time", withTimeZone: false, precision: 3 },
    ],
    [
      { kind: "enum", name: "mood", schema: "public" },
      { kind: "enum", name: "mood" },
    ],
    [
      { kind: "enum", name: "kind", schema: "inventory" },
      { kind: "enum", name: "kind", schema: "inventory" },
    ],
    [
      { kind: "array", element: { kind: "custom", sql: "int4[]" }, dimensions: 1 },
      { kind: "array", element: { kind: "integer" }, dimensions: 2 },
    ],
    [
      { kind: "array", element: { kind: "char" }, dimensions: 1 },
      { kind: "array", element: { kind: "char", length: 1 }, dimensions: 1 },
    ],
    [{ kind: "serial" }, { kind: "serial" }],
  ])("%j", (input, output) => {
    expect(normalizeType(input)).toStrictEqual(output);
    expect(normalizeType(normalizeType(input))).toStrictEqual(output);
  });
});

describe("formatTypeName", () => {
  test.each<readonly [ColumnType, string]>([
    [{ kind: "varchar", length: 20 }, "character varying(20)"],
    [{ kind: "char", length: 2 }, "character(2)"],
    [{ kind: "numeric", precision: 10 }, "numeric(10,0)"],
    [{ kind: "timestamp", withTimeZone: true, precision: 3 }, "timestamp(3) with time zone"],
    [{ kind: "doublePrecision" }, "double precision"],
    [{ kind: "array", element: { kind: "text" }, dimensions: 2 }, "text[]"],
    [{ kind: "enum", name: "Mood", schema: "app" }, 'app."Mood"'],
    [{ kind: "serial" }, "integer"],
  ])("%j", (type, text) => {
    expect(formatTypeName(type)).toBe(text);
  });
});
