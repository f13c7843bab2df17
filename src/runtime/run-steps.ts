import type { Dialect, VersionTableName } from "../dialects/dialect.js";
import { MigrationError, RetortError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import type { AuditEntry } from "../dialects/postgres/audit-log.js";
import type { Direction, MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { RETORT_VERSION } from "./version.js";
import { loadRevisionModule, type RevisionModule } from "./revision-module.js";
import type { SqlSink } from "./sql-sink.js";

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
  const lower = step.fromLabel.join(", ");
  const upper = step.toLabel.join(", ");
  if (stampOnly) return step.direction === "upgrade" ? `Running stamp_revision ${lower} -> ${upper}` : `Running stamp_revision ${upper} -> ${lower}`;
  return step.direction === "upgrade" ? `Running upgrade ${lower} -> ${upper}${message}` : `Running downgrade ${upper} -> ${lower}${message}`;
}

/**
 * Runs the steps of a plan in order. Online, each revision's DDL and its version-table change commit together,
 * so a failing revision leaves the database as it was before that revision.
 */
export async function runSteps(runner: StepRunner, steps: readonly MigrationStep[], options: RunStepsOptions): Promise<void> {
  if (steps.length === 0) return;
  const { sink, dialect } = runner;
  const oneTransaction = !runner.transactionPerMigration;
  let createTable = options.createVersionTable;
  let open = false;
  const begin = async () => {
    if (!open) await sink.run(dialect.transaction.begin);
    open = true;
  };
  const commit = async () => {
    if (open) await sink.run(dialect.transaction.commit);
    open = false;
  };
  // Load every revision the plan runs before running any: a file that does not load stops the run
  // with nothing applied, instead of half-way through.
  const load = runner.loadModule ?? loadRevisionModule;
  const modules = new Map<string, RevisionModule>();
  if (!options.stampOnly) {
    for (const step of steps) {
      if (!modules.has(step.revision)) modules.set(step.revision, await load(requireHeader(runner.headers.get(step.revision), step)));
    }
  }
  try {
    for (const step of steps) {
      const header = runner.headers.get(step.revision);
      const module = modules.get(step.revision);
      const transactional = module?.transactional ?? true;
      runner.log(describeStep(step, header, options.stampOnly));
      if (!sink.online) sink.comment(describeStep(step, undefined, options.stampOnly));
      if (transactional) await begin();
      else await commit(); // statements that refuse a transaction run on their own
      if (createTable) {
        await sink.run(dialect.versionTable.create(runner.versionTable));
        if (runner.auditLog) await sink.run(dialect.auditLog.create(runner.auditLog));
        createTable = false;
      }
      const started = performance.now();
      if (module && header) await runRevision(runner, step, header, module, transactional);
      if (!open) await begin();
      const bookkeeping = versionStatements(runner, step);
      if (runner.auditLog) {
        const entry = auditEntry(step, header, options.stampOnly ? "stamp" : step.direction, "applied", performance.now() - started);
        bookkeeping.push(dialect.auditLog.insert(runner.auditLog, entry));
      }
      // The version-table change, the audit row and the COMMIT in one round trip: per revision, Retort then
      // costs the database no more round trips than the same script run by psql.
      if (!oneTransaction) bookkeeping.push(dialect.transaction.commit);
      await sink.runAll(bookkeeping);
      if (!oneTransaction) open = false;
    }
    await commit();
  } catch (error) {
    if (open && sink.online) await sink.run(dialect.transaction.rollback).catch(() => undefined);
    await recordPartialFailure(runner, error);
    throw error;
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

function auditEntry(step: Pick<MigrationStep, "revision">, header: RevisionHeader | undefined, operation: AuditEntry["operation"], status: AuditEntry["status"], durationMs: number): AuditEntry {
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

function failure(step: MigrationStep, header: RevisionHeader, error: unknown, statement: string | undefined, nonTransactionalIndex: number | undefined): RetortError {
  if (error instanceof MigrationError) return error;
  const failedStatement = nonTransactionalIndex;
  const reason = error instanceof Error ? error.message : String(error);
  const where = statement ? `\n  while running: ${oneLine(statement)}` : "";
  const partial =
    nonTransactionalIndex === undefined
      ? "The revision was rolled back; the database is as it was before it."
      : `This revision is not transactional: it stopped at statement ${nonTransactionalIndex}; the statements before it stay applied and the version table was not changed, so the next run starts this revision again from its first statement.`;
  return new MigrationError("migration_failed", `${step.direction === "upgrade" ? "Upgrade" : "Downgrade"} of revision ${header.revision} (${header.path}) failed: ${reason}${where}`, {
    hint: `${partial} Fix the revision file and run the command again.`,
    details: { revision: header.revision, file: header.path, direction: step.direction, statement, failedStatement, databaseCode: (error as { code?: unknown } | null | undefined)?.code },
    cause: error,
  });
}

function versionStatements(runner: StepRunner, step: MigrationStep): string[] {
  const table = runner.versionTable;
  const sql = runner.dialect.versionTable;
  const { deleteRows, insertRows } = step;
  if (deleteRows.length === 1 && insertRows.length === 1) return [sql.update(table, deleteRows[0]!, insertRows[0]!)];
  return [...deleteRows.map((rev) => sql.delete(table, rev)), ...insertRows.map((rev) => sql.insert(table, rev))];
}

function requireHeader(header: RevisionHeader | undefined, step: MigrationStep): RevisionHeader {
  if (!header) throw new MigrationError("migration_failed", `No revision file for ${step.revision}.`, { details: { revision: step.revision } });
  return header;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
