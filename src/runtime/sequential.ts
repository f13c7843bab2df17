import type { AuditEntry, Dialect, VersionTableName } from "../dialects/dialect.js";
import { MigrationError, RetortError } from "../errors.js";
import type { Operation, RevisionOperation } from "../ops/operation.js";
import { runBackfill } from "./backfill.js";
import { Operations } from "../ops/operations.js";
import { RETORT_VERSION } from "../project/version.js";
import type { MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { type LockRetryOptions, withLockRetries } from "./lock-retry.js";
import { StatementLockTimeout } from "./lock-wait.js";
import { callRevision, compiledStatements, countStatements, type RevisionRun, runRecorded, statementsDigest } from "./progress.js";
import { type BackfillProgress, type ResumePoint, resumeMessage } from "./resume.js";
import type { RevisionModule } from "./revision-module.js";
import { type SqlSink, type TransactionSink, transactionSink } from "./sql-sink.js";
import { type StatementReport, stepFailure } from "./step-failure.js";

/** Everything a run of migration steps needs; the same for online runs and `--sql` scripts. */
export interface StepRunner {
  readonly dialect: Dialect;
  readonly sink: SqlSink;
  readonly versionTable: VersionTableName;
  /** Online runs record each step in the audit log (created with the version table); `--sql` scripts do not. */
  readonly auditLog?: VersionTableName | undefined;
  readonly headers: ReadonlyMap<string, RevisionHeader>;
  /** Each revision in its own transaction (default), or the whole run in one. */
  readonly transactionPerMigration: boolean;
  /**
   * How long a revision's statement may wait for a lock on a table before it fails, in milliseconds; undefined or
   * 0 sets no limit of Retort's own. Ignored by a dialect without such a limit.
   */
  readonly ddlLockTimeoutMs?: number | undefined;
  /**
   * Online: how many more times a statement that gave up waiting for a table lock is tried (the whole revision in
   * its own transaction; the statement alone outside one). Undefined or 0: no retry.
   */
  readonly ddlLockRetries?: number | undefined;
  /** The attempt of the revision being run, when it may be retried after a lock timeout (for the final error). */
  readonly lockAttempt?: { readonly number: number; readonly of: number } | undefined;
  /** The pauses between attempts; injectable for tests. */
  readonly lockRetryDelayMs?: ((retry: number) => number) | undefined;
  /** Progress lines (`Running upgrade A -> B, message`) for stderr. */
  readonly log: (line: string) => void;
  /** Called as each step starts, in order (a step starts once the one before it has finished). */
  readonly onStep?: ((step: MigrationStep) => void) | undefined;
  /** Loads revision modules; injectable for tests. */
  readonly loadModule?: (header: RevisionHeader) => Promise<RevisionModule>;
  /** Online: where earlier runs of non-transactional revisions stopped, read from the audit log under the lock. */
  readonly resumePoints?: ReadonlyMap<string, ResumePoint> | undefined;
  /** Online: runs one catalog query (a resumed revision asks where an index built concurrently stands). */
  readonly query?: ((sql: string) => Promise<readonly Record<string, unknown>[]>) | undefined;
  /**
   * Set when replaying revisions into an empty database (offline autogenerate): a data statement (`op.execute`,
   * `op.bulkInsert`) that fails is undone (a savepoint inside a transaction) and reported here, and the revision
   * carries on. Unset, a failing statement fails its revision.
   */
  readonly onDataStatementFailure?: ((failure: DataStatementFailure) => void) | undefined;
}

/** A data statement a replay skipped because the database refused it. */
export interface DataStatementFailure {
  readonly revision: string;
  readonly file: string;
  readonly statement: string;
  readonly error: unknown;
}

export interface RunStepsOptions {
  /** `stamp`: move the version table only, run no revision code. */
  readonly stampOnly?: boolean;
  /** Create the version table (if missing) in the first transaction, so a failed first revision leaves nothing. */
  readonly createVersionTable: boolean;
}

/** A step of the plan with what running it needs. */
export interface PlannedStep {
  readonly step: MigrationStep;
  readonly header: RevisionHeader | undefined;
  /** Undefined for a stamp, which runs no revision code. */
  readonly module: RevisionModule | undefined;
  /** The run's first step creates the version table and the audit log when the run starts without them. */
  readonly createsVersionTable: boolean;
  /** Where an earlier run of this (non-transactional) revision stopped, in this direction with this file. */
  readonly resume?: ResumePoint | undefined;
}

/**
 * One line per step, as Alembic logs it: `Running upgrade 1975ea83b712 -> 27c6a30d7c24, add release_date`,
 * and for stamps `Running stamp_revision 1975ea83b712 -> 27c6a30d7c24`.
 */
export function describeStep(
  step: MigrationStep,
  header: RevisionHeader | undefined,
  options: { readonly stampOnly?: boolean | undefined } = {},
): string {
  const message = header?.message ? `, ${header.message}` : "";
  const lower = step.lower.join(", ");
  const upper = step.upper.join(", ");
  if (options.stampOnly)
    return step.direction === "upgrade" ? `Running stamp_revision ${lower} -> ${upper}` : `Running stamp_revision ${upper} -> ${lower}`;
  return step.direction === "upgrade"
    ? `Running upgrade ${lower} -> ${upper}${message}`
    : `Running downgrade ${upper} -> ${lower}${message}`;
}

/**
 * Whether a revision runs inside a transaction: unless it opts out (`export const transactional = false`), and
 * only where the database can roll DDL back. Without transactional DDL a transaction would promise an atomicity
 * the database does not give, so every revision runs as a non-transactional one and a failure is partial.
 */
export function runsInTransaction(dialect: Dialect, module: RevisionModule | undefined): boolean {
  return dialect.capabilities.transactionalDdl && (module?.transactional ?? true);
}

/**
 * The transaction statements run in. Online, BEGIN is held back and goes with the first statement after it
 * (`transactionSink`). `open` says whether a ROLLBACK has something to undo.
 */
export class Transaction {
  readonly sink: TransactionSink;
  private open = false;

  constructor(
    private readonly target: SqlSink,
    private readonly statements: Dialect["transaction"],
  ) {
    this.sink = transactionSink(target, statements.begin);
  }

  async begin(): Promise<void> {
    if (this.open) return;
    await this.sink.begin();
    this.open = true;
  }

  /** Commits the open transaction, if there is one. */
  async commit(): Promise<void> {
    if (!this.open) return;
    await this.sink.run(this.statements.commit);
    this.open = false;
  }

  /** Runs `statements` in the transaction (opening one if needed), and COMMIT with them in the same round trip. */
  async runAndCommit(statements: readonly string[]): Promise<void> {
    await this.begin();
    await this.sink.runAll([...statements, this.statements.commit]);
    this.open = false;
  }

  /** Runs `statements` in the transaction (opening one if needed) and leaves it open. */
  async runInside(statements: readonly string[]): Promise<void> {
    await this.begin();
    await this.sink.runAll(statements);
  }

  /** Undoes the open transaction; an error here means the connection is gone, which undoes it too. */
  async rollback(): Promise<void> {
    const sent = this.open && !this.sink.beginPending;
    this.open = false;
    if (sent && this.target.online) await this.target.run(this.statements.rollback).catch(() => undefined);
  }
}

/**
 * Runs one step statement by statement, the plain path every dialect has: BEGIN (unless the revision runs
 * outside a transaction), the version table when this step creates it, the revision's operations, then its
 * version-table change, its audit row and COMMIT in one round trip. With `transactionPerMigration: false` the
 * transaction stays open for the next step; a revision outside a transaction commits it first.
 */
export async function runStep(runner: StepRunner, options: RunStepsOptions, transaction: Transaction, planned: PlannedStep): Promise<void> {
  const { dialect } = runner;
  const transactional = runsInTransaction(dialect, planned.module);
  if (transactional) await transaction.begin();
  else await transaction.commit();
  const { sink } = transaction;
  const lockLimit = statementLockLimit(runner, planned);
  if (lockLimit && transactional) await sink.run(lockLimit.setLocal(runner.ddlLockTimeoutMs ?? 0));
  if (planned.createsVersionTable) {
    await sink.run(dialect.versionTable.create(runner.versionTable));
    if (runner.auditLog) await sink.run(dialect.auditLog.create(runner.auditLog));
  }
  const progress = progressLog(runner, transactional);
  // A log an earlier Retort created gains the progress column here, outside any transaction.
  if (progress) await sink.runAll([dialect.auditLog.create(progress), dialect.auditLog.addMissingColumns(progress)]);
  const started = performance.now();
  const { step, header, module } = planned;
  if (module && header) {
    if (lockLimit && !transactional) {
      // Outside a transaction the limit is the session's, so it is set back once the revision is done.
      await sink.run(lockLimit.setSession(runner.ddlLockTimeoutMs ?? 0));
      try {
        await runRevision({ ...runner, sink }, { step, header, module, resume: planned.resume }, transactional);
      } finally {
        await sink.run(lockLimit.reset).catch(() => undefined);
      }
    } else await runRevision({ ...runner, sink }, { step, header, module, resume: planned.resume }, transactional);
  }
  // In a transaction of its own, the database measures the revision from its BEGIN.
  const duration = transactional && runner.transactionPerMigration ? "transaction" : performance.now() - started;
  const bookkeeping = bookkeepingStatements(runner, options, planned, duration);
  try {
    if (runner.transactionPerMigration) await transaction.runAndCommit(bookkeeping);
    else await transaction.runInside(bookkeeping);
  } catch (error) {
    throw (
      versionTableChanged(runner, step, error) ??
      (error instanceof StatementLockTimeout && header ? stepFailure(step, header, error, { attempts: runner.lockAttempt?.number }) : error)
    );
  }
}

/**
 * How many more times a step is run whole after a lock timeout: a transactional revision in a transaction of its
 * own, online. Outside a transaction the statement alone is retried (in `runRevision`); with one transaction for
 * the whole run, a retry would have to undo the revisions before it, so there is none.
 */
export function wholeRevisionRetries(runner: StepRunner, planned: PlannedStep): number {
  const whole = runner.sink.online && runner.transactionPerMigration && planned.module !== undefined;
  return whole && runsInTransaction(runner.dialect, planned.module) ? (runner.ddlLockRetries ?? 0) : 0;
}

/** The options of a retry loop of this runner, with `retries` further attempts. */
export function lockRetryOptions(runner: StepRunner, retries: number): LockRetryOptions {
  return { retries, log: runner.log, delayMs: runner.lockRetryDelayMs };
}

/**
 * {@link runStep}, and once more after each lock timeout while retries are left (the revision's transaction rolled
 * back first, and a pause that grows); the migration lock stays held throughout.
 */
export function runStepRetrying(
  runner: StepRunner,
  options: RunStepsOptions,
  transaction: Transaction,
  planned: PlannedStep,
): Promise<void> {
  return withLockRetries(
    lockRetryOptions(runner, wholeRevisionRetries(runner, planned)),
    (number, of) => runStep({ ...runner, lockAttempt: { number, of } }, options, transaction, planned),
    () => transaction.rollback(),
  );
}

/** The dialect's lock limit statements, when this step runs revision code and a limit is set. */
function statementLockLimit(runner: StepRunner, planned: PlannedStep): Dialect["statementLocks"] {
  const limit = runner.ddlLockTimeoutMs;
  if (planned.module === undefined || limit === undefined || !(limit > 0)) return undefined;
  return runner.dialect.statementLocks;
}

/**
 * The error for a checked version-table change that found no row: between reading the version table and
 * committing, something else changed it (a run that did not take the same lock, or a hand edit). The revision's
 * transaction fails with it, so nothing of the revision is kept.
 */
export function versionTableChanged(
  runner: Pick<StepRunner, "dialect" | "versionTable">,
  step: MigrationStep,
  error: unknown,
): RetortError | undefined {
  if (error instanceof RetortError || (error as { code?: unknown } | null)?.code !== runner.dialect.versionTable.changedCode)
    return undefined;
  const { table, schema } = runner.versionTable;
  const detail = (error as { detail?: unknown }).detail;
  return new MigrationError(
    "migration_failed",
    `The version table ${schema ? `${schema}.` : ""}${table} changed under this run while it applied ${step.revision}${typeof detail === "string" ? ` (${detail})` : ""}; the revision's transaction was rolled back.`,
    {
      hint: "Another process changed the version table without holding the same migration lock, or it was edited by hand. Run `retort current` to see where the database is, then run the command again.",
      details: { revision: step.revision, direction: step.direction },
      cause: error,
    },
  );
}

/** The version-table change and, online, the audit row. */
function bookkeepingStatements(
  runner: StepRunner,
  options: RunStepsOptions,
  { step, header, module }: PlannedStep,
  duration: AuditEntry["durationMs"],
): string[] {
  const table = runner.versionTable;
  const sql = runner.dialect.versionTable;
  const { deleteRows, insertRows } = step;
  // Online, a change that finds no row fails the transaction; a `--sql` script keeps the plain statements.
  const checked = runner.sink.online;
  const update = checked ? sql.checkedUpdate : sql.update;
  const remove = checked ? sql.checkedDelete : sql.delete;
  const statements =
    deleteRows.length === 1 && insertRows.length === 1
      ? [update(table, deleteRows[0]!, insertRows[0]!)]
      : [...deleteRows.map((rev) => remove(table, rev)), ...insertRows.map((rev) => sql.insert(table, rev))];
  if (runner.auditLog) {
    const operation = options.stampOnly ? "stamp" : step.direction;
    if (!options.stampOnly && progressLog(runner, runsInTransaction(runner.dialect, module)))
      statements.push(runner.dialect.auditLog.clearProgress(runner.auditLog, step.revision));
    statements.push(runner.dialect.auditLog.insert(runner.auditLog, auditEntry(step, header, operation, "applied", duration)));
  }
  return statements;
}

export function auditEntry(
  step: Pick<MigrationStep, "revision">,
  header: RevisionHeader | undefined,
  operation: AuditEntry["operation"],
  status: AuditEntry["status"],
  durationMs: AuditEntry["durationMs"],
): AuditEntry {
  return { revision: step.revision, operation, status, checksum: header?.checksum, durationMs, retortVersion: RETORT_VERSION };
}

/**
 * Where a revision outside a transaction records its progress, statement by statement: online, in the audit
 * log. Undefined for a transactional revision (it commits whole or not at all) and for `--sql` scripts.
 */
function progressLog(runner: Pick<StepRunner, "sink" | "auditLog">, transactional: boolean): VersionTableName | undefined {
  return !transactional && runner.sink.online ? runner.auditLog : undefined;
}

/**
 * Calls the revision's `upgrade` or `downgrade` with an `op` whose operations the dialect compiles into the sink.
 * Outside a transaction (online), each statement's completion is recorded as it commits, and a revision an
 * earlier run left part-way skips the statements recorded complete.
 */
async function runRevision(runner: StepRunner, run: RevisionRun, transactional: boolean): Promise<void> {
  const { step, header, module } = run;
  const progress = progressLog(runner, transactional);
  const resume = progress ? run.resume : undefined;
  const skip = resume?.completed ?? 0;
  let statementCount = 0;
  const built: string[] = [];
  let current: string | undefined;
  const retries = transactional ? 0 : (runner.ddlLockRetries ?? 0);
  let attempts: number | undefined = runner.lockAttempt?.number;
  let backfilled: BackfillProgress | undefined;
  const op = new Operations(async (operation: RevisionOperation) => {
    if (transactional && (runner.sink.online || operation.kind === "backfill") && runner.dialect.requiresNoTransaction(operation)) {
      const why = operation.kind === "backfill" ? "op.backfill commits each batch on its own, so it" : operation.kind;
      throw new MigrationError("migration_failed", `${header.path}: ${why} cannot run inside a transaction.`, {
        hint: "Add `export const transactional = false;` to the revision file (and keep such statements in a revision of their own).",
        details: { revision: header.revision, file: header.path },
      });
    }
    const { compileLive } = runner.dialect;
    const statements =
      compileLive && runner.sink.online && runner.query ? await compileLive(operation, runner.query) : runner.dialect.compile(operation);
    for (const statement of statements) {
      statementCount++;
      if (progress) built.push(statement);
      if (statementCount <= skip) continue;
      current = statement;
      const number = statementCount;
      const digest = statementsDigest(built);
      if (operation.kind === "backfill" && runner.sink.online && runner.query) {
        backfilled = undefined;
        await runBackfill(
          { ...runner, query: runner.query },
          progress,
          run,
          {
            operation,
            number,
            digestBefore: statementsDigest(built.slice(0, number - 1)),
            digest,
            resume: number === skip + 1 ? resume?.backfill : undefined,
            onBatch: (done) => {
              backfilled = done;
            },
          },
          lockRetryOptions(runner, retries),
        );
        backfilled = undefined;
        continue;
      }
      if (operation.kind === "backfill") {
        await runner.sink.run(statement);
        continue;
      }
      if (tolerates(runner, operation, transactional)) {
        await runTolerated(runner, header, statement, transactional);
        continue;
      }
      // Outside a transaction only the statement that timed out runs again; a retry checks first what an index
      // build cut off by the timeout left behind, as a resumed run does.
      await withLockRetries(lockRetryOptions(runner, retries), async (attempt) => {
        if (!transactional) attempts = attempt;
        if (progress)
          await runRecorded(runner, progress, run, {
            operation,
            statement,
            number,
            atResumePoint: (number === skip + 1 && skip > 0) || attempt > 1,
            digest,
          });
        else await runner.sink.run(statement);
      });
    }
    current = undefined;
  });
  try {
    if (resume && (skip > 0 || resume.backfill)) runner.log(resumeMessage(resume, await countStatements(runner, run)));
    await callRevision(step, module, op);
  } catch (error) {
    const failedStatement = transactional ? undefined : Math.max(statementCount, skip + 1);
    const statements =
      failedStatement !== undefined && !runner.dialect.capabilities.transactionalDdl
        ? await statementReport(runner, run, failedStatement, current)
        : undefined;
    throw stepFailure(step, header, error, {
      statements,
      statement: current,
      failedStatement,
      completedDigest: progress && failedStatement !== undefined ? statementsDigest(built.slice(0, failedStatement - 1)) : undefined,
      attempts,
      backfillProgress: backfilled ?? (failedStatement === skip + 1 ? resume?.backfill : undefined),
    });
  }
}

/** Whether a failure of this operation's statements is reported and skipped rather than failing the revision. */
function tolerates(runner: StepRunner, operation: Operation, transactional: boolean): boolean {
  if (runner.onDataStatementFailure === undefined || !runner.sink.online) return false;
  if (operation.kind !== "execute" && operation.kind !== "bulkInsert") return false;
  return !transactional || runner.dialect.capabilities.savepoints;
}

const DATA_SAVEPOINT = "retort_data_statement";

/** Runs a data statement; a failure is undone (inside a transaction, back to a savepoint) and reported. */
async function runTolerated(runner: StepRunner, header: RevisionHeader, statement: string, transactional: boolean): Promise<void> {
  const sql = runner.dialect.transaction;
  const savepoint = transactional ? sql.savepoint?.(DATA_SAVEPOINT) : undefined;
  if (savepoint !== undefined) await runner.sink.run(savepoint);
  try {
    await runner.sink.run(statement);
  } catch (error) {
    const back = sql.rollbackToSavepoint?.(DATA_SAVEPOINT);
    if (savepoint !== undefined && back !== undefined) await runner.sink.run(back);
    runner.onDataStatementFailure?.({ revision: header.revision, file: header.path, statement, error });
    return;
  }
  const release = sql.releaseSavepoint?.(DATA_SAVEPOINT);
  if (savepoint !== undefined && release !== undefined) await runner.sink.run(release);
}

/**
 * Where a revision on a database whose DDL commits as it runs stopped: its statements that ran, the one that
 * failed and those never run, numbered, for the failure message. The revision is compiled again (without running)
 * for the statements after the failed one; if that fails, they are left out.
 */
async function statementReport(
  runner: StepRunner,
  run: RevisionRun,
  failedStatement: number,
  failed: string | undefined,
): Promise<StatementReport> {
  const all = await compiledStatements(runner.dialect, run.step, run.module).catch(() => undefined);
  const numbered = (statements: readonly string[], from: number) => statements.map((text, i) => ({ number: from + i, text }));
  return {
    dialect: runner.dialect.name,
    ran: numbered((all ?? []).slice(0, failedStatement - 1), 1),
    failed: failed === undefined ? undefined : { number: failedStatement, text: failed },
    notRun: numbered((all ?? []).slice(failedStatement), failedStatement + 1),
  };
}

/** The progress line on stderr and, in a `--sql` script, the comment before the step's statements. */
export function announceStep(runner: StepRunner, options: RunStepsOptions, { step, header }: PlannedStep): void {
  runner.onStep?.(step);
  runner.log(describeStep(step, header, options));
  if (!runner.sink.online) runner.sink.comment(describeStep(step, undefined, options));
}

/** The plain sequential runner: each step in order, statement by statement, in `transaction`. */
export async function runSequentially(
  runner: StepRunner,
  options: RunStepsOptions,
  transaction: Transaction,
  steps: readonly PlannedStep[],
): Promise<void> {
  for (const planned of steps) {
    announceStep(runner, options, planned);
    await runStepRetrying(runner, options, transaction, planned);
  }
}
