import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, readlink, realpath } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

/** Whether `kill(pid, 0)` finds the process (true for a zombie too, as postgres's own check does). */
export function answers(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/** Whether the process exists and is not a zombie (dead, waiting to be reaped; known on Linux only). */
export function isRunning(pid: number): boolean {
  if (!answers(pid)) return false;
  if (process.platform !== "linux") return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/** Waits up to `ms` for the process to be gone (or a zombie). */
export async function pidGoneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await sleep(10);
  }
  return !isRunning(pid);
}

/** Sends a signal to a process that may be gone already (no error then; EPERM is thrown). */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ESRCH") throw error;
  }
}

/**
 * Whether `pid` is a postgres serving `dataDirectory` (not merely any postgres that got a reused pid, such as
 * the machine's own server): on Linux its working directory is the data directory (the postmaster chdirs
 * there); elsewhere its command line carries the `-D <dataDirectory>` we started it with.
 */
export async function isPostgres(pid: number, dataDirectory: string): Promise<boolean> {
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

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
