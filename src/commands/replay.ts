/**
 * Replaying the project's revisions into a database of Retort's own (offline autogenerate, and any command that
 * needs the schema the revisions build without a database of the user's): plain `upgrade` steps, except that a
 * data statement the empty database refuses is skipped with a warning instead of failing the replay.
 */
import type { ResolvedConfig } from "../config/load-config.js";
import { assertRowsMatchGraph } from "../revisions/applied-state.js";
import { planUpgrade } from "../revisions/plan.js";
import type { MigrationStep } from "../revisions/revision.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { type ConnectedDatabase, readVersionRows, versionTableOf } from "../runtime/database.js";
import { oneLine } from "../runtime/progress.js";
import { runSteps } from "../runtime/run-steps.js";
import type { DataStatementFailure } from "../runtime/sequential.js";
import { onlineSink } from "../runtime/sql-sink.js";
import { type CommandHooks, logOf, type ProjectRevisions } from "./script.js";
import { rowsSource } from "./version-rows.js";

export type { DataStatementFailure } from "../runtime/sequential.js";

/** Options of {@link replayRevisions}. */
export interface ReplayOptions extends CommandHooks {
  /** Where the replay goes (default: every head of the graph). */
  readonly target?: string;
  /** `Running upgrade …` lines for each step (default: none; warnings go to `log` either way). */
  readonly progress?: boolean;
}

/** What a replay ran, and the data statements it skipped. */
export interface ReplayResult {
  readonly steps: readonly MigrationStep[];
  readonly skipped: readonly DataStatementFailure[];
}

/** The steps from base to the target (default: every head), in the order a replay applies them. */
export function upgradePath(script: ProjectRevisions, target = "heads"): MigrationStep[] {
  return planUpgrade(script.graph, [], parseTarget(target));
}

/**
 * Runs the revisions `db` lacks, from the heads its version table names to the target, as `upgrade` would (no
 * audit log, no lint, no migration lock: the database is the caller's alone). A failing data statement
 * (`op.execute`, `op.bulkInsert`: an INSERT … SELECT that needs rows, a function the server lacks) is rolled back
 * to a savepoint and reported as a warning naming its revision, and the replay goes on.
 */
export async function replayRevisions(
  config: ResolvedConfig,
  script: ProjectRevisions,
  db: ConnectedDatabase,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const log = logOf(options);
  const versionTable = versionTableOf(config);
  const rows = await readVersionRows(db, versionTable);
  assertRowsMatchGraph(script.graph, rows, rowsSource(config));
  const steps = planUpgrade(script.graph, rows, parseTarget(options.target ?? "heads"));
  const skipped: DataStatementFailure[] = [];
  await runSteps(
    {
      dialect: db.dialect,
      sink: onlineSink(db.session),
      versionTable,
      headers: script.headers,
      transactionPerMigration: config.transactionPerMigration,
      log: options.progress ? log : () => undefined,
      query: (sql) => db.session.query(sql),
      onDataStatementFailure: (failure) => {
        skipped.push(failure);
        log(describeSkipped(failure));
      },
    },
    steps,
    { createVersionTable: rows.length === 0 },
  );
  return { steps, skipped };
}

/** The warning for a skipped data statement: which revision, which statement, and why it failed. */
export function describeSkipped(failure: DataStatementFailure): string {
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  return `WARNING: revision ${failure.revision} (${failure.file}): a data statement failed on the replayed database, which holds no data, and was skipped: ${oneLine(failure.statement)} (${reason}). The schema compared is what the revisions build without it.`;
}
