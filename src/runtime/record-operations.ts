import type { Dialect } from "../dialects/dialect.js";
import { RevisionFileError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { Operations } from "../ops/operations.js";
import type { RevisionHeader } from "../revisions/revision.js";
import type { RevisionModule } from "./revision-module.js";

/** One operation a revision's `upgrade()` made, with the statements the dialect compiles it to. */
export interface RecordedOperation {
  readonly operation: Operation;
  readonly statements: readonly string[];
}

/**
 * Runs a revision's `upgrade()` without a database, as `upgrade --sql` does, and keeps each operation with its
 * compiled statements instead of printing them.
 */
export async function recordUpgrade(dialect: Dialect, header: RevisionHeader, module: RevisionModule): Promise<RecordedOperation[]> {
  const recorded: RecordedOperation[] = [];
  const op = new Operations(async (operation) => {
    recorded.push(Object.freeze({ operation, statements: Object.freeze(dialect.compile(operation)) }));
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
