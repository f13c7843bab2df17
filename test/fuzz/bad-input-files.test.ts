/**
 * Bad input, fuzzed (see fuzz-harness.ts): revision bodies, configs and database URLs.
 */
import { describe, expect, it } from "vitest";
import { badInputFuzz, TIMEOUT } from "./fuzz-harness.js";
import { bodyCases, configCases, urlCases } from "./mutations.js";

describe("bad input, fuzzed: revision bodies, configs, URLs", () => {
  const fuzz = badInputFuzz("files", 1);

  it(
    "revision bodies: bad exports, syntax errors, failing imports and functions, truncation, binary garbage",
    async () => {
      await fuzz.runAll(bodyCases(fuzz.context()));
    },
    TIMEOUT,
  );

  it(
    "configs: wrong types, unknown keys, syntax errors, bad default exports",
    async () => {
      await fuzz.runAll(configCases(fuzz.context()));
    },
    TIMEOUT,
  );

  it(
    "database URLs: malformed, wrong schemes and ports, passwords that must not leak",
    async () => {
      await fuzz.runAll(urlCases(fuzz.context()));
    },
    TIMEOUT,
  );

  it("known bugs listed in fuzz-harness.ts are still there (remove an entry once it is fixed)", () => {
    expect(fuzz.staleKnownBugs()).toEqual([]);
  });
});
