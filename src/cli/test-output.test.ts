import { describe, expect, it } from "vitest";
import type { TestMigrationsResult } from "../commands/test.js";
import { formatTest, testJson } from "./test-output.js";

const RESULT: TestMigrationsResult = {
  ok: false,
  database: "embedded:/tmp/retort-test-x/db",
  results: [
    { kind: "heads", status: "failed", revision: null, message: null, reason: "2 heads: a1, b2", details: ["Merge them."] },
    { kind: "stairway", status: "ok", revision: "a1", message: "create movies", reason: null, details: [] },
    { kind: "stairway", status: "skipped", revision: "b2", message: "", reason: "not run after the failure of a1", details: ["hidden"] },
    { kind: "models", status: "skipped", revision: null, message: null, reason: "no models are configured", details: [] },
    { kind: "sql", status: "ok", revision: null, message: null, reason: null, details: [] },
  ],
};

describe("retort test output", () => {
  it("prints a line per test, a failure's details under it, and a summary", () => {
    expect(formatTest(RESULT)).toBe(
      [
        "FAILED  single head: 2 heads: a1, b2",
        "          Merge them.",
        "ok      stairway a1, create movies",
        "skipped stairway b2: not run after the failure of a1",
        "skipped models match the migrated schema: no models are configured",
        "ok      offline --sql, base to heads and back",
        "1 of 5 tests FAILED.",
        "",
      ].join("\n"),
    );
  });

  it("gives every field in --json, null when absent", () => {
    const doc = testJson(RESULT) as { ok: boolean; database: string; tests: Record<string, unknown>[] };
    expect(doc.ok).toBe(false);
    expect(doc.database).toBe("embedded:/tmp/retort-test-x/db");
    expect(doc.tests[0]).toEqual({
      kind: "heads",
      status: "failed",
      revision: null,
      message: null,
      reason: "2 heads: a1, b2",
      details: ["Merge them."],
    });
  });
});
