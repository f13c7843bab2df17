/**
 * The error a failed revision throws, with what is left applied and what to do: the statement it stopped at, the
 * statements that ran where DDL commits as it runs, the session whose lock it gave up waiting for.
 */
import { ConnectionError, DdlLockTimeoutError, MigrationError, type RetortError, StorageError } from "../errors.js";
import type { MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { describeBlockers, StatementLockTimeout } from "./lock-wait.js";
import { oneLine } from "./progress.js";
import type { BackfillProgress } from "./resume.js";

/** The statements of a revision that stopped part-way on a database whose DDL commits as it runs. */
export interface StatementReport {
  readonly dialect: string;
  readonly ran: readonly { readonly number: number; readonly text: string }[];
  readonly failed: { readonly number: number; readonly text: string } | undefined;
  readonly notRun: readonly { readonly number: number; readonly text: string }[];
}

function describeStatements(report: StatementReport): string {
  const line = (label: string, { number, text }: { number: number; text: string }) => `\n    ${label.padEnd(9)}${number}. ${oneLine(text)}`;
  return [
    `\n  DDL commits as it runs on ${report.dialect}: this revision cannot be rolled back.`,
    ...report.ran.map((s) => line("ran:", s)),
    ...(report.failed ? [line("failed:", report.failed)] : []),
    ...report.notRun.map((s) => line("not run:", s)),
  ].join("");
}

export interface FailurePosition {
  /** On a database whose DDL commits as it runs: the statements that ran, failed and did not run. */
  readonly statements?: StatementReport | undefined;
  /** The statement the database refused, when known. */
  readonly statement?: string | undefined;
  /** For a revision outside a transaction: the 1-based statement it stopped at (the ones before stay applied). */
  readonly failedStatement?: number | undefined;
  /** Online, outside a transaction: the digest of the statements before the failed one, for the audit log. */
  readonly completedDigest?: string | undefined;
  /** For a lock timeout: how many times the statement (or its revision) was tried. */
  readonly attempts?: number | undefined;
  /** Where a backfill that failed part-way stands: its batches so far stay committed. */
  readonly backfillProgress?: BackfillProgress | undefined;
}

/** The error a failed revision throws: which revision, which file, which statement, and what is left applied. */
export function stepFailure(step: MigrationStep, header: RevisionHeader, error: unknown, position: FailurePosition): RetortError {
  if (error instanceof MigrationError) return error;
  if (error instanceof StatementLockTimeout) return lockTimeoutFailure(step, header, error, position);
  const { statement, failedStatement } = position;
  const reason = error instanceof Error ? error.message : String(error);
  const where =
    (statement ? `\n  while running: ${oneLine(statement)}` : "") + (position.statements ? describeStatements(position.statements) : "");
  const partial =
    position.statements !== undefined && failedStatement !== undefined
      ? `This revision stopped at statement ${failedStatement}; the statements before it stay applied and the version table was not changed. Repair the database (finish or undo what the failed statement may have left), fix the revision file if the statement was wrong (keep the statements before it as they are), then run \`retort accept ${header.revision}\` to say so: the next upgrade resumes at statement ${failedStatement}. Or finish the revision by hand and record it with \`retort stamp ${header.revision}\`.`
      : failedStatement === undefined
        ? "The revision was rolled back; the database is as it was before it. Fix the revision file and run the command again."
        : failedStatement <= 1
          ? "This revision ran outside a transaction and stopped at its first statement; the version table was not changed. Fix the revision file and run the command again."
          : `This revision ran outside a transaction: it stopped at statement ${failedStatement}; the statements before it stay applied and the version table was not changed. Fix the revision file (keep the statements before it as they are) and run the command again: it resumes at statement ${failedStatement}. Or finish the revision by hand and record it with \`retort stamp ${header.revision}\`.`;
  return new MigrationError(
    "migration_failed",
    `${step.direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision ${header.revision} (${header.path}) failed: ${reason}${where}`,
    {
      hint: error instanceof ConnectionError || error instanceof StorageError ? outsideCauseHint(error, failedStatement) : partial,
      details: {
        revision: header.revision,
        file: header.path,
        direction: step.direction,
        statement,
        failedStatement,
        completedDigest: position.completedDigest,
        backfillProgress: position.backfillProgress,
        databaseCode: (error as { code?: unknown } | null | undefined)?.code,
      },
      cause: error,
    },
  );
}

/** The error for a statement that gave up waiting for a table lock: what it waited for, and behind whom. */
function lockTimeoutFailure(
  step: MigrationStep,
  header: RevisionHeader,
  error: StatementLockTimeout,
  position: FailurePosition,
): RetortError {
  const { statement, failedStatement } = position;
  const attempts = position.attempts ?? 1;
  const seconds = Math.round(error.waitedMs / 100) / 10;
  const tables = error.wait?.tables;
  const blockers = error.wait?.blockers ?? [];
  const on = tables ? `a lock on ${tables}` : "a lock";
  const held = blockers.length > 0 ? `, held by ${describeBlockers(blockers)}` : "";
  const where = statement ? `\n  while running: ${oneLine(statement)}` : "";
  const partial =
    failedStatement === undefined
      ? "The revision was rolled back; the database is as it was before it."
      : `This revision ran outside a transaction: it stopped at statement ${failedStatement}; the statements before it stay applied, and the next run resumes at statement ${failedStatement}.`;
  return new DdlLockTimeoutError(
    "ddl_lock_timeout",
    `${step.direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision ${header.revision} (${header.path}) waited ${seconds}s for ${on}${held}, and gave up after ${attempts} ${attempts === 1 ? "attempt" : "attempts"} (${error.message}).${where}`,
    {
      hint: `${partial} Another session holds ${tables ? `a lock on ${tables}` : "the lock"}: end it or let its transaction finish, then run the command again; ddlLockTimeout in the config (or --ddl-lock-timeout SECONDS) sets how long each attempt may wait, and ddlLockRetries (or --ddl-lock-retries N) how many times it is retried.`,
      details: {
        revision: header.revision,
        file: header.path,
        direction: step.direction,
        statement,
        failedStatement,
        completedDigest: position.completedDigest,
        backfillProgress: position.backfillProgress,
        databaseCode: error.code,
        waitedMs: error.waitedMs,
        attempts,
        tables,
        blockers,
      },
      cause: error.cause,
    },
  );
}

/**
 * The hint when a revision failed for a cause outside its file (the connection lost, the storage full). A lost
 * connection may have cut off the answer to a COMMIT the database carried out, so the outcome is read there.
 */
function outsideCauseHint(error: ConnectionError | StorageError, failedStatement: number | undefined): string {
  const outcome =
    failedStatement !== undefined
      ? `This revision ran outside a transaction and stopped at statement ${failedStatement}; \`retort current -v\` shows where.`
      : error instanceof ConnectionError
        ? "The revision's transaction either committed whole or not at all; `retort current` shows which."
        : "The revision was rolled back; the database is as it was before it.";
  if (error instanceof StorageError)
    return `${outcome} ${error.hint ?? "Make room or make the storage writable, then run the command again."}`;
  return `The connection to the database was lost while this revision ran. ${outcome} Once the database is reachable again, run the command again: it goes on from where the database is.`;
}
