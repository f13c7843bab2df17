import type { LintRule } from "../rule.js";

export const executeNotAnalysed: LintRule = {
  id: "execute-not-analysed",
  severity: "info",
  title: "op.execute text the parser could not read",
  explanation: "The lint reads op.execute text with PostgreSQL's own parser; text it rejects is not checked by any rule.",
  advice: "Check that the SQL is valid PostgreSQL (it would fail at upgrade otherwise), or review its locks by hand.",
  check: (revision) =>
    revision.actions.flatMap((action) => (action.subject.kind === "notAnalysed" ? [{ action, message: `${action.subject.reason}.` }] : [])),
};
