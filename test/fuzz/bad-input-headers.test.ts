/**
 * Bad input, fuzzed (see fuzz-harness.ts): revision headers, hand-picked and as random character edits.
 */
import { describe, expect, it } from "vitest";
import { badInputFuzz, fuzzCount, TIMEOUT } from "./fuzz-harness.js";
import { combinedHeaderCases, headerCases, type RandomEditTally, randomHeaderEdits } from "./mutations.js";

describe("bad input, fuzzed: revision headers", () => {
  const fuzz = badInputFuzz("headers", 0);
  const editTally: RandomEditTally = { syntaxError: 0, brokenHeader: 0, unchanged: 0, changedSkipped: 0 };

  it(
    "revision headers: missing, misspelt, mistyped, duplicated exports; cycles; unknown parents; garbage files",
    async () => {
      await fuzz.runAll([...headerCases(fuzz.context()), ...combinedHeaderCases(fuzz.context(), fuzzCount(40))]);
    },
    TIMEOUT,
  );

  it(
    "revision headers, random character edits judged by the TypeScript parser",
    async () => {
      await fuzz.runAll(randomHeaderEdits(fuzz.context(), fuzzCount(70), 6000, editTally));
      fuzz.notes.push(
        `random header edits: ${editTally.syntaxError} syntax errors, ${editTally.brokenHeader} bad exports, ${editTally.unchanged} still valid (must be accepted), ${editTally.changedSkipped} other values (not judged)`,
      );
      expect(editTally.syntaxError + editTally.brokenHeader).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it("known bugs listed in fuzz-harness.ts are still there (remove an entry once it is fixed)", () => {
    expect(fuzz.staleKnownBugs()).toEqual([]);
  });
});
