import { mkdir, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { attachToOwner } from "./attach.js";
import { connectClient, type Driver, loadDriver } from "./connection.js";
import { readPublishedServer } from "./published-server.js";
import type { DatabaseSession } from "../../dialects/session.js";
import { acquireDirectoryLockOr } from "../directory-lock.js";
import { DATA_LOCATION_FILE, locateDataDirectory } from "./data-home.js";
import { resolveRunAs } from "./os-user.js";
import { openAsOwner } from "./owner.js";

/**
 * Layout of an embedded database directory (`embedded:<directory>`):
 * - `pgdata/`: the PostgreSQL cluster (PGDATA), created by initdb on first use; or, when the server's user
 *   cannot enter the directory (Retort runs as root), `retort.data-location` naming where the cluster lives;
 * - `retort.lock`: the directory lock, held by the process running the server (see the directory lock in src/engines/);
 * - `retort.server.json`: how to reach that server, for other processes to attach (see published-server.ts);
 * - `server.log`: the server's messages since its last start, read when something fails.
 */
export const EMBEDDED_LAYOUT = Object.freeze({ data: "pgdata", lock: "retort.lock", server: "retort.server.json", log: "server.log" });

/** Options of {@link openEmbedded}: the common ones, and how long to wait for another process's session. */
export interface EmbeddedOpenOptions extends OpenOptions {
  /** How long to wait for another process that is starting or stopping the server (default 60 s). */
  readonly lockTimeoutMs?: number;
}

/**
 * Opens `embedded:<directory>` (`directory` absolute): runs PostgreSQL from the npm-shipped binaries on the
 * cluster in `<directory>/pgdata` for as long as the session is open, creating the cluster first when the
 * directory is missing or empty and `createIfMissing` allows. The server listens only on a private Unix socket
 * (a free 127.0.0.1 port on Windows).
 *
 * The process that runs the server (the owner) holds the directory lock. Another process that opens the same
 * directory meanwhile attaches to that server as an ordinary client (logging so) instead of waiting; it waits
 * for the lock, and becomes the owner, only while the owner is starting or stopping its server.
 * An attached session's `close()` ends its connection. The owner's `close()` ends its connection, stops the
 * server (a smart shutdown that lets attached sessions finish, for up to a minute, then a fast one) and
 * releases the directory.
 */
export async function openEmbedded(directory: string, options: EmbeddedOpenOptions): Promise<OpenedDatabase> {
  const displayUrl = `embedded:${directory}`;
  const recordFile = path.join(directory, EMBEDDED_LAYOUT.server);
  const existing = await locateDataDirectory(directory, undefined, { create: false });
  if (!(await inspectDirectory(directory, existing)) && !options.createIfMissing) throw missingError(directory);
  await mkdir(directory, { recursive: true });
  const runAs = await resolveRunAs(existing, options.log);
  const dataDirectory = await locateDataDirectory(directory, runAs, { create: options.createIfMissing, log: options.log });
  // Load the driver while the server starts (it costs about as much as the start itself).
  const driver = loadDriver();
  driver.catch(() => undefined);
  const outcome = await acquireDirectoryLockOr(
    path.join(directory, EMBEDDED_LAYOUT.lock),
    {
      timeoutMs: options.lockTimeoutMs,
      what: `the embedded database in ${directory}`,
      onWait: (holder) =>
        options.log?.(`Waiting for process ${holder.pid} (${holder.command}), which is using the embedded database in ${directory}`),
    },
    (holder) => attachToOwner(driver, holder, { directory, dataDirectory, recordFile, log: options.log }),
  );
  const openSession = () => openAnotherSession(driver, recordFile, directory);
  if ("alternative" in outcome) return { session: outcome.alternative, created: false, displayUrl, openSession };
  let exists: boolean;
  try {
    // Checked again under the lock: another process may have created it while we waited.
    exists = await inspectDirectory(directory, dataDirectory);
    if (!exists && !options.createIfMissing) throw missingError(directory);
  } catch (error) {
    await outcome.lock.release();
    throw error;
  }
  const logFile = path.join(directory, EMBEDDED_LAYOUT.log);
  const session = await openAsOwner(driver, outcome.lock, {
    directory,
    dataDirectory,
    logFile,
    recordFile,
    exists,
    runAs,
    log: options.log,
  });
  return { session, created: !exists, displayUrl, openSession };
}

/** One more connection to the server this directory's record publishes (ours, or the owner's we attached to). */
async function openAnotherSession(driver: Promise<Driver>, recordFile: string, directory: string): Promise<DatabaseSession> {
  const record = await readPublishedServer(recordFile);
  if (record === undefined) throw new ConnectionError("embedded_engine_failed", `No embedded server is published for ${directory}.`);
  const loaded = await driver;
  return loaded.createPgSession(await connectClient(loaded, record));
}

/**
 * Whether `directory` holds a cluster. A missing or empty directory (dotfiles and our own lock and log
 * files aside) holds none; anything else without a cluster is refused rather than initialised over.
 */
async function inspectDirectory(directory: string, dataDirectory: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(directory);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT") return false;
    throw new ConnectionError(
      "embedded_engine_failed",
      `Cannot read the embedded database directory ${directory}: ${code === "ENOTDIR" ? "it is a file" : String(code)}.`,
      {
        hint: "Point the URL at a directory (it is created on first use in development).",
        cause: error,
      },
    );
  }
  const elsewhere = path.dirname(dataDirectory) !== directory;
  if (entries.includes(EMBEDDED_LAYOUT.data) || (elsewhere && entries.includes(DATA_LOCATION_FILE))) {
    const version = await stat(path.join(dataDirectory, "PG_VERSION")).catch(() => undefined);
    if (version !== undefined) return true;
    // A cluster elsewhere whose creation was interrupted before initdb finished: created again.
    if (elsewhere && (await stat(dataDirectory).catch(() => undefined)) === undefined) return false;
    throw new ConnectionError("embedded_engine_failed", `${dataDirectory} is not a PostgreSQL data directory (it has no PG_VERSION).`, {
      hint: `If it holds nothing you need, delete ${directory} and run again to create a new embedded database.`,
    });
  }
  const ours = (name: string): boolean =>
    name.startsWith(".") ||
    name.startsWith(EMBEDDED_LAYOUT.lock) ||
    name.startsWith(EMBEDDED_LAYOUT.server) ||
    name === EMBEDDED_LAYOUT.log ||
    name.startsWith(DATA_LOCATION_FILE) ||
    name.startsWith(`${EMBEDDED_LAYOUT.data}.init-`);
  const foreign = entries.filter((name) => !ours(name));
  if (foreign.length > 0) {
    throw new ConnectionError(
      "embedded_engine_failed",
      `${directory} is not an embedded database directory: it holds other files (${foreign.slice(0, 3).join(", ")}).`,
      {
        hint: "Point the embedded: URL at a new or empty directory, e.g. embedded:./.retort/dev.",
      },
    );
  }
  return false;
}

function missingError(directory: string): ConnectionError {
  return new ConnectionError("database_missing", `The embedded database in ${directory} does not exist.`, {
    hint: "Create it by running a command in development (RETORT_ENV=development, the default), or with `RETORT_ENV=development retort upgrade head`; in production Retort never creates databases.",
    details: { directory },
  });
}
