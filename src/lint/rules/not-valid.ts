import type { LintRule, RevisionActions, RuleHit } from "../rule.js";
import { onExistingTables, tableText } from "../rule.js";

/** VALIDATE CONSTRAINT in the transaction that added the constraint NOT VALID: the ADD's lock is held during the scan. */
function validatedTooSoon(revision: RevisionActions, kind: "foreign key" | "check"): RuleHit[] {
  return revision.actions
    .filter((action) => action.subject.kind === "validateConstraint" && action.validatesInSameTransaction === kind)
    .map((action) => ({
      action,
      message: `${kind === "check" ? "Check" : "Foreign key"} ${(action.subject as { constraint: string }).constraint} is validated in the same transaction that added it NOT VALID: the lock of the ADD is still held while VALIDATE scans the table.`,
    }));
}

export const foreignKeyWithoutNotValid: LintRule = {
  id: "foreign-key-without-not-valid",
  severity: "error",
  title: "ADD FOREIGN KEY that checks existing rows under the lock",
  explanation:
    "Adding a foreign key checks every existing row while holding SHARE ROW EXCLUSIVE locks on both tables: writes to the table and to the referenced table wait for the whole scan.",
  advice:
    "Add it NOT VALID, then validate it in a later revision (or outside a transaction): `op.createForeignKey(name, table, referent, columns, referredColumns, { notValid: true })`, then `op.validateConstraint(name, table)`, which lets writes go on.",
  check: (revision) => [
    ...onExistingTables(revision, "addForeignKey")
      .filter((action) => !action.subject.notValid)
      .map((action) => ({
        action,
        message: `Foreign key ${action.subject.constraint} on ${tableText(action.subject.table)} checks every existing row while writes to ${tableText(action.subject.table)} and ${tableText(action.subject.referredTable)} wait.`,
      })),
    ...validatedTooSoon(revision, "foreign key"),
  ],
};

export const checkWithoutNotValid: LintRule = {
  id: "check-without-not-valid",
  severity: "error",
  title: "ADD CHECK that checks existing rows under the lock",
  explanation:
    "Adding a check constraint scans every existing row while holding ACCESS EXCLUSIVE on the table: reads and writes wait for the whole scan.",
  advice:
    "Add it NOT VALID, then validate it in a later revision (or outside a transaction): `op.createCheckConstraint(name, table, condition, { notValid: true })`, then `op.validateConstraint(name, table)`, which lets reads and writes go on.",
  check: (revision) => [
    ...onExistingTables(revision, "addCheck")
      .filter((action) => !action.subject.notValid)
      .map((action) => ({
        action,
        message: `Check ${action.subject.constraint} on ${tableText(action.subject.table)} scans every existing row while reads and writes of ${tableText(action.subject.table)} wait.`,
      })),
    ...validatedTooSoon(revision, "check"),
  ],
};
