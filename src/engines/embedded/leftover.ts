import { rmSync } from "node:fs";
import { readdir, readFile, readlink, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import { processStartTime } from "../directory-lock.js";
import { answers, isPostgres, isRunning, pidGoneWithin, signal, sleep } from "./processes.js";
import type { PublishedServer } from "./published-server.js";
import { shutDown, SOCKET_PREFIX, type RunningServer } from "./server.js";

/**
 * What the lock holder does with a postmaster that an earlier owner left running on the data directory (that
 * owner was SIGKILLed, or ended while the smart shutdown of its server waited for attached sessions).
 * Only the lock holder calls these, so no other process starts a server meanwhile.
 */

/** The fields of `postmaster.pid` used here. */
interface PostmasterPid {
  readonly pid: number;
  readonly port: number;
  readonly socketDirectory: string;
  /** "starting", "stopping", "ready" or "standby". */
  readonly status: string;
}

async function readPostmasterPid(dataDirectory: string): Promise<PostmasterPid | undefined> {
  const text = await readFile(path.join(dataDirectory, "postmaster.pid"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  const pid = Math.abs(Number(lines[0]));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number(lines[3]), socketDirectory: lines[4]?.trim() ?? "", status: lines[7]?.trim() ?? "" };
}

/**
 * Takes over the server an earlier owner published, when it still runs and accepts connections: the
 * sessions of processes attached to it go on, and this owner stops it on close as if it had started it.
 * It must be the very postmaster published (pid and start time), serve this data directory, listen where the
 * record says and read "ready" (not shutting down). Returns undefined otherwise.
 */
export async function adoptServer(published: PublishedServer | undefined, dataDirectory: string): Promise<RunningServer | undefined> {
  if (published === undefined) return undefined;
  const current = await readPostmasterPid(dataDirectory);
  if (current === undefined || current.pid !== published.pid || current.status !== "ready" || current.port !== published.port)
    return undefined;
  if (process.platform !== "win32" && current.socketDirectory !== published.host) return undefined;
  const startTime = processStartTime(current.pid);
  if (published.startTime !== undefined && startTime !== published.startTime) return undefined;
  if (!isRunning(current.pid) || !(await isPostgres(current.pid, dataDirectory))) return undefined;
  const { pid } = current;
  const removeSocketDirectory = (): void => {
    if (path.basename(published.host).startsWith(SOCKET_PREFIX)) rmSync(published.host, { recursive: true, force: true });
  };
  return {
    host: published.host,
    port: published.port,
    pid,
    async stop() {
      const stopped = await shutDown(
        (name) => signal(pid, name),
        (ms) => pidGoneWithin(pid, ms),
      );
      if (!stopped) {
        signal(pid, "SIGKILL");
        await pidGoneWithin(pid, 5_000);
      }
      removeSocketDirectory();
    },
    stopSync() {
      signal(pid, "SIGTERM");
      removeSocketDirectory();
    },
  };
}

/**
 * Deals with the postmaster.pid of a server that no owner looks after (one not taken over by
 * {@link adoptServer}). A server still running is stopped (smart shutdown first, as sessions of processes that
 * had attached to it may still run), so this session starts its own with known settings; only a process that
 * really is a postgres on this directory is signalled. A pid file naming a process that is dead but not yet
 * reaped (a zombie), or a pid now reused by something else, would make postgres refuse to start ("Is another
 * postmaster running?"); on Linux we can tell, and remove it once no process (an orphaned backend) still works
 * in the data directory. Returns the pid of the server that was stopped, if any.
 */
export async function stopLeftoverServer(dataDirectory: string): Promise<number | undefined> {
  const current = await readPostmasterPid(dataDirectory);
  if (current === undefined) return undefined;
  const { pid } = current;
  let stopped: number | undefined;
  if (isRunning(pid) && (await isPostgres(pid, dataDirectory))) {
    if (
      !(await shutDown(
        (name) => signal(pid, name),
        (ms) => pidGoneWithin(pid, ms),
      ))
    ) {
      throw new ConnectionError(
        "embedded_engine_failed",
        `A PostgreSQL (pid ${pid}) left running on ${path.dirname(dataDirectory)} does not stop.`,
        {
          hint: `Stop it (kill ${pid}) and retry.`,
        },
      );
    }
    stopped = pid;
  }
  if (process.platform === "linux" && answers(pid)) {
    await waitUntilNobodyWorksIn(dataDirectory);
    await rm(path.join(dataDirectory, "postmaster.pid"), { force: true });
  }
  if (path.basename(current.socketDirectory).startsWith(SOCKET_PREFIX)) await rm(current.socketDirectory, { recursive: true, force: true });
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
      throw new ConnectionError(
        "embedded_engine_failed",
        `Processes of an earlier embedded PostgreSQL (pids ${workers.join(", ")}) still run in ${dataDirectory}.`,
        {
          hint: `Stop them (kill ${workers.join(" ")}) and retry.`,
        },
      );
    }
    await sleep(50);
  }
}
