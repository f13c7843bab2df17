/**
 * `retort history [-r START:END]`: the revisions of a range, newest first.
 */
import { RevisionGraphError } from "../errors.js";
import { collectAncestors, collectDescendants, newestFirstWithin, type RevisionGraph } from "./graph.js";
import type { Target, TargetRange } from "./target-syntax.js";
import { basesOf, resolveRevisions } from "./targets.js";

/**
 * The revisions of `range` (`START:END`, either end open; the whole graph when `undefined`), newest first:
 * heads by id, each branch walked down before the next, a merge's parents in declared order (Alembic's
 * order). A revision is in the range when it is an ancestor-or-self of END (over both edges; default
 * `heads`) and a descendant-or-self of START (over both edges: what reverting START would revert; default
 * `base`, i.e. no bound). `current` as an end names `currentHeads`; `label@base` as START the bases of that
 * label's lineage. A START that is not below END is an `invalid_target` error, as in Alembic.
 */
export function iterateHistory(graph: RevisionGraph, range: TargetRange | undefined, currentHeads: readonly string[]): string[] {
  const { start, end } = range ?? { start: undefined, end: undefined };
  const endRevisions = end === undefined ? [...graph.realHeads] : resolveRevisions(graph, end, currentHeads);
  const upToEnd = collectAncestors(graph, endRevisions, { inclusive: true });
  const startRevisions = start === undefined ? [] : resolveStart(graph, start, currentHeads);
  if (startRevisions.some((id) => !upToEnd.has(id))) {
    throw new RevisionGraphError(
      "invalid_target",
      `Requested range ${start?.text ?? "base"}:${end?.text ?? "heads"} does not refer to ancestor/descendant revisions along the same branch`,
      {
        hint: "START must be an ancestor of END; `retort history` without -r shows the whole graph.",
        details: { range: range?.text, start: startRevisions, end: endRevisions },
      },
    );
  }
  let inRange = upToEnd;
  if (startRevisions.length > 0) {
    inRange = new Set<string>();
    for (const id of collectDescendants(graph, startRevisions, { inclusive: true })) if (upToEnd.has(id)) inRange.add(id);
  }
  return newestFirstWithin(graph, inRange);
}

/** The revisions START names; `label@base` names the bases of that label's lineage. */
function resolveStart(graph: RevisionGraph, start: Target, currentHeads: readonly string[]): string[] {
  if (start.kind === "branch" && start.at.kind === "base") return basesOf(graph, start.branch);
  return resolveRevisions(graph, start, currentHeads);
}
