import { type LintRule, onExistingTables, tableText } from "../rule.js";

export const keyWithoutUsingIndex: LintRule = {
  id: "key-without-using-index",
  severity: "error",
  title: "ADD PRIMARY KEY / UNIQUE that builds its index under the lock",
  explanation:
    "Adding a primary key or unique constraint to an existing table builds its index while holding ACCESS EXCLUSIVE: reads and writes wait for the whole build (a primary key also scans for NULLs).",
  advice:
    "Build the index first with `op.createIndex(index, table, columns, { unique: true, concurrently: true })` in a non-transactional revision, then attach it: `op.createUniqueConstraint(name, table, columns, { usingIndex: index })` (or `op.createPrimaryKey(…, { usingIndex: index })`, on columns already NOT NULL).",
  check: (revision) => [
    ...onExistingTables(revision, "addKeyConstraint")
      .filter((action) => !action.subject.usingIndex)
      .map((action) => ({
        action,
        message: `${action.subject.primaryKey ? "Primary key" : "Unique constraint"} ${action.subject.constraint} on ${tableText(action.subject.table)} builds its index under ACCESS EXCLUSIVE.`,
      })),
    ...onExistingTables(revision, "addColumn")
      .filter((action) => action.subject.keyConstraint !== undefined)
      .map((action) => ({
        action,
        message: `Column ${tableText(action.subject.table)}.${action.subject.column} is added as ${action.subject.keyConstraint}: its index is built under ACCESS EXCLUSIVE.`,
      })),
  ],
};
