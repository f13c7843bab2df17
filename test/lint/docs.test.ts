import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { LINT_RULES } from "../../src/lint/rules/index.js";

it("docs/lint.md has a row for every rule, with its severity, and none for a rule that does not exist", () => {
  const text = readFileSync(new URL("../../docs/lint.md", import.meta.url), "utf8");
  const rows = [...text.matchAll(/^\| `([a-z-]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]);
  expect(rows).toEqual(LINT_RULES.map((rule) => [rule.id, rule.severity]));
});
