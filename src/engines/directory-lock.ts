import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, unlink, writeFile } from "node:fs/promises";
import { hostname, userInfo } from "node:os";
import { dirname } from "node:path";
import { ConnectionError, LockTimeoutError } from "../errors.js";
import { describeStorageFault, storageFault, storageFaultHint } from "./storage-errors.js";

/**
 * An exclusive lock on a database directory, shared by every Retort process (Node has no flock).
 *
 * Protocol:
 * - A lock is the file `<path>`, holding a JSON {@link LockHolder}. It is created atomically and complete:
 *   the record is written to a unique temporary file, then hard-linked to `<path>` (`link` fails with EEXIST
 *   when the lock is held), so a reader never sees a half-written record.
 * - A holder is alive when its host is this host and its pid answers `kill(pid, 0)`, with the same process
 *   start time where the OS tells it (Linux), so a pid reused by another process (a container's pid 1) is
 *   not mistaken for the holder. A holder on another host is always presumed alive (the message names it).
 * - A dead holder's lock is taken over race-free: the taker first acquires `<path>.takeover-<token>` by the
 *   same protocol (recursively, so a taker that dies mid-takeover is itself taken over), re-reads `<path>`,
 *   and unlinks it only if it still holds that token. A token is never written twice, so only one taker can
 *   ever remove a given stale lock, and never a fresh one; everybody then competes through `link` again.
 * - Release unlinks `<path>` only if it still holds our token.
 */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** Random, unique per acquisition. */
  readonly token: string;
  readonly acquiredAt: string;
  /** Process start time (Linux `/proc/<pid>/stat` field 22), to tell a reused pid from the holder. */
  readonly startTime?: string;
  /** The holder's command line, for messages. */
  readonly command: string;
}

/** How long and how to wait for a held lock. */
export interface LockOptions {
  /** Give up after this long (default 60 s) with a LockTimeoutError naming the holder. */
  readonly timeoutMs?: number;
  /** Called once, when the lock is found held by a live process and we start waiting. */
  readonly onWait?: (holder: LockHolder) => void;
  /** What is locked, for messages (e.g. "the embedded database in /app/.retort/dev"). */
  readonly what?: string;
}

/** A held lock. */
export interface DirectoryLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
  /** Synchronous release, for `process.on("exit")`. */
  releaseSync(): void;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** Tokens this process holds: a lock with our pid but another token is stale (a previous process with our pid). */
const heldTokens = new Set<string>();

/** Acquires the lock file `path`, waiting while a live process holds it and taking over a dead holder's lock. */
export async function acquireDirectoryLock(path: string, options: LockOptions = {}): Promise<DirectoryLock> {
  const outcome = await acquireDirectoryLockOr<never>(path, options, async () => undefined);
  if ("lock" in outcome) return outcome.lock;
  throw new Error("unreachable: no alternative to the lock was offered");
}

/** What {@link acquireDirectoryLockOr} obtained: the lock, or the alternative found while a live process held it. */
export type LockOrAlternative<T> = { readonly lock: DirectoryLock } | { readonly alternative: T };

/**
 * {@link acquireDirectoryLock}, except that whenever the lock is found held by a live process, `alternative`
 * is asked first for something to use instead of waiting (what the holder shares, say); the first defined
 * answer ends the wait. `onWait` is called once, when `alternative` first has nothing.
 */
export async function acquireDirectoryLockOr<T>(
  path: string,
  options: LockOptions,
  alternative: (holder: LockHolder) => Promise<T | undefined>,
): Promise<LockOrAlternative<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let delay = 10;
  let waiting = false;
  for (;;) {
    const outcome = await tryLock(path, 0);
    if ("acquired" in outcome) return { lock: heldLock(path, outcome.acquired) };
    const instead = await alternative(outcome.blocker);
    if (instead !== undefined) return { alternative: instead };
    if (!waiting) {
      waiting = true;
      options.onWait?.(outcome.blocker);
    }
    if (Date.now() >= deadline) throw timeoutError(path, outcome.blocker, options);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

type Outcome = { readonly acquired: LockHolder } | { readonly blocker: LockHolder };

async function tryLock(path: string, depth: number): Promise<Outcome> {
  for (;;) {
    const mine = await createExclusive(path);
    if (mine !== undefined) return { acquired: mine };
    const holder = await readHolder(path);
    if (holder === undefined) continue; // released between our link and our read
    if (isAlive(holder)) return { blocker: holder };
    // A dead holder: only the process that wins the takeover lock for this token may remove it.
    if (depth > 8) return { blocker: holder }; // a chain of crashed takers; wait and retry from the top
    const claim = await tryLock(`${path}.takeover-${holder.token}`, depth + 1);
    if (!("acquired" in claim)) return { blocker: claim.blocker };
    try {
      const again = await readHolder(path);
      if (again?.token === holder.token) await unlinkIfPresent(path);
    } finally {
      heldTokens.delete(claim.acquired.token);
      await unlinkIfPresent(`${path}.takeover-${holder.token}`);
    }
  }
}

async function createExclusive(path: string): Promise<LockHolder | undefined> {
  const startTime = processStartTime(process.pid);
  const record: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    token: randomBytes(12).toString("hex"),
    acquiredAt: new Date().toISOString(),
    ...(startTime === undefined ? {} : { startTime }),
    command: process.argv.slice(1).join(" "),
  };
  const temporary = `${path}.${record.token}.tmp`;
  let written = false;
  try {
    await writeFile(temporary, `${JSON.stringify(record)}\n`, { flag: "wx" });
    written = true;
    await link(temporary, path);
    heldTokens.add(record.token);
    return record;
  } catch (error) {
    if (errorCode(error) === "EEXIST") return undefined;
    const fault = storageFault(error);
    const directory = dirname(path);
    const what = fault === undefined ? "" : ` (${describeStorageFault(fault, directory)})`;
    throw new ConnectionError("embedded_engine_failed", `Cannot create the lock file ${path}${what}: ${messageOf(error)}`, {
      hint:
        fault === undefined
          ? "Retort needs write access to the database directory (and a file system with hard links)."
          : storageFaultHint(fault, directory, `the user Retort runs as (${userInfo().username})`),
      details: { directory, ...(fault === undefined ? {} : { storageFault: fault }) },
      cause: error,
    });
  } finally {
    // When the write failed, its error is the one to report: unlinking then fails too on a read-only file system.
    await unlinkIfPresent(temporary).catch((error: unknown) => {
      if (written) throw error;
    });
  }
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  return parseHolder(path, text);
}

function parseHolder(path: string, text: string): LockHolder {
  try {
    const value: unknown = JSON.parse(text);
    if (isHolder(value)) return value;
  } catch {
    // reported below
  }
  throw new ConnectionError("embedded_engine_failed", `The lock file ${path} is not a Retort lock.`, {
    hint: `If no Retort command is using this database, delete ${path} and retry.`,
  });
}

function isHolder(value: unknown): value is LockHolder {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.pid === "number" && typeof record.hostname === "string" && typeof record.token === "string";
}

function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  if (holder.pid === process.pid) return heldTokens.has(holder.token);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if (errorCode(error) !== "EPERM") return false;
  }
  const startTime = processStartTime(holder.pid);
  return holder.startTime === undefined || startTime === undefined || startTime === holder.startTime;
}

/** The start time of a process in clock ticks since boot (Linux); undefined elsewhere or when it is gone. */
export function processStartTime(pid: number): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (the command) may hold spaces and parentheses; fields after the last ")" start at field 3.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function heldLock(path: string, holder: LockHolder): DirectoryLock {
  let released = false;
  const owns = (text: string): boolean => {
    try {
      return parseHolder(path, text).token === holder.token;
    } catch {
      return false;
    }
  };
  return {
    path,
    holder,
    async release() {
      if (released) return;
      released = true;
      heldTokens.delete(holder.token);
      const text = await readFile(path, "utf8").catch(() => "");
      if (owns(text)) await unlinkIfPresent(path);
    },
    releaseSync() {
      if (released) return;
      released = true;
      heldTokens.delete(holder.token);
      try {
        if (owns(readFileSync(path, "utf8"))) unlinkSync(path);
      } catch {
        // gone already
      }
    },
  };
}

function timeoutError(path: string, holder: LockHolder, options: LockOptions): LockTimeoutError {
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const seconds = (ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1);
  const where = holder.hostname === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.hostname}`;
  return new LockTimeoutError(
    "lock_timeout",
    `Timed out after ${seconds} s waiting for ${options.what ?? path}: ${where} (${holder.command}) has held it since ${holder.acquiredAt}.`,
    {
      hint: `Wait for that command to finish, or stop it. If no such process is running any more, delete ${path} and retry.`,
      details: { lockFile: path, pid: holder.pid, hostname: holder.hostname, command: holder.command },
    },
  );
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
