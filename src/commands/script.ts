import type { ResolvedConfig } from "../config/load-config.js";
import { buildRevisionGraph, type RevisionGraph } from "../revisions/graph.js";
import type { RevisionHeader } from "../revisions/revision.js";
import { readRevisionHeaders } from "../revisions/script-directory.js";

/** The project's revisions: their headers (read without executing the files) and the graph they form. */
export interface ProjectRevisions {
  readonly headers: ReadonlyMap<string, RevisionHeader>;
  readonly graph: RevisionGraph;
}

/** Reads the headers of the files in the versions directory and builds their graph. */
export async function loadProjectRevisions(config: ResolvedConfig): Promise<ProjectRevisions> {
  const list = await readRevisionHeaders(config.versionsDirectory);
  const graph = buildRevisionGraph(list);
  return { headers: new Map(list.map((header) => [header.revision, header])), graph };
}

/** Progress and log lines for stderr; the library never prints by itself. */
export interface CommandHooks {
  readonly log?: (line: string) => void;
}

export function logOf(hooks: CommandHooks | undefined): (line: string) => void {
  return hooks?.log ?? (() => undefined);
}
