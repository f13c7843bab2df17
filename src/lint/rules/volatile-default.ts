import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const addColumnVolatileDefault: LintRule = {
  id: "add-column-volatile-default",
  severity: "error",
  title: "ADD COLUMN with a volatile default (or identity, serial)",
  explanation:
    "A column with a constant or stable default (a literal, now()) is added instantly. A volatile default (random(), gen_random_uuid(), clock_timestamp(), a sequence through serial or identity) is computed for every existing row, so the table is rewritten under ACCESS EXCLUSIVE.",
  advice:
    "Add the column without a default (or with a constant one), set the default for new rows with ALTER COLUMN … SET DEFAULT, then fill existing rows in batches (op.backfill in a non-transactional revision).",
  check: (revision) =>
    onExistingTables(revision, "addColumn")
      .filter((action) => action.subject.volatileDefault !== undefined)
      .map((action) => ({
        action,
        message: `Column ${tableText(action.subject.table)}.${action.subject.column} is added with ${action.subject.volatileDefault}: every existing row is written under ACCESS EXCLUSIVE.`,
      })),
};
