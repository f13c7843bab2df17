/**
 * `retort pull`: models from an existing database, so a team can adopt Retort on the database it has. Reads
 * the catalog as autogenerate does (the same introspection, normal form and filters, so `retort check` against
 * that database is clean), counts what models cannot declare, and writes one models module. Read-only: it never
 * creates a database, in any environment.
 */
import { readFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { includedSnapshot } from "../autogenerate/include.js";
import { byCodeUnit, schemaKey } from "../autogenerate/names.js";
import type { ResolvedConfig } from "../config/load-config.js";
import type { ComparisonRules, UndeclaredDependency, UnmodelledCounts } from "../dialects/dialect.js";
import { openDatabase, redactUrl } from "../engines/connect.js";
import { OutputExistsError, RetortError } from "../errors.js";
import { drizzleGaps } from "../pull/drizzle/gaps.js";
import { renderDrizzleModels } from "../pull/drizzle/render.js";
import { renderModels } from "../pull/render.js";
import type { ColumnType } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { managedSnapshot } from "../schema/managed.js";
import { unmanagedCounts } from "../autogenerate/managed.js";
import { snapshotFilter } from "./autogenerate.js";
import { casingOf } from "./drizzle-models.js";
import { DEFAULT_MODELS_FILE, MODELS_TEMPLATE } from "./init.js";
import { assertNoRevisions, type BaselineResult, writeBaseline } from "./pull-baseline.js";
import { type CommandHooks, logOf } from "./script.js";

/** Options of {@link pull}. */
export interface PullOptions extends CommandHooks {
  /** The file to write (relative paths from `cwd`); default: the config's one models module, else {@link DEFAULT_MODELS_FILE}. */
  readonly out?: string;
  /** The schemas to read; default: the config's `includeSchemas`. */
  readonly schemas?: readonly string[];
  /** Overwrite an existing file. Without it only a missing file, or the untouched one `retort init` writes, is written. */
  readonly force?: boolean;
  /** `retort` (default): a `retort/schema` models module; `drizzle`: a Drizzle schema (`pgTable`, `pgEnum`, …). */
  readonly format?: PullFormat;
  /** Where a relative `out` starts; default: the working directory. */
  readonly cwd?: string;
  /** Also write a baseline revision that creates the pulled schema, and stamp the database at it. */
  readonly baseline?: boolean;
}

/** The kinds of module `retort pull` writes. */
export const PULL_FORMATS = ["retort", "drizzle"] as const;
export type PullFormat = (typeof PULL_FORMATS)[number];

/** What {@link pull} wrote. */
export interface PullResult {
  readonly path: string;
  /** The database, its password hidden. */
  readonly database: string;
  readonly schemas: readonly string[];
  readonly tables: number;
  readonly enums: number;
  /** What the schemas hold that the module does not declare, by kind; kinds with none are absent. */
  readonly unmodelled: UnmodelledCounts;
  /** With `format: "drizzle"`: what a Drizzle schema cannot declare although Retort compares it (`2 column comments`). */
  readonly formatGaps?: readonly string[];
  /** Columns that use an object the module does not declare (a domain, a sequence no column owns, …). */
  readonly dependencies: readonly UndeclaredDependency[];
  /** With `baseline`: the revision written and stamped. */
  readonly baseline?: BaselineResult;
}

/** The file to write: `--out`, the config's models module, or the one `retort init` would create. */
function outputPath(config: ResolvedConfig, options: PullOptions): string {
  if (options.out !== undefined) return path.resolve(options.cwd ?? process.cwd(), options.out);
  const [only, ...others] = config.models;
  if (only === undefined) return path.join(config.rootDirectory, ...DEFAULT_MODELS_FILE.split("/"));
  if (others.length > 0) {
    throw new RetortError("usage", `The config ${config.configPath} names ${config.models.length} models modules; pull writes one.`, {
      hint: "Say which file to write with --out FILE.",
      details: { models: config.models },
    });
  }
  return only;
}

/** Refuses a file that exists and is not the untouched models module of `retort init`, unless forced. */
async function checkWritable(file: string, force: boolean): Promise<void> {
  if (force) return;
  let current: string;
  try {
    current = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (current === MODELS_TEMPLATE) return;
  throw new OutputExistsError(`${file} exists; retort pull does not overwrite it.`, {
    hint: "Pass --force to replace it, or --out FILE to write the models elsewhere and compare.",
    details: { path: file },
  });
}

function enumsOf(type: ColumnType): { readonly name: string; readonly schema?: string | undefined }[] {
  if (type.kind === "enum") return [type];
  return type.kind === "array" ? enumsOf(type.element) : [];
}

/**
 * Schemas not read that hold enum types the read tables' columns use: the module declares those enums too (a
 * models module must export every enum its columns use), though the comparison leaves them alone.
 */
function outsideEnumSchemas(snapshot: SchemaSnapshot, schemas: readonly string[]): string[] {
  const read = new Set(schemas.map(schemaKey));
  const outside = snapshot.tables.flatMap((table) =>
    table.columns.flatMap((column) => enumsOf(column.type).map((type) => schemaKey(type.schema))),
  );
  return [...new Set(outside.filter((schema) => !read.has(schema)))].sort(byCodeUnit);
}

/** `counts` with the snapshot's functions, procedures and triggers added. */
function withRoutinesCounted(counts: UnmodelledCounts, snapshot: SchemaSnapshot): UnmodelledCounts {
  const routines = snapshot.routines ?? [];
  const added: Partial<Record<"function" | "procedure" | "trigger", number>> = {
    function: routines.filter((r) => r.kind === "function").length,
    procedure: routines.filter((r) => r.kind === "procedure").length,
    trigger: (snapshot.triggers ?? []).length,
  };
  const result: Partial<Record<keyof UnmodelledCounts, number>> = { ...counts };
  for (const [kind, count] of Object.entries(added) as [keyof typeof added, number][]) {
    const total = (counts[kind] ?? 0) + count;
    if (total > 0) result[kind] = total;
  }
  return result;
}

/** The views and materialized views of `snapshot`, counted (none: no entry). */
function viewCounts(snapshot: SchemaSnapshot): UnmodelledCounts {
  const views = snapshot.views ?? [];
  const materialized = views.filter((view) => view.materialized).length;
  const plain = views.length - materialized;
  return { ...(plain === 0 ? {} : { view: plain }), ...(materialized === 0 ? {} : { materializedView: materialized }) };
}

/**
 * `retort pull [--out FILE] [--schemas a,b] [--format retort|drizzle] [--force]`: writes the models of the database's tables and enum
 * types, in the schemas given (default: the config's), as one module; the header says where they came from and
 * counts what the models cannot declare. Checks the output file before connecting.
 */
export async function pull(config: ResolvedConfig, options: PullOptions = {}): Promise<PullResult> {
  const file = outputPath(config, options);
  await checkWritable(file, options.force ?? false);
  if (options.baseline) await assertNoRevisions(config);
  const schemas = options.schemas !== undefined && options.schemas.length > 0 ? [...options.schemas] : [...config.includeSchemas];
  const filter = { ...snapshotFilter(config), includeSchemas: schemas };
  const db = await openDatabase(config.url, config.rootDirectory, { createIfMissing: false, log: logOf(options) });
  let snapshot: SchemaSnapshot;
  let counts: UnmodelledCounts;
  let dependencies: UndeclaredDependency[];
  let rules: ComparisonRules;
  try {
    const support = await db.dialect.autogenerate();
    // All three go out at once: the server answers the counts while this process builds the snapshot.
    const reading = support.introspect(db.session, filter);
    const counting = support.countUnmodelled(db.session, schemas);
    const finding = support.undeclaredDependencies(db.session, schemas);
    for (const pending of [counting, finding]) pending.catch(() => undefined); // awaited below
    const read = await reading;
    const outside = outsideEnumSchemas(read, schemas);
    const live =
      outside.length === 0
        ? read
        : { ...read, enums: [...read.enums, ...(await support.introspect(db.session, { ...filter, includeSchemas: outside })).enums] };
    // As `check` sees it: the include filter on the catalog as read, then the dialect's normal form.
    snapshot = managedSnapshot(
      support.rules.normalize(config.include === undefined ? live : includedSnapshot(live, config.include, "database")),
      config.manage,
    );
    // A Drizzle schema is written without policies, row-level security and grants: they stay counted.
    counts = options.format === "drizzle" ? await counting : unmanagedCounts(await counting, config.manage);
    dependencies = await finding;
    rules = support.rules;
  } finally {
    await db.session.close();
  }
  // A Drizzle schema is written without sequences, domains, extensions, functions, triggers and views: they are
  // counted as left out, as the other objects it cannot declare.
  const left =
    options.format === "drizzle"
      ? ([
          ["sequence", snapshot.sequences.length],
          ["domain", snapshot.domains?.length ?? 0],
          ["extension", snapshot.extensions?.length ?? 0],
        ] as const)
      : [];
  const withLeft: UnmodelledCounts = { ...counts, ...Object.fromEntries(left.filter(([, n]) => n > 0)) };
  const unmodelled = options.format === "drizzle" ? { ...withRoutinesCounted(withLeft, snapshot), ...viewCounts(snapshot) } : withLeft;
  const database = redactUrl(config.url);
  const source = { database, schemas, unmodelled, dependencies };
  let text: string;
  if (options.format === "drizzle") {
    // Under the config's casing, keys that convert to the column's name stand for it, as they will be read.
    const casing = config.drizzle.casing === undefined ? undefined : await casingOf(config.drizzle.casing, file);
    text = renderDrizzleModels(
      { tables: snapshot.tables, enums: snapshot.enums, sequences: [], schemas: snapshot.schemas },
      source,
      casing?.convert,
    );
  } else text = renderModels(snapshot, source);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  const gaps = options.format === "drizzle" ? { formatGaps: drizzleGaps(snapshot) } : {};
  const result = {
    path: file,
    database,
    schemas,
    tables: snapshot.tables.length,
    enums: snapshot.enums.length,
    unmodelled,
    dependencies,
    ...gaps,
  };
  if (!options.baseline) return result;
  return { ...result, baseline: await writeBaseline(config, file, { snapshot, dependencies, unmodelled, rules }, options) };
}
