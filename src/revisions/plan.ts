/**
 * Migration plans: from the version-table rows (the current heads; empty = base) and a target, the steps to
 * run, each with the version-table rows it deletes and inserts so that after every step the table holds
 * exactly the heads of the applied set (DESIGN §1.6). Pure: the same input always gives the same plan, and
 * each plan is linear in the size of the graph (plus sorting).
 */
import { RevisionGraphError } from "../errors.js";
import { AppliedState, assertKnownRows, type RowChange } from "./applied-state.js";
import { byId, collectAncestors, collectDescendants, newestFirstWithin, type RevisionGraph } from "./graph.js";
import type { Direction, MigrationStep } from "./revision.js";
import type { Target } from "./target-syntax.js";
import { basesOf, lineageOf, resolveBranch, resolveDowngradeTarget, resolveRevisions, resolveUpgradeTarget } from "./targets.js";

export { iterateHistory } from "./history.js";

/** Options of {@link planStamp}. */
export interface StampOptions {
  /** Start from an empty version table (the caller empties it) instead of `currentHeads`. */
  readonly purge?: boolean;
}

function step(direction: Direction, revision: string, lower: readonly string[], upper: readonly string[], rows: RowChange): MigrationStep {
  return Object.freeze({
    direction,
    revision,
    lower: Object.freeze([...lower]),
    upper: Object.freeze([...upper]),
    deleteRows: Object.freeze([...rows.deleteRows]),
    insertRows: Object.freeze([...rows.insertRows]),
  });
}

/**
 * The steps of `upgrade TARGET`: every revision that is an ancestor-or-self of the target revision(s) over
 * `downRevision` and `dependsOn` and is not yet applied, parents first (the reverse of the history order).
 * `head` with several heads is a `multiple_heads` error; `heads` upgrades every branch; `+N` moves up from
 * the single current head (several, or a branch point on the way, is an error unless a branch is named).
 * A target already applied gives no steps. `lower` is the revision's down revisions, `upper` itself.
 */
export function planUpgrade(graph: RevisionGraph, currentHeads: readonly string[], target: Target): MigrationStep[] {
  const state = new AppliedState(graph, currentHeads);
  const targets = resolveUpgradeTarget(graph, currentHeads, target);
  const needs = new Set<string>();
  for (const id of collectAncestors(graph, targets, { inclusive: true })) if (!state.applied.has(id)) needs.add(id);
  const order = newestFirstWithin(graph, needs).reverse();
  return order.map((id) => step("upgrade", id, graph.get(id).downRevisions, [id], state.apply(id)));
}

/**
 * The steps of `downgrade TARGET`: every applied revision that is a descendant of the target over both edges
 * (the target itself stays), children first. `base` reverts everything, `label@base` the branches of that
 * label's bases; `-N` moves down from the single current head (several heads: name the branch, `label@-N`),
 * and only that branch is reverted; `label@REV` confines the downgrade to the label's branch. A target that
 * is not applied is an `invalid_target` error. `lower` is the revision's down revisions (printed on the
 * right: `Running downgrade C -> A, B`), `upper` the revision.
 */
export function planDowngrade(graph: RevisionGraph, currentHeads: readonly string[], target: Target): MigrationStep[] {
  const state = new AppliedState(graph, currentHeads);
  const destination = resolveDowngradeTarget(graph, currentHeads, target);
  let roots: string[];
  if (destination.revision === null) {
    roots = basesOf(graph, destination.branch);
  } else {
    const revision = destination.revision;
    if (!state.applied.has(revision)) {
      throw new RevisionGraphError("invalid_target", `Destination ${target.text} is not a valid downgrade target from current head(s)`, {
        hint: `Revision ${revision} is not applied (the database is at ${state.rows.join(", ") || "base"}); downgrade to one of its applied ancestors, or upgrade instead.`,
        details: { target: target.text, revision, currentHeads: state.rows },
      });
    }
    roots = [...graph.get(revision).allChildren];
    if (destination.branch !== undefined && roots.length > 1) {
      const lineage = lineageOf(graph, resolveBranch(graph, destination.branch));
      roots = roots.filter((id) => lineage.has(id));
      if (roots.length === 0) {
        throw new RevisionGraphError(
          "invalid_target",
          `Destination ${target.text} is not a valid downgrade target from current head(s): no branch of ${revision} leads to '${destination.branch}'`,
          {
            hint: "Name a revision below the branch you want to revert, or drop the branch prefix.",
            details: { target: target.text, revision, branch: destination.branch },
          },
        );
      }
    }
  }
  const drop = new Set<string>();
  for (const id of collectDescendants(graph, roots, { inclusive: true })) if (state.applied.has(id)) drop.add(id);
  return newestFirstWithin(graph, drop).map((id) => step("downgrade", id, graph.get(id).downRevisions, [id], state.unapply(id)));
}

/**
 * The steps of `stamp TARGET`: version-table moves only (the runtime applies `deleteRows`/`insertRows` and
 * runs no migration). As in Alembic, for each target revision the rows sharing its lineage (ancestors or
 * descendants over both edges) are replaced by it in one step — `upgrade` when they are below it, `downgrade`
 * when above, a new row when none — and rows on unrelated branches stay. `base` (`label@base`) deletes every
 * row (on that label's lineage), one step per row. A target already in the table gives no step. With
 * `purge`, the plan starts from an empty table. `lower` holds the rows below the move, `upper` those above.
 */
export function planStamp(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  target: Target,
  options: StampOptions = {},
): MigrationStep[] {
  const start = options.purge === true ? [] : [...new Set(currentHeads)];
  assertKnownRows(graph, start);
  const rows = new Set(start);
  const steps: MigrationStep[] = [];
  if (target.kind === "base" || (target.kind === "branch" && target.at.kind === "base")) {
    // Stryker disable next-line ConditionalExpression: a `base` target has no `branch`, so reading it gives undefined too
    const branch = target.kind === "branch" ? target.branch : undefined;
    const lineage = branch === undefined ? undefined : lineageOverBothEdges(graph, resolveBranch(graph, branch));
    for (const row of [...rows].sort(byId)) {
      if (lineage !== undefined && !lineage.has(row)) continue;
      steps.push(step("downgrade", row, [], [row], { deleteRows: [row], insertRows: [] }));
    }
    return steps;
  }
  const requested = resolveRevisions(graph, target, start);
  // Stamping a revision and one of its ancestors together means the descendant alone.
  const below = collectAncestors(graph, requested);
  const destinations = [...new Set(requested)].filter((id) => !below.has(id));
  // Stryker disable next-line MethodExpression: every resolver returns its revisions sorted already; this keeps planStamp from relying on it
  for (const dest of destinations.sort(byId)) {
    if (rows.has(dest)) continue;
    const ancestors = collectAncestors(graph, [dest]);
    const descendants = collectDescendants(graph, [dest]);
    const replaced = [...rows].filter((r) => ancestors.has(r) || descendants.has(r)).sort(byId);
    const change = { deleteRows: replaced, insertRows: [dest] };
    for (const r of replaced) rows.delete(r);
    rows.add(dest);
    if (replaced.some((r) => descendants.has(r))) steps.push(step("downgrade", dest, [dest], replaced, change));
    else steps.push(step("upgrade", dest, replaced, [dest], change));
  }
  return steps;
}

/** Ancestors, self and descendants of a revision over both edges. */
function lineageOverBothEdges(graph: RevisionGraph, revision: string): Set<string> {
  const out = collectAncestors(graph, [revision], { inclusive: true });
  for (const id of collectDescendants(graph, [revision])) out.add(id);
  return out;
}
