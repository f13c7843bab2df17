/** `retort test` for people (one line per test, details indented) and as `--json`. */
import type { MigrationTestResult, TestMigrationsResult } from "../commands/test.js";
import type { Json } from "./json.js";

const TITLES: Record<MigrationTestResult["kind"], string> = {
  heads: "single head",
  stairway: "stairway",
  models: "models match the migrated schema",
  sql: "offline --sql, base to heads and back",
  squash: "squashed revision builds what the revisions it replaces build",
};

const STATUS: Record<MigrationTestResult["status"], string> = { ok: "ok", failed: "FAILED", skipped: "skipped" };

function line(test: MigrationTestResult): string {
  const revision = test.revision === null ? "" : ` ${test.revision}${test.message ? `, ${test.message}` : ""}`;
  const reason = test.reason === null ? "" : `: ${test.reason}`;
  return `${STATUS[test.status].padEnd(8)}${TITLES[test.kind]}${revision}${reason}`;
}

/** The report: a line per test, each failure's details under it, then a summary line. */
export function formatTest(result: TestMigrationsResult): string {
  const lines: string[] = [];
  for (const test of result.results) {
    lines.push(line(test));
    if (test.status === "failed") for (const detail of test.details) lines.push(`          ${detail}`);
  }
  const failed = result.results.filter((test) => test.status === "failed").length;
  lines.push(failed === 0 ? `All ${result.results.length} tests passed.` : `${failed} of ${result.results.length} tests FAILED.`);
  return `${lines.join("\n")}\n`;
}

/** The `--json` document. */
export function testJson(result: TestMigrationsResult): Json {
  return {
    ok: result.ok,
    database: result.database,
    tests: result.results.map((test) => ({
      kind: test.kind,
      status: test.status,
      revision: test.revision,
      message: test.message,
      reason: test.reason,
      details: [...test.details],
    })),
  };
}
