/**
 * Running `op.backfill` online: batch after batch, each its own short transaction that also records how far the
 * backfill got, so a run cut off part-way resumes after the last committed batch instead of starting over.
 */
import type { VersionTableName } from "../dialects/dialect.js";
import { MigrationError } from "../errors.js";
import type { BackfillOp } from "../ops/operation.js";
import { type LockRetryOptions, withLockRetries } from "./lock-retry.js";
import { StatementLockTimeout } from "./lock-wait.js";
import { type ProgressRunner, progressRecord, type RevisionRun } from "./progress.js";
import type { BackfillProgress } from "./resume.js";

/** What a backfill needs of the step runner: queries answered on the run's own session. */
export interface BackfillRunner extends ProgressRunner {
  readonly query: (sql: string) => Promise<readonly Record<string, unknown>[]>;
}

export interface BackfillStatement {
  readonly operation: BackfillOp;
  /** Its place among the revision's statements (1-based). */
  readonly number: number;
  /** The digest of the revision's statements before it, and including it. */
  readonly digestBefore: string;
  readonly digest: string;
  /** Where an earlier run of it stopped. */
  readonly resume: BackfillProgress | undefined;
  /** Called after each committed batch with the progress it recorded. */
  readonly onBatch?: ((progress: BackfillProgress) => void) | undefined;
}

/** How often the progress line is printed while batches run. */
const REPORT_EVERY_MS = 1000;

/**
 * Runs the backfill's batches until one finds no row left. `log` (the audit log) records progress with each batch;
 * without it the batches still commit one by one. A batch that times out waiting for a row lock is retried alone,
 * as `retry` says.
 */
export async function runBackfill(
  runner: BackfillRunner,
  log: VersionTableName | undefined,
  run: Pick<RevisionRun, "step" | "header">,
  statement: BackfillStatement,
  retry: LockRetryOptions,
): Promise<BackfillProgress> {
  const { dialect, sink } = runner;
  const { operation, number } = statement;
  const { begin, commit, rollback } = dialect.transaction;
  const key = operation.key ?? (await primaryKey(runner, operation, run));
  const name = operation.schema ? `${operation.schema}.${operation.table}` : operation.table;
  let progress: BackfillProgress = statement.resume ?? { key: [], rows: 0 };
  const resumed = progress.rows;
  if (statement.resume)
    runner.log(`Resuming the backfill of ${name} after key (${progress.key.join(", ")}): ${count(progress.rows)} rows done before.`);
  const started = performance.now();
  let reportedAt = started;
  const timeoutCode = dialect.statementLocks?.timeoutCode;
  for (;;) {
    const after = progress.key.length > 0 ? progress.key : undefined;
    const next = await withLockRetries(retry, async () => {
      await sink.run(begin);
      try {
        const [row] = await runner.query(dialect.backfill.batch(operation, key, after)).catch((error: unknown) => {
          throw (error as { code?: unknown } | null)?.code === timeoutCode ? new StatementLockTimeout(0, undefined, error) : error;
        });
        const moved =
          row === undefined ? undefined : { key: key.map((_, i) => String(row[`key_${i}`])), rows: progress.rows + Number(row.rows) };
        const record =
          log === undefined
            ? []
            : moved === undefined
              ? progressRecord(dialect, log, run, number, statement.digest)
              : progressRecord(dialect, log, run, number - 1, statement.digestBefore, JSON.stringify(moved));
        await sink.runAll([...record, commit]);
        return moved;
      } catch (error) {
        await sink.run(rollback).catch(() => undefined);
        throw error;
      }
    });
    if (next === undefined) break;
    progress = next;
    statement.onBatch?.(progress);
    const now = performance.now();
    if (now - reportedAt >= REPORT_EVERY_MS) {
      runner.log(`Backfill of ${name}: ${count(progress.rows)} rows (${rate(progress.rows - resumed, now - started)}).`);
      reportedAt = now;
    }
  }
  const elapsed = performance.now() - started;
  runner.log(
    `Backfill of ${name} done: ${count(progress.rows)} rows in ${(elapsed / 1000).toFixed(1)} s (${rate(progress.rows - resumed, elapsed)}).`,
  );
  return progress;
}

async function primaryKey(runner: BackfillRunner, operation: BackfillOp, run: Pick<RevisionRun, "header">): Promise<string[]> {
  const rows = await runner.query(runner.dialect.backfill.primaryKey(operation.table, operation.schema));
  if (rows.length > 0) return rows.map((row) => String(row.column));
  const name = operation.schema ? `${operation.schema}.${operation.table}` : operation.table;
  throw new MigrationError(
    "migration_failed",
    `${run.header.path}: op.backfill("${operation.table}"): table ${name} has no primary key (or does not exist).`,
    {
      hint: 'Give the backfill a key: { key: "id" } (or several columns), unique and not null, ideally indexed.',
      details: { revision: run.header.revision, file: run.header.path, table: name },
    },
  );
}

function count(rows: number): string {
  return rows.toLocaleString("en-US");
}

function rate(rows: number, ms: number): string {
  return ms <= 0 ? `${count(rows)} rows` : `${count(Math.round((rows * 1000) / ms))} rows/s`;
}
