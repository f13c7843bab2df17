import path from "node:path";
import type { ResolvedConfig } from "../config/load-config.js";
import { assertRowsMatchGraph } from "../revisions/applied-state.js";
import { type ConnectedDatabase, readVersionRows, versionTableOf } from "../runtime/database.js";
import { type DatabaseRevisions, type ProjectRevisions, revisionsForRows } from "./script.js";

/**
 * The version table's rows, checked against the project's revisions as this database sees them (see
 * `revisionsForRows`): every command that reads them refuses rows naming a revision no file defines, or rows
 * that contradict the graph, with a message saying what to do.
 */
export async function readKnownVersionRows(
  db: ConnectedDatabase,
  config: ResolvedConfig,
  script: ProjectRevisions,
): Promise<DatabaseRevisions> {
  const seen = revisionsForRows(script, await readVersionRows(db, versionTableOf(config)));
  assertRowsMatchGraph(seen.script.graph, seen.rows, rowsSource(config));
  return seen;
}

export function rowsSource(config: ResolvedConfig): { table: string; versionsDirectory: string } {
  const table = config.versionTableSchema ? `${config.versionTableSchema}.${config.versionTable}` : config.versionTable;
  const relative = path.relative(config.rootDirectory, config.versionsDirectory);
  const versionsDirectory = relative && !relative.startsWith("..") ? relative.split(path.sep).join("/") : config.versionsDirectory;
  return { table, versionsDirectory };
}
