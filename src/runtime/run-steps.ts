import type { AuditEntry, Dialect, VersionTableName } from "../dialects/dialect.js";
import { MigrationError, RetortError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import type { Direction, MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { RETORT_VERSION } from "../project/version.js";
import { loadRevisionModule, type RevisionModule } from "./revision-module.js";
import { transactionSink, type SqlSink, type TransactionSink } from "./sql-sink.js";

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
  /** Loads revision modules; injectable for tests. */
  readonly loadModule?: (header: RevisionHeader) => Promise<RevisionModule>;
}

export interface RunStepsOptions {
  /** `stamp`: move the version table only, run no revision code. */
  readonly stampOnly?: boolean;
  /** Create the version table (if missing) in the first transaction, so a failed first revision leaves nothing. */
  readonly createVersionTable: boolean;
}

/**
 * One line per step, as Alembic logs it: `Running upgrade 1975ea83b712 -> 27c6a30d7c24, add release_date`,
 * and for stamps `Running stamp_revision 1975ea83b712 -> 27c6a30d7c24`.
 */
export function describeStep(step: MigrationStep, header: RevisionHeader | undefined, stampOnly = false): string {
  const message = header?.message ? `, ${header.message}` : "";
  const lower = step.lower.join(", ");
  const upper = step.upper.join(", ");
  if (stampOnly)
    return step.direction === "upgrade" ? `Running stamp_revision ${lower} -> ${upper}` : `Running stamp_revision ${upper} -> ${lower}`;
  return step.direction === "upgrade"
    ? `Running upgrade ${lower} -> ${upper}${message}`
    : `Running downgrade ${upper} -> ${lower}${message}`;
}

/**
 * Runs the steps of a plan in order. Online, each revision's DDL and its version-table change commit together,
 * so a failing revision leaves the database as it was before that revision.
 */
export async function runSteps(runner: StepRunner, steps: readonly MigrationStep[], options: RunStepsOptions): Promise<void> {
  if (steps.length === 0) return;
  const modules = await loadModules(runner, steps, options);
  const run = new StepRun(runner, options);
  try {
    for (const step of steps) await run.apply(step, modules.get(step.revision));
    await run.commit();
  } catch (error) {
    await run.rollback();
    await recordPartialFailure(runner, error);
    throw error;
  }
}

/**
 * Loads every revision the plan runs before running any: a file that does not load stops the run with nothing
 * applied, instead of half-way through.
 */
async function loadModules(
  runner: StepRunner,
  steps: readonly MigrationStep[],
  options: RunStepsOptions,
): Promise<Map<string, RevisionModule>> {
  const load = runner.loadModule ?? loadRevisionModule;
  const modules = new Map<string, RevisionModule>();
  if (options.stampOnly) return modules;
  for (const step of steps) {
    if (!modules.has(step.revision)) modules.set(step.revision, await load(requireHeader(runner.headers.get(step.revision), step)));
  }
  return modules;
}

/** A revision's message, sent and not answered yet; `outcome` never rejects. */
interface InFlight {
  readonly step: MigrationStep;
  readonly header: RevisionHeader | undefined;
  readonly module: RevisionModule | undefined;
  /** Whether the message creates the version table: a replay must create it again. */
  readonly createTable: boolean;
  readonly outcome: Promise<{ readonly failed: false } | { readonly failed: true; readonly error: unknown }>;
}

/**
 * The state of one run: whether a transaction is open, whether the version table is still to be created, and
 * the revision whose message the database is running.
 */
class StepRun {
  private readonly sink: TransactionSink;
  private readonly oneTransaction: boolean;
  private open = false;
  private createTable: boolean;
  private inFlight: InFlight | undefined;

  constructor(
    private readonly runner: StepRunner,
    private readonly options: RunStepsOptions,
  ) {
    this.sink = transactionSink(runner.sink, runner.dialect.transaction.begin);
    this.oneTransaction = !runner.transactionPerMigration;
    this.createTable = options.createVersionTable;
  }

  /**
   * A transactional revision (each in its own transaction, online) goes to the database as one message: its
   * statements, its version-table change, its audit row and COMMIT, a round trip per revision where running
   * them one by one costs one per statement. Its code runs while the database is still busy with the previous
   * revision's message, so Node's work and the database's overlap; the message itself is sent only once the
   * previous one has committed. Anything else runs statement by statement.
   */
  async apply(step: MigrationStep, module: RevisionModule | undefined): Promise<void> {
    const { runner, options } = this;
    const header = runner.headers.get(step.revision);
    const transactional = module?.transactional ?? true;
    if (this.sink.online && transactional && !this.oneTransaction) {
      const createTable = this.createTable;
      const statements = await this.queue(step, header, module);
      await this.settle();
      runner.log(describeStep(step, header, options.stampOnly));
      if (statements) {
        this.send(step, header, module, createTable, statements);
        return;
      }
      this.createTable = createTable;
    } else {
      await this.settle();
      runner.log(describeStep(step, header, options.stampOnly));
      if (!this.sink.online) this.sink.comment(describeStep(step, undefined, options.stampOnly));
    }
    await this.applyStatementByStatement(this.sink, step, header, module, transactional);
  }

  async commit(): Promise<void> {
    await this.settle();
    if (this.open) await this.sink.run(this.runner.dialect.transaction.commit);
    this.open = false;
  }

  async rollback(): Promise<void> {
    const pending = this.inFlight;
    this.inFlight = undefined;
    // A failed message leaves its transaction open (the COMMIT at its end was skipped).
    if (pending && (await pending.outcome).failed) this.open = true;
    if (this.open && this.sink.online && !this.sink.beginPending) {
      await this.runner.sink.run(this.runner.dialect.transaction.rollback).catch(() => undefined);
    }
    this.open = false;
  }

  /**
   * Runs the revision's code with its statements queued instead of sent, and returns the message; undefined
   * when the code threw (the revision then runs statement by statement, where the throw is reported with the
   * statement before it).
   */
  private async queue(
    step: MigrationStep,
    header: RevisionHeader | undefined,
    module: RevisionModule | undefined,
  ): Promise<string[] | undefined> {
    const statements: string[] = [];
    const queue: SqlSink = {
      online: true,
      run: async (statement) => void statements.push(statement),
      runAll: async (list) => void statements.push(...list),
      comment: () => undefined,
    };
    try {
      await this.applyStatementByStatement(transactionSink(queue, this.runner.dialect.transaction.begin), step, header, module, true);
      return statements;
    } catch {
      this.open = false;
      return undefined;
    }
  }

  private send(
    step: MigrationStep,
    header: RevisionHeader | undefined,
    module: RevisionModule | undefined,
    createTable: boolean,
    statements: string[],
  ): void {
    const outcome = this.runner.sink.runAll(statements).then(
      () => ({ failed: false }) as const,
      (error: unknown) => ({ failed: true, error }) as const,
    );
    this.inFlight = { step, header, module, createTable, outcome };
  }

  /**
   * Waits for the message in flight. When it failed, nothing of it is left (it is one transaction) and the
   * revision runs again statement by statement: the error then comes from the operation that caused it, with
   * its statement, and a `try`/`catch` in the revision sees it where it reads.
   */
  private async settle(): Promise<void> {
    const pending = this.inFlight;
    if (!pending) return;
    this.inFlight = undefined;
    const result = await pending.outcome;
    if (!result.failed) return;
    // The database rolled the transaction back at the error, or does at this ROLLBACK. When even that fails,
    // the connection is gone: there is nothing to run again on, and this error is the answer.
    const rolledBack = await this.runner.sink.run(this.runner.dialect.transaction.rollback).then(
      () => true,
      () => false,
    );
    if (!rolledBack && pending.header) throw failure(pending.step, pending.header, result.error, undefined, undefined);
    this.open = false;
    this.createTable = pending.createTable;
    await this.applyStatementByStatement(this.sink, pending.step, pending.header, pending.module, true);
  }

  private async applyStatementByStatement(
    sink: TransactionSink,
    step: MigrationStep,
    header: RevisionHeader | undefined,
    module: RevisionModule | undefined,
    transactional: boolean,
  ): Promise<void> {
    const { runner, options } = this;
    const { dialect } = runner;
    if (transactional) {
      if (!this.open) await sink.begin();
      this.open = true;
    } else if (this.open) {
      await sink.run(dialect.transaction.commit); // statements that refuse a transaction run on their own
      this.open = false;
    }
    const createTable = this.createTable;
    if (createTable) {
      await sink.run(dialect.versionTable.create(runner.versionTable));
      if (runner.auditLog) await sink.run(dialect.auditLog.create(runner.auditLog));
    }
    const started = performance.now();
    if (module && header) await runRevision({ ...runner, sink }, step, header, module, transactional);
    if (!this.open) await sink.begin();
    const bookkeeping = versionStatements(runner, step);
    if (runner.auditLog) {
      // With a transaction of its own, the database measures the revision from its BEGIN.
      const duration = transactional && !this.oneTransaction ? "transaction" : performance.now() - started;
      bookkeeping.push(
        dialect.auditLog.insert(
          runner.auditLog,
          auditEntry(step, header, options.stampOnly ? "stamp" : step.direction, "applied", duration),
        ),
      );
    }
    // The version-table change, the audit row and the COMMIT in one round trip.
    if (!this.oneTransaction) bookkeeping.push(dialect.transaction.commit);
    this.open = true;
    await sink.runAll(bookkeeping);
    if (!this.oneTransaction) this.open = false;
    if (createTable) this.createTable = false;
  }
}

/**
 * A non-transactional revision that failed has changed the database already: say so in the audit log, so
 * `current -v` and the next run can tell which statement it stopped at. (A transactional one was rolled back
 * and leaves no trace.)
 */
async function recordPartialFailure(runner: StepRunner, error: unknown): Promise<void> {
  if (!runner.auditLog || !runner.sink.online || !(error instanceof MigrationError)) return;
  const { failedStatement, revision, direction } = error.details as { failedStatement?: number; revision?: string; direction?: Direction };
  if (failedStatement === undefined || revision === undefined || direction === undefined) return;
  const header = runner.headers.get(revision);
  const entry = { ...auditEntry({ revision }, header, direction, "failed", 0), failedStatement, error: error.message };
  try {
    await runner.sink.run(runner.dialect.auditLog.create(runner.auditLog));
    await runner.sink.run(runner.dialect.auditLog.insert(runner.auditLog, entry));
  } catch {
    // The connection may be gone; the error the user sees already says where the revision stopped.
  }
}

function auditEntry(
  step: Pick<MigrationStep, "revision">,
  header: RevisionHeader | undefined,
  operation: AuditEntry["operation"],
  status: AuditEntry["status"],
  durationMs: AuditEntry["durationMs"],
): AuditEntry {
  return { revision: step.revision, operation, status, checksum: header?.checksum, durationMs, retortVersion: RETORT_VERSION };
}

async function runRevision(
  runner: StepRunner,
  step: MigrationStep,
  header: RevisionHeader,
  module: RevisionModule,
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
    throw failure(step, header, error, current, transactional ? undefined : statementCount);
  }
}

function failure(
  step: MigrationStep,
  header: RevisionHeader,
  error: unknown,
  statement: string | undefined,
  nonTransactionalIndex: number | undefined,
): RetortError {
  if (error instanceof MigrationError) return error;
  const failedStatement = nonTransactionalIndex;
  const reason = error instanceof Error ? error.message : String(error);
  const where = statement ? `\n  while running: ${oneLine(statement)}` : "";
  const partial =
    nonTransactionalIndex === undefined
      ? "The revision was rolled back; the database is as it was before it."
      : `This revision is not transactional: it stopped at statement ${nonTransactionalIndex}; the statements before it stay applied and the version table was not changed, so the next run starts this revision again from its first statement.`;
  return new MigrationError(
    "migration_failed",
    `${step.direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision ${header.revision} (${header.path}) failed: ${reason}${where}`,
    {
      hint: `${partial} Fix the revision file and run the command again.`,
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

function versionStatements(runner: StepRunner, step: MigrationStep): string[] {
  const table = runner.versionTable;
  const sql = runner.dialect.versionTable;
  const { deleteRows, insertRows } = step;
  if (deleteRows.length === 1 && insertRows.length === 1) return [sql.update(table, deleteRows[0]!, insertRows[0]!)];
  return [...deleteRows.map((rev) => sql.delete(table, rev)), ...insertRows.map((rev) => sql.insert(table, rev))];
}

function requireHeader(header: RevisionHeader | undefined, step: MigrationStep): RevisionHeader {
  if (!header)
    throw new MigrationError("migration_failed", `No revision file for ${step.revision}.`, { details: { revision: step.revision } });
  return header;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
