import path from "node:path";
import type { Dialect } from "../dialects/dialect.js";
import { RevisionFileError } from "../errors.js";
import type { RevisionOperation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import type { RevisionHeader } from "../revisions/revision.js";
import type { RevisionModule } from "./revision-module.js";

/** One operation a revision's `upgrade()` made, with the statements the dialect compiles it to. */
export interface RecordedOperation {
  readonly operation: RevisionOperation;
  readonly statements: readonly string[];
  /**
   * The lines of the revision file on the call stack when the operation was made (the `op.` call, and the call of
   * a helper of the same file that made it), innermost first. Revision files are transpiled line for line.
   */
  readonly lines: readonly number[];
}

/**
 * The line numbers of `file`'s frames in a stack trace. Frames are matched by the file's name, not its whole
 * path: V8 may reuse a compiled script for the same text loaded from another directory, and its frames then
 * name that directory. A revision's file name holds its id, which is unique in the project.
 */
export function linesInStack(stack: string, file: string): number[] {
  const lines: number[] = [];
  const marker = `${path.basename(file)}:`;
  for (const frame of stack.split("\n")) {
    const at = frame.lastIndexOf(marker);
    if (at < 0 || (at > 0 && frame[at - 1] !== "/" && frame[at - 1] !== "\\")) continue;
    const line = Number.parseInt(frame.slice(at + marker.length), 10);
    if (Number.isInteger(line)) lines.push(line);
  }
  return lines;
}

/** The current call stack, deep enough to reach the revision file through helpers and the `op` layers. */
function callStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return new Error().stack ?? "";
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Runs a revision's `upgrade()` without a database, as `upgrade --sql` does, and keeps each operation with its
 * compiled statements (and where in the file it was made) instead of printing them.
 */
export async function recordUpgrade(
  dialect: Dialect,
  header: RevisionHeader,
  module: RevisionModule,
  options: { readonly lines?: boolean } = {},
): Promise<RecordedOperation[]> {
  const recorded: RecordedOperation[] = [];
  // Reading the call stack is most of the cost; without `lines` every operation gets none.
  const withLines = options.lines ?? true;
  const op = new Operations(async (operation) => {
    const lines = Object.freeze(withLines ? linesInStack(callStack(), header.path) : []);
    recorded.push(Object.freeze({ operation, statements: Object.freeze(dialect.compile(operation)), lines }));
  });
  try {
    await module.upgrade(op);
  } catch (cause) {
    if (cause instanceof RevisionFileError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RevisionFileError(
      "revision_file_invalid",
      `The upgrade() of revision ${header.revision} (${header.path}) failed without a database: ${reason}`,
      {
        hint: "It runs as with `upgrade --sql`: only op calls, no queries of the database. Fix the revision, or lint the other revisions by range.",
        details: { revision: header.revision, file: header.path },
        cause,
      },
    );
  }
  return recorded;
}
