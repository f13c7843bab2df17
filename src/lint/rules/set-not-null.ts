import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const setNotNullWithoutCheck: LintRule = {
  id: "set-not-null-without-check",
  severity: "error",
  title: "SET NOT NULL without a validated CHECK (column IS NOT NULL)",
  explanation:
    "SET NOT NULL scans the whole table for NULLs while holding ACCESS EXCLUSIVE: reads and writes wait for the scan. PostgreSQL skips the scan when a validated CHECK (column IS NOT NULL) already proves it.",
  advice:
    "First add the check NOT VALID, `op.createCheckConstraint(name, table, 'column IS NOT NULL', { notValid: true })`, and validate it with `op.validateConstraint(name, table)` (in an earlier revision, or outside a transaction); then SET NOT NULL, which PostgreSQL then does without a scan; then drop the check.",
  check: (revision) =>
    onExistingTables(revision, "setNotNull")
      .filter((action) => !action.notNullChecked)
      .map((action) => ({
        action,
        message: `SET NOT NULL on ${tableText(action.subject.table)}.${action.subject.column} scans the table under ACCESS EXCLUSIVE: no validated CHECK (${action.subject.column} IS NOT NULL) precedes it.`,
      })),
};
