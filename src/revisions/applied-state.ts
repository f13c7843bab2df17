/**
 * What a database has applied, derived from its version-table rows, and how the rows move as revisions are
 * applied or reverted one at a time. The rows are always the heads of the applied set: applied revisions
 * that are not an ancestor (through `downRevision` or `dependsOn`) of another applied revision — one row per
 * applied head, as Alembic's HeadMaintainer keeps them.
 */
import { RevisionGraphError } from "../errors.js";
import { byId, collectAncestors, type RevisionGraph } from "./graph.js";

/** Version-table changes of one step. */
export interface RowChange {
  readonly deleteRows: readonly string[];
  readonly insertRows: readonly string[];
}

/** Throws `unknown_revision` for a version-table row that names no revision of the graph. */
export function assertKnownRows(graph: RevisionGraph, rows: readonly string[]): void {
  for (const row of rows) {
    if (!graph.has(row)) {
      throw new RevisionGraphError("unknown_revision", `Can't locate revision identified by '${row}' (a row of the version table)`, {
        hint: "The database was migrated with a revision this checkout does not have: pull the missing revision file, or `retort stamp --purge <rev>` to overwrite the version table.",
        details: { revision: row },
      });
    }
  }
}

/** Where the rows come from, for messages: the version table and the folder of revision files. */
export interface RowsSource {
  readonly table: string;
  readonly versionsDirectory: string;
}

/**
 * Checks version-table rows against the graph before anything acts on them: every row names a revision a file
 * defines, and no row is an ancestor of another (the rows are the heads of what is applied, so such a pair says
 * the table was edited or written by something else). Throws with both rows named and what to do.
 */
export function assertRowsMatchGraph(graph: RevisionGraph, rows: readonly string[], source: RowsSource): void {
  for (const row of rows) {
    if (!graph.has(row)) {
      throw new RevisionGraphError(
        "unknown_revision",
        `Can't locate revision identified by '${row}': the database is at revision ${row} (a row of its version table ${source.table}), and no file in ${source.versionsDirectory} defines it.`,
        {
          hint: `Restore the revision file from version control (it was deleted, or this checkout is behind the one that migrated the database), or set the version table to a revision you have with \`retort stamp --purge <rev>\`.`,
          details: { revision: row, table: source.table },
        },
      );
    }
  }
  for (const row of rows) {
    const descendant = rows.find((other) => other !== row && collectAncestors(graph, [other]).has(row));
    if (descendant !== undefined) {
      throw new RevisionGraphError(
        "version_table_invalid",
        `The version table ${source.table} contradicts the revision graph: it has rows ${row} and ${descendant}, but ${row} is an ancestor of ${descendant}, so the database cannot be at both.`,
        {
          hint: `Find the revision the database's schema really matches, and set the version table to it with \`retort stamp --purge <rev>\` (e.g. \`retort stamp --purge ${descendant}\` if ${descendant} is applied).`,
          details: { rows: [row, descendant], table: source.table },
        },
      );
    }
  }
}

/**
 * The heads of the applied set named by version-table rows, sorted: rows that are an ancestor of another
 * row are dropped. Throws `unknown_revision` for a row that names no revision.
 */
export function headsOfRows(graph: RevisionGraph, rows: readonly string[]): string[] {
  assertKnownRows(graph, rows);
  const below = collectAncestors(graph, rows);
  return [...new Set(rows)].filter((row) => !below.has(row)).sort(byId);
}

/** The applied set named by version-table rows: every row and all its ancestors over both edges. */
export function appliedOfRows(graph: RevisionGraph, rows: readonly string[]): Set<string> {
  assertKnownRows(graph, rows);
  return collectAncestors(graph, rows, { inclusive: true });
}

/**
 * A mutable tracker of the applied set and the version-table rows, local to one planning call.
 * Each apply/unapply costs O(number of parents).
 */
export class AppliedState {
  readonly #graph: RevisionGraph;
  readonly applied: Set<string>;
  readonly #rows: Set<string>;
  /** For each applied revision: how many of its children (both edges) are applied. */
  readonly #appliedChildren = new Map<string, number>();
  /** Rows of the input that are not heads of the applied set; the first step deletes them. */
  #stray: string[];

  constructor(graph: RevisionGraph, rows: readonly string[]) {
    this.#graph = graph;
    this.applied = appliedOfRows(graph, rows);
    this.#rows = new Set(rows);
    for (const id of this.applied) {
      for (const parent of graph.get(id).parents) this.#appliedChildren.set(parent, (this.#appliedChildren.get(parent) ?? 0) + 1);
    }
    this.#stray = [...this.#rows].filter((row) => !this.#isHead(row)).sort(byId);
  }

  /** The current rows, sorted. */
  get rows(): string[] {
    return [...this.#rows].sort(byId);
  }

  #isHead(id: string): boolean {
    return this.applied.has(id) && (this.#appliedChildren.get(id) ?? 0) === 0;
  }

  /** Marks a revision applied (its parents must be) and returns the row changes. */
  apply(revision: string): RowChange {
    const node = this.#graph.get(revision);
    this.applied.add(revision);
    for (const parent of node.parents) this.#appliedChildren.set(parent, (this.#appliedChildren.get(parent) ?? 0) + 1);
    return this.#settle([...node.parents, revision]);
  }

  /** Marks a revision not applied (none of its children may be) and returns the row changes. */
  unapply(revision: string): RowChange {
    const node = this.#graph.get(revision);
    this.applied.delete(revision);
    for (const parent of node.parents) this.#appliedChildren.set(parent, (this.#appliedChildren.get(parent) ?? 0) - 1);
    return this.#settle([revision, ...node.parents]);
  }

  /** Replaces the rows wholesale (for stamp) and returns the row changes. */
  setRows(rows: readonly string[]): RowChange {
    const next = new Set(rows);
    const deleteRows = [...this.#rows].filter((r) => !next.has(r)).sort(byId);
    const insertRows = [...next].filter((r) => !this.#rows.has(r)).sort(byId);
    this.#rows.clear();
    for (const r of next) this.#rows.add(r);
    this.#stray = [];
    return { deleteRows, insertRows };
  }

  #settle(candidates: readonly string[]): RowChange {
    const deleteRows = new Set(this.#stray);
    const insertRows = new Set<string>();
    this.#stray = [];
    for (const id of candidates) {
      const head = this.#isHead(id);
      if (head && !this.#rows.has(id)) insertRows.add(id);
      if (!head && this.#rows.has(id)) deleteRows.add(id);
    }
    for (const id of deleteRows) this.#rows.delete(id);
    for (const id of insertRows) this.#rows.add(id);
    return { deleteRows: [...deleteRows].sort(byId), insertRows: [...insertRows].sort(byId) };
  }
}
