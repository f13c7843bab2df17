/**
 * A migration plan as the parts of a revision file (`renderRevisionFile` takes them): the import line of
 * the builders used, and the statements of `upgrade()` and `downgrade()`, with data loss, USING casts to
 * review, changes left to a person and steps that cannot be undone marked by comments.
 */
import { viewNote } from "./views.js";
import type { ComparisonRules } from "../../dialects/dialect.js";
import type { Operation } from "../../ops/operation.js";
import type { ManualChange } from "../compare/result.js";
import { describeDataLoss } from "../data-loss.js";
import { byCodeUnit } from "../names.js";
import type { SafeFormNote } from "../safe-form-notes.js";
import type { Imports } from "./code.js";
import { renderOperation } from "./operations.js";
import { reviewNote } from "./review-notes.js";

/** One step of a downgrade: an operation, an upgrade operation with nothing to undo, or one that cannot be undone. */
export type DowngradeStep =
  | { readonly kind: "operation"; readonly operation: Operation }
  | { readonly kind: "nothing"; readonly operation: Operation; readonly note: string }
  | { readonly kind: "irreversible"; readonly operation: Operation; readonly reason: string; readonly hint?: string };

/** What a revision file is made of. */
export interface RenderedMigration {
  /** Import lines besides `Operations` (the `retort/schema` builders used). */
  readonly imports: readonly string[];
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
}

function comments(lines: readonly string[]): string[] {
  return lines.map((line) => `// ${line}`);
}

function statements(blocks: readonly string[][]): string[] {
  const lines: string[] = [];
  blocks.forEach((block, i) => {
    const previous = blocks[i - 1];
    if (previous !== undefined && (block.length > 1 || previous.length > 1)) lines.push("");
    lines.push(...block);
  });
  return lines;
}

function operationBlock(op: Operation, imports: Imports, rules: ComparisonRules, review?: SafeFormNote): string[] {
  const notes: string[] = [];
  const loss = describeDataLoss(op, rules);
  if (loss !== undefined) notes.push(`DATA LOSS: ${loss}.`);
  if (op.kind === "alterColumn" && op.type?.using !== undefined) {
    notes.push("Review the USING cast: the database cannot convert the existing values by itself.");
  }
  const view = op.kind === "createView" ? viewNote(op) : undefined;
  if (view !== undefined) notes.push(view);
  const statement = renderOperation(op, imports);
  if (review === undefined) return [...comments(notes), ...statement];
  const { plan, directive } = reviewNote(review, imports, rules);
  // The directive silences the lint for the statement right below it, so it comes last.
  return [...comments(plan), ...comments(notes), `// ${directive}`, ...statement];
}

/**
 * Renders the upgrade operations, the changes left to a person, and the downgrade steps; the dialect's `rules`
 * tell which type changes lose data. `reviews` marks upgrade operations kept in a form that locks an existing
 * table (see `planSafeForms`) with what to review and the safe plan.
 */
export function renderMigration(
  upgrade: readonly Operation[],
  downgrade: readonly DowngradeStep[],
  manual: readonly ManualChange[],
  rules: ComparisonRules,
  reviews: ReadonlyMap<Operation, SafeFormNote> = new Map(),
): RenderedMigration {
  const imports: Imports = new Set();
  const manualBlock =
    manual.length === 0
      ? []
      : [
          [
            "// TODO: autogenerate cannot write these changes; write them here by hand:",
            ...manual.map((change) => `//   ${change.subject}: ${change.message}`),
          ],
        ];
  const upgradeLines = statements([...manualBlock, ...upgrade.map((op) => operationBlock(op, imports, rules, reviews.get(op)))]);
  const downgradeLines = statements(
    downgrade.map((step) =>
      step.kind === "operation"
        ? operationBlock(step.operation, imports, rules)
        : step.kind === "nothing"
          ? comments([`${step.note}.`])
          : comments([`${step.reason}.`, ...(step.hint === undefined ? [] : [step.hint])]),
    ),
  );
  const names = [...imports].sort(byCodeUnit);
  return {
    imports: names.length === 0 ? [] : [`import { ${names.join(", ")} } from "retort/schema";`],
    upgrade: upgradeLines,
    downgrade: downgradeLines,
  };
}
