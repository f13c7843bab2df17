import type { VersionTableName } from "../dialects/dialect.js";
import { RetortError } from "../errors.js";
import { appliedOfRows } from "../revisions/applied-state.js";
import type { RevisionGraph } from "../revisions/graph.js";
import type { RevisionHeader } from "../revisions/revision.js";
import type { ConnectedDatabase } from "./database.js";

/** The latest audit-log entry of one revision. */
export interface LatestAuditEntry {
  readonly revision: string;
  readonly operation: string;
  readonly status: string;
  readonly checksum: string | null;
  readonly failedStatement: number | null;
  readonly error: string | null;
  readonly appliedAt: string;
  /** For a `running` entry: how many statements of the non-transactional revision had completed. */
  readonly completedStatements: number | null;
  /** With a `running` or `failed` entry: the digest of the statements that had completed. */
  readonly completedDigest: string | null;
  /** With a `running` or `failed` entry: the backfill's progress after the completed statements (JSON). */
  readonly backfillProgress?: string | null;
}

/** How far a backfill got: its last key done (as text) and the rows it updated so far. */
export interface BackfillProgress {
  readonly key: readonly string[];
  readonly rows: number;
}

/** The backfill progress recorded in the audit log, when it is well-formed JSON of that shape (pure). */
export function parseBackfillProgress(text: string | null | undefined): BackfillProgress | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as { key?: unknown; rows?: unknown };
    if (!Array.isArray(value.key) || !value.key.every((part) => typeof part === "string") || typeof value.rows !== "number")
      return undefined;
    return { key: value.key as string[], rows: value.rows };
  } catch {
    return undefined;
  }
}

/** What the audit log says that a user should hear about. */
export interface AuditFinding {
  readonly kind: "changed" | "failed" | "interrupted";
  readonly revision: string;
  readonly file: string;
  readonly message: string;
}

/** Reads the latest entry per revision; a database managed before the log existed simply has none. */
export async function readAuditLog(db: ConnectedDatabase, table: VersionTableName): Promise<Map<string, LatestAuditEntry>> {
  const [found] = await db.session.query<{ exists: boolean }>(db.dialect.auditLog.exists(table));
  if (!found?.exists) return new Map();
  const rows = await db.session.query<{
    revision: string;
    operation: string;
    status: string;
    checksum: string | null;
    failed_statement: number | null;
    error: string | null;
    applied_at: string;
    completed_statements: number | null;
    completed_digest: string | null;
    backfill_progress: string | null;
  }>(db.dialect.auditLog.latest(table));
  return new Map(
    rows.map((row) => [
      row.revision,
      {
        revision: row.revision,
        operation: row.operation,
        status: row.status,
        checksum: row.checksum,
        failedStatement: row.failed_statement,
        error: row.error,
        appliedAt: row.applied_at,
        completedStatements: row.completed_statements,
        completedDigest: row.completed_digest,
        backfillProgress: row.backfill_progress,
      },
    ]),
  );
}

/**
 * Compares the log with the files (pure): an applied revision whose file no longer has the checksum it was
 * applied (or accepted) with was edited afterwards; a revision whose latest entry is a failure or progress
 * stopped part-way outside a transaction.
 */
export function auditFindings(
  graph: RevisionGraph,
  headers: ReadonlyMap<string, RevisionHeader>,
  versionRows: readonly string[],
  log: ReadonlyMap<string, LatestAuditEntry>,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const applied = appliedOfRows(
    graph,
    versionRows.filter((row) => graph.has(row)),
  );
  for (const [revision, entry] of [...log].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const header = headers.get(revision);
    if (!header) continue;
    if (entry.status === "failed") {
      findings.push({
        kind: "failed",
        revision,
        file: header.path,
        message: `Revision ${revision} (${header.path}) stopped at statement ${entry.failedStatement ?? "?"} of its non-transactional ${entry.operation} on ${entry.appliedAt}; the statements before it stayed applied. The next run resumes at that statement, provided the file still builds the statements before it as they ran.`,
      });
      continue;
    }
    if (entry.status === "running") {
      findings.push({
        kind: "interrupted",
        revision,
        file: header.path,
        message: `Revision ${revision} (${header.path}) recorded statement ${entry.completedStatements ?? "?"} of its non-transactional ${entry.operation} as completed on ${entry.appliedAt} and did not finish (interrupted, or still running); those statements stay applied. The next run resumes after statement ${entry.completedStatements ?? "?"}${backfillNote(entry)}, provided the file still builds those statements as they ran.`,
      });
      continue;
    }
    if (!applied.has(revision) || entry.operation === "downgrade" || !entry.checksum || !header.checksum) continue;
    if (entry.checksum.trim() !== header.checksum) {
      findings.push({
        kind: "changed",
        revision,
        file: header.path,
        message: `Revision ${revision} was applied on ${entry.appliedAt}, but its file ${header.path} has changed since (checksum ${header.checksum.slice(0, 12)}, applied ${entry.checksum.slice(0, 12)}).`,
      });
    }
  }
  return findings;
}

/** `, and its backfill after key (1500) (1,500 rows done)`, for an entry that recorded backfill progress. */
function backfillNote(entry: LatestAuditEntry): string {
  const progress = parseBackfillProgress(entry.backfillProgress);
  return progress === undefined
    ? ""
    : `, and its backfill after key (${progress.key.join(", ")}) (${progress.rows.toLocaleString("en-US")} rows done)`;
}

function changedMessage(changed: readonly AuditFinding[]): string {
  if (changed.length === 1) return (changed[0] as AuditFinding).message;
  // One FAILED line, each file on an indented detail line of its own.
  return `${changed.length} applied revision files were changed after they were applied:${changed.map((finding) => `\n  ${finding.message}`).join("")}`;
}

/** With `strict`, an edited applied revision stops the command; otherwise it is a warning. */
export function reportAuditFindings(findings: readonly AuditFinding[], options: { strict: boolean; log: (line: string) => void }): void {
  const changed = findings.filter((finding) => finding.kind === "changed");
  if (options.strict && changed.length > 0) {
    throw new RetortError("revision_changed", changedMessage(changed), {
      hint: "Revert the edit, or run `retort accept <rev>` to record the file's current contents as accepted.",
      details: { revisions: changed.map((finding) => finding.revision) },
    });
  }
  // An interrupted revision is announced as it resumes.
  for (const finding of findings.filter((finding) => finding.kind !== "interrupted")) {
    options.log(`WARNING: ${finding.message}`);
    if (finding.kind === "changed") options.log("  Revert the edit, or run `retort accept` to record the current contents as accepted.");
  }
}
