import { withLockRetries } from "./lock-retry.js";
import {
  lockRetryOptions,
  type PlannedStep,
  type RunStepsOptions,
  runStep,
  runStepRetrying,
  runsInTransaction,
  type StepRunner,
  Transaction,
  announceStep,
  versionTableChanged,
  wholeRevisionRetries,
} from "./sequential.js";
import { stepFailure } from "./step-failure.js";
import { StatementLockTimeout } from "./lock-wait.js";
import type { SqlSink } from "./sql-sink.js";

/**
 * Pipelining, a layer over the sequential runner for dialects that take several statements in one message:
 * each transactional revision goes to the database as one message (its statements, version-table change, audit
 * row and COMMIT: one round trip where running them one by one costs one per statement), and the next revision's
 * code runs to build its message while the database is still busy with the current one, so Node's work and the
 * database's overlap. A message is sent only once the previous one has committed. A revision outside a
 * transaction runs through the sequential runner, after the message before it has been answered.
 */
export async function runPipelined(
  runner: StepRunner,
  options: RunStepsOptions,
  transaction: Transaction,
  steps: readonly PlannedStep[],
): Promise<void> {
  await overlapped(
    steps,
    (planned) => buildMessage(runner, options, planned),
    async (planned, message) => {
      announceStep(runner, options, planned);
      if (message === undefined) await runStepRetrying(runner, options, transaction, planned);
      else await sendMessage(runner, options, transaction, planned, message);
    },
  );
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

const settled = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true, value }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );

/**
 * Runs `finish` for each item in order, one at a time, and `prepare` for an item while the previous item's
 * `finish` is still running. The first failure stops the run: no later item is finished, and the error is
 * thrown once nothing is running any more.
 */
export async function overlapped<T, P>(
  items: readonly T[],
  prepare: (item: T) => Promise<P>,
  finish: (item: T, prepared: P) => Promise<void>,
): Promise<void> {
  let finishing: Promise<Settled<void>> = Promise.resolve({ ok: true, value: undefined });
  for (const item of items) {
    const prepared = await settled(prepare(item));
    const previous = await finishing;
    if (!previous.ok) throw previous.error;
    if (!prepared.ok) throw prepared.error;
    finishing = settled(finish(item, prepared.value));
  }
  const last = await finishing;
  if (!last.ok) throw last.error;
}

/**
 * Runs a transactional revision's code with its statements collected instead of sent, and returns the message.
 * Undefined for a revision outside a transaction (its statements must reach the database as its code runs) and
 * when the code threw: the revision then runs statement by statement, where the error is reported in context.
 */
async function buildMessage(runner: StepRunner, options: RunStepsOptions, planned: PlannedStep): Promise<string[] | undefined> {
  if (!runsInTransaction(runner.dialect, planned.module)) return undefined;
  const statements: string[] = [];
  const collector: SqlSink = {
    online: true,
    run: async (statement) => void statements.push(statement),
    runAll: async (list) => void statements.push(...list),
    comment: () => undefined,
  };
  try {
    await runStep({ ...runner, sink: collector }, options, new Transaction(collector, runner.dialect.transaction), planned);
    return statements;
  } catch {
    return undefined;
  }
}

/**
 * Sends a revision's message. When it fails, nothing of it is left (it is one transaction). After a lock timeout,
 * while retries are left, the revision is sent again (after a pause), the last attempt statement by statement, so
 * the final error names the statement that waited. After any other error it runs again statement by statement when the database
 * has savepoints, so the error comes from the operation that caused it, with its statement, and a `try`/`catch`
 * in the revision sees it where it reads.
 */
async function sendMessage(
  runner: StepRunner,
  options: RunStepsOptions,
  transaction: Transaction,
  planned: PlannedStep,
  message: readonly string[],
): Promise<void> {
  await withLockRetries(
    lockRetryOptions(runner, wholeRevisionRetries(runner, planned)),
    async (number, of) => {
      const attempt = { ...runner, lockAttempt: { number, of } };
      // Every attempt but the last of several goes as one message, so that a lock, once granted, is not held
      // across round trips; the last runs statement by statement, so that its error names the statement.
      if ((number < of || of === 1) && (await sentWhole(attempt, planned, message))) return;
      await runStep(attempt, options, transaction, planned);
    },
    () => transaction.rollback(),
  );
}

/**
 * Sends the message; false when it failed in a way that running the revision statement by statement can explain
 * better. A lock timeout is thrown as it is when it will be retried.
 */
async function sentWhole(runner: StepRunner, planned: PlannedStep, message: readonly string[]): Promise<boolean> {
  try {
    await runner.sink.runAll(message);
    return true;
  } catch (error) {
    // The database rolled the transaction back at the error, or does at this ROLLBACK. When even that fails,
    // the connection is gone: there is nothing to run again on, and this error is the answer.
    const rolledBack = await runner.sink.run(runner.dialect.transaction.rollback).then(
      () => true,
      () => false,
    );
    const timedOut = error instanceof StatementLockTimeout;
    const retried = timedOut && rolledBack && (runner.lockAttempt?.of ?? 1) > 1;
    if (retried) throw error;
    if (timedOut || !rolledBack || !runner.dialect.capabilities.savepoints) {
      const changed = versionTableChanged(runner, planned.step, error);
      if (changed) throw changed;
      throw planned.header ? stepFailure(planned.step, planned.header, error, { attempts: runner.lockAttempt?.number }) : error;
    }
    return false;
  }
}
