/**
 * The vocabulary of `retort lint`: rules with a stable id, a severity, an explanation and the safe form, judging
 * the actions of one revision (what each statement does and the lock it takes, as the dialect describes them).
 */
import type { LintAction, TableLock, TableRef } from "../dialects/lint-support.js";

/** `error` fails `retort lint` (exit 1); `warning` and `info` are reported only. */
export type Severity = "error" | "warning" | "info";

/** One action of a revision with what the statements before it (in this revision and earlier ones) tell about it. */
export interface AnalysedAction extends LintAction {
  /** Position in the revision (0-based), in the order `upgrade()` ran the statements. */
  readonly index: number;
  /** Every table the action works on was created earlier in this same revision: it is new and empty. */
  readonly onNewTable: boolean;
  /** The locks it takes on tables that existed before the revision (a new table has no other users). */
  readonly existingLocks: readonly TableLock[];
  /** For SET NOT NULL: a validated `CHECK (column IS NOT NULL)` on the column precedes it, so it does not scan. */
  readonly notNullChecked: boolean;
  /**
   * For VALIDATE CONSTRAINT: this transactional revision added the constraint NOT VALID too, so the lock the
   * ADD took is still held while VALIDATE scans the table.
   */
  readonly validatesInSameTransaction: "foreign key" | "check" | undefined;
}

/** What the rules see of one revision. */
export interface RevisionActions {
  readonly actions: readonly AnalysedAction[];
  /** The revision runs in a transaction (it does not export `transactional = false`). */
  readonly transactional: boolean;
}

/** One place a rule fires: the statement, and a sentence naming the object and what goes wrong. */
export interface RuleHit {
  readonly action: AnalysedAction;
  readonly message: string;
}

export interface LintRule {
  /** Stable, kebab-case: what `export const lint = { allow: { … } }` and `--json` name. */
  readonly id: string;
  readonly severity: Severity;
  /** What the rule flags, in a few words (the rule table of the documentation). */
  readonly title: string;
  /** Why it is unsafe, one paragraph. */
  readonly explanation: string;
  /** The safe way to get the same change. */
  readonly advice: string;
  check(revision: RevisionActions): readonly RuleHit[];
}

/** A table's name as messages print it. */
export function tableText(table: TableRef): string {
  return table.schema === undefined ? table.name : `${table.schema}.${table.name}`;
}

/** The actions of `revision` whose subject is `kind`, on tables that existed before the revision. */
export function onExistingTables<K extends AnalysedAction["subject"]["kind"]>(
  revision: RevisionActions,
  kind: K,
): (AnalysedAction & { readonly subject: Extract<AnalysedAction["subject"], { kind: K }> })[] {
  return revision.actions.filter(
    (action): action is AnalysedAction & { readonly subject: Extract<AnalysedAction["subject"], { kind: K }> } =>
      action.subject.kind === kind && !action.onNewTable,
  );
}
