/**
 * `retort test`: the migration tests built in, on a throwaway database. The graph has a single head; the
 * stairway (each revision up, down, and up again, the downgrade restoring the catalog exactly as it was before
 * the upgrade); after the last step the models match the migrated schema; and the whole range renders as an
 * offline `--sql` script both ways. Findings are results, not errors: only what stops the run throws.
 */
import { compareSnapshots } from "../autogenerate/compare/index.js";
import { describeOperation } from "../autogenerate/describe.js";
import { notRenamedResolver } from "../autogenerate/renames.js";
import type { ResolvedConfig } from "../config/load-config.js";
import type { AutogenerateSupport } from "../dialects/dialect.js";
import { throwawayDatabaseFor } from "../engines/connect.js";
import { RetortError } from "../errors.js";
import { planDowngrade, planUpgrade } from "../revisions/plan.js";
import type { MigrationStep } from "../revisions/revision.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { auditLogTableOf, type ConnectedDatabase, versionTableOf, withDatabase } from "../runtime/database.js";
import { runSteps } from "../runtime/run-steps.js";
import { onlineSink } from "../runtime/sql-sink.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { planAgainstModels, snapshotFilter } from "./autogenerate.js";
import { downgrade, upgrade } from "./migrate.js";
import { type CommandHooks, loadProjectRevisions, logOf, type ProjectRevisions, revisionsForRows } from "./script.js";

/** The tests `retort test` runs, in order; `stairway` runs once per revision, `squash` once per squashed revision. */
export type MigrationTestKind = "heads" | "stairway" | "models" | "squash" | "sql";

/** The outcome of one test: `skipped` when an earlier failure left nothing to test it on. */
export type MigrationTestStatus = "ok" | "failed" | "skipped";

/** One test's result. */
export interface MigrationTestResult {
  readonly kind: MigrationTestKind;
  readonly status: MigrationTestStatus;
  /** The revision tested (the stairway), or the head (single head); null for tests of the whole range. */
  readonly revision: string | null;
  /** The revision's message, when a revision is tested. */
  readonly message: string | null;
  /** One line saying what failed (or why it was skipped); null when the test passed. */
  readonly reason: string | null;
  /** The differences or the error, one line each. */
  readonly details: readonly string[];
}

/** What `retort test` found. */
export interface TestMigrationsResult {
  /** True when no test failed. */
  readonly ok: boolean;
  /** The throwaway database the tests ran on, without its password. */
  readonly database: string;
  readonly results: readonly MigrationTestResult[];
}

/** Options of {@link testMigrations}. */
export interface TestMigrationsOptions extends CommandHooks {
  /**
   * A PostgreSQL server on which to create (and drop) a database of the test's own, `retort_test_<random>`;
   * the database the URL names is not touched. Default: an embedded PostgreSQL in a temporary directory.
   */
  readonly url?: string | undefined;
}

/**
 * `retort test`: runs the migration tests on a throwaway database, which it creates and removes. Refused in
 * production (it creates databases).
 */
export async function testMigrations(config: ResolvedConfig, options: TestMigrationsOptions = {}): Promise<TestMigrationsResult> {
  if (config.environment === "production") {
    throw new RetortError("test_refused", "retort test is refused in production.", {
      hint: "It creates and drops databases: run it in development or CI (RETORT_ENV=test), against a server of its own with --url.",
    });
  }
  const log = logOf(options);
  const script = await loadProjectRevisions(config);
  const results: MigrationTestResult[] = [headsResult(script)];
  const database = await throwawayDatabaseFor(options.url, config.url, config.rootDirectory);
  const testConfig: ResolvedConfig = { ...config, url: database.url, environment: "test" };
  try {
    await withDatabase(testConfig, { log }, async (db) => {
      const support = await db.dialect.autogenerate();
      const reachedHeads = await stairway(testConfig, script, db, support, results, log);
      results.push(await modelsResult(testConfig, db, support, reachedHeads));
      results.push(...(await squashResults(testConfig, script, db, support, reachedHeads, log)));
    });
  } catch (error) {
    // The error that stopped the run is the one to report, not a failure to remove what it left.
    await database.dispose().catch(() => log(`WARNING: could not remove the throwaway database ${database.displayUrl}`));
    throw error;
  }
  await database.dispose();
  results.push(await offlineResult(testConfig, script));
  return { ok: results.every((result) => result.status !== "failed"), database: database.displayUrl, results };
}

function result(
  kind: MigrationTestKind,
  status: MigrationTestStatus,
  fields: { revision?: string | null; message?: string | null; reason?: string | null; details?: readonly string[] } = {},
): MigrationTestResult {
  return {
    kind,
    status,
    revision: fields.revision ?? null,
    message: fields.message ?? null,
    reason: fields.reason ?? null,
    details: fields.details ?? [],
  };
}

function headsResult(script: ProjectRevisions): MigrationTestResult {
  const heads = script.graph.heads;
  if (heads.length <= 1) return result("heads", "ok", { revision: heads[0] ?? null });
  return result("heads", "failed", {
    reason: `${heads.length} heads: ${heads.join(", ")}`,
    details: ["Merge them (`retort merge heads -m MSG`) or rebase one branch on the other."],
  });
}

function errorLines(error: unknown): string[] {
  if (error instanceof RetortError) return [error.message, ...(error.hint === undefined ? [] : [error.hint])];
  return [error instanceof Error ? error.message : String(error)];
}

/** The step that undoes `step` exactly: its downgrade, with the version-table change reversed. */
function undoStep(step: MigrationStep): MigrationStep {
  return Object.freeze({ ...step, direction: "downgrade", deleteRows: step.insertRows, insertRows: step.deleteRows });
}

/** The catalog as autogenerate sees it, normalised; equal snapshots print the same. */
function snapshotKey(snapshot: SchemaSnapshot): string {
  return JSON.stringify(snapshot);
}

/**
 * Each revision in upgrade order: up, snapshot, down (the catalog must be the one before the upgrade), up again
 * (the catalog must be the first upgrade's). Stops at the first failure: the database is then in no known
 * state, and the later revisions are reported as skipped. Returns whether every revision passed.
 */
async function stairway(
  config: ResolvedConfig,
  script: ProjectRevisions,
  db: ConnectedDatabase,
  support: AutogenerateSupport,
  results: MigrationTestResult[],
  log: (line: string) => void,
): Promise<boolean> {
  const filter = snapshotFilter(config);
  const snapshot = async () => support.rules.normalize(await support.introspect(db.session, filter));
  const run = (step: MigrationStep) =>
    runSteps(
      {
        dialect: db.dialect,
        sink: onlineSink(db.session),
        versionTable: versionTableOf(config),
        auditLog: auditLogTableOf(config),
        headers: script.headers,
        transactionPerMigration: config.transactionPerMigration,
        log,
        query: (sql) => db.session.query(sql),
      },
      [step],
      { createVersionTable: true },
    );
  const steps = planUpgrade(script.graph, [], parseTarget("heads"));
  let before = await snapshot();
  for (const [index, step] of steps.entries()) {
    const fields = { revision: step.revision, message: script.headers.get(step.revision)?.message ?? null };
    const fail = (reason: string, details: readonly string[]) => {
      results.push(result("stairway", "failed", { ...fields, reason, details }));
      for (const later of steps.slice(index + 1)) {
        results.push(
          result("stairway", "skipped", {
            revision: later.revision,
            message: script.headers.get(later.revision)?.message ?? null,
            reason: `not run after the failure of ${step.revision}`,
          }),
        );
      }
      return false;
    };
    try {
      await run(step);
    } catch (error) {
      return fail("the upgrade failed", errorLines(error));
    }
    const upgraded = await snapshot();
    try {
      await run(undoStep(step));
    } catch (error) {
      return fail("the downgrade failed", errorLines(error));
    }
    const restored = await snapshot();
    if (snapshotKey(restored) !== snapshotKey(before)) {
      return fail("the downgrade does not restore the schema as it was before the upgrade", differences(restored, before, support));
    }
    try {
      await run(step);
    } catch (error) {
      return fail("the upgrade failed when run again after its downgrade", errorLines(error));
    }
    const again = await snapshot();
    if (snapshotKey(again) !== snapshotKey(upgraded)) {
      return fail("the upgrade run again after its downgrade gives another schema", differences(again, upgraded, support));
    }
    results.push(result("stairway", "ok", fields));
    before = again;
  }
  return true;
}

/** What would turn `actual` into `expected`, as autogenerate's operations (`drop column movies.release_date`). */
function differences(actual: SchemaSnapshot, expected: SchemaSnapshot, support: AutogenerateSupport): string[] {
  const comparison = compareSnapshots(actual, expected, { rules: support.rules });
  const lines = [
    ...comparison.operations.map((op) => `to restore it: ${describeOperation(op)}`),
    ...comparison.manual.map((change) => `${change.subject}: ${change.message}`),
  ];
  return lines.length > 0 ? lines : ["the catalogs differ in what autogenerate does not compare (sequences, for example)"];
}

async function modelsResult(
  config: ResolvedConfig,
  db: ConnectedDatabase,
  support: AutogenerateSupport,
  reachedHeads: boolean,
): Promise<MigrationTestResult> {
  if (config.models.length === 0) return result("models", "skipped", { reason: "no models are configured" });
  if (!reachedHeads) return result("models", "skipped", { reason: "the stairway did not reach the heads" });
  try {
    const { plan } = await planAgainstModels(config, db.session, support, { resolver: notRenamedResolver });
    if (plan.empty) return result("models", "ok");
    const changes = [...plan.upgrade.map(describeOperation), ...plan.manual.map((change) => `${change.subject}: ${change.message}`)];
    return result("models", "failed", {
      reason: "the models differ from the schema the revisions build",
      details: [...changes, "Run `retort revision --autogenerate -m MSG` for the changes, or fix the models."],
    });
  } catch (error) {
    return result("models", "failed", { reason: "the comparison with the models failed", details: errorLines(error) });
  }
}

/**
 * Squashed revisions whose replaced files still exist: the catalog at the heads reached through the squashed
 * revisions (the stairway's) must be the one reached through the replaced revisions. Run after the stairway: the
 * database goes down to base and up again through the replaced files.
 */
async function squashResults(
  config: ResolvedConfig,
  script: ProjectRevisions,
  db: ConnectedDatabase,
  support: AutogenerateSupport,
  reachedHeads: boolean,
  log: (line: string) => void,
): Promise<MigrationTestResult[]> {
  const squashes = script.squashes.filter((use) => use.uses === "squashed" && use.originalsPresent);
  if (squashes.length === 0) return [];
  const fields = (revision: string) => ({ revision, message: script.headers.get(revision)?.message ?? null });
  if (!reachedHeads) {
    return squashes.map((use) => result("squash", "skipped", { ...fields(use.revision), reason: "the stairway did not reach the heads" }));
  }
  // The view of a database inside every squashed range: the replaced revisions instead of the squashed ones.
  const originals = revisionsForRows(
    script,
    squashes.map((use) => use.replaces[use.replaces.length - 1] as string),
  ).script;
  const filter = snapshotFilter(config);
  const snapshot = async () => support.rules.normalize(await support.introspect(db.session, filter));
  const run = (headers: ProjectRevisions["headers"], steps: readonly MigrationStep[]) =>
    runSteps(
      {
        dialect: db.dialect,
        sink: onlineSink(db.session),
        versionTable: versionTableOf(config),
        auditLog: auditLogTableOf(config),
        headers,
        transactionPerMigration: config.transactionPerMigration,
        log,
        query: (sql) => db.session.query(sql),
      },
      steps,
      { createVersionTable: true },
    );
  let viaOriginals: SchemaSnapshot;
  const viaSquashes = await snapshot();
  try {
    await run(script.headers, planDowngrade(script.graph, script.graph.heads, parseTarget("base")));
    await run(originals.headers, planUpgrade(originals.graph, [], parseTarget("heads")));
    viaOriginals = await snapshot();
  } catch (error) {
    return squashes.map((use) =>
      result("squash", "failed", { ...fields(use.revision), reason: "the replaced revisions did not run", details: errorLines(error) }),
    );
  }
  if (snapshotKey(viaOriginals) === snapshotKey(viaSquashes)) return squashes.map((use) => result("squash", "ok", fields(use.revision)));
  return squashes.map((use) =>
    result("squash", "failed", {
      ...fields(use.revision),
      reason: "the heads reached through the squashed revisions and through the revisions they replace have different schemas",
      details: differences(viaSquashes, viaOriginals, support),
    }),
  );
}

/** The whole range as `--sql` scripts, up from base to the heads and down again; no database is read. */
async function offlineResult(config: ResolvedConfig, script: ProjectRevisions): Promise<MigrationTestResult> {
  if (script.graph.size === 0) return result("sql", "ok");
  try {
    await upgrade(config, "base:heads", { sql: true });
    await downgrade(config, "heads:base", { sql: true });
    return result("sql", "ok");
  } catch (error) {
    return result("sql", "failed", { reason: "the revisions do not render as a --sql script", details: errorLines(error) });
  }
}
