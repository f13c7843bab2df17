import type { ResolvedConfig } from "../config/load-config.js";
import { dialectFor } from "../engines/connect.js";
import { RevisionGraphError } from "../errors.js";
import { planDowngrade, planStamp, planUpgrade } from "../revisions/plan.js";
import type { MigrationStep } from "../revisions/revision.js";
import { parseOfflineRange, parseTarget, type Target } from "../revisions/target-syntax.js";
import { assertRowsMatchGraph } from "../revisions/applied-state.js";
import { auditFindings, readAuditLog, reportAuditFindings } from "../runtime/audit-log.js";
import { auditLogTableOf, readVersionRows, versionTableOf, withDatabase, withMigrationLock } from "../runtime/database.js";
import { openWatchedSink } from "../runtime/lock-wait.js";
import { assertNothingStranded, type ResumePoint, resumePoints } from "../runtime/resume.js";
import { runSteps } from "../runtime/run-steps.js";
import { offlineSink, onlineSink } from "../runtime/sql-sink.js";
import { type CommandHooks, loadProjectRevisions, logOf, type ProjectRevisions, revisionsForRows } from "./script.js";
import { checkUpgradeSafety, type UpgradeSafetyOptions } from "./upgrade-safety.js";
import { rowsSource } from "./version-rows.js";

export interface MigrateOptions extends CommandHooks {
  /** Offline mode: return the SQL script instead of touching a database. */
  readonly sql?: boolean;
  /** Seconds to wait for another run's migration lock before failing; default: wait. */
  readonly lockTimeout?: number | undefined;
  /**
   * Seconds a revision's statement may wait for a lock on a table before the revision fails; 0: no limit of
   * Retort's own. Default: the config's `ddlLockTimeout`.
   */
  readonly ddlLockTimeout?: number | undefined;
  /**
   * How many more times a statement that gave up waiting for a table lock is tried (the whole revision in a
   * transaction, the statement alone outside one). Default: the config's `ddlLockRetries`.
   */
  readonly ddlLockRetries?: number | undefined;
  /** End the session a dead Retort process of this host left holding the lock, and take it. */
  readonly takeover?: boolean | undefined;
  /** An applied revision whose file changed since is an error instead of a warning. */
  readonly strict?: boolean | undefined;
  /** `upgrade`: run despite lint errors that `safety: "strict"` refuses. */
  readonly force?: boolean | undefined;
  /** `upgrade`: called with the lint's findings on the revisions to apply (see the config's `safety`). */
  readonly onLint?: UpgradeSafetyOptions["onLint"];
  /** Called as each step starts online, with its position (0-based) and the number of steps in the run. */
  readonly onStep?: ((step: MigrationStep, index: number, total: number) => void) | undefined;
}

/** A step a run applied, and how long it took (from its start to the next step's, or to the run's end). */
export interface AppliedStep {
  readonly step: MigrationStep;
  /** The revision's message (empty when this checkout has no file for it). */
  readonly message: string;
  readonly durationMs: number;
}

/** What a run did: the steps it took (or, with `sql`, the script). */
export interface MigrateResult {
  readonly steps: readonly MigrationStep[];
  /** Online: the steps with their durations, in the order they ran. */
  readonly applied?: readonly AppliedStep[];
  readonly sql?: string;
}

/** `stamp` moves the version table only; `purge` empties it first. */
interface RunMode {
  readonly stampOnly: boolean;
  readonly purge: boolean;
}

type Planner = (script: ProjectRevisions, currentHeads: readonly string[], target: Target) => MigrationStep[];

/**
 * `retort upgrade TARGET`: applies revisions up to the target (DESIGN §1.1). Online, the revisions it will apply
 * are linted first, before the migration lock is taken, as the config's `safety` says.
 */
export function upgrade(config: ResolvedConfig, target: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(config, target, options, "upgrade", (script, heads, t) => planUpgrade(script.graph, heads, t));
}

/** `retort downgrade TARGET`: reverts revisions down to the target. */
export function downgrade(config: ResolvedConfig, target: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  return migrate(config, target, options, "downgrade", (script, heads, t) => planDowngrade(script.graph, heads, t));
}

export interface StampOptions extends MigrateOptions {
  /** Empty the version table first (for a table that names revisions that no longer exist). */
  readonly purge?: boolean;
}

/** `retort stamp TARGET`: sets the version table without running any migration. */
export async function stamp(config: ResolvedConfig, target: string, options: StampOptions = {}): Promise<MigrateResult> {
  const planner: Planner = (s, heads, t) => planStamp(s.graph, heads, t, { purge: options.purge ?? false });
  if (options.sql) {
    const { start, end } = parseOfflineRange(target, "stamp");
    const script = await loadProjectRevisions(config);
    return runOffline(config, script, start, end, planner, { stampOnly: true, purge: options.purge ?? false }, options);
  }
  const parsed = parseTarget(target);
  const script = await loadProjectRevisions(config);
  return runOnline(config, script, parsed, options, planner, { stampOnly: true, purge: options.purge ?? false });
}

async function migrate(
  config: ResolvedConfig,
  target: string,
  options: MigrateOptions,
  direction: "upgrade" | "downgrade",
  planner: Planner,
): Promise<MigrateResult> {
  if (options.sql) {
    const { start, end } = parseOfflineRange(target, direction);
    const script = await loadProjectRevisions(config);
    return runOffline(config, script, start, end, planner, { stampOnly: false, purge: false }, options);
  }
  const parsed = parseTarget(target);
  const script = await loadProjectRevisions(config);
  const gate: Gate | undefined =
    direction === "upgrade" && config.safety !== "off"
      ? (seen, revisions) => checkUpgradeSafety(config, seen, revisions, { force: options.force, onLint: options.onLint })
      : undefined;
  return runOnline(config, script, parsed, options, planner, { stampOnly: false, purge: false }, gate);
}

/** Checks the revisions a run is about to apply (from the database's view of the files); throws to refuse the run. */
type Gate = (script: ProjectRevisions, revisions: readonly string[]) => Promise<void>;

/** Gates each revision of the steps once: a later call passes only the ones not checked before. */
function onceEach(gate: Gate): (script: ProjectRevisions, steps: readonly MigrationStep[]) => Promise<void> {
  const checked = new Set<string>();
  return async (script, steps) => {
    const fresh = steps.map((step) => step.revision).filter((revision) => !checked.has(revision));
    if (fresh.length === 0) return;
    await gate(script, fresh);
    for (const revision of fresh) checked.add(revision);
  };
}

async function runOnline(
  config: ResolvedConfig,
  script: ProjectRevisions,
  target: Target,
  options: MigrateOptions,
  planner: Planner,
  { stampOnly, purge }: RunMode,
  gate?: Gate,
): Promise<MigrateResult> {
  const log = logOf(options);
  const table = versionTableOf(config);
  const check = gate === undefined ? undefined : onceEach(gate);
  return withDatabase(config, { log }, async (db) => {
    if (check !== undefined) {
      // Lint before waiting for the lock, so that a refused run never holds it (nor waits for it).
      const seen = revisionsForRows(script, await readVersionRows(db, table), target.text);
      assertRowsMatchGraph(seen.script.graph, seen.rows, rowsSource(config));
      if (seen.rows.length > 0) await check(seen.script, planner(seen.script, seen.rows, target));
    }
    return withMigrationLock(db, table, { timeoutSeconds: options.lockTimeout, takeover: options.takeover, log }, async () => {
      // Read the heads only once the lock is held: a concurrent run may just have moved them.
      const heads = await readVersionRows(db, table);
      const seen = revisionsForRows(script, purge ? [] : heads, target.text);
      const view = seen.script;
      const known = seen.rows;
      assertRowsMatchGraph(view.graph, known, rowsSource(config));
      const auditLog = auditLogTableOf(config);
      let resume: ReadonlyMap<string, ResumePoint> | undefined;
      if (!stampOnly) {
        const entries = await readAuditLog(db, auditLog);
        reportAuditFindings(auditFindings(view.graph, view.headers, known, entries), { strict: options.strict ?? false, log });
        resume = resumePoints(entries);
      }
      const steps = planner(view, known, target);
      assertNothingStranded(view.graph, steps, resume);
      // Revisions another run's downgrade put back in the way since the check above. A database at base is not
      // linted: every table it has by the end, the run itself creates, so no application is locked out of one.
      if (check !== undefined && known.length > 0) await check(view, steps);
      const ddlLockTimeoutMs = ddlLockTimeoutMsOf(config, options);
      const sink = await openWatchedSink(db, onlineSink(db.session), { timeoutMs: ddlLockTimeoutMs, log });
      const started: number[] = [];
      try {
        if (purge && heads.length > 0) {
          await sink.run(db.dialect.versionTable.deleteAll(table));
        }
        for (const { from, to } of seen.renamedRows) {
          // A squashed revision and the last revision it replaces build the same schema; the steps name `to`.
          log(
            `The version table names ${from}; ${to} builds the same schema and is the one this run goes through: recording ${to} instead.`,
          );
          await sink.run(db.dialect.versionTable.checkedUpdate(table, from, to));
        }
        await runSteps(
          {
            dialect: db.dialect,
            sink,
            versionTable: table,
            auditLog,
            headers: view.headers,
            transactionPerMigration: config.transactionPerMigration,
            ddlLockTimeoutMs,
            ddlLockRetries: options.ddlLockRetries ?? config.ddlLockRetries,
            log,
            resumePoints: resume,
            query: (sql) => db.session.query(sql),
            onStep: (step) => {
              options.onStep?.(step, started.length, steps.length);
              started.push(performance.now());
            },
          },
          steps,
          { createVersionTable: true, stampOnly },
        );
      } finally {
        await sink.close();
      }
      const ended = performance.now();
      const applied = steps.map((step, i) => ({
        step,
        message: view.headers.get(step.revision)?.message ?? "",
        durationMs: (started[i + 1] ?? ended) - (started[i] ?? ended),
      }));
      return { steps, applied };
    });
  });
}

async function runOffline(
  config: ResolvedConfig,
  script: ProjectRevisions,
  start: Target,
  end: Target,
  planner: Planner,
  { stampOnly, purge }: RunMode,
  options: MigrateOptions,
): Promise<MigrateResult> {
  const dialect = dialectFor(config.url, config.rootDirectory);
  const table = versionTableOf(config);
  const startHeads = start.kind === "base" ? [] : resolveStart(script, start);
  const steps = planner(script, startHeads, end);
  let text = "";
  const sink = offlineSink((chunk) => (text += chunk));
  if (purge) await sink.run(dialect.versionTable.deleteAll(table));
  await runSteps(
    {
      dialect,
      sink,
      versionTable: table,
      headers: script.headers,
      transactionPerMigration: config.transactionPerMigration,
      ddlLockTimeoutMs: ddlLockTimeoutMsOf(config, options),
      log: () => undefined,
    },
    steps,
    { createVersionTable: startHeads.length === 0, stampOnly },
  );
  return { steps, sql: text };
}

function ddlLockTimeoutMsOf(config: ResolvedConfig, options: MigrateOptions): number {
  return (options.ddlLockTimeout ?? config.ddlLockTimeout) * 1000;
}

/** The heads a database would have at `start`: the start revision(s) themselves. */
function resolveStart(script: ProjectRevisions, start: Target): string[] {
  const steps = planUpgrade(script.graph, [], start);
  const applied = new Set<string>();
  for (const step of steps) {
    for (const row of step.deleteRows) applied.delete(row);
    for (const row of step.insertRows) applied.add(row);
  }
  return [...applied].sort();
}
