import { describe, expect, test } from "vitest";
import { SchemaError } from "../../errors.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "./quote.js";

describe("quoteIdentifier", () => {
  test.each([
    ["movies", '"movies"'],
    ["user", '"user"'],
    ["Order Items", '"Order Items"'],
    ['weird"name', '"weird""name"'],
    ["фильмы", '"фильмы"'],
    ["a".repeat(63), `"${"a".repeat(63)}"`],
  ])("%s", (name, quoted) => {
    expect(quoteIdentifier(name)).toBe(quoted);
  });

  test("rejects names over 63 bytes with a SchemaError naming the name", () => {
    const error = (() => {
      try {
        quoteIdentifier("é".repeat(32));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).code).toBe("invalid_schema");
    expect((error as SchemaError).message).toBe(`The name "${"é".repeat(32)}" is 64 bytes long; PostgreSQL allows at most 63 bytes`);
    expect((error as SchemaError).details).toEqual({ name: "é".repeat(32), bytes: 64 });
  });

  test("rejects empty names and NUL", () => {
    expect(() => quoteIdentifier("")).toThrow(SchemaError);
    expect(() => quoteIdentifier("a\u0000b")).toThrow(SchemaError);
  });
});

describe("qualifiedName", () => {
  test("with and without a schema", () => {
    expect(qualifiedName("movies")).toBe('"movies"');
    expect(qualifiedName("movies", "Film Archive")).toBe('"Film Archive"."movies"');
  });
});

describe("quoteLiteral", () => {
  test.each<[Parameters<typeof quoteLiteral>[0], string]>([
    ["plain", "'plain'"],
    ["it's", "'it''s'"],
    ["C:\\dir", "E'C:\\\\dir'"],
    ["it's a \\", "E'it''s a \\\\'"],
    ["", "''"],
    ["фильм", "'фильм'"],
    [42, "42"],
    [-1.5, "-1.5"],
    [Number.NaN, "'NaN'"],
    [Number.POSITIVE_INFINITY, "'Infinity'"],
    [12345678901234567890n, "12345678901234567890"],
    [true, "true"],
    [false, "false"],
    [null, "NULL"],
    [new Date("2026-11-28T10:00:00.000Z"), "'2026-11-28T10:00:00.000Z'"],
  ])("%s", (value, expected) => {
    expect(quoteLiteral(value)).toBe(expected);
  });

  test("rejects NUL", () => {
    expect(() => quoteLiteral("a\u0000")).toThrow(SchemaError);
  });
});
