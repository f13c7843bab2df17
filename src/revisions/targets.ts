/**
 * Target expressions (DESIGN §1.1): `head`, `heads`, `base`, a full or partial revision id, a branch label,
 * `label@head`, `label@heads`, `label@base`, `label@REV`, relative `+N` / `-N` (from the current heads),
 * `REV+N`, `REV-N`, `head-N`, `label@+N`, `label@-N`; and history ranges `START:END`. Semantics follow
 * Alembic's `RevisionMap`. Everything here is pure: the current heads are an input.
 */
import { RevisionGraphError } from "../errors.js";
import { appliedOfRows, headsOfRows } from "./applied-state.js";
import { byId, collectAncestors, collectDescendants, type RevisionGraph } from "./graph.js";

/** A downgrade destination: a revision (`null` for base) and the branch the movement is confined to. */
export interface DowngradeTarget {
  readonly revision: string | null;
  /** A label or revision id: only branches sharing its lineage are reverted (`label@rev`, `-N`, `label@base`). */
  readonly branch: string | undefined;
}

/** `START:END` of `history -r` and `--sql`; an open end is `undefined`. */
export interface TargetRange {
  readonly start: string | undefined;
  readonly end: string | undefined;
}

const RELATIVE = /^(?:(.+?)@)?(\w+)?([+-]\d+)$/;

interface Relative {
  readonly branch: string | undefined;
  readonly symbol: string | undefined;
  readonly delta: number;
}

function invalid(target: string, message: string, hint: string): RevisionGraphError {
  return new RevisionGraphError("invalid_target", message, { hint, details: { target } });
}

/** Checks the overall shape of a target and splits off a relative movement, if it is one. */
function parse(graph: RevisionGraph, target: string): Relative | undefined {
  if (target.trim() === "" || /\s/.test(target)) {
    throw invalid(target, `Invalid target '${target}'`, "Give a revision id, head, heads, base, label@head, +N or -N.");
  }
  if (target.includes(":")) {
    throw invalid(
      target,
      `Invalid target '${target}': a range START:END is only accepted by \`history -r\` and with --sql`,
      "Give a single target, e.g. head or 1975ea83b712.",
    );
  }
  // An exact revision id or label always wins over the relative reading (a label such as `v-2`).
  if (graph.has(target) || graph.revisionForLabel(target) !== undefined) return undefined;
  const match = RELATIVE.exec(target);
  if (match === null) return undefined;
  return { branch: match[1], symbol: match[2], delta: Number.parseInt(match[3] as string, 10) };
}

/** Splits `branch@symbol`; throws `invalid_target` when either side is empty. */
function splitAt(target: string): { branch: string | undefined; symbol: string } {
  const at = target.indexOf("@");
  if (at < 0) return { branch: undefined, symbol: target };
  const branch = target.slice(0, at);
  const symbol = target.slice(at + 1);
  if (branch === "" || symbol === "") {
    throw invalid(target, `Invalid target '${target}'`, "Write LABEL@head, LABEL@heads, LABEL@base, LABEL@REV, LABEL@+N or LABEL@-N.");
  }
  return { branch, symbol };
}

/** Resolves a branch name (a label, or a revision id or unambiguous prefix) to the revision it names. */
export function resolveBranch(graph: RevisionGraph, branch: string): string {
  const labelled = graph.revisionForLabel(branch);
  if (labelled !== undefined) return labelled;
  if (graph.has(branch)) return branch;
  const matches = graph.idsWithPrefix(branch);
  if (matches.length === 1) return matches[0] as string;
  if (matches.length > 1) throw ambiguous(branch, matches);
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

function unknown(symbol: string): RevisionGraphError {
  return new RevisionGraphError("unknown_revision", `Can't locate revision identified by '${symbol}'`, {
    hint:
      symbol.length < 4
        ? "Give at least four characters of a revision id; `retort history` lists the revisions."
        : "Check the id or label; `retort history` lists the revisions and `retort branches` the branches.",
    details: { target: symbol },
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
function resolveIdent(graph: RevisionGraph, symbol: string, branch: string | undefined): string {
  const lineage = branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, branch));
  let revision: string;
  if (graph.has(symbol)) revision = symbol;
  else {
    const labelled = graph.revisionForLabel(symbol);
    if (labelled !== undefined) revision = labelled;
    else {
      const all = graph.idsWithPrefix(symbol);
      // Within a branch, a prefix only has to be unambiguous on that branch.
      const onBranch = lineage === undefined ? all : all.filter((m) => lineage.has(m));
      const matches = onBranch.length === 0 && all.length === 1 ? all : onBranch;
      if (matches.length === 0) throw unknown(symbol);
      if (matches.length > 1) throw ambiguous(symbol, matches);
      revision = matches[0] as string;
    }
  }
  if (lineage !== undefined && !lineage.has(revision)) {
    throw invalid(
      `${branch}@${symbol}`,
      `Revision ${revision} is not a member of branch '${branch}'`,
      `Use a revision on '${branch}', or drop the '${branch}@' prefix.`,
    );
  }
  return revision;
}

/** An absolute target to revisions (empty for base). `head` must be unique. */
function resolveAbsolute(graph: RevisionGraph, target: string): string[] {
  const { branch, symbol } = splitAt(target);
  const lineage = branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, branch));
  switch (symbol) {
    case "base":
      return [];
    case "heads":
      return lineage === undefined ? [...graph.realHeads] : graph.heads.filter((h) => lineage.has(h));
    case "head": {
      const heads = lineage === undefined ? graph.heads : graph.heads.filter((h) => lineage.has(h));
      if (heads.length > 1) throw multipleHeads(branch === undefined ? "head" : `${branch}@head`, heads);
      return [...heads];
    }
    default:
      return [resolveIdent(graph, symbol, branch)];
  }
}

/** Exactly one revision or base (`null`); several (`heads` with branches) is a `multiple_heads` error. */
function resolveSingle(graph: RevisionGraph, target: string): string | null {
  const revisions = resolveAbsolute(graph, target);
  if (revisions.length > 1) throw multipleHeads(target, revisions);
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
function upFromCurrent(graph: RevisionGraph, currentHeads: readonly string[], rel: Relative, target: string): string {
  const heads = headsOfRows(graph, currentHeads);
  const lineage = rel.branch === undefined ? undefined : lineageOf(graph, resolveBranch(graph, rel.branch));
  const starts: (string | null)[] = lineage === undefined ? heads : branchTips(graph, heads, lineage);
  if (starts.length > 1) {
    throw new RevisionGraphError("multiple_heads", `Ambiguous upgrade '${target}' from multiple current revisions: ${starts.join(", ")}`, {
      hint: "Name the branch to move along, e.g. `<label>@+N` or `<rev>+N`, or give the destination revision.",
      details: { target, currentHeads: heads },
    });
  }
  const reached = walk(graph, starts[0] ?? null, rel.delta, lineage, target);
  if (reached === undefined || reached === null) throw didNotProduce(target, rel.delta);
  return reached;
}

/** `-N`, `label@-N`: N revisions down from the single current head (on the branch). */
function downFromCurrent(graph: RevisionGraph, currentHeads: readonly string[], rel: Relative, target: string): DowngradeTarget {
  const heads = headsOfRows(graph, currentHeads);
  let start: string;
  let branch = rel.branch;
  if (branch !== undefined) {
    const tips = branchTips(graph, heads, lineageOf(graph, resolveBranch(graph, branch)));
    if (tips.length === 0) throw didNotProduce(target, rel.delta);
    if (tips.length > 1) throw multipleCurrent(target, tips);
    start = tips[0] as string;
  } else {
    if (heads.length === 0) throw didNotProduce(target, rel.delta);
    if (heads.length > 1) throw multipleCurrent(target, heads);
    start = heads[0] as string;
    branch = start;
  }
  const reached = walk(graph, start, rel.delta, undefined, target);
  if (reached === undefined) throw didNotProduce(target, rel.delta);
  return { revision: reached, branch };
}

function multipleCurrent(target: string, heads: readonly string[]): RevisionGraphError {
  return new RevisionGraphError("multiple_heads", `Ambiguous downgrade '${target}' from multiple current heads: ${heads.join(", ")}`, {
    hint: `Name the branch, e.g. \`<label>@${target}\` or \`${heads[0]}${target}\`, or downgrade to a revision id.`,
    details: { target, currentHeads: heads },
  });
}

/** `REV+N`, `REV-N`, `head-N`, `label@REV-N`, `base+N`: a walk from an absolute revision. */
function fromSymbol(graph: RevisionGraph, rel: Relative & { symbol: string }, target: string): string | null {
  const up = rel.delta > 0;
  // Up: the start is the symbol alone and the branch narrows the children; down: `branch@symbol` is the start.
  const start = resolveSingle(graph, up || rel.branch === undefined ? rel.symbol : `${rel.branch}@${rel.symbol}`);
  const lineage = up && rel.branch !== undefined ? lineageOf(graph, resolveBranch(graph, rel.branch)) : undefined;
  const reached = walk(graph, start, rel.delta, lineage, target);
  if (reached === undefined) {
    throw invalid(
      target,
      `Walked too far: '${target}' goes past the ${up ? "heads" : "base"}`,
      "Use a smaller number; `retort history` shows the revisions.",
    );
  }
  return reached;
}

/**
 * The revisions an `upgrade` (or `show`, `merge`, `--head`) target names; empty for base. Relative `+N`
 * moves up from `currentHeads` (the version-table rows); `current` names the current heads.
 */
export function resolveUpgradeTarget(graph: RevisionGraph, currentHeads: readonly string[], target: string): string[] {
  if (target === "current") return headsOfRows(graph, currentHeads);
  const rel = parse(graph, target);
  if (rel === undefined) return resolveAbsolute(graph, target);
  if (rel.symbol !== undefined) {
    const reached = fromSymbol(graph, { ...rel, symbol: rel.symbol }, target);
    return reached === null ? [] : [reached];
  }
  if (rel.delta <= 0) {
    throw invalid(
      target,
      `Relative revision ${target} didn't produce ${Math.abs(rel.delta)} migrations: an upgrade moves up`,
      `Use \`retort downgrade ${target}\`, or a positive number.`,
    );
  }
  return [upFromCurrent(graph, currentHeads, rel, target)];
}

/**
 * The destination of a `downgrade` target. Relative `-N` moves down from the single current head (or the
 * head on `label@-N`'s branch); the result carries the branch the downgrade is confined to.
 */
export function resolveDowngradeTarget(graph: RevisionGraph, currentHeads: readonly string[], target: string): DowngradeTarget {
  const rel = parse(graph, target);
  if (rel === undefined) {
    const { branch, symbol } = splitAt(target);
    if (symbol === "base") {
      if (branch !== undefined) resolveBranch(graph, branch);
      return { revision: null, branch };
    }
    return { revision: resolveSingle(graph, target), branch };
  }
  if (rel.symbol !== undefined) {
    // `REV-N` reverts along REV's own branch, as `-N` does along the current head's.
    const branch = rel.branch ?? (rel.delta < 0 ? (resolveSingle(graph, rel.symbol) ?? undefined) : undefined);
    return { revision: fromSymbol(graph, { ...rel, symbol: rel.symbol }, target), branch };
  }
  if (rel.delta >= 0) {
    throw invalid(
      target,
      `Relative revision ${target} didn't produce ${Math.abs(rel.delta)} migrations: a downgrade moves down`,
      `Use \`retort upgrade ${target}\`, or a negative number.`,
    );
  }
  return downFromCurrent(graph, currentHeads, rel, target);
}

/**
 * The revisions any target names (empty for base), for `show`, `merge`, `--head`, `--depends-on` and range
 * ends: `+N` moves up and `-N` down from `currentHeads`; `current` names the current heads.
 */
export function resolveRevisions(graph: RevisionGraph, target: string, currentHeads: readonly string[] = []): string[] {
  if (target === "current") return headsOfRows(graph, currentHeads);
  const rel = parse(graph, target);
  if (rel !== undefined && rel.symbol === undefined && rel.delta < 0) {
    const down = resolveDowngradeTarget(graph, currentHeads, target);
    return down.revision === null ? [] : [down.revision];
  }
  return resolveUpgradeTarget(graph, currentHeads, target);
}

/**
 * The bases a `label@base` names: bases sharing the label's lineage (all bases for plain `base`).
 */
export function basesOf(graph: RevisionGraph, branch: string | undefined): string[] {
  if (branch === undefined) return [...graph.bases];
  const lineage = lineageOf(graph, resolveBranch(graph, branch));
  return graph.bases.filter((b) => lineage.has(b));
}

/** Splits `START:END` (either end may be empty). Throws `invalid_target` without exactly one colon. */
export function parseRange(range: string): TargetRange {
  const parts = range.trim().split(":");
  if (parts.length !== 2) {
    throw invalid(
      range,
      `History range requires [start]:[end], [start]: or :[end]; got '${range}'`,
      "Write e.g. `-r 1975ea83b712:head`, `-r current:` or `-r :networking@head`.",
    );
  }
  const [start, end] = parts.map((p) => p.trim()) as [string, string];
  return { start: start === "" ? undefined : start, end: end === "" ? undefined : end };
}
