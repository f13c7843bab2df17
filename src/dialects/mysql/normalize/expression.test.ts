import { describe, expect, it } from "vitest";
import { normalizeExpression } from "./expression.js";

describe("normalizeExpression", () => {
  it.each([
    ["`price` > 0", "price > 0"],
    ["(`price` > 0)", "price > 0"],
    ["price>0", "price > 0"],
    ["CHAR_LENGTH(`title`) > 0", "char_length(title) > 0"],
    ["`a` in ('a','b')", "a in('a', 'b')"],
    ["a IN ( 'a' , 'b' )", "a in('a', 'b')"],
    ["status = _utf8mb4'Open'", "status = 'Open'"],
    ['status = "It\'s"', "status = 'It''s'"],
    ["NOW()", "current_timestamp()"],
    ["CURRENT_TIMESTAMP", "current_timestamp()"],
    ["current_timestamp(6)", "current_timestamp(6)"],
    ["(a > 0) and (b > 0)", "(a > 0)and(b > 0)"],
  ])("%s reads as %s", (sql, expected) => {
    expect(normalizeExpression(sql)).toBe(expected);
  });

  it("keeps the case of text in quotes and the difference between two values", () => {
    expect(normalizeExpression("a = 'X'")).not.toBe(normalizeExpression("a = 'x'"));
    expect(normalizeExpression("a > 1")).not.toBe(normalizeExpression("a > 2"));
  });
});
