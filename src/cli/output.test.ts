import { describe, expect, it } from "vitest";
import { usageErrorText } from "./output.js";

describe("usageErrorText", () => {
  it("keeps commander's own line breaks as lines", () => {
    expect(usageErrorText("error: unknown command 'upgrad'\n(Did you mean upgrade?)\n", ["upgrad", "head"])).toBe(
      "error: unknown command 'upgrad'\n(Did you mean upgrade?)\n",
    );
  });

  it("escapes line breaks and escapes that come from an argument", () => {
    expect(usageErrorText("error: unknown command 'a\nb'\n", ["a\nb"])).toBe("error: unknown command 'a\\nb'\n");
    expect(usageErrorText("error: unknown option '--x\u001b[2J'\n", ["--x\u001b[2J=1"])).toBe("error: unknown option '--x\\u001b[2J'\n");
  });
});
