import type { Direction, MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { MigrationError } from "../errors.js";
import { runPipelined } from "./pipeline.js";
import { oneStatementPerMessage } from "./sql-sink.js";
import { compiledStatements, statementsDigest } from "./progress.js";
import { type BackfillProgress, fileChangedSince, type ResumePoint, resumePointFor } from "./resume.js";
import { loadRevisionModule, type RevisionModule } from "./revision-module.js";
import { auditEntry, type PlannedStep, type RunStepsOptions, runSequentially, type StepRunner, Transaction } from "./sequential.js";

export { describeStep, type RunStepsOptions, type StepRunner } from "./sequential.js";

/**
 * Runs the steps of a plan in order. Online, each revision's DDL and its version-table change commit together,
 * so a failing revision leaves the database as it was before that revision.
 */
export async function runSteps(given: StepRunner, steps: readonly MigrationStep[], options: RunStepsOptions): Promise<void> {
  if (steps.length === 0) return;
  const runner = given.dialect.capabilities.multiStatementMessages ? given : { ...given, sink: oneStatementPerMessage(given.sink) };
  const planned = await planSteps(runner, steps, options);
  const transaction = new Transaction(runner.sink, runner.dialect.transaction);
  try {
    if (sendsMessages(runner)) await runPipelined(runner, options, transaction, planned);
    else await runSequentially(runner, options, transaction, planned);
    await transaction.commit();
  } catch (error) {
    await transaction.rollback();
    await recordPartialFailure(runner, error);
    throw error;
  }
}

/**
 * Whether the run sends each transactional revision as one message, pipelined: online, with a transaction per
 * revision, and where the dialect takes several statements in one message and rolls DDL back (a failed message
 * then leaves nothing behind). Everything else runs statement by statement.
 */
export function sendsMessages(runner: Pick<StepRunner, "dialect" | "sink" | "transactionPerMigration">): boolean {
  const { capabilities } = runner.dialect;
  return runner.sink.online && runner.transactionPerMigration && capabilities.multiStatementMessages && capabilities.transactionalDdl;
}

/**
 * Loads every revision the plan runs before running any: a file that does not load, or a part-way revision whose
 * file changed since, stops the run with nothing applied, instead of half-way through.
 */
async function planSteps(runner: StepRunner, steps: readonly MigrationStep[], options: RunStepsOptions): Promise<PlannedStep[]> {
  const load = runner.loadModule ?? loadRevisionModule;
  const modules = new Map<string, RevisionModule>();
  if (!options.stampOnly) {
    for (const step of steps) {
      if (!modules.has(step.revision)) modules.set(step.revision, await load(requireHeader(runner.headers.get(step.revision), step)));
    }
  }
  const planned: PlannedStep[] = [];
  for (const [index, step] of steps.entries()) {
    const header = runner.headers.get(step.revision);
    const module = modules.get(step.revision);
    planned.push({
      step,
      header,
      module,
      createsVersionTable: index === 0 && options.createVersionTable,
      resume: options.stampOnly ? undefined : await resumeOf(runner, step, header, module),
    });
  }
  return planned;
}

/**
 * Where a step resumes, if an earlier run left it part-way. When its file changed since, the edited file's first
 * statements are compiled (without running) to tell whether they are the ones that completed.
 */
async function resumeOf(
  runner: StepRunner,
  step: MigrationStep,
  header: RevisionHeader | undefined,
  module: RevisionModule | undefined,
): Promise<ResumePoint | undefined> {
  const point = runner.resumePoints?.get(step.revision);
  if (!point || !header || point.direction !== step.direction) return undefined;
  // Where DDL commits as it runs, the failed statement may have left part of its work: a person looks first.
  if (point.cause === "failed" && !runner.dialect.capabilities.transactionalDdl) throw failedNotAccepted(step, header, point);
  const digest =
    module && point.digest !== null && fileChangedSince(header, point)
      ? statementsDigest((await compiledStatements(runner.dialect, step, module)).slice(0, point.completed))
      : undefined;
  return resumePointFor(step, header, point, digest);
}

function failedNotAccepted(step: MigrationStep, header: RevisionHeader, point: ResumePoint): MigrationError {
  const failed = point.completed + 1;
  return new MigrationError(
    "resume_refused",
    `Revision ${step.revision} (${header.path}) failed at statement ${failed} of its ${step.direction} (recorded at ${point.recordedAt}): it stopped at statement ${failed}, the statements before it are applied, and a database whose DDL commits as it runs cannot roll them back. Retort does not run it again until the database has been repaired.`,
    {
      hint: `Repair the database (finish or undo what statement ${failed} may have left) and fix the revision file if needed, keeping statements 1-${point.completed} as they are; then run \`retort accept ${step.revision}\` to say so, and the next run resumes at statement ${failed}. Or finish the revision by hand and record it with \`retort stamp ${step.revision}\`.`,
      details: { revision: step.revision, file: header.path, direction: step.direction, failedStatement: failed },
    },
  );
}

/**
 * A revision outside a transaction that failed has changed the database already: say so in the audit log, so
 * `current -v` and the next run can tell which statement it stopped at. (A transactional one was rolled back
 * and leaves no trace.)
 */
async function recordPartialFailure(runner: StepRunner, error: unknown): Promise<void> {
  if (!runner.auditLog || !runner.sink.online || !(error instanceof MigrationError)) return;
  const { failedStatement, revision, direction, completedDigest, backfillProgress } = error.details as {
    failedStatement?: number;
    revision?: string;
    direction?: Direction;
    completedDigest?: string;
    backfillProgress?: BackfillProgress;
  };
  if (failedStatement === undefined || revision === undefined || direction === undefined) return;
  const header = runner.headers.get(revision);
  const entry = {
    ...auditEntry({ revision }, header, direction, "failed", 0),
    failedStatement,
    completedDigest,
    backfillProgress: backfillProgress === undefined ? undefined : JSON.stringify(backfillProgress),
    error: error.message,
  };
  try {
    await runner.sink.run(runner.dialect.auditLog.create(runner.auditLog));
    await runner.sink.run(runner.dialect.auditLog.insert(runner.auditLog, entry));
  } catch {
    // The connection may be gone; the error the user sees already says where the revision stopped.
  }
}

function requireHeader(header: RevisionHeader | undefined, step: MigrationStep): RevisionHeader {
  if (!header)
    throw new MigrationError("migration_failed", `No revision file for ${step.revision}.`, { details: { revision: step.revision } });
  return header;
}
