import { describe, expect, it } from "vitest";
import { linesInStack } from "./record-operations.js";

describe("linesInStack", () => {
  it("finds the revision file's frames by file name, innermost first, wherever V8 says the file is", () => {
    const stack = [
      "Error: ",
      "    at emit (/app/node_modules/retort/dist/ops/operations.js:47:39)",
      "    at helper (/tmp/other-copy/migrations/versions/abc_add.ts:6:12)",
      "    at Object.upgrade (/home/me/project/migrations/versions/abc_add.ts:13:9)",
      "    at C:\\project\\migrations\\versions\\abc_add.ts:20:3",
      "    at Object.upgrade (/home/me/project/migrations/versions/xabc_add.ts:99:1)",
    ].join("\n");
    expect(linesInStack(stack, "/home/me/project/migrations/versions/abc_add.ts")).toEqual([6, 13, 20]);
  });
});
