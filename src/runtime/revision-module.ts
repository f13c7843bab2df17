import { describeLoadError } from "../project/load-error.js";
import { importProjectModule } from "../project/module-loader.js";
import { RevisionFileError } from "../errors.js";
import type { Operations } from "../ops/operations.js";
import type { RevisionHeader } from "../revisions/revision.js";

/** The executable part of a revision file, loaded only when a step runs it. */
export interface RevisionModule {
  readonly upgrade: (op: Operations) => Promise<void> | void;
  readonly downgrade: (op: Operations) => Promise<void> | void;
  /** `export const transactional = false` for revisions with statements that cannot run in a transaction. */
  readonly transactional: boolean;
  /** The `lint` export (which lint rules the revision allows), as the file gives it; `retort lint` checks it. */
  readonly lint?: unknown;
}

/**
 * Revision modules this process has loaded, by file and content: `upgrade` lints the revisions it applies before
 * running them, and should not load each file twice. An edited file has another checksum and is loaded afresh.
 */
const loadedModules = new Map<string, Promise<RevisionModule>>();

/** Imports a revision file (TypeScript, no build step) and checks that it exports what the runtime calls. */
export function loadRevisionModule(header: RevisionHeader): Promise<RevisionModule> {
  if (header.checksum === undefined) return importRevisionModule(header);
  const key = `${header.path}\0${header.checksum}`;
  let module = loadedModules.get(key);
  if (module === undefined) {
    module = importRevisionModule(header);
    loadedModules.set(key, module);
    // A file that fails to load is tried again next time (it may have been fixed in between).
    module.catch(() => loadedModules.delete(key));
  }
  return module;
}

async function importRevisionModule(header: RevisionHeader): Promise<RevisionModule> {
  let loaded: Record<string, unknown>;
  try {
    loaded = await importProjectModule(header.path);
  } catch (cause) {
    throw new RevisionFileError(
      "revision_file_invalid",
      `Cannot load revision ${header.revision}: ${describeLoadError(cause, header.path)}`,
      {
        hint: "Fix the error in the revision file (or the modules it imports).",
        details: { file: header.path, revision: header.revision },
        cause,
      },
    );
  }
  const invalid = (problem: string) =>
    new RevisionFileError("revision_file_invalid", `${header.path}: ${problem}`, {
      hint: "A revision file exports `async function upgrade(op)` and `async function downgrade(op)`.",
      details: { file: header.path, revision: header.revision },
    });
  if (loaded.revision !== header.revision) {
    throw invalid(`exports revision ${JSON.stringify(loaded.revision)} at run time, but its header says '${header.revision}'.`);
  }
  const { upgrade, downgrade, transactional, lint } = loaded;
  if (typeof upgrade !== "function") throw invalid("does not export an `upgrade` function.");
  if (typeof downgrade !== "function") throw invalid("does not export a `downgrade` function.");
  if (transactional !== undefined && typeof transactional !== "boolean") throw invalid("`transactional` must be true or false.");
  return {
    upgrade: upgrade as RevisionModule["upgrade"],
    downgrade: downgrade as RevisionModule["downgrade"],
    transactional: transactional !== false,
    lint,
  };
}
