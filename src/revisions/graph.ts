/**
 * The revision graph: a pure, validated, immutable view over the headers of the revision files.
 *
 * Two kinds of edge join revisions: `downRevision` (the parent a revision was written on; branch points,
 * merges, heads and bases are defined over these) and `dependsOn` (a revision that must be applied first,
 * without the two being on the same branch). Ancestors, descendants and the order of a plan follow both.
 */
import { RevisionFileError, RevisionGraphError } from "../errors.js";
import type { RevisionHeader } from "./revision.js";

/** One revision in the graph, with its edges resolved to revision ids. */
export interface RevisionNode {
  readonly revision: string;
  readonly header: RevisionHeader;
  /** Parents through `downRevision`, in declared order, without duplicates. */
  readonly downRevisions: readonly string[];
  /** Parents through `dependsOn` (branch labels resolved to ids), minus any that are also down revisions. */
  readonly dependsOn: readonly string[];
  /** `downRevisions` then `dependsOn`: every revision that must be applied before this one. */
  readonly parents: readonly string[];
  /** Children through `downRevision`, sorted by id. */
  readonly children: readonly string[];
  /** Revisions that name this one in `dependsOn` (and not as a down revision), sorted by id. */
  readonly dependents: readonly string[];
  /** `children` and `dependents` together, sorted by id. */
  readonly allChildren: readonly string[];
}

/** Words that cannot be used as branch labels because targets give them a meaning. */
const RESERVED_LABELS = new Set(["head", "heads", "base", "current"]);
/** Characters that the target syntax (`label@rev`, `rev+1`, `a:b`) gives a meaning, so ids cannot hold them. */
const ILLEGAL_ID_CHARS = /[@:+\-\s]/;
const ILLEGAL_LABEL_CHARS = /[@:\s]/;

/** Sorts strings by code unit, the same way on every machine (no locale). */
export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A validated revision graph. Build it with {@link buildRevisionGraph}; every query is pure and every list
 * it returns is sorted (by id, or topologically where stated).
 */
export class RevisionGraph {
  readonly #nodes: ReadonlyMap<string, RevisionNode>;
  readonly #labels: ReadonlyMap<string, string>;
  readonly #sortedIds: readonly string[];
  #effectiveLabels: ReadonlyMap<string, readonly string[]> | undefined;

  /** Revisions with no children through `downRevision` (Alembic's `heads`), sorted. */
  readonly heads: readonly string[];
  /** Revisions with no children through either edge: what the target `heads` means. Sorted. */
  readonly realHeads: readonly string[];
  /**
   * Every revision, oldest first: each after its down revisions and dependencies. Deterministic: the
   * reverse of {@link RevisionGraph.newestFirst}.
   */
  readonly topologicalOrder: readonly string[];
  /**
   * Every revision, newest first (the order of `history`): heads by id, then down each branch as far as
   * possible before the next, a merge's parents in declared order.
   */
  readonly newestFirst: readonly string[];
  /** Revisions with no `downRevision` (they may still have `dependsOn`), sorted. */
  readonly bases: readonly string[];
  /** Revisions with neither `downRevision` nor `dependsOn`, sorted. */
  readonly realBases: readonly string[];

  /** @internal Use {@link buildRevisionGraph}. */
  constructor(nodes: ReadonlyMap<string, RevisionNode>, labels: ReadonlyMap<string, string>, newestFirst: readonly string[]) {
    this.#nodes = nodes;
    this.#labels = labels;
    this.newestFirst = newestFirst;
    this.topologicalOrder = Object.freeze([...newestFirst].reverse());
    this.#sortedIds = [...nodes.keys()].sort(byId);
    const all = this.#sortedIds.map((id) => this.get(id));
    this.heads = all.filter((n) => n.children.length === 0).map((n) => n.revision);
    this.realHeads = all.filter((n) => n.allChildren.length === 0).map((n) => n.revision);
    this.bases = all.filter((n) => n.downRevisions.length === 0).map((n) => n.revision);
    this.realBases = all.filter((n) => n.parents.length === 0).map((n) => n.revision);
  }

  /** Number of revisions. */
  get size(): number {
    return this.#nodes.size;
  }

  /** Every revision id, sorted by id. */
  get ids(): readonly string[] {
    return this.#sortedIds;
  }

  /** Whether a revision with exactly this id exists. */
  has(revision: string): boolean {
    return this.#nodes.has(revision);
  }

  /** The node for an exact revision id; throws `unknown_revision` when there is none (see {@link RevisionGraph.has}). */
  get(revision: string): RevisionNode {
    const found = this.#nodes.get(revision);
    if (found === undefined) {
      throw new RevisionGraphError("unknown_revision", `Can't locate revision identified by '${revision}'`, {
        hint: "Run `retort history` to list the revisions that exist.",
        details: { revision },
      });
    }
    return found;
  }

  /** A head through `downRevision` that some revision still depends on: printed as `(effective head)`. */
  isEffectiveHead(revision: string): boolean {
    const n = this.get(revision);
    return n.children.length === 0 && n.dependents.length > 0;
  }

  /** A head through both edges: printed as `(head)`. */
  isHead(revision: string): boolean {
    return this.get(revision).allChildren.length === 0;
  }

  /** More than one revision names this one as its `downRevision`: printed as `(branchpoint)`. */
  isBranchPoint(revision: string): boolean {
    return this.get(revision).children.length > 1;
  }

  /** This revision has more than one `downRevision`: printed as `(mergepoint)`. */
  isMergePoint(revision: string): boolean {
    return this.get(revision).downRevisions.length > 1;
  }

  /** Children through `downRevision`, sorted. */
  children(revision: string): readonly string[] {
    return this.get(revision).children;
  }

  /** Every branch label and the revision that declares it, sorted by label. */
  get labels(): ReadonlyMap<string, string> {
    return this.#labels;
  }

  /** The revision that declares a branch label, or `undefined`. */
  revisionForLabel(label: string): string | undefined {
    return this.#labels.get(label);
  }

  /**
   * The branch labels that apply to a revision, sorted: its own, those of its ancestors through
   * `downRevision` (a label covers all descendants of the revision declaring it), and those of descendants
   * up to the nearest branch point or merge point below them (Alembic's propagation).
   */
  labelsOf(revision: string): readonly string[] {
    this.get(revision);
    this.#effectiveLabels ??= propagateLabels(this);
    return this.#effectiveLabels.get(revision) ?? [];
  }

  /** Revision ids matching a prefix (exact id first if present), sorted. */
  idsWithPrefix(prefix: string): readonly string[] {
    const ids = this.#sortedIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as string) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < ids.length && (ids[i] as string).startsWith(prefix); i++) out.push(ids[i] as string);
    return out;
  }

  /**
   * Ancestors of the given revisions (self excluded unless `inclusive`), over `downRevision` and, unless
   * `dependencies` is false, `dependsOn` edges. Sorted by id.
   */
  ancestors(revisions: readonly string[], options: TraversalOptions = {}): readonly string[] {
    return [...collectAncestors(this, revisions, options)].sort(byId);
  }

  /** Descendants of the given revisions; same options as {@link RevisionGraph.ancestors}. Sorted by id. */
  descendants(revisions: readonly string[], options: TraversalOptions = {}): readonly string[] {
    return [...collectDescendants(this, revisions, options)].sort(byId);
  }
}

/** Options of the graph traversals. */
export interface TraversalOptions {
  /** Include the starting revisions themselves (default false). */
  readonly inclusive?: boolean;
  /** Follow `dependsOn` edges too (default true). */
  readonly dependencies?: boolean;
}

function traverse(
  graph: RevisionGraph,
  start: readonly string[],
  next: (n: RevisionNode) => readonly string[],
  inclusive: boolean,
): Set<string> {
  // Without `inclusive`, a start revision is in the result only when it is reached through an edge
  // (it is then an ancestor/descendant of another start).
  const seen = new Set<string>();
  const stack: string[] = [];
  for (const id of start) {
    graph.get(id);
    if (inclusive) seen.add(id);
    stack.push(id);
  }
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const other of next(graph.get(id))) {
      if (!seen.has(other)) {
        seen.add(other);
        stack.push(other);
      }
    }
  }
  return seen;
}

/** Ancestors as a set (internal form of {@link RevisionGraph.ancestors}). */
export function collectAncestors(graph: RevisionGraph, revisions: readonly string[], options: TraversalOptions = {}): Set<string> {
  const deps = options.dependencies ?? true;
  return traverse(graph, revisions, deps ? (n) => n.parents : (n) => n.downRevisions, options.inclusive ?? false);
}

/** Descendants as a set (internal form of {@link RevisionGraph.descendants}). */
export function collectDescendants(graph: RevisionGraph, revisions: readonly string[], options: TraversalOptions = {}): Set<string> {
  const deps = options.dependencies ?? true;
  return traverse(graph, revisions, deps ? (n) => n.allChildren : (n) => n.children, options.inclusive ?? false);
}

/**
 * Orders a set of revisions newest first: every revision before its parents (both edges), starting from the
 * set's tips sorted by id and following one branch down as far as it can before taking the next.
 * Returns fewer ids than the set holds only when the set contains a cycle.
 */
export function newestFirstWithin(graph: RevisionGraph, set: ReadonlySet<string>): string[] {
  const remaining = new Map<string, number>();
  const tips: string[] = [];
  for (const id of set) {
    let count = 0;
    for (const child of graph.get(id).allChildren) if (set.has(child)) count++;
    remaining.set(id, count);
    if (count === 0) tips.push(id);
  }
  const stack = tips.sort(byId).reverse();
  const out: string[] = [];
  // Stryker disable next-line ArrayDeclaration: emptied at the top of every iteration before use
  const ready: string[] = [];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    out.push(id);
    ready.length = 0;
    for (const parent of graph.get(id).parents) {
      const left = remaining.get(parent);
      // Stryker disable next-line ConditionalExpression: a parent outside the set only gets a NaN count, never 1
      if (left === undefined) continue;
      remaining.set(parent, left - 1);
      if (left === 1) ready.push(parent);
    }
    for (let i = ready.length - 1; i >= 0; i--) stack.push(ready[i] as string);
  }
  return out;
}

/**
 * Builds and validates the graph. Throws `RevisionGraphError` with code `duplicate_revision` (both files
 * named), `missing_revision` (the file and the missing id), `revision_cycle` (the revisions and files in the
 * cycle) or `duplicate_branch_label`, and `RevisionFileError` (`revision_file_invalid`) for an id or label
 * holding characters that targets reserve. Linear in the number of revisions and edges.
 */
export function buildRevisionGraph(headers: readonly RevisionHeader[]): RevisionGraph {
  const byRevision = new Map<string, RevisionHeader>();
  for (const header of headers) {
    validateId(header);
    const previous = byRevision.get(header.revision);
    if (previous !== undefined) {
      const [a, b] = [previous.path, header.path].sort(byId);
      throw new RevisionGraphError("duplicate_revision", `Revision ${header.revision} is defined twice: in ${a} and in ${b}`, {
        hint: "Give one of the two files a new revision id (and point any downRevision meant for it at the new id), or delete the duplicate.",
        details: { revision: header.revision, paths: [a, b] },
      });
    }
    byRevision.set(header.revision, header);
  }

  const labels = collectLabels(byRevision);

  // Resolve edges.
  const down = new Map<string, string[]>();
  const deps = new Map<string, string[]>();
  for (const header of byRevision.values()) {
    const downRevisions = dedupe(header.downRevisions);
    for (const parent of downRevisions) {
      if (!byRevision.has(parent)) throw missingParent(header, parent, "down revision");
    }
    const resolvedDeps: string[] = [];
    for (const dep of dedupe(header.dependsOn)) {
      const id = byRevision.has(dep) ? dep : labels.get(dep);
      if (id === undefined) throw missingParent(header, dep, "dependency (dependsOn)");
      if (!downRevisions.includes(id) && !resolvedDeps.includes(id)) resolvedDeps.push(id);
    }
    down.set(header.revision, downRevisions);
    deps.set(header.revision, resolvedDeps);
  }

  const children = new Map<string, string[]>();
  const dependents = new Map<string, string[]>();
  for (const id of byRevision.keys()) {
    children.set(id, []);
    dependents.set(id, []);
  }
  for (const [id, parents] of down) for (const p of parents) (children.get(p) as string[]).push(id);
  for (const [id, parents] of deps) for (const p of parents) (dependents.get(p) as string[]).push(id);

  const nodes = new Map<string, RevisionNode>();
  for (const [id, header] of byRevision) {
    const downRevisions = down.get(id) as string[];
    const dependsOn = deps.get(id) as string[];
    const kids = (children.get(id) as string[]).sort(byId);
    const depKids = (dependents.get(id) as string[]).sort(byId);
    nodes.set(
      id,
      Object.freeze({
        revision: id,
        header,
        downRevisions: Object.freeze(downRevisions),
        dependsOn: Object.freeze(dependsOn),
        parents: Object.freeze([...downRevisions, ...dependsOn]),
        children: Object.freeze(kids),
        dependents: Object.freeze(depKids),
        allChildren: Object.freeze(dedupe([...kids, ...depKids]).sort(byId)),
      }),
    );
  }

  // Stryker disable next-line ArrayDeclaration: the provisional graph is only asked for nodes and ids
  const provisional = new RevisionGraph(nodes, labels, []);
  const order = newestFirstWithin(provisional, new Set(nodes.keys()));
  if (order.length < nodes.size) throw cycleError(provisional, new Set(order));
  return new RevisionGraph(nodes, labels, Object.freeze(order));
}

function validateId(header: RevisionHeader): void {
  if (header.revision === "" || ILLEGAL_ID_CHARS.test(header.revision)) {
    throw new RevisionFileError(
      "revision_file_invalid",
      `Revision id '${header.revision}' in ${header.path} is not valid: ids cannot be empty or contain '@', ':', '+', '-' or spaces`,
      {
        hint: "Rename the revision (its `revision` export and the file name) to letters, digits and underscores, e.g. 12 hex digits.",
        details: { revision: header.revision, path: header.path },
      },
    );
  }
}

function collectLabels(byRevision: ReadonlyMap<string, RevisionHeader>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const header of [...byRevision.values()].sort((a, b) => byId(a.revision, b.revision))) {
    for (const label of header.branchLabels) {
      if (label === "" || ILLEGAL_LABEL_CHARS.test(label) || RESERVED_LABELS.has(label)) {
        throw new RevisionFileError(
          "revision_file_invalid",
          `Branch label '${label}' of revision ${header.revision} (${header.path}) is not valid: labels cannot be empty, contain '@', ':' or spaces, or be one of ${[...RESERVED_LABELS].join(", ")}`,
          { hint: "Choose another branch label in that file.", details: { revision: header.revision, label, path: header.path } },
        );
      }
      const owner = labels.get(label) ?? (byRevision.has(label) ? label : undefined);
      if (owner !== undefined && owner !== header.revision) {
        const other = byRevision.get(owner) as RevisionHeader;
        const what = labels.has(label)
          ? `already used by revision ${owner} (${other.path})`
          : `the id of revision ${owner} (${other.path})`;
        throw new RevisionGraphError(
          "duplicate_branch_label",
          `Branch label '${label}' of revision ${header.revision} (${header.path}) is ${what}`,
          {
            hint: "A branch label names one revision: remove it from one of the files or rename it.",
            details: { label, revision: header.revision, path: header.path, otherRevision: owner, otherPath: other.path },
          },
        );
      }
      labels.set(label, header.revision);
    }
  }
  return new Map([...labels].sort((a, b) => byId(a[0], b[0])));
}

function missingParent(header: RevisionHeader, missing: string, role: string): RevisionGraphError {
  return new RevisionGraphError(
    "missing_revision",
    `Revision ${header.revision} (${header.path}) names ${missing} as its ${role}, but no revision file defines ${missing}`,
    {
      hint: `Restore the revision file for ${missing}, or correct ${role.startsWith("down") ? "downRevision" : "dependsOn"} in ${header.path}.`,
      details: { revision: header.revision, path: header.path, missing },
    },
  );
}

/** Finds one cycle among the revisions the topological walk could not place, and reports it. */
function cycleError(graph: RevisionGraph, placed: ReadonlySet<string>): RevisionGraphError {
  // Every unplaced revision has an unplaced child, so following such children must come back round.
  const unplaced = graph.ids.filter((id) => !placed.has(id));
  // Stryker disable next-line ArrayDeclaration: an extra first element shifts the recorded indexes with it
  const path: string[] = [];
  const index = new Map<string, number>();
  let current = unplaced[0] as string;
  while (!index.has(current)) {
    index.set(current, path.length);
    path.push(current);
    current = graph.get(current).allChildren.find((c) => !placed.has(c)) as string;
  }
  // In parent -> child order, starting from the smallest id so the message is stable.
  const loop = path.slice(index.get(current));
  const first = loop.indexOf([...loop].sort(byId)[0] as string);
  const cycle = [...loop.slice(first), ...loop.slice(0, first)];
  const files = cycle.map((id) => `${id} (${graph.get(id).header.path})`);
  return new RevisionGraphError(
    "revision_cycle",
    `Cycle detected in revisions: ${[...cycle, cycle[0]].join(" -> ")}; files: ${files.join(", ")}`,
    {
      hint: "A revision cannot be its own ancestor: fix downRevision or dependsOn in one of these files so the chain ends at a base.",
      details: { revisions: cycle, paths: cycle.map((id) => graph.get(id).header.path) },
    },
  );
}

/** Computes the effective branch labels of every revision (see {@link RevisionGraph.labelsOf}). */
function propagateLabels(graph: RevisionGraph): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, Set<string>>();
  const add = (id: string, label: string): void => {
    let set = out.get(id);
    if (set === undefined) out.set(id, (set = new Set()));
    set.add(label);
  };
  for (const [label, owner] of graph.labels) {
    for (const id of collectDescendants(graph, [owner], { inclusive: true, dependencies: false })) add(id, label);
    let node = graph.get(owner);
    while (node.downRevisions.length === 1) {
      const parent = graph.get(node.downRevisions[0] as string);
      if (parent.allChildren.length > 1 || parent.downRevisions.length > 1) break;
      add(parent.revision, label);
      node = parent;
    }
  }
  // Stryker disable next-line MethodExpression: labels are visited sorted, so each set is filled in order already
  return new Map([...out].map(([id, set]) => [id, Object.freeze([...set].sort(byId))]));
}
