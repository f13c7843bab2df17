// Running processes and measuring them: wall time (spawn to exit, what a user waits for) and peak RSS.
//
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`): the getrusage maxrss of the process and of the
// children it waited for (the largest single process, not a sum). For Retort on the embedded engine that
// covers the postgres postmaster, which Node spawns and waits for; its backends are the postmaster's children.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

const GNU_TIME = "/usr/bin/time";
export const hasGnuTime = existsSync(GNU_TIME);

let sequence = 0;

/**
 * Runs `command args` to completion. Resolves `{ ms, rssKb, code, stdout, stderr }`; `rssKb` is null
 * without GNU time. Never rejects on a non-zero exit: callers check `code`.
 */
export function run(command, args, { cwd, env, input, scratch, uid, gid } = {}) {
  return new Promise((resolve, reject) => {
    const rssFile = hasGnuTime && scratch ? path.join(scratch, `rss-${process.pid}-${++sequence}`) : undefined;
    const [file, argv] = rssFile ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, args];
    const started = performance.now();
    const child = spawn(file, argv, {
      cwd,
      env: env ?? process.env,
      stdio: [input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
      ...(uid === undefined ? {} : { uid, gid }),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    if (input !== undefined) child.stdin.end(input);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      const ms = performance.now() - started;
      let rssKb = null;
      if (rssFile) {
        try {
          const text = readFileSync(rssFile, "utf8").trim().split("\n");
          rssKb = Number(text[text.length - 1]);
          if (!Number.isFinite(rssKb)) rssKb = null;
        } catch {
          rssKb = null;
        }
        rmSync(rssFile, { force: true });
      }
      resolve({ ms, rssKb, code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Like {@link run}, but a non-zero exit is an error carrying the command's stderr. */
export async function mustRun(command, args, options = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = `${result.stderr}\n${result.stdout}`.trim().split("\n").slice(-8).join("\n");
    throw new Error(`${[command, ...args].join(" ").slice(0, 200)} exited with ${result.code}:\n${tail}`);
  }
  return result;
}

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function max(values) {
  const finite = values.filter((v) => v !== null && v !== undefined && Number.isFinite(v));
  return finite.length ? Math.max(...finite) : null;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
