import type { AnalysedAction, LintRule } from "../rule.js";

function concurrent(action: AnalysedAction): boolean {
  return (action.subject.kind === "createIndex" || action.subject.kind === "dropIndex") && action.subject.concurrently;
}

export const concurrentlyInTransaction: LintRule = {
  id: "concurrently-in-transaction",
  severity: "error",
  title: "CONCURRENTLY in a transactional revision",
  explanation:
    "CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY cannot run inside a transaction block; `upgrade` refuses the revision.",
  advice: "Add `export const transactional = false;` to the revision, and keep the concurrent statements in a revision of their own.",
  check: (revision) =>
    revision.transactional
      ? revision.actions.filter(concurrent).map((action) => ({
          action,
          message: `${action.subject.kind === "createIndex" ? "CREATE" : "DROP"} INDEX CONCURRENTLY in a revision that runs in a transaction: PostgreSQL refuses it.`,
        }))
      : [],
};

export const concurrentlyMixed: LintRule = {
  id: "concurrently-mixed",
  severity: "warning",
  title: "Non-transactional revision mixing CONCURRENTLY with other statements",
  explanation:
    "A revision with `transactional = false` runs each statement on its own: when one fails, the statements before it stay applied and the version table is not moved, so the next run repeats them. A revision holding only the concurrent index statements (and settings) can be rerun safely.",
  advice:
    "Move the other statements into a transactional revision before or after it; keep `{ ifNotExists: true }` / `{ ifExists: true }` on the concurrent ones so a rerun passes.",
  check: (revision) => {
    if (revision.transactional || !revision.actions.some(concurrent)) return [];
    const others = revision.actions.filter((action) => !concurrent(action) && action.subject.kind !== "setting");
    const first = others[0];
    if (first === undefined) return [];
    const count = others.length === 1 ? "1 other statement shares" : `${others.length} other statements (this one first) share`;
    return [
      {
        action: first,
        message: `${count} a non-transactional revision with CONCURRENTLY index statements: a failure part-way leaves the revision half applied.`,
      },
    ];
  },
};
