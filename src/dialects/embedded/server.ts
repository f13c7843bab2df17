import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { chown, mkdir, mkdtemp, open, readFile, readdir, readlink, realpath, rename, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ConnectionError } from "../../errors.js";
import type { PostgresBinaries } from "./binaries.js";
import type { RunAs } from "./os-user.js";

/** Where a started server accepts connections: a socket directory (POSIX) or 127.0.0.1 (Windows). */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Fast shutdown, waiting for the server to exit (escalating if it does not). */
  stop(): Promise<void>;
  /** Asks for a fast shutdown without waiting, for `process.on("exit")`. */
  stopSync(): void;
}

/** The superuser initdb creates; the embedded engine connects as it. */
export const SUPERUSER = "postgres";

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;
const SOCKET_PREFIX = "retort-";

/**
 * Creates a cluster in `dataDirectory` with initdb (trust authentication: only the session's own socket
 * reaches it; UTF8; the builtin C.UTF-8 locale, which is Unicode-aware yet the same on every OS).
 * initdb writes into a staging directory renamed into place at the end, so a crash never leaves half a cluster.
 */
export async function initCluster(binaries: PostgresBinaries, dataDirectory: string, logFile: string, runAs: RunAs | undefined): Promise<void> {
  const parent = path.dirname(dataDirectory);
  const stagingPrefix = `${path.basename(dataDirectory)}.init-`;
  // Left by an initdb that was killed: we hold the directory lock, so nobody else is using them.
  for (const entry of await readdir(parent)) {
    if (entry.startsWith(stagingPrefix)) await rm(path.join(parent, entry), { recursive: true, force: true });
  }
  const staging = path.join(parent, `${stagingPrefix}${process.pid}`);
  await mkdir(staging, { mode: 0o700 });
  if (runAs !== undefined) await chown(staging, runAs.uid, runAs.gid);
  const args = ["-D", staging, "--auth=trust", `--username=${SUPERUSER}`, "--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"];
  const log = await open(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(binaries.initdb, args, { stdio: ["ignore", log.fd, log.fd], cwd: staging, ...ids(runAs) });
  } finally {
    await log.close();
  }
  const exit = await exitOf(child);
  if (exit.code !== 0) throw await serverFailure(`initdb could not create the embedded database in ${parent}`, logFile, exit.error);
  await rename(staging, dataDirectory);
}

/** Starts `postgres` on `dataDirectory`, with its messages in `logFile`, and waits until it accepts connections. */
export async function startServer(binaries: PostgresBinaries, dataDirectory: string, logFile: string, runAs: RunAs | undefined): Promise<RunningServer> {
  const listen = await chooseListenAddress(runAs);
  const args = ["-D", dataDirectory, "-p", String(listen.port), ...listen.args, "-c", "max_connections=20", "-c", "huge_pages=off"];
  const log = await open(logFile, "w");
  let child: ChildProcess;
  try {
    child = spawn(binaries.postgres, args, { stdio: ["ignore", log.fd, log.fd], cwd: dataDirectory, ...ids(runAs) });
  } finally {
    await log.close();
  }
  const exited = exitOf(child);
  const ready = await Promise.race([waitUntilReady(dataDirectory, child), exited.then(() => false)]);
  if (!ready || child.pid === undefined) {
    child.kill("SIGQUIT");
    const exit = await exited;
    await listen.cleanup();
    throw await serverFailure(`The embedded PostgreSQL in ${path.dirname(dataDirectory)} did not start`, logFile, exit.error);
  }
  const pid = child.pid;
  return {
    host: listen.host,
    port: listen.port,
    pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGINT");
        if (!(await exitWithin(exited, STOP_TIMEOUT_MS))) {
          child.kill("SIGQUIT");
          if (!(await exitWithin(exited, 5_000))) child.kill("SIGKILL");
        }
        await exited;
      }
      await listen.cleanup();
    },
    stopSync() {
      child.kill("SIGINT");
      listen.cleanupSync();
    },
  };
}

/**
 * Deals with the postmaster.pid of a server whose session ended without closing it (its process was
 * SIGKILLed). A server still running is stopped (fast shutdown), so this session starts its own with known
 * settings; only a process that really is a postgres on this directory is signalled. A pid file naming a process that is dead
 * but not yet reaped (a zombie), or a pid now reused by something else, would make postgres refuse to start
 * ("Is another postmaster running?"); on Linux we can tell, and remove it once no process (an orphaned backend)
 * still works in the data directory. Returns the pid of the server that was stopped, if any.
 */
export async function stopLeftoverServer(dataDirectory: string): Promise<number | undefined> {
  const pidPath = path.join(dataDirectory, "postmaster.pid");
  const pidFile = await readFile(pidPath, "utf8").catch(() => undefined);
  if (pidFile === undefined) return undefined;
  const lines = pidFile.split("\n");
  const pid = Math.abs(Number(lines[0]));
  const socketDirectory = lines[4]?.trim() ?? "";
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let stopped: number | undefined;
  if (isRunning(pid) && (await isPostgres(pid, dataDirectory))) {
    process.kill(pid, "SIGINT");
    if (!(await pidGoneWithin(pid, STOP_TIMEOUT_MS))) {
      process.kill(pid, "SIGQUIT");
      if (!(await pidGoneWithin(pid, 10_000))) {
        throw new ConnectionError("embedded_engine_failed", `A PostgreSQL (pid ${pid}) left running on ${path.dirname(dataDirectory)} does not stop.`, {
          hint: `Stop it (kill ${pid}) and retry.`,
        });
      }
    }
    stopped = pid;
  }
  if (process.platform === "linux" && answers(pid)) {
    await waitUntilNobodyWorksIn(dataDirectory);
    await rm(pidPath, { force: true });
  }
  if (path.basename(socketDirectory).startsWith(SOCKET_PREFIX)) await rm(socketDirectory, { recursive: true, force: true });
  return stopped;
}

/** Waits (up to 10 s) until no live process has the data directory as its working directory (Linux). */
async function waitUntilNobodyWorksIn(dataDirectory: string): Promise<void> {
  const target = await realpath(dataDirectory);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const workers: number[] = [];
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
      if (cwd === target && isRunning(Number(entry))) workers.push(Number(entry));
    }
    if (workers.length === 0) return;
    if (Date.now() >= deadline) {
      throw new ConnectionError("embedded_engine_failed", `Processes of an earlier embedded PostgreSQL (pids ${workers.join(", ")}) still run in ${dataDirectory}.`, {
        hint: `Stop them (kill ${workers.join(" ")}) and retry.`,
      });
    }
    await sleep(50);
  }
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
 * 127.0.0.1, probed just before the start.
 */
async function chooseListenAddress(runAs: RunAs | undefined): Promise<ListenAddress> {
  if (process.platform === "win32") {
    const port = await freePort();
    const none = async (): Promise<void> => undefined;
    return { host: "127.0.0.1", port, args: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="], cleanup: none, cleanupSync: () => undefined };
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

/** The error for a failed initdb or start: the last error line of the server's log, and its tail in `details.logTail`. */
async function serverFailure(what: string, logFile: string, spawnError?: Error): Promise<ConnectionError> {
  const tail = (await readFile(logFile, "utf8").catch(() => "")).trimEnd().split("\n").slice(-30);
  const reason = spawnError?.message ?? [...tail].reverse().find((line) => /\b(FATAL|PANIC|ERROR)\b|error|cannot|could not/i.test(line));
  return new ConnectionError("embedded_engine_failed", `${what}${reason === undefined ? "." : `: ${reason.trim()}`}`, {
    hint: `Read the server log ${logFile}. If the data directory is damaged and holds nothing you need, delete its directory to start afresh.`,
    details: { logFile, logTail: tail },
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

/** Whether `kill(pid, 0)` finds the process (true for a zombie too, as postgres's own check does). */
function answers(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/** Whether the process exists and is not a zombie (dead, waiting to be reaped; known on Linux only). */
function isRunning(pid: number): boolean {
  if (!answers(pid)) return false;
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

async function pidGoneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(10);
  }
  return !isRunning(pid);
}

/**
 * Whether `pid` is a postgres serving `dataDirectory` (not merely any postgres that got a reused pid, such as
 * the machine's own server): on Linux its working directory is the data directory (the postmaster chdirs
 * there); elsewhere its command line carries the `-D <dataDirectory>` we started it with.
 */
async function isPostgres(pid: number, dataDirectory: string): Promise<boolean> {
  try {
    if (process.platform === "linux") {
      const program = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0")[0] ?? "";
      const cwd = await readlink(`/proc/${pid}/cwd`);
      return path.basename(program) === "postgres" && cwd === (await realpath(dataDirectory));
    }
    const { stdout } = await promisify(execFile)("ps", ["-p", String(pid), "-o", "command="]);
    return /postgres(\.exe)?\b/.test(stdout) && stdout.includes(`-D ${dataDirectory}`);
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
