import { RetortError } from "../errors.js";

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  /** `isTTY`: a terminal, where a progress line may be rewritten in place. */
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
}

/**
 * Exit codes: 0 success, 1 a command failed, 2 bad usage, 3 `check` found pending changes, 4 autogenerate needs
 * rename decisions it cannot ask for (no terminal, no `--rename`/`--not-renamed`).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, pending: 3, decisionsNeeded: 4 } as const;

/** Prints an error as one line (plus a hint line), Alembic-style: `FAILED: …`. Stack traces only with --debug. */
export function reportError(error: unknown, streams: CliStreams, debug: boolean): number {
  if (error instanceof RetortError) {
    streams.stderr.write(`FAILED: ${printable(error.message)}\n`);
    if (error.hint) streams.stderr.write(`  ${printable(error.hint)}\n`);
    if (debug) streams.stderr.write(`${error.stack ?? ""}\n${error.cause instanceof Error ? `Caused by: ${error.cause.stack}\n` : ""}`);
    return error.code === "usage" ? EXIT.usage : EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  streams.stderr.write(`FAILED: ${printable(message.split("\n")[0] ?? "")}\n`);
  if (debug && error instanceof Error) streams.stderr.write(`${error.stack}\n`);
  else streams.stderr.write("  This is unexpected; run again with --debug for the stack trace and report it.\n");
  return EXIT.failed;
}

/**
 * A message as it may be printed: values quoted in it (a target, a revision id, a path) can hold line breaks
 * and control characters (terminal escapes) from user input, which would break the one-line error or the
 * terminal; they are shown as escapes (`\n`, `\u001b`). A line break followed by two spaces stays: that is
 * how a message adds an indented detail line (`  while running: …`).
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/\n(?! {2}\S)|[\u0000-\u0009\u000b-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}

/**
 * A usage error as commander wrote it (`error: unknown command 'upgrad'` and a `(Did you mean upgrade?)`
 * line): its own line breaks stay, while the arguments it quotes are shown with their control characters
 * escaped, so an argument cannot add lines or terminal escapes of its own.
 */
export function usageErrorText(text: string, argv: readonly string[]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const control = /[\u0000-\u001f\u007f]/;
  const pieces = argv.filter((arg) => control.test(arg)).flatMap((arg) => [arg, ...arg.split("=")]);
  let out = text.replace(/\n$/, "");
  for (const piece of [...new Set(pieces)].sort((a, b) => b.length - a.length)) {
    if (control.test(piece)) out = out.split(piece).join(escapeControl(piece));
  }
  return `${out.split("\n").map(escapeControl).join("\n")}\n`;
}

function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}
