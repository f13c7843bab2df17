import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./fixtures/engine-worker.mjs", import.meta.url));

/**
 * A fresh temporary directory. Made traversable (0755) because, when tests run as root, the embedded
 * server runs as the `postgres` user, which must be able to enter it (mkdtemp makes 0700 directories).
 */
export async function makeTempDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(directory, 0o755);
  return directory;
}

/** Removes a temporary directory. */
export async function removeDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
}

/** The pid of a process that has already exited (for stale locks). */
export function deadPid(): number {
  const result = spawnSync(process.execPath, ["-e", ""]);
  if (result.pid === undefined) throw new Error("could not spawn node");
  return result.pid;
}

/** How to run a worker: as another user (tests running as root act as a normal user), in a process group of its own. */
export interface WorkerOptions {
  readonly uid?: number;
  readonly gid?: number;
  /** Leader of a new process group, which the test signals as a terminal's Ctrl-C would (kill(-pid)). */
  readonly processGroup?: boolean;
}

type Report = Record<string, unknown>;

/** Runs the worker fixture to completion; resolves with the JSON line it printed. */
export async function runWorker(args: readonly string[], options: WorkerOptions = {}): Promise<Report> {
  const worker = spawnWorker(args, options);
  const report = await worker.next();
  await exited(worker.child);
  if (worker.child.exitCode !== 0)
    throw new Error(`worker ${args.join(" ")} exited with ${worker.child.exitCode ?? worker.child.signalCode}`);
  return report;
}

/** A worker holding its database open, and the report it made once it did. */
export interface HoldingWorker {
  readonly child: ChildProcess;
  readonly report: Report;
  /** Sends a command ("count", "close") and resolves with the worker's answer. */
  command(line: "count" | "close"): Promise<Report>;
}

/** Starts the worker fixture in hold mode; resolves once it reports that it holds the database open. */
export async function startHoldingWorker(args: readonly string[], options: WorkerOptions = {}): Promise<HoldingWorker> {
  const worker = spawnWorker([...args, "hold"], options);
  const report = await worker.next();
  return {
    child: worker.child,
    report,
    command(line) {
      worker.child.stdin?.write(`${line}\n`);
      return worker.next();
    },
  };
}

/** Spawns the worker fixture; `next()` resolves with its next JSON line, or rejects if it exits first. */
function spawnWorker(args: readonly string[], options: WorkerOptions): { child: ChildProcess; next(): Promise<Report> } {
  const child = spawn(process.execPath, [WORKER, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
    uid: options.uid,
    gid: options.gid,
    detached: options.processGroup === true,
  });
  const lines: string[] = [];
  const waiting: { resolve: (report: Report) => void; reject: (error: Error) => void }[] = [];
  let stdout = "";
  let stderr = "";
  let failure: Error | undefined;
  const settle = (): void => {
    while (waiting.length > 0 && (lines.length > 0 || failure !== undefined)) {
      const waiter = waiting.shift();
      const line = lines.shift();
      if (line !== undefined) waiter?.resolve(JSON.parse(line) as Report);
      else if (failure !== undefined) waiter?.reject(failure);
    }
  };
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const complete = stdout.split("\n");
    stdout = complete.pop() ?? "";
    lines.push(...complete.filter((line) => line.trim() !== ""));
    settle();
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const fail = (error: Error): void => {
    failure ??= error;
    settle();
  };
  child.once("error", fail);
  child.once("close", (code, signal) =>
    fail(new Error(`worker ${args.join(" ")} exited (${code ?? signal}) without reporting:\n${stderr}`)),
  );
  return {
    child,
    next: () =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        settle();
      }),
  };
}

/** Polls `condition` until it holds (failing after a minute, so that a broken test does not hang). */
export async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Whether a process exists and is not a zombie (an orphan's zombie may wait a while for init to reap it). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EPERM") return false;
  }
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Waits for a child to be gone (after a kill). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
