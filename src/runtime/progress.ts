/**
 * A revision outside a transaction, statement by statement: each statement's completion recorded in the audit
 * log as it commits, so a run cut off part-way can be resumed after the statements that completed.
 */
import { createHash } from "node:crypto";
import type { Dialect, VersionTableName } from "../dialects/dialect.js";
import { MigrationError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import { RETORT_VERSION } from "../project/version.js";
import type { MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { type ResumePoint, resumeAction } from "./resume.js";
import type { RevisionModule } from "./revision-module.js";
import type { SqlSink } from "./sql-sink.js";

/** What running and recording a statement needs of the step runner. */
export interface ProgressRunner {
  readonly dialect: Dialect;
  readonly sink: SqlSink;
  readonly log: (line: string) => void;
  readonly query?: ((sql: string) => Promise<readonly Record<string, unknown>[]>) | undefined;
}

/** One revision being run in one direction, and where an earlier run of it stopped. */
export interface RevisionRun {
  readonly step: MigrationStep;
  readonly header: RevisionHeader;
  readonly module: RevisionModule;
  readonly resume?: ResumePoint | undefined;
}

/** Calls the revision's `upgrade` or `downgrade` with `op`. */
export function callRevision(step: MigrationStep, module: RevisionModule, op: Operations): Promise<void> | void {
  return step.direction === "upgrade" ? module.upgrade(op) : module.downgrade(op);
}

/**
 * The digest recorded with a non-transactional revision's progress: sha256 over the text of its first statements.
 * An edited file that builds the same first statements may resume after them.
 */
export function statementsDigest(statements: readonly string[]): string {
  const hash = createHash("sha256");
  for (const statement of statements) hash.update(statement).update("\0");
  return hash.digest("hex");
}

/** The statements a revision builds, compiled without running them. */
export async function compiledStatements(
  dialect: Pick<Dialect, "compile">,
  step: MigrationStep,
  module: RevisionModule,
): Promise<string[]> {
  const statements: string[] = [];
  await callRevision(
    step,
    module,
    new Operations(async (operation) => {
      statements.push(...dialect.compile(operation));
    }),
  );
  return statements;
}

/**
 * How many statements the revision compiles to, counted without running them; a resumed revision that no longer
 * reaches its resume point is refused.
 */
export async function countStatements(
  runner: Pick<ProgressRunner, "dialect">,
  { step, header, module, resume }: RevisionRun,
): Promise<number> {
  const total = (await compiledStatements(runner.dialect, step, module)).length;
  const completed = resume?.completed ?? 0;
  if (total < completed) {
    throw new MigrationError(
      "resume_refused",
      `Revision ${step.revision} (${header.path}) has ${total} statements now, but an earlier run recorded ${completed} of them as completed; it cannot be resumed.`,
      {
        hint: `The revision's code no longer builds the statements it built then. Finish the revision by hand and record it with \`retort stamp ${step.revision}\`.`,
        details: {
          revision: step.revision,
          file: header.path,
          direction: step.direction,
          completedStatements: completed,
          statements: total,
        },
      },
    );
  }
  return total;
}

export interface RecordedStatement {
  readonly operation: Operation;
  readonly statement: string;
  /** 1-based, counted from the revision's first statement. */
  readonly number: number;
  /** The first statement not recorded complete by the run being resumed. */
  readonly atResumePoint: boolean;
  /** {@link statementsDigest} of the revision's statements up to and including this one. */
  readonly digest: string;
}

/**
 * Runs one statement of a revision outside a transaction and records that it completed. Where the statement can
 * run in a transaction, it goes in one with its progress row, so both commit or neither does; where it cannot
 * (CREATE INDEX CONCURRENTLY, or `op.execute` SQL the database refuses in a transaction block), the record
 * follows it. At the resume point, an index built concurrently is checked first: cut off half-way it is dropped and
 * built again, finished unrecorded it counts as done.
 */
export async function runRecorded(
  runner: ProgressRunner,
  log: VersionTableName,
  run: RevisionRun,
  recorded: RecordedStatement,
): Promise<void> {
  const { dialect, sink } = runner;
  const { operation, statement, number } = recorded;
  const { begin, commit, rollback } = dialect.transaction;
  const record = progressRecord(dialect, log, run, number, recorded.digest);
  const stateQuery = recorded.atResumePoint && runner.query ? dialect.resume.indexState(operation) : undefined;
  if (stateQuery && runner.query) {
    const [row] = await runner.query(stateQuery);
    const action = resumeAction(operation, typeof row?.state === "string" ? row.state : undefined);
    if (action === "skip") {
      runner.log(
        `Statement ${number} of ${run.step.revision} had completed before the interruption (${oneLine(statement)}); counting it done.`,
      );
      await sink.runAll([begin, ...record, commit]);
      return;
    }
    if (action === "rebuild") {
      const drop = dialect.resume.dropInvalidIndex(operation);
      runner.log(
        `Statement ${number} of ${run.step.revision} was interrupted and left an invalid index: ${oneLine(drop)}, then building it again.`,
      );
      await sink.run(drop);
    }
  }
  if (dialect.capabilities.transactionalDdl && !dialect.requiresNoTransaction(operation)) {
    try {
      await sink.runAll([begin, statement, ...record, commit]);
      return;
    } catch (error) {
      await sink.run(rollback).catch(() => undefined);
      // SQL of `op.execute` that refuses a transaction block runs on its own, as below.
      if ((error as { code?: unknown } | null)?.code !== dialect.resume.noTransactionBlockCode) throw error;
    }
  }
  await sink.run(statement);
  await sink.runAll([begin, ...record, commit]);
}

/**
 * The statements that record a revision's progress: its first `completed` statements done (with their digest),
 * and where a backfill after them stands, replacing the progress recorded before.
 */
export function progressRecord(
  dialect: Pick<Dialect, "auditLog">,
  log: VersionTableName,
  run: Pick<RevisionRun, "step" | "header">,
  completed: number,
  digest: string,
  backfillProgress?: string,
): string[] {
  return [
    dialect.auditLog.clearProgress(log, run.step.revision),
    dialect.auditLog.insert(log, {
      revision: run.step.revision,
      operation: run.step.direction,
      status: "running",
      checksum: run.header.checksum,
      durationMs: 0,
      retortVersion: RETORT_VERSION,
      completedStatements: completed,
      completedDigest: digest,
      backfillProgress,
    }),
  ];
}

/** SQL on one line, cut to a length a message can hold. */
export function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
