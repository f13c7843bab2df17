import type { AuditEntry, Dialect, VersionTableName } from "../dialects/dialect.js";
import { ConnectionError, MigrationError, RetortError, StorageError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import { RETORT_VERSION } from "../project/version.js";
import type { MigrationStep, RevisionHeader } from "../revisions/revision.js";
import type { RevisionModule } from "./revision-module.js";
import { type SqlSink, type TransactionSink, transactionSink } from "./sql-sink.js";

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
  /** Progress lines (`Running upgrade A -> B, message`) for stderr. */
  readonly log: (line: string) => void;
  /** Called as each step starts, in order (a step starts once the one before it has finished). */
  readonly onStep?: ((step: MigrationStep) => void) | undefined;
  /** Loads revision modules; injectable for tests. */
  readonly loadModule?: (header: RevisionHeader) => Promise<RevisionModule>;
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
  if (planned.createsVersionTable) {
    await sink.run(dialect.versionTable.create(runner.versionTable));
    if (runner.auditLog) await sink.run(dialect.auditLog.create(runner.auditLog));
  }
  const started = performance.now();
  const { step, header, module } = planned;
  if (module && header) await runRevision({ ...runner, sink }, { step, header, module }, transactional);
  // In a transaction of its own, the database measures the revision from its BEGIN.
  const duration = transactional && runner.transactionPerMigration ? "transaction" : performance.now() - started;
  const bookkeeping = bookkeepingStatements(runner, options, planned, duration);
  try {
    if (runner.transactionPerMigration) await transaction.runAndCommit(bookkeeping);
    else await transaction.runInside(bookkeeping);
  } catch (error) {
    throw versionTableChanged(runner, step, error) ?? error;
  }
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
  { step, header }: PlannedStep,
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

/** Calls the revision's `upgrade` or `downgrade` with an `op` whose operations the dialect compiles into the sink. */
async function runRevision(
  runner: StepRunner,
  { step, header, module }: { readonly step: MigrationStep; readonly header: RevisionHeader; readonly module: RevisionModule },
  transactional: boolean,
): Promise<void> {
  let statementCount = 0;
  let current: string | undefined;
  const op = new Operations(async (operation: Operation) => {
    if (transactional && runner.sink.online && runner.dialect.requiresNoTransaction(operation)) {
      throw new MigrationError("migration_failed", `${header.path}: ${operation.kind} cannot run inside a transaction.`, {
        hint: "Add `export const transactional = false;` to the revision file (and keep such statements in a revision of their own).",
        details: { revision: header.revision, file: header.path },
      });
    }
    for (const statement of runner.dialect.compile(operation)) {
      current = statement;
      statementCount++;
      await runner.sink.run(statement);
    }
    current = undefined;
  });
  try {
    await (step.direction === "upgrade" ? module.upgrade(op) : module.downgrade(op));
  } catch (error) {
    throw stepFailure(step, header, error, { statement: current, failedStatement: transactional ? undefined : statementCount });
  }
}

export interface FailurePosition {
  /** The statement the database refused, when known. */
  readonly statement?: string | undefined;
  /** For a revision outside a transaction: the 1-based statement it stopped at (the ones before stay applied). */
  readonly failedStatement?: number | undefined;
}

/** The error a failed revision throws: which revision, which file, which statement, and what is left applied. */
export function stepFailure(step: MigrationStep, header: RevisionHeader, error: unknown, position: FailurePosition): RetortError {
  if (error instanceof MigrationError) return error;
  const { statement, failedStatement } = position;
  const reason = error instanceof Error ? error.message : String(error);
  const where = statement ? `\n  while running: ${oneLine(statement)}` : "";
  const partial =
    failedStatement === undefined
      ? "The revision was rolled back; the database is as it was before it."
      : `This revision ran outside a transaction: it stopped at statement ${failedStatement}; the statements before it stay applied and the version table was not changed, so the next run starts this revision again from its first statement.`;
  return new MigrationError(
    "migration_failed",
    `${step.direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision ${header.revision} (${header.path}) failed: ${reason}${where}`,
    {
      hint:
        error instanceof ConnectionError
          ? connectionLostHint(failedStatement === undefined ? undefined : partial)
          : error instanceof StorageError && error.hint !== undefined
            ? `${partial} ${error.hint}`
            : `${partial} Fix the revision file and run the command again.`,
      details: {
        revision: header.revision,
        file: header.path,
        direction: step.direction,
        statement,
        failedStatement,
        databaseCode: (error as { code?: unknown } | null | undefined)?.code,
      },
      cause: error,
    },
  );
}

/**
 * The hint when the connection was lost mid-revision: not the revision's fault, and a transaction's COMMIT may
 * have reached the database just before the loss, so the outcome is read from the database, not assumed.
 */
function connectionLostHint(outsideTransaction: string | undefined): string {
  const outcome = outsideTransaction ?? "The revision's transaction either committed whole or not at all; `retort current` shows which.";
  return `The connection to the database was lost while this revision ran. ${outcome} Once the database is reachable again, run the command again: it goes on from where the database is.`;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
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
    await runStep(runner, options, transaction, planned);
  }
}
