/**
 * Retort's library API: everything the CLI does, as functions that return data and throw typed errors. Nothing
 * here prints or exits. `src/index.ts` publishes it as the package's main entry.
 */
export { defineConfig, type Environment, type RetortConfig, type Safety } from "./config/define-config.js";
export { loadConfig, type LoadConfigOptions, type ResolvedConfig } from "./config/load-config.js";
export { init, type InitResult } from "./commands/init.js";
export { ensureDatabase, openSession, type EnsureDatabaseResult } from "./commands/ensure-database.js";
export type { DatabaseSession } from "./dialects/session.js";
export { branches, current, heads, history, show, type HistoryOptions, type RevisionView } from "./commands/inspect.js";
export { downgrade, stamp, upgrade, type MigrateOptions, type MigrateResult, type StampOptions } from "./commands/migrate.js";
export { merge, revision, type MergeOptions, type RevisionOptions, type RevisionResult } from "./commands/revision.js";
export { accept } from "./commands/accept.js";
export type {
  MigrationTestKind,
  MigrationTestResult,
  MigrationTestStatus,
  TestMigrationsOptions,
  TestMigrationsResult,
} from "./commands/test.js";
export type { LintedRevision, LintFinding, LintOptions, LintResult, LintSeverity } from "./commands/lint.js";
export type {
  AutogenerateRevisionOptions,
  AutogenerateRevisionResult,
  CheckResult,
  CompareOptions,
  WrittenRevision,
} from "./commands/autogenerate.js";
export type { Operations } from "./ops/operations.js";
export type { MigrationStep, RevisionHeader } from "./revisions/revision.js";
export * from "./errors.js";

// Autogenerate is loaded on first use: revision files import this module, and the comparison code is not
// something an `upgrade` should pay for.
type AutogenerateModule = typeof import("./commands/autogenerate.js");

/** `retort revision --autogenerate`: compares the models with the database and writes a revision (or none). */
export async function autogenerateRevision(
  ...args: Parameters<AutogenerateModule["autogenerateRevision"]>
): ReturnType<AutogenerateModule["autogenerateRevision"]> {
  return (await import("./commands/autogenerate.js")).autogenerateRevision(...args);
}

/** `retort check`: whether the database matches the models, and the operations that would make it so. */
export async function check(...args: Parameters<AutogenerateModule["check"]>): ReturnType<AutogenerateModule["check"]> {
  return (await import("./commands/autogenerate.js")).check(...args);
}

export type { PullFormat, PullOptions, PullResult } from "./commands/pull.js";
export type { UnmodelledCounts, UnmodelledKind } from "./dialects/dialect.js";

/** `retort pull`: writes models from an existing database (its tables and enum types) as one module. */
export async function pull(
  ...args: Parameters<typeof import("./commands/pull.js")["pull"]>
): ReturnType<typeof import("./commands/pull.js")["pull"]> {
  return (await import("./commands/pull.js")).pull(...args);
}

// `retort test` and `retort lint` are loaded on first use too: a project's config imports this module, and every
// command pays for what it loads.

/** `retort test`: the project's migrations tested on a throwaway database (single head, stairway, models, `--sql`). */
export async function testMigrations(
  ...args: Parameters<typeof import("./commands/test.js")["testMigrations"]>
): ReturnType<typeof import("./commands/test.js")["testMigrations"]> {
  return (await import("./commands/test.js")).testMigrations(...args);
}

/** `retort lint`: the revisions' statements judged by the locks they take on existing tables. */
export async function lint(
  ...args: Parameters<typeof import("./commands/lint.js")["lint"]>
): ReturnType<typeof import("./commands/lint.js")["lint"]> {
  return (await import("./commands/lint.js")).lint(...args);
}
