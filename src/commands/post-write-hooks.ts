/**
 * `postWriteHooks` (Alembic's `post_write_hooks`): commands or functions run on each revision file Retort
 * writes, a formatter say. A failing hook is an error that names it and shows its output; the file stays.
 */
import { spawn } from "node:child_process";
import type { PostWriteHook } from "../config/define-config.js";
import { RetortError } from "../errors.js";

/** How a hook is named in messages: its `name`, its command line, or the function's name. */
export function hookLabel(hook: PostWriteHook, index: number): string {
  if (typeof hook === "function") return hook.name ? `${hook.name} (postWriteHooks[${index}])` : `postWriteHooks[${index}]`;
  return hook.name ?? [hook.command, ...(hook.args ?? [])].join(" ");
}

/** Runs the hooks on `file` in order, in `cwd`; the first that fails stops the rest. */
export async function runPostWriteHooks(hooks: readonly PostWriteHook[], file: string, cwd: string): Promise<void> {
  for (const [index, hook] of hooks.entries()) {
    const label = hookLabel(hook, index);
    const failed = (problem: string, output: string, cause?: unknown) =>
      new RetortError("post_write_hook_failed", `Post-write hook ${label} ${problem} on ${file}${detail(output)}`, {
        hint: `The revision file is written; fix it or the hook (postWriteHooks in the config, README "Configuration"), then run the hook again.`,
        details: { hook: label, file, output },
        cause,
      });
    if (typeof hook === "function") {
      try {
        await hook(file);
      } catch (error) {
        throw failed("failed", error instanceof Error ? error.message : String(error), error);
      }
      continue;
    }
    const fill = (text: string) => text.replaceAll("{file}", file);
    const result = await run(fill(hook.command), (hook.args ?? []).map(fill), cwd);
    if (result.error !== undefined) throw failed("could not start", result.error.message, result.error);
    if (result.code !== 0) throw failed(`exited with ${result.code ?? `signal ${result.signal}`}`, result.output);
  }
}

/** The hook's output as indented detail lines under the message (blank lines left out). */
function detail(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return lines.length === 0 ? "." : `:${lines.map((line) => `\n  ${line}`).join("")}`;
}

interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly error?: Error;
}

function run(command: string, args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], shell: false });
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", (error) => resolve({ code: null, signal: null, output: "", error }));
    child.on("close", (code, signal) => resolve({ code, signal, output: Buffer.concat(chunks).toString("utf8") }));
  });
}
