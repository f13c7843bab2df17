import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { locateBinaries } from "./binaries.js";
import { acquireDirectoryLock, type DirectoryLock } from "./directory-lock.js";
import { assertTraversable, chownTree, resolveRunAs } from "./os-user.js";
import { initCluster, startServer, stopLeftoverServer, SUPERUSER, type RunningServer } from "./server.js";

/**
 * Layout of an embedded database directory (`embedded:<directory>`):
 * - `pgdata/`: the PostgreSQL cluster (PGDATA), created by initdb on first use;
 * - `retort.lock`: the directory lock, present while a session is open (see directory-lock.ts);
 * - `server.log`: the server's messages since its last start, read when something fails.
 *
 * The session uses the cluster's `postgres` database: the cluster exists for this one project, and a
 * separate database would only add a CREATE DATABASE to the first start.
 */
export const EMBEDDED_LAYOUT = Object.freeze({ data: "pgdata", lock: "retort.lock", log: "server.log" });

const DATABASE = "postgres";

/** Options of {@link openEmbedded}: the common ones, and how long to wait for another process's session. */
export interface EmbeddedOpenOptions extends OpenOptions {
  /** How long to wait for another process using the same directory (default 60 s). */
  readonly lockTimeoutMs?: number;
}

/**
 * Opens `embedded:<directory>` (`directory` absolute): runs PostgreSQL from the npm-shipped binaries on the
 * cluster in `<directory>/pgdata` for as long as the session is open, creating the cluster first when the
 * directory is missing or empty and `createIfMissing` allows. One process at a time uses a directory; others
 * wait for it. The server listens only on a private Unix socket (a free 127.0.0.1 port on Windows).
 * `session.close()` ends the connection, stops the server (fast shutdown) and releases the directory.
 */
export async function openEmbedded(directory: string, options: EmbeddedOpenOptions): Promise<OpenedDatabase> {
  const displayUrl = `embedded:${directory}`;
  const dataDirectory = path.join(directory, EMBEDDED_LAYOUT.data);
  if (!(await inspectDirectory(directory)) && !options.createIfMissing) throw missingError(directory);
  await mkdir(directory, { recursive: true });
  const runAs = await resolveRunAs(dataDirectory, options.log);
  if (runAs !== undefined) await assertTraversable(directory, runAs, "the embedded database");
  const lock = await acquireDirectoryLock(path.join(directory, EMBEDDED_LAYOUT.lock), {
    timeoutMs: options.lockTimeoutMs,
    what: `the embedded database in ${directory}`,
    onWait: (holder) => options.log?.(`Waiting for process ${holder.pid} (${holder.command}), which is using the embedded database in ${directory}`),
  });
  // Load the driver while the server starts (it costs about as much as the start itself).
  const driver = loadDriver();
  driver.catch(() => undefined);
  let server: RunningServer | undefined;
  try {
    const binaries = await locateBinaries();
    if (runAs !== undefined) await assertTraversable(path.dirname(binaries.postgres), runAs, "the PostgreSQL binaries");
    const logFile = path.join(directory, EMBEDDED_LAYOUT.log);
    // Checked again under the lock: another process may have created it while we waited.
    let created = false;
    if (await inspectDirectory(directory)) {
      if (runAs !== undefined && (await stat(dataDirectory)).uid !== runAs.uid) await chownTree(dataDirectory, runAs);
      const stopped = await stopLeftoverServer(dataDirectory);
      if (stopped !== undefined) options.log?.(`Stopped a PostgreSQL (pid ${stopped}) that a process which ended without closing it had left running on ${directory}`);
    } else {
      if (!options.createIfMissing) throw missingError(directory);
      await initCluster(binaries, dataDirectory, logFile, runAs);
      created = true;
      options.log?.(`Created embedded database in ${directory}`);
    }
    server = await startServer(binaries, dataDirectory, logFile, runAs);
    const session = await connect(await driver, server, lock, directory);
    return { session, created, displayUrl };
  } catch (error) {
    logServerTail(error, options.log);
    await server?.stop().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

interface Driver {
  readonly pg: typeof import("pg").default;
  readonly createPgSession: typeof import("../postgres/pg-session.js").createPgSession;
}

async function loadDriver(): Promise<Driver> {
  const [{ default: pg }, { createPgSession }] = await Promise.all([import("pg"), import("../postgres/pg-session.js")]);
  return { pg, createPgSession };
}

async function connect({ pg, createPgSession }: Driver, server: RunningServer, lock: DirectoryLock, directory: string): Promise<OpenedDatabase["session"]> {
  const client = new pg.Client({ host: server.host, port: server.port, user: SUPERUSER, database: DATABASE, application_name: "retort" });
  // A server-side error while idle must not crash the process; the next query reports it.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (cause) {
    throw new ConnectionError("database_unreachable", `Cannot connect to the embedded PostgreSQL in ${directory}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      hint: `Read its log, ${path.join(directory, EMBEDDED_LAYOUT.log)}.`,
      cause,
    });
  }
  // Should the process exit without closing (an uncaught error), still stop the server and free the directory.
  const onExit = (): void => {
    server.stopSync();
    lock.releaseSync();
  };
  process.once("exit", onExit);
  return createPgSession(client, async () => {
    process.off("exit", onExit);
    try {
      await server.stop();
    } finally {
      await lock.release();
    }
  });
}

/**
 * Whether `directory` holds a cluster. A missing or empty directory (dotfiles and our own lock and log
 * files aside) holds none; anything else without a cluster is refused rather than initialised over.
 */
async function inspectDirectory(directory: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return false;
    throw new ConnectionError("embedded_engine_failed", `Cannot read the embedded database directory ${directory}: ${code === "ENOTDIR" ? "it is a file" : String(code)}.`, {
      hint: "Point the URL at a directory (it is created on first use in development).",
      cause: error,
    });
  }
  if (entries.includes(EMBEDDED_LAYOUT.data)) {
    const version = await stat(path.join(directory, EMBEDDED_LAYOUT.data, "PG_VERSION")).catch(() => undefined);
    if (version !== undefined) return true;
    throw new ConnectionError("embedded_engine_failed", `${path.join(directory, EMBEDDED_LAYOUT.data)} is not a PostgreSQL data directory (it has no PG_VERSION).`, {
      hint: `If it holds nothing you need, delete ${directory} and run again to create a new embedded database.`,
    });
  }
  const ours = (name: string): boolean =>
    name.startsWith(".") || name.startsWith(EMBEDDED_LAYOUT.lock) || name === EMBEDDED_LAYOUT.log || name.startsWith(`${EMBEDDED_LAYOUT.data}.init-`);
  const foreign = entries.filter((name) => !ours(name));
  if (foreign.length > 0) {
    throw new ConnectionError("embedded_engine_failed", `${directory} is not an embedded database directory: it holds other files (${foreign.slice(0, 3).join(", ")}).`, {
      hint: "Point the embedded: URL at a new or empty directory, e.g. embedded:./.retort/dev.",
    });
  }
  return false;
}

function missingError(directory: string): ConnectionError {
  return new ConnectionError("database_missing", `The embedded database in ${directory} does not exist.`, {
    hint: "Create it by running a command in development (RETORT_ENV=development, the default), or with `RETORT_ENV=development retort upgrade head`; in production Retort never creates databases.",
    details: { directory },
  });
}

function logServerTail(error: unknown, log: ((line: string) => void) | undefined): void {
  const tail = error instanceof ConnectionError ? error.details.logTail : undefined;
  if (log === undefined || !Array.isArray(tail)) return;
  for (const line of tail) log(`postgres: ${String(line)}`);
}
