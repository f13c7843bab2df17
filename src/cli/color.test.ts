import { describe, expect, it } from "vitest";
import { colorEnabled, colorize } from "./color.js";

describe("colorEnabled", () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [undefined, {}, false],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [false, { FORCE_COLOR: "1" }, true],
    [false, { FORCE_COLOR: "" }, true],
    [true, { FORCE_COLOR: "0" }, false],
    [true, { FORCE_COLOR: "false" }, false],
    [false, { FORCE_COLOR: "1", NO_COLOR: "1" }, true],
  ])("isTTY %j with %j gives %j", (isTTY, env, expected) => {
    expect(colorEnabled(isTTY, env)).toBe(expected);
  });
});

describe("colorize", () => {
  it("colours the FAILED and WARNING prefixes at the start of lines only", () => {
    expect(colorize("FAILED: no\n  hint FAILED: x\nWARNING: w\n")).toBe(
      "\u001b[31mFAILED:\u001b[0m no\n  hint FAILED: x\n\u001b[33mWARNING:\u001b[0m w\n",
    );
    expect(colorize("Running upgrade  -> a\n")).toBe("Running upgrade  -> a\n");
  });
});
