/** Renames and drops break the code still running against the old schema while a deploy rolls out. */
import { type LintRule, onExistingTables, tableText } from "../rule.js";

const DEPLOY = "While a deploy rolls out, the previous version of the application still runs against the database and fails on";

export const renameColumn: LintRule = {
  id: "rename-column",
  severity: "warning",
  title: "Column rename",
  explanation: `${DEPLOY} a column name that no longer exists.`,
  advice:
    "Expand and contract: add the new column, write both and backfill, move the readers, then drop the old column in a later release (or rename behind a view).",
  check: (revision) =>
    onExistingTables(revision, "renameColumn").map((action) => ({
      action,
      message: `Column ${tableText(action.subject.table)}.${action.subject.column} is renamed to ${action.subject.newName}: code using the old name fails until it is deployed.`,
    })),
};

export const renameTable: LintRule = {
  id: "rename-table",
  severity: "warning",
  title: "Table rename",
  explanation: `${DEPLOY} a table name that no longer exists.`,
  advice:
    "Expand and contract: create the new table (or a view under the new name), move readers and writers, then drop the old name in a later release.",
  check: (revision) =>
    onExistingTables(revision, "renameTable").map((action) => ({
      action,
      message: `Table ${tableText(action.subject.table)} is renamed to ${action.subject.newName}: code using the old name fails until it is deployed.`,
    })),
};

export const dropColumn: LintRule = {
  id: "drop-column",
  severity: "warning",
  title: "Column drop",
  explanation: `The column's data is lost, and ${DEPLOY.charAt(0).toLowerCase()}${DEPLOY.slice(1)} the missing column.`,
  advice:
    "Contract last: stop reading and writing the column in a release first (remove it from the models and the queries), then drop it in a later revision.",
  check: (revision) =>
    onExistingTables(revision, "dropColumn").map((action) => ({
      action,
      message: `Column ${tableText(action.subject.table)}.${action.subject.column} is dropped with its data.`,
    })),
};

export const dropTable: LintRule = {
  id: "drop-table",
  severity: "warning",
  title: "Table drop",
  explanation: `The table's rows are lost, and ${DEPLOY.charAt(0).toLowerCase()}${DEPLOY.slice(1)} the missing table.`,
  advice:
    "Contract last: stop using the table in a release first, keep a backup if its rows may be needed, then drop it in a later revision.",
  check: (revision) =>
    onExistingTables(revision, "dropTable").map((action) => ({
      action,
      message: `Table ${tableText(action.subject.table)} is dropped with its rows.`,
    })),
};
