/**
 * The safe forms as revision file bodies: the transactional revision (with the changes left to a person), and,
 * when needed, its non-transactional child. When everything runs outside a transaction (only index builds, say),
 * the child is the one file.
 */
import type { ComparisonRules } from "../../dialects/dialect.js";
import type { ManualChange } from "../compare/result.js";
import type { SafeFormPlan } from "../safe-forms.js";
import { type RenderedMigration, renderMigration } from "./migration.js";

/** One revision file's parts, and whether it runs in a transaction. */
export interface RevisionBody extends RenderedMigration {
  /** Export lines after the header's (`export const transactional = false;`, a lint allowance). */
  readonly exports: readonly string[];
  readonly transactional: boolean;
}

/** Why the second revision may hold more than concurrent index builds (the lint warns about the mix otherwise). */
const MIXED_REASON =
  "written by autogenerate: each statement runs and is recorded on its own, and a run that stops part-way resumes after the last one recorded";

/** The bodies of the revision(s) of a safe-form plan, parent first. */
export function renderSafeRevisions(plan: SafeFormPlan, manual: readonly ManualChange[], rules: ComparisonRules): RevisionBody[] {
  const { transactional, concurrent } = plan;
  const bodies: RevisionBody[] = [];
  if (transactional.upgrade.length > 0 || manual.length > 0 || concurrent === undefined) {
    const body = renderMigration(transactional.upgrade, transactional.downgrade, manual, rules, transactional.notes);
    bodies.push({ ...body, exports: [], transactional: true });
  }
  if (concurrent !== undefined) {
    const indexes = concurrent.upgrade.some((op) => op.kind === "createIndex");
    const others = concurrent.upgrade.some((op) => op.kind !== "createIndex");
    const exports = [
      "export const transactional = false;",
      ...(indexes && others ? [`export const lint = { allow: { "concurrently-mixed": ${JSON.stringify(MIXED_REASON)} } };`] : []),
    ];
    const body = renderMigration(concurrent.upgrade, concurrent.downgrade, [], rules, concurrent.notes);
    bodies.push({ ...body, exports, transactional: false });
  }
  return bodies;
}
