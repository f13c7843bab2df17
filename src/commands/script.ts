import type { ResolvedConfig } from "../config/load-config.js";
import { buildRevisionGraph, type RevisionGraph } from "../revisions/graph.js";
import type { RevisionHeader } from "../revisions/revision.js";
import { readRevisionHeaders } from "../revisions/script-directory.js";
import { type RevisionView, type SquashUse, selectRevisions } from "../revisions/squash-view.js";

/**
 * The project's revisions as one database sees them: their headers (read without executing the files) and the
 * graph they form. With squashed revisions, a database migrates either through a squashed revision or through
 * the revisions it replaces (see `revisions/squash-view.ts`); `files` holds every file either way.
 */
export interface ProjectRevisions {
  readonly headers: ReadonlyMap<string, RevisionHeader>;
  readonly graph: RevisionGraph;
  /** Every revision file of the versions directory. */
  readonly files: readonly RevisionHeader[];
  /** How each squashed revision is used in this view. */
  readonly squashes: readonly SquashUse[];
}

/** A database's view of the revisions, and its version-table rows as that view names them. */
export interface DatabaseRevisions {
  readonly script: ProjectRevisions;
  readonly rows: readonly string[];
  /** Rows the version table should name differently (a deleted revision that a squashed one stands for). */
  readonly renamedRows: RevisionView["renamedRows"];
}

function viewOf(files: readonly RevisionHeader[], view: RevisionView): ProjectRevisions {
  const graph = buildRevisionGraph(view.headers);
  return { headers: new Map(view.headers.map((header) => [header.revision, header])), graph, files, squashes: view.squashes };
}

/**
 * Reads the headers of the files in the versions directory and builds their graph, as a new database (and the
 * graph commands, which read no database) sees it.
 */
export async function loadProjectRevisions(config: ResolvedConfig): Promise<ProjectRevisions> {
  const files = await readRevisionHeaders(config.versionsDirectory);
  return viewOf(files, selectRevisions(files, []));
}

/**
 * The revisions as the database whose version table holds `rows` sees them (the same object without squashes);
 * `target`: the command's target, whose revision ids may choose the replaced revisions of a squash.
 */
export function revisionsForRows(script: ProjectRevisions, rows: readonly string[], target?: string): DatabaseRevisions {
  if (script.squashes.length === 0) return { script, rows, renamedRows: [] };
  const view = selectRevisions(script.files, rows, target === undefined ? [] : target.split(/[@+:-]/));
  return { script: viewOf(script.files, view), rows: view.rows, renamedRows: view.renamedRows };
}

/** Progress and log lines for stderr; the library never prints by itself. */
export interface CommandHooks {
  readonly log?: (line: string) => void;
}

export function logOf(hooks: CommandHooks | undefined): (line: string) => void {
  return hooks?.log ?? (() => undefined);
}
