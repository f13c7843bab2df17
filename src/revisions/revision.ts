/**
 * What a revision file declares in its header exports (DESIGN §1.4), read without executing the file.
 * The graph is built from these alone.
 */
export interface RevisionHeader {
  /** The revision id (`export const revision`). */
  readonly revision: string;
  /** Parent revision ids (`downRevision`), normalised to a list; empty for a base. */
  readonly downRevisions: readonly string[];
  readonly branchLabels: readonly string[];
  /** Revisions this one depends on without being their child (`dependsOn`). */
  readonly dependsOn: readonly string[];
  readonly message: string;
  /** The file it came from, for error messages (absolute path). */
  readonly path: string;
  /** The `Create Date:` line of the docstring, when present. */
  readonly createDate?: string | undefined;
  /**
   * The revisions a squashed revision stands for (`export const replaces`), oldest first: it builds what they
   * build, from the parent of the first to the last. Absent for an ordinary revision.
   */
  readonly replaces?: readonly string[] | undefined;
  /** sha256 (hex) of the file's text with line endings normalised: what the audit log records. */
  readonly checksum?: string | undefined;
}

/** Direction of one step of a migration plan. */
export type Direction = "upgrade" | "downgrade";

/**
 * One step of a plan: run one revision's `upgrade()` or `downgrade()` (or, for `stamp`, only move the version
 * table), and change the version-table rows from `fromHeads` to `toHeads` in the same transaction.
 */
export interface MigrationStep {
  readonly direction: Direction;
  /** The revision whose function runs (for a stamp step: the revision being stamped or unstamped). */
  readonly revision: string;
  /**
   * The lower side of the step (for a revision: its down revisions, empty for a base) and the upper side (the
   * revision): `Running upgrade A, B -> C` prints lower -> upper, `Running downgrade C -> A, B` upper -> lower.
   * A stamp step puts the rows below the stamped revision (or the revision, when moving down) in `lower`.
   */
  readonly lower: readonly string[];
  readonly upper: readonly string[];
  /** Version-table rows to delete and to insert, so that the table holds the applied heads after the step. */
  readonly deleteRows: readonly string[];
  readonly insertRows: readonly string[];
}
