import { RetortError } from "../errors.js";

export interface CliStreams {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Exit codes: 0 success, 1 a command failed, 2 bad usage, 3 `check` found pending changes. */
export const EXIT = { ok: 0, failed: 1, usage: 2, pending: 3 } as const;

/** Prints an error as one line (plus a hint line), Alembic-style: `FAILED: …`. Stack traces only with --debug. */
export function reportError(error: unknown, streams: CliStreams, debug: boolean): number {
  if (error instanceof RetortError) {
    streams.stderr.write(`FAILED: ${error.message}\n`);
    if (error.hint) streams.stderr.write(`  ${error.hint}\n`);
    if (debug) streams.stderr.write(`${error.stack ?? ""}\n${error.cause instanceof Error ? `Caused by: ${error.cause.stack}\n` : ""}`);
    return error.code === "usage" ? EXIT.usage : EXIT.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  streams.stderr.write(`FAILED: ${message.split("\n")[0]}\n`);
  if (debug && error instanceof Error) streams.stderr.write(`${error.stack}\n`);
  else streams.stderr.write("  This is unexpected; run again with --debug for the stack trace and report it.\n");
  return EXIT.failed;
}
