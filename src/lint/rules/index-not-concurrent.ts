import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const indexNotConcurrent: LintRule = {
  id: "index-not-concurrent",
  severity: "error",
  title: "CREATE INDEX without CONCURRENTLY on an existing table",
  explanation:
    "CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table is minutes.",
  advice:
    "Create it with `{ concurrently: true }` in a revision of its own that exports `transactional = false` (CREATE INDEX CONCURRENTLY cannot run in a transaction).",
  check: (revision) =>
    onExistingTables(revision, "createIndex")
      .filter((action) => !action.subject.concurrently)
      .map((action) => ({
        action,
        message: `Index ${action.subject.index} on ${tableText(action.subject.table)} is built without CONCURRENTLY: writes to ${tableText(action.subject.table)} wait for the whole build.`,
      })),
};
