import { createInterface } from "node:readline/promises";
import type { ResolvedConfig } from "../config/load-config.js";
import { redactUrl } from "../engines/connect.js";
import { RetortError } from "../errors.js";
import type { CliStreams } from "./output.js";

/** True when a person can answer (the real terminal, not a test's or a pipe's streams). */
export function interactive(streams: CliStreams): boolean {
  return streams.stderr === process.stderr && process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * `downgrade` in production reverts schema and usually loses data: on a terminal it asks first; elsewhere it
 * runs only with `--yes`. `ask` is the prompt (a terminal's, or a test's).
 */
export async function confirmProductionDowngrade(
  config: ResolvedConfig,
  target: string,
  options: { readonly yes: boolean; readonly ask: ((question: string) => Promise<string>) | undefined },
): Promise<void> {
  if (config.environment !== "production" || options.yes) return;
  const where = redactUrl(config.url);
  if (options.ask === undefined) {
    throw new RetortError("confirmation_required", `Refusing to downgrade the production database ${where} without --yes.`, {
      hint: "A downgrade in production reverts schema and can lose data; add --yes to confirm it where no terminal can ask.",
    });
  }
  const answer = await options.ask(`Downgrade the production database ${where} to ${target}? This can lose data. [y/N] `);
  if (!/^y(es)?$/i.test(answer.trim())) {
    throw new RetortError("confirmation_required", "Downgrade not confirmed: nothing was changed.", {
      hint: "Answer y to downgrade, or run with --yes.",
    });
  }
}

/** Asks one question on the terminal (stderr, so stdout stays the command's result). */
export async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
