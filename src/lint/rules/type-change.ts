import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const typeChangeRewrite: LintRule = {
  id: "type-change-rewrite",
  severity: "error",
  title: "Column type change that rewrites the table",
  explanation:
    "Changing a column's type rewrites the whole table and rebuilds its indexes under ACCESS EXCLUSIVE, unless the new type is binary-compatible and no narrower (varchar(n) to a longer varchar or to text, numeric to a larger precision at the same scale): reads and writes wait for the rewrite.",
  advice:
    "Expand and contract: add a column of the new type, fill it in batches with op.backfill (and keep it in step with a trigger or in the application), switch readers and writers to it, then drop the old column.",
  check: (revision) =>
    onExistingTables(revision, "changeType")
      .filter((action) => action.subject.effect === "rewrite")
      .map((action) => ({
        action,
        message: `${tableText(action.subject.table)}.${action.subject.column} changes type (${action.subject.change}): the table is rewritten under ACCESS EXCLUSIVE.`,
      })),
};

export const typeChangeUnverified: LintRule = {
  id: "type-change-unverified",
  severity: "warning",
  title: "Column type change whose previous type is not known",
  explanation:
    "Whether a type change rewrites the table depends on the previous type, which the revision does not give (raw SQL, or op.alterColumn without the existing type), so the lint cannot tell.",
  advice:
    "Give the previous type (`op.alterColumn(t, c, { type: text(), existingType: varchar(100) })`, which autogenerate writes) so the change can be checked, or make sure it only lengthens a varchar or turns it into text.",
  check: (revision) =>
    onExistingTables(revision, "changeType")
      .filter((action) => action.subject.effect === "unknown")
      .map((action) => ({
        action,
        message: `${tableText(action.subject.table)}.${action.subject.column} changes type (${action.subject.change}), but its previous type is not known, so a table rewrite cannot be ruled out.`,
      })),
};
