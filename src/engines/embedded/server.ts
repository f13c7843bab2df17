import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { chown, mkdir, mkdtemp, open, readFile, readdir, rename, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import { describeStorageFault, storageFault, storageFaultHint } from "../storage-errors.js";
import type { PostgresBinaries } from "./binaries.js";
import type { RunAs } from "./os-user.js";
import { sleep } from "./processes.js";

/** Where a running server accepts connections: a socket directory (POSIX) or 127.0.0.1 (Windows). */
export interface ServerAddress {
  readonly host: string;
  readonly port: number;
}

/** A server this process is responsible for stopping (one it started, or one it took over). */
export interface RunningServer extends ServerAddress {
  /** The postmaster's pid. */
  readonly pid: number;
  /** Shuts the server down ({@link shutDown}), waiting for it to exit, and removes its socket directory. */
  stop(): Promise<void>;
  /** Asks for a smart shutdown without waiting, for `process.on("exit")`: sessions of other processes may finish. */
  stopSync(): void;
}

/** The superuser initdb creates; the embedded engine connects as it. */
export const SUPERUSER = "postgres";

/** How long a smart shutdown may wait for the sessions of other (attached) processes to end. */
export const SMART_SHUTDOWN_MS = 60_000;
/** The prefix of socket directories, by which a leftover one is recognised. */
export const SOCKET_PREFIX = "retort-";

const START_TIMEOUT_MS = 30_000;

/**
 * Creates a cluster in `dataDirectory` with initdb (trust authentication: only the session's own socket
 * reaches it; UTF8; the builtin C.UTF-8 locale, which is Unicode-aware yet the same on every OS).
 * initdb writes into a staging directory renamed into place at the end, so a crash never leaves half a cluster.
 */
export async function initCluster(
  binaries: PostgresBinaries,
  dataDirectory: string,
  logFile: string,
  runAs: RunAs | undefined,
): Promise<void> {
  const parent = path.dirname(dataDirectory);
  const stagingPrefix = `${path.basename(dataDirectory)}.init-`;
  // Left by an initdb that was killed: we hold the directory lock, so nobody else is using them.
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(stagingPrefix)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  const staging = path.join(parent, `${stagingPrefix}${process.pid}`);
  await mkdir(staging, { mode: 0o700 });
  if (runAs !== undefined) await chown(staging, runAs.uid, runAs.gid);
  const args = [
    "-D",
    staging,
    "--auth=trust",
    `--username=${SUPERUSER}`,
    "--encoding=UTF8",
    "--locale=C",
    "--locale-provider=builtin",
    "--builtin-locale=C.UTF-8",
  ];
  const log = await open(logFile, "w");
  let exited: Promise<Exit>;
  try {
    // Listen for the exit at once: a program that fails at once may be gone before the log file is closed.
    exited = exitOf(spawn(binaries.initdb, args, { stdio: ["ignore", log.fd, log.fd], cwd: staging, ...ids(runAs) }));
  } finally {
    await log.close();
  }
  const exit = await exited;
  if (exit.code !== 0)
    throw await serverFailure(`initdb could not create the embedded database in ${parent}`, logFile, exit.error, {
      directory: parent,
      runAs,
    });
  await rename(staging, dataDirectory);
}

/** Starts `postgres` on `dataDirectory`, with its messages in `logFile`, and waits until it accepts connections. */
export async function startServer(
  binaries: PostgresBinaries,
  dataDirectory: string,
  logFile: string,
  runAs: RunAs | undefined,
): Promise<RunningServer> {
  const listen = await chooseListenAddress(runAs);
  const args = ["-D", dataDirectory, "-p", String(listen.port), ...listen.args, "-c", "max_connections=20", "-c", "huge_pages=off"];
  const log = await open(logFile, "w");
  let child: ChildProcess;
  let exited: Promise<Exit>;
  try {
    // A process group of its own (POSIX; on Windows it would get a console window): a terminal's Ctrl-C must not
    // stop it under the sessions of attached processes; the owner asks for a smart shutdown instead (exit-guard.ts).
    const detached = process.platform !== "win32";
    child = spawn(binaries.postgres, args, { stdio: ["ignore", log.fd, log.fd], cwd: dataDirectory, detached, ...ids(runAs) });
    // Listen for the exit at once: a server that fails at once may be gone before the log file is closed.
    exited = exitOf(child);
  } finally {
    await log.close();
  }
  const ready = await Promise.race([waitUntilReady(dataDirectory, child), exited.then(() => false)]);
  if (!ready || child.pid === undefined) {
    child.kill("SIGQUIT");
    const exit = await exited;
    await listen.cleanup();
    throw await serverFailure(`The embedded PostgreSQL in ${path.dirname(dataDirectory)} did not start`, logFile, exit.error, {
      directory: dataDirectory,
      runAs,
    });
  }
  const pid = child.pid;
  const alive = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    host: listen.host,
    port: listen.port,
    pid,
    async stop() {
      if (alive()) {
        const stopped = await shutDown(
          (name) => child.kill(name),
          (ms) => exitWithin(exited, ms),
        );
        if (!stopped) child.kill("SIGKILL");
        await exited;
      }
      await listen.cleanup();
    },
    stopSync() {
      if (alive()) child.kill("SIGTERM");
      listen.cleanupSync();
    },
  };
}

/**
 * Stops a postmaster: a smart shutdown first (no new connections; the sessions of processes attached to it
 * end their work), for at most {@link SMART_SHUTDOWN_MS}; then a fast one (sessions are cut, transactions
 * rolled back); then an immediate one. `gone(ms)` waits up to `ms` for the exit. Returns whether it stopped.
 */
export async function shutDown(send: (name: NodeJS.Signals) => void, gone: (ms: number) => Promise<boolean>): Promise<boolean> {
  const steps: readonly (readonly [NodeJS.Signals, number])[] = [
    ["SIGTERM", SMART_SHUTDOWN_MS],
    ["SIGINT", 30_000],
    ["SIGQUIT", 10_000],
  ];
  for (const [name, ms] of steps) {
    send(name);
    if (await gone(ms)) return true;
  }
  return false;
}

interface ListenAddress {
  readonly host: string;
  readonly port: number;
  readonly args: readonly string[];
  cleanup(): Promise<void>;
  cleanupSync(): void;
}

/**
 * POSIX: a Unix socket in a fresh private directory under the temp dir (short, so within the ~104-byte socket
 * path limit), and no TCP at all: nothing to clash with other servers, no port race. Windows: a free port on
 * 127.0.0.1, probed just before the start. The socket directory and socket (0700) belong to the user the server
 * runs as: the processes that may attach to it are that user's and root's, the same ones that may read the
 * data directory (also 0700) at all.
 */
async function chooseListenAddress(runAs: RunAs | undefined): Promise<ListenAddress> {
  if (process.platform === "win32") {
    const port = await freePort();
    const none = async (): Promise<void> => undefined;
    return {
      host: "127.0.0.1",
      port,
      args: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      cleanup: none,
      cleanupSync: () => undefined,
    };
  }
  const base = tmpdir().length <= 60 ? tmpdir() : "/tmp";
  const directory = await mkdtemp(path.join(base, SOCKET_PREFIX));
  if (runAs !== undefined) await chown(directory, runAs.uid, runAs.gid);
  return {
    host: directory,
    port: 5432,
    args: ["-k", directory, "-c", "listen_addresses=", "-c", "unix_socket_permissions=0700"],
    cleanup: () => rm(directory, { recursive: true, force: true }),
    cleanupSync: () => rmSync(directory, { recursive: true, force: true }),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Polls postmaster.pid until it names this child and reads "ready" (what pg_ctl does, at a finer interval). */
async function waitUntilReady(dataDirectory: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    const lines = (await readFile(path.join(dataDirectory, "postmaster.pid"), "utf8").catch(() => "")).split("\n");
    if (Number(lines[0]) === child.pid && lines[7]?.trim() === "ready") return true;
    await sleep(5);
  }
  return false;
}

/**
 * The error for a failed initdb or start: the last error line of the server's log, and its tail in
 * `details.logTail`. A directory the server cannot write to (permissions, a read-only file system, a full disk)
 * is said so, with what to do about it, rather than suggesting the data is damaged.
 */
async function serverFailure(
  what: string,
  logFile: string,
  spawnError: Error | undefined,
  where: { readonly directory: string; readonly runAs: RunAs | undefined },
): Promise<ConnectionError> {
  const tail = (await readFile(logFile, "utf8").catch(() => "")).trimEnd().split("\n").slice(-30);
  const line = [...tail].reverse().find((entry) => /\b(FATAL|PANIC|ERROR)\b|error|cannot|could not/i.test(entry));
  // The log line without its timestamp and pid prefix: `2026-12-07 16:15:53.968 UTC [21330] FATAL:  could not …`.
  const reason = spawnError?.message ?? line?.replace(/^.*?\b(FATAL|PANIC|ERROR|LOG):\s+/, "$1: ").trim();
  const fault = spawnError === undefined && reason !== undefined ? storageFault(reason) : undefined;
  const problem = fault === undefined ? "" : ` (${describeStorageFault(fault, where.directory)})`;
  const user =
    where.runAs === undefined ? `the user Retort runs as (${userInfo().username})` : `the user '${where.runAs.name}' the server runs as`;
  return new ConnectionError("embedded_engine_failed", `${what}${problem}${reason === undefined ? "." : `: ${reason}`}`, {
    hint:
      fault === undefined
        ? `Read the server log ${logFile}. If the data directory is damaged and holds nothing you need, delete its directory to start afresh.`
        : storageFaultHint(fault, where.directory, user),
    details: { logFile, logTail: tail, directory: where.directory, ...(fault === undefined ? {} : { storageFault: fault }) },
    cause: spawnError,
  });
}

function ids(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs === undefined ? {} : { uid: runAs.uid, gid: runAs.gid };
}

interface Exit {
  readonly code: number | null;
  /** Set when the program could not be run at all (missing, not executable). */
  readonly error?: Error;
}

function exitOf(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("exit", (code) => resolve({ code }));
  });
}

async function exitWithin(exited: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([exited.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
