/**
 * Autogenerate's pure pipeline, from two snapshots to a migration plan: find rename questions, ask the
 * resolver, compare, order by dependency, and derive the downgrade by reversing the operations (which
 * carry the database's prior state). `renderMigration` turns the plan into a revision file's body.
 */
import type { ComparisonRules } from "../dialects/dialect.js";
import { IrreversibleOperationError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { reversalOf } from "../ops/reverse.js";
import { frozen } from "../schema/freeze.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { compareSnapshots, withoutDefaultSchema } from "./compare/index.js";
import type { EqualityOptions } from "./compare/equality.js";
import type { ManualChange } from "./compare/result.js";
import { type DataLoss, dataLossOf } from "./data-loss.js";
import { objectKey } from "./names.js";
import { orderOperations } from "./order.js";
import { withDatabaseSpelling } from "./prior-state.js";
import { withModelSpelling } from "./spelling.js";
import type { DowngradeStep } from "./render/migration.js";
import { checkDecisions, failingResolver, findRenameQuestions, type RenameDecision, type RenameResolver } from "./renames.js";

/** What autogenerate found: the upgrade, its downgrade, and what a person must know or write. */
export interface MigrationPlan {
  /** Upgrade operations, in dependency order. */
  readonly upgrade: readonly Operation[];
  /** The downgrade: each upgrade operation reversed, in reverse order; irreversible ones as notes. */
  readonly downgrade: readonly DowngradeStep[];
  /** Changes no operation can make (written into the file as a TODO). */
  readonly manual: readonly ManualChange[];
  /** Upgrade changes that lose data (for the command's summary). */
  readonly dataLoss: readonly DataLoss[];
  /** The rename decisions taken. */
  readonly renames: readonly RenameDecision[];
  /** Nothing to change: no operation and nothing left to a person. */
  readonly empty: boolean;
  /** The partitioned tables of either side, by `objectKey`: the safe forms leave them their plain forms. */
  readonly partitioned?: readonly string[];
}

/** Options of {@link produceMigration}. */
export interface ProduceOptions extends PlanOptions {
  /** Decides rename candidates; default: fail listing them ({@link failingResolver}). */
  readonly resolver?: RenameResolver;
}

/**
 * The downgrade of ordered upgrade operations; an operation that cannot be reversed, or whose downgrade is
 * nothing, becomes a note.
 */
export function downgradeOf(upgrade: readonly Operation[]): DowngradeStep[] {
  return [...upgrade].reverse().map((op): DowngradeStep => {
    try {
      return reversalOf(op);
    } catch (error) {
      if (!(error instanceof IrreversibleOperationError)) throw error;
      // Stryker disable next-line ConditionalExpression: every IrreversibleOperationError that reverseOperation throws has a hint
      return { kind: "irreversible", operation: op, reason: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
    }
  });
}

/** Options of {@link planMigration}. */
export interface PlanOptions extends Partial<EqualityOptions> {
  /**
   * The dialect's rules: its normal form, applied to both sides before comparing (what is created keeps the
   * models' spelling), and what its type changes do to values.
   */
  readonly rules: ComparisonRules;
}

/** The plan for `from` (database) → `to` (models) with the renames already decided. Pure. */
export function planMigration(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  renames: readonly RenameDecision[],
  options: PlanOptions,
): MigrationPlan {
  return planNormalized(normalized(from, to, options.rules), { from, to }, renames, options);
}

/** Both sides in the dialect's normal form. */
function normalized(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  rules: ComparisonRules,
): { readonly from: SchemaSnapshot; readonly to: SchemaSnapshot } {
  return { from: rules.normalize(from), to: rules.normalize(to) };
}

/**
 * The plan from both sides in normal form. `written` holds both sides as read: what is created keeps the models'
 * spelling, and what a downgrade restores keeps the database's.
 */
function planNormalized(
  sides: { readonly from: SchemaSnapshot; readonly to: SchemaSnapshot },
  written: { readonly from: SchemaSnapshot; readonly to: SchemaSnapshot },
  renames: readonly RenameDecision[],
  options: PlanOptions,
): MigrationPlan {
  const comparison = compareSnapshots(sides.from, sides.to, { ...options, renames });
  const spelled = withDatabaseSpelling(
    withModelSpelling(comparison.operations, withoutDefaultSchema(written.to)),
    withoutDefaultSchema(written.from),
  );
  const upgrade = orderOperations(spelled).map((op) => frozen(structuredClone(op)));
  return {
    upgrade,
    downgrade: downgradeOf(upgrade),
    manual: comparison.manual,
    dataLoss: [
      ...dataLossOf(upgrade, options.rules),
      ...comparison.manual.filter((change) => change.dataLoss).map((change) => ({ message: `${change.subject}: ${change.message}` })),
    ],
    renames,
    empty: upgrade.length === 0 && comparison.manual.length === 0,
    partitioned: [
      ...new Set(
        [...sides.from.tables, ...sides.to.tables].filter((t) => t.partitionBy !== undefined).map((t) => objectKey(t.schema, t.name)),
      ),
    ].sort(),
  };
}

/**
 * Compares `from` (the database) with `to` (the models), both normalised by the dialect's rules, asking
 * `options.resolver` about rename candidates first.
 */
export async function produceMigration(from: SchemaSnapshot, to: SchemaSnapshot, options: ProduceOptions): Promise<MigrationPlan> {
  const sides = normalized(from, to, options.rules);
  const questions = findRenameQuestions(withoutDefaultSchema(sides.from), withoutDefaultSchema(sides.to));
  const renames = questions.length === 0 ? [] : checkDecisions(questions, await (options.resolver ?? failingResolver)(questions));
  return planNormalized(sides, { from, to }, renames, options);
}
