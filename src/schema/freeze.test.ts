import { describe, expect, it } from "vitest";
import { frozen } from "./freeze.js";

describe("frozen", () => {
  it("freezes nested plain data and drops undefined properties, but keeps undefined array elements", () => {
    const input = { name: "t", schema: undefined, columns: [{ name: "id", comment: undefined }], list: [1, undefined] };
    const result = frozen(input);
    expect(result).toStrictEqual({ name: "t", columns: [{ name: "id" }], list: [1, undefined] });
    expect(Object.keys(result)).toEqual(["name", "columns", "list"]);
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.columns)).toBe(true);
    expect(Object.isFrozen(result.columns[0])).toBe(true);
  });

  it("leaves the caller's plain objects unfrozen and returns frozen values as they are", () => {
    const input = { a: { b: 1 } };
    frozen(input);
    expect(Object.isFrozen(input)).toBe(false);
    const already = Object.freeze({ c: 2 });
    expect(frozen(already)).toBe(already);
    expect(frozen("text")).toBe("text");
    expect(frozen(null)).toBe(null);
  });

  it("freezes an object of a class in place, keeping its prototype", () => {
    class Expression {
      constructor(
        readonly sql: string,
        readonly note?: string,
      ) {}
    }
    const expression = new Expression("now()", undefined);
    const result = frozen({ default: expression });
    expect(result.default).toBe(expression);
    expect(result.default).toBeInstanceOf(Expression);
    expect(Object.isFrozen(expression)).toBe(true);
    expect("note" in expression).toBe(false);
  });
});
