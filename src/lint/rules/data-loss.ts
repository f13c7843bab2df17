import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const dataLoss: LintRule = {
  id: "data-loss",
  severity: "warning",
  title: "Statement that removes rows or cuts values",
  explanation:
    "TRUNCATE, DELETE without WHERE and DROP SCHEMA … CASCADE remove data wholesale, and a narrowing type change (a shorter varchar, a smaller integer) fails on, or cuts, values that do not fit. A downgrade cannot bring any of it back.",
  advice:
    "Make sure the loss is intended; keep a backup of what is removed, or check the values fit first (`SELECT … WHERE length(c) > n`).",
  check: (revision) => [
    ...revision.actions
      .filter((action) => action.subject.kind === "dataLoss" && !action.onNewTable)
      .map((action) => {
        const subject = action.subject as { readonly what: string; readonly table?: { name: string; schema?: string } | undefined };
        return { action, message: `${subject.what}${subject.table === undefined ? "" : ` (${tableText(subject.table)})`}.` };
      }),
    ...onExistingTables(revision, "changeType")
      .filter((action) => action.subject.narrowing)
      .map((action) => ({
        action,
        message: `${tableText(action.subject.table)}.${action.subject.column} narrows (${action.subject.change}): values that do not fit make the statement fail, or are cut.`,
      })),
  ],
};
