/**
 * Resolving parsed targets (target-syntax.ts) against a revision graph; semantics follow Alembic's
 * `RevisionMap`. Everything here is pure: the current heads are an input.
 */
import { assertNever, RevisionGraphError } from "../errors.js";
import { appliedOfRows, headsOfRows } from "./applied-state.js";
import { byId, collectAncestors, collectDescendants, type RevisionGraph } from "./graph.js";
import { type Anchor, anchorText, type Target } from "./target-syntax.js";

/** Where a downgrade ends: a revision (`null` for base) and the branch the movement is confined to. */
export interface DowngradeDestination {
  readonly revision: string | null;
  /** A label or revision id: only branches sharing its lineage are reverted (`label@rev`, `-N`, `label@base`). */
  readonly branch: string | undefined;
}

type Relative = Extract<Target, { kind: "relative" }>;

function invalid(target: string, message: string, hint: string): RevisionGraphError {
  return new RevisionGraphError("invalid_target", message, { hint, details: { target } });
}

/** An exact branch label wins over another reading of the same text (a label such as `v-2` also reads as a move). */
function preferLabel(graph: RevisionGraph, target: Target): Target {
  // Only a relative reading without `@` can collide: a label holds no `@` and is never a reserved word.
  if (graph.revisionForLabel(target.text) !== undefined) return { kind: "revision", ref: target.text, text: target.text };
  return target;
}

/** Resolves a branch name (a label, or a revision id or unambiguous prefix) to the revision it names. */
export function resolveBranch(graph: RevisionGraph, branch: string): string {
  const labelled = graph.revisionForLabel(branch);
  if (labelled !== undefined) return labelled;
  if (graph.has(branch)) return branch;
  const matches = graph.idsWithPrefix(branch);
  if (matches.length > 1) throw ambiguous(branch, matches);
  if (matches.length === 1) return matches[0] as string;
  throw new RevisionGraphError("unknown_revision", `No such branch: '${branch}'`, {
    hint: `Known branch labels: ${[...graph.labels.keys()].join(", ") || "(none)"}. A revision id names its branch too.`,
    details: { target: branch },
  });
}

/** The revisions sharing a line with `revision` through `downRevision`: its ancestors, itself, its descendants. */
export function lineageOf(graph: RevisionGraph, revision: string): Set<string> {
  const out = collectAncestors(graph, [revision], { inclusive: true, dependencies: false });
  for (const id of collectDescendants(graph, [revision], { dependencies: false })) out.add(id);
  return out;
}

function ambiguous(prefix: string, matches: readonly string[]): RevisionGraphError {
  return new RevisionGraphError(
    "ambiguous_revision",
    `Multiple revisions start with '${prefix}': ${matches.map((m) => `'${m}'`).join(", ")}`,
    {
      hint: "Give more characters of the revision id.",
      details: { target: prefix, matches },
    },
  );
}

function unknown(name: string): RevisionGraphError {
  return new RevisionGraphError("unknown_revision", `Can't locate revision identified by '${name}'`, {
    hint:
      name.length < 4
        ? "No revision id starts with it: give more characters, or the full id; `retort history` lists the revisions."
        : "Check the id or label; `retort history` lists the revisions and `retort branches` the branches.",
    details: { target: name },
  });
}

function multipleHeads(argument: string, heads: readonly string[]): RevisionGraphError {
  return new RevisionGraphError(
    "multiple_heads",
    `Multiple head revisions are present for given argument '${argument}'; please specify a specific target revision, '<branchname>@${argument}' to narrow to a specific head, or 'heads' for all heads`,
    {
      hint: `The heads are ${heads.join(", ")}. Name one of them (or its label@head), use 'heads', or join them with \`retort merge heads -m "merge"\`.`,
      details: { target: argument, heads },
    },
  );
}

/** A revision id, unambiguous id prefix or branch label, optionally checked against a branch. */
function resolveName(graph: RevisionGraph, name: string, branch: string | undefined): string {
  const lineage = branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, branch));
  let revision: string;
  if (graph.has(name)) revision = name;
  else {
    const labelled = graph.revisionForLabel(name);
    if (labelled !== undefined) revision = labelled;
    else {
      const all = graph.idsWithPrefix(name);
      // Within a branch, a prefix only has to be unambiguous on that branch; a single match anywhere is taken
      // and checked against the branch below.
      const onBranch = lineage === undefined ? all : all.filter((m) => lineage.has(m));
      const matches = all.length === 1 ? all : onBranch;
      if (matches.length === 0) throw unknown(name);
      if (matches.length > 1) throw ambiguous(name, matches);
      revision = matches[0] as string;
    }
  }
  if (lineage !== undefined && !lineage.has(revision)) {
    throw invalid(
      `${branch}@${name}`,
      `Revision ${revision} is not a member of branch '${branch}'`,
      `Use a revision on '${branch}', or drop the '${branch}@' prefix.`,
    );
  }
  return revision;
}

/** The revisions an anchor names (empty for base), on `branch`'s lineage when one is given. `head` must be unique. */
function resolveAnchor(graph: RevisionGraph, at: Anchor, branch: string | undefined): string[] {
  const lineage = branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, branch));
  switch (at.kind) {
    case "base":
      return [];
    case "heads":
      return lineage === undefined ? [...graph.realHeads] : graph.heads.filter((h) => lineage.has(h));
    case "head": {
      const heads = lineage === undefined ? graph.heads : graph.heads.filter((h) => lineage.has(h));
      if (heads.length > 1) throw multipleHeads(branch === undefined ? "head" : `${branch}@head`, heads);
      return [...heads];
    }
    case "revision":
      return [resolveName(graph, at.ref, branch)];
    default:
      return assertNever(at, "target anchor");
  }
}

/** Exactly one revision or base (`null`); several (`heads` with branches) is a `multiple_heads` error. */
function resolveSingle(graph: RevisionGraph, at: Anchor, branch: string | undefined): string | null {
  const revisions = resolveAnchor(graph, at, branch);
  if (revisions.length > 1) {
    throw multipleHeads(branch === undefined ? anchorText(at) : `${branch}@${anchorText(at)}`, revisions);
  }
  return revisions[0] ?? null;
}

/** The outcome of a walk: a revision, base (`null`), or `undefined` when it ran off the graph. */
type WalkResult = string | null | undefined;

/**
 * Walks `steps` revisions up (children through `downRevision`, within `lineage` when given) or down
 * (through `downRevision`) from `start` (`null` = base). A fork on the way is an `ambiguous_revision` error.
 */
function walk(
  graph: RevisionGraph,
  start: string | null,
  steps: number,
  lineage: ReadonlySet<string> | undefined,
  target: string,
): WalkResult {
  let at: string | null = start;
  for (let i = 0; i < Math.abs(steps); i++) {
    // Stryker disable next-line EqualityOperator: with zero steps the loop does not run
    if (steps > 0) {
      let next = at === null ? graph.bases : graph.get(at).children;
      if (lineage !== undefined) next = next.filter((id) => lineage.has(id));
      if (next.length === 0) return undefined;
      if (next.length > 1) throw ambiguousWalk(target, at, next, "branches into");
      at = next[0] as string;
    } else {
      if (at === null) return undefined;
      const down = graph.get(at).downRevisions;
      if (down.length > 1) throw ambiguousWalk(target, at, down, "merges");
      at = down[0] ?? null;
    }
  }
  return at;
}

function ambiguousWalk(target: string, at: string | null, options: readonly string[], verb: string): RevisionGraphError {
  const where = at === null ? `base ${verb.replace("branches into", "has several roots:")}` : `${at} ${verb}`;
  const hint =
    verb === "merges"
      ? `Downgrade to one of the merged revisions (e.g. \`retort downgrade ${options[0]}\` reverts just the merge), or give the destination revision itself.`
      : "Name the branch (`<label>@+N`, `<rev>+N`) or give the destination revision itself.";
  return new RevisionGraphError("ambiguous_revision", `Ambiguous walk for '${target}': ${where} ${options.join(", ")}`, {
    hint,
    details: { target, at, options },
  });
}

function didNotProduce(target: string, delta: number): RevisionGraphError {
  return invalid(
    target,
    `Relative revision ${target} didn't produce ${Math.abs(delta)} migrations`,
    "Use a smaller number, or `retort history` to see how many revisions there are.",
  );
}

/** The tips of the applied revisions on `lineage`: the single start of a relative move along a branch. */
function branchTips(graph: RevisionGraph, currentHeads: readonly string[], lineage: ReadonlySet<string>): string[] {
  const onBranch = currentHeads.filter((h) => lineage.has(h));
  if (onBranch.length > 0) return onBranch;
  const active = [...appliedOfRows(graph, currentHeads)].filter((id) => lineage.has(id));
  const activeSet = new Set(active);
  return active.filter((id) => !graph.get(id).allChildren.some((c) => activeSet.has(c))).sort(byId);
}

/** `+N`, `label@+N`: N revisions up from the current heads. */
function upFromCurrent(graph: RevisionGraph, currentHeads: readonly string[], move: Relative): string {
  const heads = headsOfRows(graph, currentHeads);
  const lineage = move.branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, move.branch));
  const starts: (string | null)[] = lineage === undefined ? heads : branchTips(graph, heads, lineage);
  if (starts.length > 1) {
    throw new RevisionGraphError(
      "multiple_heads",
      `Ambiguous upgrade '${move.text}' from multiple current revisions: ${starts.join(", ")}`,
      {
        hint: "Name the branch to move along, e.g. `<label>@+N` or `<rev>+N`, or give the destination revision.",
        details: { target: move.text, currentHeads: heads },
      },
    );
  }
  const reached = walk(graph, starts[0] ?? null, move.steps, lineage, move.text);
  if (typeof reached !== "string") throw didNotProduce(move.text, move.steps);
  return reached;
}

/** `-N`, `label@-N`: N revisions down from the single current head (on the branch). */
function downFromCurrent(graph: RevisionGraph, currentHeads: readonly string[], move: Relative): DowngradeDestination {
  const heads = headsOfRows(graph, currentHeads);
  let start: string;
  let branch = move.branch;
  if (branch !== undefined) {
    const tips = branchTips(graph, heads, lineageOf(graph, resolveBranch(graph, branch)));
    if (tips.length === 0) throw didNotProduce(move.text, move.steps);
    if (tips.length > 1) throw multipleCurrent(move.text, tips);
    start = tips[0] as string;
  } else {
    if (heads.length === 0) throw didNotProduce(move.text, move.steps);
    if (heads.length > 1) throw multipleCurrent(move.text, heads);
    start = heads[0] as string;
    branch = start;
  }
  const reached = walk(graph, start, move.steps, undefined, move.text);
  if (reached === undefined) throw didNotProduce(move.text, move.steps);
  return { revision: reached, branch };
}

function multipleCurrent(target: string, heads: readonly string[]): RevisionGraphError {
  return new RevisionGraphError("multiple_heads", `Ambiguous downgrade '${target}' from multiple current heads: ${heads.join(", ")}`, {
    hint: `Name the branch, e.g. \`<label>@${target}\` or \`${heads[0]}${target}\`, or downgrade to a revision id.`,
    details: { target, currentHeads: heads },
  });
}

/** `REV+N`, `REV-N`, `head-N`, `label@REV-N`, `base+N`: a walk from an anchor. */
function fromAnchor(graph: RevisionGraph, move: Relative, from: Anchor): string | null {
  const up = move.steps > 0;
  // Up: the anchor alone is the start and the branch narrows the children; down: `branch@anchor` is the start.
  const start = resolveSingle(graph, from, up ? undefined : move.branch);
  const lineage = up && move.branch !== undefined ? lineageOf(graph, resolveBranch(graph, move.branch)) : undefined;
  const reached = walk(graph, start, move.steps, lineage, move.text);
  if (reached === undefined) {
    throw invalid(
      move.text,
      `Walked too far: '${move.text}' goes past the ${up ? "heads" : "base"}`,
      "Use a smaller number; `retort history` shows the revisions.",
    );
  }
  return reached;
}

/**
 * The revisions an `upgrade` (or `show`, `merge`, `--head`) target names; empty for base. Relative `+N`
 * moves up from `currentHeads` (the version-table rows); `current` names the current heads.
 */
export function resolveUpgradeTarget(graph: RevisionGraph, currentHeads: readonly string[], target: Target): string[] {
  const t = preferLabel(graph, target);
  switch (t.kind) {
    case "current":
      return headsOfRows(graph, currentHeads);
    case "head":
    case "heads":
    case "base":
    case "revision":
      return resolveAnchor(graph, t, undefined);
    case "branch":
      return resolveAnchor(graph, t.at, t.branch);
    case "relative": {
      if (t.from.kind !== "current") {
        const reached = fromAnchor(graph, t, t.from);
        return reached === null ? [] : [reached];
      }
      if (t.steps <= 0) {
        throw invalid(
          t.text,
          `Relative revision ${t.text} didn't produce ${Math.abs(t.steps)} migrations: an upgrade moves up`,
          `Use \`retort downgrade ${t.text}\`, or a positive number.`,
        );
      }
      return [upFromCurrent(graph, currentHeads, t)];
    }
    default:
      return assertNever(t, "target");
  }
}

/**
 * The destination of a `downgrade` target. Relative `-N` moves down from the single current head (or the
 * head on `label@-N`'s branch); the result carries the branch the downgrade is confined to.
 */
export function resolveDowngradeTarget(graph: RevisionGraph, currentHeads: readonly string[], target: Target): DowngradeDestination {
  const t = preferLabel(graph, target);
  switch (t.kind) {
    case "current":
      // A downgrade has no `current`: the word is looked up as a revision id (or a prefix of one).
      return { revision: resolveSingle(graph, { kind: "revision", ref: t.text }, undefined), branch: undefined };
    case "base":
    case "head":
    case "heads":
    case "revision":
      return { revision: resolveSingle(graph, t, undefined), branch: undefined };
    case "branch":
      // `label@base` is base (null) once the label is known to name a branch.
      return { revision: resolveSingle(graph, t.at, t.branch), branch: t.branch };
    case "relative": {
      if (t.from.kind !== "current") {
        // `REV-N` reverts along REV's own branch, as `-N` does along the current head's.
        const branch = t.branch ?? (t.steps < 0 ? (resolveSingle(graph, t.from, undefined) ?? undefined) : undefined);
        return { revision: fromAnchor(graph, t, t.from), branch };
      }
      if (t.steps >= 0) {
        throw invalid(
          t.text,
          `Relative revision ${t.text} didn't produce ${Math.abs(t.steps)} migrations: a downgrade moves down`,
          `Use \`retort upgrade ${t.text}\`, or a negative number.`,
        );
      }
      return downFromCurrent(graph, currentHeads, t);
    }
    default:
      return assertNever(t, "target");
  }
}

/**
 * The revisions any target names (empty for base), for `show`, `merge`, `--head`, `--depends-on` and range
 * ends: `+N` moves up and `-N` down from `currentHeads`; `current` names the current heads.
 */
export function resolveRevisions(graph: RevisionGraph, target: Target, currentHeads: readonly string[] = []): string[] {
  const t = preferLabel(graph, target);
  if (t.kind !== "relative" || t.steps >= 0) return resolveUpgradeTarget(graph, currentHeads, t);
  // `-N` moves down from the current heads; `REV-N` reaches the same revision either way.
  const down = resolveDowngradeTarget(graph, currentHeads, t);
  return down.revision === null ? [] : [down.revision];
}

/**
 * The bases a `label@base` names: bases sharing the label's lineage (all bases for plain `base`).
 */
export function basesOf(graph: RevisionGraph, branch: string | undefined): string[] {
  if (branch === undefined) return [...graph.bases];
  const lineage = lineageOf(graph, resolveBranch(graph, branch));
  return graph.bases.filter((b) => lineage.has(b));
}
