/**
 * The retry policy for statements that gave up waiting for a table lock: each attempt waits at most the lock
 * timeout, so the application's queries never queue behind a statement for longer; between attempts the run
 * pauses (the migration lock stays held) and the blocker gets a chance to finish.
 */
import { DdlLockTimeoutError } from "../errors.js";
import { type LockBlocker, type LockWait, StatementLockTimeout } from "./lock-wait.js";

/** The first pause; each further one doubles, up to {@link MAX_DELAY_MS}. */
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * The pause before retry `retry` (1 for the first retry): 250 ms doubling each time, capped at 5 s, and drawn
 * between half of that and all of it, so runs that timed out together do not come back together.
 */
export function lockRetryDelayMs(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * What a lock timeout waited for, when `error` is one (the sink's {@link StatementLockTimeout}, or the
 * {@link DdlLockTimeoutError} the runner made of it); `undefined` for any other error.
 */
export function lockTimeoutOf(error: unknown): { readonly wait: LockWait | undefined } | undefined {
  if (error instanceof StatementLockTimeout) return { wait: error.wait };
  if (error instanceof DdlLockTimeoutError) {
    const { tables, blockers } = error.details as { tables?: string; blockers?: readonly LockBlocker[] };
    return { wait: tables === undefined && (blockers ?? []).length === 0 ? undefined : { tables, blockers: blockers ?? [] } };
  }
  return undefined;
}

/** `Lock on movies busy (held by pid 4242: LOCK TABLE movies IN ACCESS EXCLUSIVE MODE), retry 2/4 in 1.2 s.` */
export function describeLockRetry(wait: LockWait | undefined, attempt: number, attempts: number, delayMs: number): string {
  const on = wait?.tables ? `Lock on ${wait.tables} busy` : "Lock busy";
  const held =
    wait && wait.blockers.length > 0
      ? ` (held by ${wait.blockers.map((b) => `pid ${b.pid}${b.query ? `: ${shorten(b.query)}` : ""}`).join("; ")})`
      : "";
  return `${on}${held}, retry ${attempt}/${attempts} in ${(delayMs / 1000).toFixed(1)} s.`;
}

function shorten(query: string): string {
  const flat = query.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

export interface LockRetryOptions {
  /** Further attempts after the first; 0 runs once. */
  readonly retries: number;
  /** Where each retry is announced (stderr). */
  readonly log: (line: string) => void;
  /** The pause before retry n; injectable for tests. */
  readonly delayMs?: ((retry: number) => number) | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` (given its 1-based number and the number of attempts allowed) until it succeeds, fails with
 * something other than a lock timeout, or has used every attempt; the last error is thrown. `undo` runs after a
 * lock timeout that will be retried, before the pause, to leave nothing of the failed attempt behind.
 */
export async function withLockRetries<T>(
  options: LockRetryOptions,
  attempt: (number: number, attempts: number) => Promise<T>,
  undo: () => Promise<void> = async () => undefined,
  first = 1,
): Promise<T> {
  const attempts = Math.max(first, options.retries + 1);
  for (let number = first; ; number++) {
    try {
      return await attempt(number, attempts);
    } catch (error) {
      const timeout = lockTimeoutOf(error);
      if (timeout === undefined || number >= attempts) throw error;
      await undo();
      const delay = (options.delayMs ?? lockRetryDelayMs)(number);
      options.log(describeLockRetry(timeout.wait, number + 1, attempts, delay));
      await (options.sleep ?? sleep)(delay);
    }
  }
}
