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

/** Runs the worker fixture to completion; resolves with the JSON line it printed. */
export function runWorker(args: readonly string[]): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [WORKER, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code === 0) resolve(JSON.parse(stdout.trim()) as Record<string, unknown>);
      else reject(new Error(`worker ${args.join(" ")} exited with ${code}:\n${stderr}`));
    });
  });
}

/** Starts the worker fixture in hold mode; resolves once it reports that it holds the database open. */
export function startHoldingWorker(args: readonly string[]): Promise<{ child: ChildProcess; report: Record<string, unknown> }> {
  const child = spawn(process.execPath, [WORKER, ...args, "hold"], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`worker exited early with ${code}:\n${stderr}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("\n")) resolve({ child, report: JSON.parse(stdout.trim()) as Record<string, unknown> });
    });
  });
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
