import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { ConnectionError } from "../../errors.js";
import { acquireDirectoryLock, type DirectoryLock } from "../directory-lock.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { createPgliteSession } from "./pglite-session.js";

/**
 * The lock file Retort keeps inside a PGlite data directory while a session is open (PostgreSQL ignores
 * unknown files there, so an application opening the same directory with PGlite is not disturbed).
 */
export const PGLITE_LOCK_FILE = "retort.lock";

/** Options of {@link openPglite}: the common ones, and how long to wait for another process's session. */
export interface PgliteOpenOptions extends OpenOptions {
  /** How long to wait for another process using the same directory (default 60 s). */
  readonly lockTimeoutMs?: number;
}

/**
 * Opens PGlite (PostgreSQL compiled to WebAssembly) in this process: `pglite:<directory>` (`directory`
 * absolute; it is PGlite's data directory, the one an application passes to `new PGlite(dir)`) or
 * `pglite:memory:` (a throwaway database). A missing or empty directory is a missing database: created when
 * `createIfMissing` allows. One process at a time uses a directory; others wait for it.
 */
export async function openPglite(location: string | "memory", options: PgliteOpenOptions): Promise<OpenedDatabase> {
  if (location === "memory") {
    const db = await startPglite(undefined);
    return { session: createPgliteSession(db), created: true, displayUrl: "pglite:memory:" };
  }
  const directory = location;
  if (!(await holdsDatabase(directory)) && !options.createIfMissing) throw missingError(directory);
  await mkdir(directory, { recursive: true });
  const lock = await acquireDirectoryLock(path.join(directory, PGLITE_LOCK_FILE), {
    timeoutMs: options.lockTimeoutMs,
    what: `the PGlite database in ${directory}`,
    onWait: (holder) =>
      options.log?.(`Waiting for process ${holder.pid} (${holder.command}), which is using the PGlite database in ${directory}`),
  });
  try {
    // Checked again under the lock: another process may have created it while we waited.
    const created = !(await holdsDatabase(directory));
    if (created && !options.createIfMissing) throw missingError(directory);
    const db = await startPglite(directory);
    if (created) options.log?.(`Created PGlite database in ${directory}`);
    return { session: createPgliteSession(db, releaseOnExit(lock)), created, displayUrl: `pglite:${directory}` };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startPglite(directory: string | undefined): Promise<PGlite> {
  const messages: string[] = [];
  const keep = (line: string): boolean => {
    messages.push(line);
    if (messages.length > 30) messages.shift();
    return true;
  };
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    // PGlite clears its whole buffer pool at every start; a migration's session needs a small one.
    const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];
    return await PGlite.create(directory, { onStdout: keep, onStderr: keep, startParams });
  } catch (cause) {
    const where = directory === undefined ? "in memory" : `in ${directory}`;
    throw new ConnectionError(
      "embedded_engine_failed",
      `PGlite could not open the database ${where}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        hint:
          directory === undefined
            ? "Check that @electric-sql/pglite is installed."
            : `Is ${directory} a PGlite data directory of this PGlite version? If it holds nothing you need, delete it to start afresh.`,
        details: { logTail: messages },
        cause,
      },
    );
  }
}

/** Releases the lock when the session closes, or at the latest when the process exits. */
function releaseOnExit(lock: DirectoryLock): () => Promise<void> {
  const onExit = (): void => lock.releaseSync();
  process.once("exit", onExit);
  return async () => {
    process.off("exit", onExit);
    await lock.release();
  };
}

/**
 * Whether `directory` holds a PGlite database. Missing or empty (dotfiles and our lock files aside): no.
 * Other files without PG_VERSION: refused rather than initialised over.
 */
async function holdsDatabase(directory: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return false;
    throw new ConnectionError(
      "embedded_engine_failed",
      `Cannot read the PGlite database directory ${directory}: ${code === "ENOTDIR" ? "it is a file" : String(code)}.`,
      {
        hint: "Point the URL at a directory (it is created on first use in development).",
        cause: error,
      },
    );
  }
  if (entries.includes("PG_VERSION")) return (await stat(path.join(directory, "PG_VERSION"))).isFile();
  const foreign = entries.filter((name) => !name.startsWith(".") && !name.startsWith(PGLITE_LOCK_FILE));
  if (foreign.length > 0) {
    throw new ConnectionError(
      "embedded_engine_failed",
      `${directory} is not a PGlite data directory: it holds other files (${foreign.slice(0, 3).join(", ")}) but no PG_VERSION.`,
      {
        hint: "Point the pglite: URL at a PGlite data directory, or at a new or empty directory to create one.",
      },
    );
  }
  return false;
}

function missingError(directory: string): ConnectionError {
  return new ConnectionError("database_missing", `The PGlite database in ${directory} does not exist.`, {
    hint: "Create it by running a command in development (RETORT_ENV=development, the default), or with `RETORT_ENV=development retort upgrade head`; in production Retort never creates databases.",
    details: { directory },
  });
}
