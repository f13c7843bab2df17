import { describe, expect, it } from "vitest";
import { gitignoreWithRetort } from "./init.js";

describe("gitignoreWithRetort", () => {
  it.each([
    [undefined, ".retort/\n"],
    ["", ".retort/\n"],
    ["node_modules\n", "node_modules\n.retort/\n"],
    ["node_modules", "node_modules\n.retort/\n"],
    ["node_modules\r\n.retort\r\n", undefined],
    ["/.retort/\n", undefined],
    [".retort/**\n", undefined],
    ["# .retort/\n", "# .retort/\n.retort/\n"],
    [".retort-old/\n", ".retort-old/\n.retort/\n"],
  ])("%j becomes %j", (current, expected) => {
    expect(gitignoreWithRetort(current)).toBe(expected);
  });
});
