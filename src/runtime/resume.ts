import { MigrationError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { RevisionGraph } from "../revisions/graph.js";
import type { Direction, MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { type BackfillProgress, type LatestAuditEntry, parseBackfillProgress } from "./audit-log.js";

export { type BackfillProgress, parseBackfillProgress } from "./audit-log.js";

/**
 * Where an earlier run of a non-transactional revision stopped: its first `completed` statements are applied
 * (each committed on its own), the rest are not, and the version table does not name the revision yet.
 */
export interface ResumePoint {
  readonly revision: string;
  readonly direction: Direction;
  /** How many of the revision's statements completed, counted from its first. */
  readonly completed: number;
  /** The file's checksum when that run ran it. */
  readonly checksum: string | null;
  /** The digest of the completed statements' text (see `statementsDigest`), when the log recorded it. */
  readonly digest: string | null;
  /** The file changed since that run, but still builds the completed statements as they ran. */
  readonly fileChanged?: boolean;
  /** When the progress (or the failure) was recorded, as the database wrote it. */
  readonly recordedAt: string;
  /** Where a backfill, the statement after the completed ones, stands: the last key done and the rows so far. */
  readonly backfill?: BackfillProgress | undefined;
  /** `interrupted`: the process died (or is still running); `failed`: a statement failed with an error. */
  readonly cause: "interrupted" | "failed";
}

/**
 * The resume points the audit log holds (pure): a revision whose latest entry is the progress of a run that did
 * not finish, or the failure of a statement after others had completed.
 */
export function resumePoints(log: ReadonlyMap<string, LatestAuditEntry>): Map<string, ResumePoint> {
  const points = new Map<string, ResumePoint>();
  for (const entry of log.values()) {
    if (entry.operation !== "upgrade" && entry.operation !== "downgrade") continue;
    const completed =
      entry.status === "running"
        ? entry.completedStatements
        : entry.status === "failed" && entry.failedStatement !== null
          ? entry.failedStatement - 1
          : null;
    const backfill = parseBackfillProgress(entry.backfillProgress);
    if (completed === null || completed < 0 || (completed === 0 && backfill === undefined)) continue;
    points.set(entry.revision, {
      revision: entry.revision,
      direction: entry.operation,
      completed,
      checksum: entry.checksum?.trim() ?? null,
      digest: entry.completedDigest?.trim() || null,
      recordedAt: entry.appliedAt,
      cause: entry.status === "running" ? "interrupted" : "failed",
      ...(backfill === undefined ? {} : { backfill }),
    });
  }
  return points;
}

/**
 * Whether a resume point's file has changed since the run that recorded it (pure); then the run needs the digest
 * of the edited file's first statements to decide (see {@link resumePointFor}).
 */
export function fileChangedSince(header: Pick<RevisionHeader, "checksum">, point: ResumePoint): boolean {
  return point.checksum !== null && header.checksum !== undefined && point.checksum !== header.checksum;
}

/**
 * The resume point a step continues from (pure): one recorded for the same revision in the same direction. When
 * the file changed since, it resumes only if the edited file still builds the completed statements as they ran
 * (`currentDigest`, the digest of its first `completed` statements, equals the recorded one): the usual case of a
 * fix to the statement that failed. Otherwise which statements are applied cannot be told from the file: that is
 * an error, never a silent guess.
 */
export function resumePointFor(
  step: Pick<MigrationStep, "revision" | "direction">,
  header: Pick<RevisionHeader, "revision" | "path" | "checksum">,
  point: ResumePoint | undefined,
  currentDigest?: string,
): ResumePoint | undefined {
  if (!point || point.revision !== step.revision || point.direction !== step.direction) return undefined;
  if (fileChangedSince(header, point)) {
    if (point.digest !== null && currentDigest === point.digest) return { ...point, fileChanged: true };
    throw new MigrationError(
      "resume_refused",
      `Revision ${step.revision} (${header.path}) runs outside a transaction, and ${runOf(point)} of its ${step.direction} stopped after statement ${point.completed} (recorded at ${point.recordedAt}); its file has changed since${point.digest === null ? "" : " in the statements that had completed"}, so Retort cannot tell which of the edited file's statements are applied and does not resume it.`,
      {
        hint: `Keep the first ${point.completed} statement(s) as they were when that run started (edit only the ones after) and run the command again to resume after statement ${point.completed}; or finish the revision by hand and record it with \`retort stamp ${step.revision}\`.`,
        details: {
          revision: step.revision,
          file: header.path,
          direction: step.direction,
          completedStatements: point.completed,
          recordedChecksum: point.checksum,
          checksum: header.checksum,
        },
      },
    );
  }
  return point;
}

/** The line on stderr as a step resumes. */
export function resumeMessage(point: ResumePoint, total: number): string {
  const changed = point.fileChanged ? `; the file changed since, after the statements that had completed` : "";
  if (point.completed >= total)
    return `Finishing ${point.revision}: all ${total} of its statements had completed, recorded by ${runOf(point)} at ${point.recordedAt}${changed}; recording it as applied`;
  return `Resuming ${point.revision} after statement ${point.completed} of ${total}, recorded by ${runOf(point)} at ${point.recordedAt}${changed}`;
}

function runOf(point: ResumePoint): string {
  return point.cause === "failed" ? "a failed run" : "an interrupted run";
}

/** What the runtime does with an index statement at the resume point, once the catalog said where it stands. */
export type ResumeAction = "run" | "skip" | "rebuild";

/**
 * An index built or dropped outside a transaction may have been cut off half-way or finished unrecorded (pure):
 * a valid index means its build completed (skip it), an invalid one was cut off (drop it and build again), a
 * missing one was never built, or its drop completed (skip that).
 */
export function resumeAction(operation: Operation, state: string | undefined): ResumeAction {
  if (operation.kind === "createIndex") return state === "valid" ? "skip" : state === "invalid" ? "rebuild" : "run";
  if (operation.kind === "dropIndex") return state === "missing" ? "skip" : "run";
  return "run";
}

/**
 * A downgrade that would strand a part-way revision (pure): an upgrade of C stopped after some statements, and
 * the run reverts a revision C descends from. Its downgrade may drop what C's completed statements built (an
 * index on its table), and the next upgrade would then resume C after them, leaving a gap nobody sees. Refused:
 * C is finished first (its upgrade resumes), then reverted by its own downgrade.
 */
export function assertNothingStranded(
  graph: RevisionGraph,
  steps: readonly Pick<MigrationStep, "revision" | "direction">[],
  points: ReadonlyMap<string, ResumePoint> | undefined,
): void {
  if (points === undefined || points.size === 0) return;
  const reverted = steps.filter((step) => step.direction === "downgrade").map((step) => step.revision);
  if (reverted.length === 0) return;
  const below = new Set(graph.descendants(reverted.filter((revision) => graph.has(revision))));
  const stranded = [...points.values()].filter((point) => point.direction === "upgrade" && below.has(point.revision));
  const first = stranded[0];
  if (first === undefined) return;
  const names = stranded.map((point) => `${point.revision} (statements 1-${point.completed} applied)`).join(", ");
  throw new MigrationError(
    "partial_revision_in_the_way",
    `This downgrade reverts ${reverted.join(", ")}, under revision ${names}, which ${stranded.length === 1 ? "an earlier run left" : "earlier runs left"} part-way outside a transaction; its applied statements would stay, and what the downgrade drops under them would go missing when it resumes.`,
    {
      hint: `Finish it first with \`retort upgrade ${first.revision}\` (it resumes after statement ${first.completed}), then downgrade: its own downgrade reverts it.`,
      details: { revisions: stranded.map((point) => point.revision), reverted },
    },
  );
}
