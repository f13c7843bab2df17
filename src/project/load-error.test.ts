import { describe, expect, it } from "vitest";
import { describeLoadError } from "./load-error.js";

describe("describeLoadError", () => {
  it("puts a parse error's location first", () => {
    const error = new Error('ParseError: Unexpected token, expected ","  \n /v/a1_x.ts:5:0');
    expect(describeLoadError(error, "/v/a1_x.ts")).toBe('/v/a1_x.ts:5:0: Unexpected token, expected ","');
  });

  it("reads the position of a transpiler's syntax error", () => {
    const error = new Error('Error transforming /v/a1_x.ts: Unexpected token, expected "," (5:1)');
    expect(describeLoadError(error, "/v/a1_x.ts")).toBe('/v/a1_x.ts:5:1: Unexpected token, expected ","');
  });

  it("finds the line of an error thrown while the module ran", () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'x')");
    error.stack = `TypeError: Cannot read properties of undefined (reading 'x')\n    at Object.<anonymous> (/app/models.ts:12:7)\n    at load (/x/jiti.cjs:1:1)`;
    expect(describeLoadError(error, "/app/models.ts")).toBe("/app/models.ts:12:7: Cannot read properties of undefined (reading 'x')");
  });

  it("names the file when nothing says where", () => {
    expect(describeLoadError(new Error("Cannot find module 'nope'\nRequire stack: ..."), "/app/models.ts")).toBe(
      "/app/models.ts: Cannot find module 'nope'",
    );
  });
});
