/**
 * `retort revision --autogenerate` and `retort check`: load the models, read the database's schema
 * through the dialect (introspect, normalise), and hand both to autogenerate's pipeline. The library
 * returns plans and throws typed errors; the CLI prints (DESIGN §1.8).
 */
import { asDefaultSchema } from "../autogenerate/default-schema.js";
import { describeOperation } from "../autogenerate/describe.js";
import { includedSnapshot } from "../autogenerate/include.js";
import { filterSnapshot, type ModelModule, modelSnapshot } from "../autogenerate/models.js";
import { type MigrationPlan, produceMigration } from "../autogenerate/produce.js";
import { renderMigration } from "../autogenerate/render/migration.js";
import { type RevisionBody, renderSafeRevisions } from "../autogenerate/render/safe-revisions.js";
import { planSafeForms } from "../autogenerate/safe-forms.js";
import { notRenamedResolver, type RenameResolver } from "../autogenerate/renames.js";
import type { EqualityOptions } from "../autogenerate/compare/equality.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { describeLoadError } from "../project/load-error.js";
import { importProjectModule } from "../project/module-loader.js";
import { hasDrizzleModels } from "../adapters/drizzle/index.js";
import { drizzleModule } from "./drizzle-models.js";
import { dialectFor } from "../engines/connect.js";
import type { AutogenerateSupport, ComparisonRules, UndeclaredDependency, UnmodelledCounts } from "../dialects/dialect.js";
import { snapshotCounts, unmanagedCounts } from "../autogenerate/managed.js";
import { dependenciesOfModels } from "../pull/dependencies.js";
import type { DatabaseSession } from "../dialects/session.js";
import { RetortError } from "../errors.js";
import type { SchemaSnapshot, SnapshotFilter } from "../schema/snapshot.js";
import { managedSnapshot, manageForModels } from "../schema/managed.js";
import { readVersionRows, versionTableOf, withDatabase } from "../runtime/database.js";
import { assertRowsMatchGraph } from "../revisions/applied-state.js";
import { type OfflineSnapshot, offlineCanonicalSession, offlineSnapshot } from "./offline.js";
import { resolveParents, writeNew } from "./revision.js";
import { type CommandHooks, loadProjectRevisions, logOf, type ProjectRevisions, revisionsForRows } from "./script.js";
import { rowsSource } from "./version-rows.js";

/** Options shared by autogenerate and check. */
export interface CompareOptions extends CommandHooks, Partial<EqualityOptions> {
  /** Decides rename candidates (a prompt, `--rename` flags); default: fail listing them. */
  readonly resolver?: RenameResolver;
  /**
   * Compare with the schema the revisions build, replayed into an embedded PostgreSQL of Retort's own (and kept
   * in its cache), instead of with the configured database, which is not opened.
   */
  readonly offline?: boolean;
  /** With `offline`: told where the schema came from (the cache, or a replay of some revisions). */
  readonly onOffline?: (outcome: OfflineOutcome) => void;
}

/** How an offline comparison got the schema at the head. */
export type OfflineOutcome = Omit<OfflineSnapshot, "snapshot">;

/** Options of {@link autogenerateRevision}: those of `retort revision`, and the comparison's. */
export interface AutogenerateRevisionOptions extends CompareOptions {
  readonly message: string;
  readonly head?: string;
  readonly splice?: boolean;
  readonly branchLabel?: string | readonly string[];
  readonly dependsOn?: readonly string[];
  readonly revId?: string;
  /** The id of the second, non-transactional revision when one is written; default: a random one. */
  readonly concurrentRevId?: string;
  readonly now?: Date;
}

/** One revision file autogenerate wrote. */
export interface WrittenRevision {
  readonly revision: string;
  readonly path: string;
  /** False for the revision that runs outside a transaction (`export const transactional = false`). */
  readonly transactional: boolean;
}

/**
 * What `revision --autogenerate` did: wrote a file (with `safety` on, sometimes two: the second, a child of the
 * first, runs outside a transaction), or found nothing to change and wrote none. `revision` and `path` are the
 * first file's; `files` lists every file written, parent first.
 */
export type AutogenerateRevisionResult =
  | {
      readonly kind: "written";
      readonly revision: string;
      readonly path: string;
      readonly files: readonly WrittenRevision[];
      readonly plan: MigrationPlan;
    }
  | { readonly kind: "empty"; readonly plan: MigrationPlan };

/** What `retort check` found. */
export interface CheckResult {
  /** True when the database does not match the models. */
  readonly pending: boolean;
  /** One line per pending operation, then one per change left to a person. */
  readonly changes: readonly string[];
  readonly plan: MigrationPlan;
  /** Columns of the models whose database counterparts use an object the models cannot declare (a domain, a sequence no column owns). */
  readonly undeclared: readonly UndeclaredDependency[];
  /**
   * What the database holds that Retort does not manage (neither compared nor reported as drift), counted by kind:
   * kinds models cannot declare, and those the config's `manage` switches off. Absent offline.
   */
  readonly unmanaged?: UnmodelledCounts;
}

/** What autogenerate compares: the config's schemas and excluded tables; never the version table or the audit log. */
export function snapshotFilter(config: ResolvedConfig): SnapshotFilter {
  const auditLog = config.versionTableSchema === undefined ? config.auditLogTable : `${config.versionTableSchema}.${config.auditLogTable}`;
  return {
    includeSchemas: config.includeSchemas,
    excludeTables: [...config.excludeTables, auditLog],
    versionTable: { table: config.versionTable, schema: config.versionTableSchema },
  };
}

/** Loads the configured model modules into the target snapshot; a models path that yields no table is an error. */
export async function loadModels(config: ResolvedConfig): Promise<SchemaSnapshot> {
  if (config.models.length === 0) {
    throw new RetortError("models_invalid", `No models are configured in ${config.configPath}.`, {
      hint: 'Set models to the module(s) that export your tables, e.g. models: "./app/db/postgres/models.ts".',
    });
  }
  const modules: ModelModule[] = [];
  for (const path of config.models) {
    let exports: Record<string, unknown>;
    try {
      exports = await importProjectModule(path);
    } catch (cause) {
      throw new RetortError("models_invalid", `Cannot load the models module ${describeLoadError(cause, path)}`, {
        hint: `Fix the module, or the models path in ${config.configPath}.`,
        details: { path },
        cause,
      });
    }
    modules.push(
      hasDrizzleModels(exports) ? await drizzleModule(path, exports, config.configPath, config.drizzle.casing) : { path, exports },
    );
  }
  const snapshot = modelSnapshot(modules, dialectFor(config.url, config.rootDirectory));
  if (snapshot.tables.length === 0) {
    throw new RetortError("models_invalid", `The models module(s) ${config.models.join(", ")} export no tables.`, {
      hint: `The models path in ${config.configPath} is probably wrong, or the module exports no table() yet (the one \`retort init\` writes has an example to uncomment).`,
      details: { models: config.models },
    });
  }
  return snapshot;
}

/** The plan, and the dialect's rules it was made with (rendering asks them again which changes lose data). */
async function compare(
  config: ResolvedConfig,
  options: CompareOptions,
  script: ProjectRevisions,
  checkHeads: (rows: readonly string[]) => void,
  withDependencies = false,
): Promise<{
  readonly plan: MigrationPlan;
  readonly rules: ComparisonRules;
  readonly undeclared: readonly UndeclaredDependency[];
  readonly unmanaged?: UnmodelledCounts;
}> {
  const dialect = dialectFor(config.url, config.rootDirectory);
  if (options.offline) {
    const support = await dialect.autogenerate();
    const { snapshot, ...outcome } = await offlineSnapshot(config, script, snapshotFilter(config), dialect, support, options);
    options.onOffline?.(outcome);
    const models = filterSnapshot(await loadModels(config), snapshotFilter(config));
    const parse = offlineCanonicalSession(config, script, snapshotFilter(config), dialect, support, options);
    const canonical = await canonicalModels(config, { session: parse, target: false }, support, snapshot, models, options);
    return { plan: await planFromSnapshots(config, snapshot, canonical, support.rules, options), rules: support.rules, undeclared: [] };
  }
  // The dialect's catalog reader and rules load while the database connects.
  const loading = dialect.autogenerate();
  loading.catch(() => undefined); // awaited below; a connection error must not leave it unhandled
  return withDatabase(config, { log: logOf(options) }, async (db) => {
    checkHeads(await readVersionRows(db, versionTableOf(config)));
    const support = await loading;
    const { live, declared, ...planned } = await planAgainstModels(config, db.session, support, options);
    if (!withDependencies) return { ...planned, undeclared: [] };
    const found = await support.undeclaredDependencies(db.session, config.includeSchemas);
    const counted = await support.countUnmodelled(db.session, config.includeSchemas);
    // The kinds the catalog reads into the snapshot are counted from it (listed when `manage` switches one off).
    const counts = { ...counted, ...snapshotCounts(live) };
    return {
      ...planned,
      undeclared: found.length === 0 ? [] : dependenciesOfModels(found, await loadModels(config)),
      unmanaged: unmanagedCounts(counts, manageForModels(config.manage, declared)),
    };
  });
}

/**
 * The plan that would make the open database match the configured models (the comparison of `retort check`),
 * on a session the caller holds.
 */
export async function planAgainstModels(
  config: ResolvedConfig,
  session: DatabaseSession,
  support: AutogenerateSupport,
  options: CompareOptions,
): Promise<{
  readonly plan: MigrationPlan;
  readonly rules: ComparisonRules;
  readonly live: SchemaSnapshot;
  readonly declared: SchemaSnapshot;
}> {
  const filter = snapshotFilter(config);
  // The catalog queries go out first: the server reads its catalog while this process loads the models.
  const reading = readLive(config, session, support, filter);
  reading.catch(() => undefined); // awaited below; a models error must not leave it unhandled
  const declared = filterSnapshot(await loadModels(config), filter);
  const live = await reading;
  // The models' views and routines as the database stores them, asked on the same session (in a transaction it
  // rolls back, which takes no lock on the application's tables beyond reading their definitions).
  const managed = managedSnapshot(declared, config.manage);
  // Partition bounds as the database writes them (asked outside a transaction, changing nothing).
  const bounded = support.canonicalizeModels === undefined ? managed : await support.canonicalizeModels(session, managed);
  const viewed = support.canonicalViews === undefined ? bounded : await support.canonicalViews(session, bounded);
  const models = support.canonicalizeRoutines === undefined ? viewed : await support.canonicalizeRoutines(session, viewed);
  const rules = support.rules;
  // Policies as the database stores them, and the roles grants and policies name checked.
  const prepared = support.prepareModels === undefined ? models : await support.prepareModels(session, live, models);
  const canonical = await canonicalModels(config, { session, target: true }, support, live, prepared, options);
  return { plan: await planFromSnapshots(config, live, canonical, rules, options), rules, live, declared };
}

/**
 * The models with the expressions the database parses to its stored form in the database's text (the dialect's
 * `canonicalize`), so that a check or default written another way is no change. `parser.target` tells whether the
 * session is the configured database (rather than the offline replay database): in production the target is not
 * asked, and the text comparison stands, with a note.
 */
async function canonicalModels(
  config: ResolvedConfig,
  parser: { readonly session: DatabaseSession; readonly target: boolean },
  support: AutogenerateSupport,
  live: SchemaSnapshot,
  models: SchemaSnapshot,
  options: CompareOptions,
): Promise<SchemaSnapshot> {
  if (support.canonicalize === undefined) return models;
  const asked = parser.target && config.environment === "production" ? undefined : parser.session;
  const result = await support.canonicalize(asked, live, models);
  const log = logOf(options);
  for (const note of result.notes) log(note);
  return result.snapshot;
}

/** The plan from the database's schema (`live`, as introspected) to the models', through the config's `include`. */
async function planFromSnapshots(
  config: ResolvedConfig,
  live: SchemaSnapshot,
  models: SchemaSnapshot,
  rules: ComparisonRules,
  options: CompareOptions,
): Promise<MigrationPlan> {
  const include = config.include;
  const [from, to] =
    include === undefined ? [live, models] : [includedSnapshot(live, include, "database"), includedSnapshot(models, include, "models")];
  const manage = manageForModels(config.manage, models);
  return produceMigration(managedSnapshot(from, manage), managedSnapshot(to, manage), { ...options, rules });
}

/** The database's snapshot; a tenant's schema is read in place of the default one, and compared as it. */
async function readLive(
  config: ResolvedConfig,
  session: DatabaseSession,
  support: AutogenerateSupport,
  filter: SnapshotFilter,
): Promise<SchemaSnapshot> {
  const tenant = config.tenantSchema;
  if (tenant === undefined) return support.introspect(session, filter);
  const includeSchemas = filter.includeSchemas.map((schema) => (schema === "public" ? tenant : schema));
  return asDefaultSchema(await support.introspect(session, { ...filter, includeSchemas }), tenant);
}

/** Throws `not_up_to_date` unless the database is at every head of the graph; `then` ends the hint. */
function requireHeads(config: ResolvedConfig, files: ProjectRevisions, rows: readonly string[], then: string): void {
  const seen = revisionsForRows(files, rows);
  assertRowsMatchGraph(seen.script.graph, seen.rows, rowsSource(config));
  const heads = [...seen.script.graph.heads].sort();
  const current = [...seen.rows].sort();
  if (heads.length !== current.length || heads.some((head, i) => head !== current[i])) {
    throw new RetortError("not_up_to_date", "Target database is not up to date.", {
      hint: `Run \`retort upgrade head\` to apply the revisions the database lacks, then ${then}.`,
      details: { current, heads },
    });
  }
}

/**
 * `retort revision --autogenerate -m MSG`: compares the models with the database (which must be at the
 * head) and writes a revision whose upgrade makes the database match; nothing to change writes nothing.
 * Refused in production, where only `retort upgrade head` runs.
 */
export async function autogenerateRevision(
  config: ResolvedConfig,
  options: AutogenerateRevisionOptions,
): Promise<AutogenerateRevisionResult> {
  if (config.environment === "production") {
    throw new RetortError("autogenerate_refused", "revision --autogenerate is refused in production.", {
      hint: "Autogenerate belongs to development: generate and review the revision on a development database, commit it, and run only `retort upgrade head` in production.",
    });
  }
  const script = await loadProjectRevisions(config);
  const parents = resolveParents(script, options.head, options.splice ?? false);
  const { plan, rules } = await compare(config, options, script, (rows) =>
    requireHeads(config, script, rows, "generate the revision again"),
  );
  if (plan.empty) return { kind: "empty", plan };
  const files = await revisionBodies(config, plan, rules);
  const written: WrittenRevision[] = [];
  for (const [i, file] of files.entries()) {
    const header =
      i === 0
        ? { ...options, parents }
        : {
            message: `${options.message} (concurrent part)`,
            parents: [written[0]!.revision],
            revId: options.concurrentRevId,
            now: options.now,
          };
    const result = await writeNew(config, script, header, file);
    written.push({ ...result, transactional: file.transactional });
  }
  const first = written[0]!;
  return { kind: "written", revision: first.revision, path: first.path, files: written, plan };
}

/**
 * The bodies of the file(s) to write: with `safety: "off"` (or a dialect without safe forms) one file as the
 * models say; otherwise the safe forms, in a transactional revision and, when needed, a non-transactional child.
 */
async function revisionBodies(config: ResolvedConfig, plan: MigrationPlan, rules: ComparisonRules): Promise<readonly RevisionBody[]> {
  const dialect = dialectFor(config.url, config.rootDirectory);
  if (config.safety === "off" || dialect.safeForms === undefined)
    return [{ ...renderMigration(plan.upgrade, plan.downgrade, plan.manual, rules), exports: [], transactional: true }];
  return renderSafeRevisions(
    planSafeForms(plan.upgrade, await dialect.safeForms(plan.upgrade), new Set(plan.partitioned ?? [])),
    plan.manual,
    rules,
  );
}

/**
 * `retort check`: whether autogenerate would produce anything. The database must be at the head; rename
 * candidates need no answer (either way, changes are pending).
 */
export async function check(config: ResolvedConfig, options: CompareOptions = {}): Promise<CheckResult> {
  const script = await loadProjectRevisions(config);
  const { plan, undeclared, unmanaged } = await compare(
    config,
    { resolver: notRenamedResolver, ...options },
    script,
    (rows) => requireHeads(config, script, rows, "run the check again"),
    true,
  );
  const changes = [...plan.upgrade.map(describeOperation), ...plan.manual.map((change) => `${change.subject}: ${change.message}`)];
  return { pending: !plan.empty, changes, plan, undeclared, ...(unmanaged === undefined ? {} : { unmanaged }) };
}
