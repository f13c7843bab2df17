import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { MANAGED_KIND_NAMES, type ManageSettings } from "../schema/managed.js";
import { closestKey } from "../schema/options.js";
import { ConfigError } from "../errors.js";
import type { DrizzleSettings, Environment, IncludeFilter, PostWriteHook, RetortConfig, Safety, TenantSource } from "./define-config.js";
import { readEnvFiles } from "./env-files.js";
import { type ChosenEnvironment, chooseEnvironment, EnvironmentValueError } from "./environment.js";
import { literalPasswordUrls } from "./literal-secrets.js";
import { describeLoadError } from "../project/load-error.js";
import { importProjectModule } from "../project/module-loader.js";

export const CONFIG_FILE_NAMES = ["retort.config.ts", "retort.config.mts", "retort.config.js", "retort.config.mjs"] as const;

/** A loaded and checked configuration, with every path absolute. */
export interface ResolvedConfig {
  readonly configPath: string;
  /** The directory of the config file; relative paths in the config are relative to it. */
  readonly rootDirectory: string;
  readonly url: string;
  readonly migrationsDirectory: string;
  readonly versionsDirectory: string;
  readonly models: readonly string[];
  readonly environment: Environment;
  /** Which setting chose the environment (the config, `RETORT_ENV`, `NODE_ENV` or the default). */
  readonly environmentChoice: ChosenEnvironment;
  /** The `.env` files read before the config was evaluated, in the order they were applied. */
  readonly envFiles: readonly string[];
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  /** The audit log beside the version table (same schema); default `retort_log`. */
  readonly auditLogTable: string;
  readonly transactionPerMigration: boolean;
  /** Seconds a revision's statement may wait for a table lock; 0: no limit of Retort's own. */
  readonly ddlLockTimeout: number;
  /** Further attempts after a statement's lock wait timed out. */
  readonly ddlLockRetries: number;
  /** What `upgrade` does with lint findings on the revisions it applies. */
  readonly safety: Safety;
  readonly includeSchemas: readonly string[];
  readonly excludeTables: readonly string[];
  /** Autogenerate's `include` callback, when the config has one. */
  readonly include: IncludeFilter | undefined;
  readonly postWriteHooks: readonly PostWriteHook[];
  /** Absolute path of the revision template, when the config names one. */
  readonly revisionTemplate: string | undefined;
  /** The config's tenant sources by name (a single source is named `default`); empty when it has none. */
  readonly tenants: Readonly<Record<string, TenantSource>>;
  /** Set on the config of one tenant of a schema-per-tenant run: that tenant's schema. */
  readonly tenantSchema?: string | undefined;
  /** How Drizzle models are read (`{}` when the config says nothing). */
  readonly drizzle: DrizzleSettings;
  /** Kinds switched off by the config's `manage` (`{}` when it says nothing). */
  readonly manage: ManageSettings;
  /** What the config's text does that it should not (a password written in a URL), for the CLI to warn about. */
  readonly warnings?: readonly string[];
}

export interface LoadConfigOptions {
  /** `--config`: an explicit file. Otherwise `retort.config.ts` is looked up from `cwd` upward. */
  readonly configPath?: string | undefined;
  /** `--url`: overrides the config's database URL. */
  readonly url?: string | undefined;
  readonly cwd?: string | undefined;
  /**
   * Defaults to `process.env`; read for RETORT_ENV and NODE_ENV. Variables from the `.env` files are added to
   * `process.env` (where the config file reads them) only when this is `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * The `.env` files read before the config is evaluated: by default `.env`, `.env.<environment>`,
   * `.env.local` and `.env.<environment>.local` from the config's folder; a path (`--env-file`, relative to
   * `cwd`) reads that file instead; `false` reads none.
   */
  readonly envFile?: string | false | undefined;
}

/** Finds, loads (as TypeScript, no build step) and validates `retort.config.ts`. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const configPath = options.configPath ? path.resolve(cwd, options.configPath) : findConfig(cwd);
  if (!existsSync(configPath)) {
    throw new ConfigError("config_not_found", `Config file not found: ${configPath}`, {
      hint: "Check the --config path, or run `retort init` to create retort.config.ts.",
    });
  }
  const env = options.env ?? process.env;
  let envFiles: readonly string[] = [];
  let mergedEnv = env;
  if (options.envFile !== false) {
    let read: ReturnType<typeof readEnvFiles>;
    try {
      read = readEnvFiles(path.dirname(configPath), env, {
        file: options.envFile === undefined ? undefined : path.resolve(cwd, options.envFile),
      });
    } catch (error) {
      if (error instanceof EnvironmentValueError) throw environmentError(error, configPath);
      throw error;
    }
    envFiles = read.files;
    mergedEnv = { ...env, ...read.values };
    if (env === process.env) Object.assign(process.env, read.values);
  }
  // A config that writes a database password in its text is never cached: the cached copy would outlive the
  // password's rotation. Every other config is, like any project file (transpiling it costs a command more than
  // everything else it does).
  const literalPasswords = literalPasswordUrls(readSource(configPath));
  let module: Record<string, unknown>;
  try {
    module = await importProjectModule<Record<string, unknown>>(configPath, { cache: literalPasswords.length === 0 });
  } catch (cause) {
    throw new ConfigError("config_invalid", `Cannot load the config file ${describeLoadError(cause, configPath)}`, {
      hint: "Fix the error in the config file; it must `export default defineConfig({ url, migrations, models })`.",
      cause,
    });
  }
  const loaded = defaultExport(module, configPath);
  try {
    return {
      ...resolveConfig(loaded, configPath, { ...options, env: mergedEnv }),
      envFiles,
      warnings: passwordWarnings(configPath, literalPasswords),
    };
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    // A getter or proxy in the exported object that throws while its keys are read.
    throw new ConfigError("config_invalid", `Cannot read the config of ${describeLoadError(cause, configPath)}`, {
      hint: "Export a plain object: `export default defineConfig({ url, migrations, models })`.",
      cause,
    });
  }
}

/** The config object; a file that exports it under another name is told to make it the default export. */
function defaultExport(module: Record<string, unknown>, configPath: string): unknown {
  if (typeof module !== "object" || module === null || "default" in module) return module?.["default"];
  const names = Object.keys(module).filter((name) => name !== "__esModule");
  throw new ConfigError(
    "config_invalid",
    `${configPath} has no default export${names.length > 0 ? ` (it exports ${names.map((n) => `'${n}'`).join(", ")})` : ""}.`,
    { hint: "The config must `export default defineConfig({ url, migrations, models })`." },
  );
}

function environmentError(error: EnvironmentValueError, configPath: string): ConfigError {
  const where = error.source === "config" ? `${configPath}: 'environment'` : "RETORT_ENV";
  return new ConfigError("config_invalid", `${where} ${error.message}.`, {
    hint:
      error.source === "config"
        ? "Remove the key to take the environment from RETORT_ENV or NODE_ENV, or set one of the three values."
        : "Unset RETORT_ENV (an empty value counts as unset) or set it to one of the three values.",
    details: { key: error.source === "config" ? "environment" : "RETORT_ENV" },
  });
}

function findConfig(cwd: string): string {
  for (let directory = path.resolve(cwd); ; directory = path.dirname(directory)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
    if (path.dirname(directory) === directory) break;
  }
  throw new ConfigError("config_not_found", `No retort.config.ts found in ${cwd} or any parent directory.`, {
    hint: "Run `retort init` to create one, or pass --config FILE.",
  });
}

/** Checks the values a config file exported; every problem names the file and the key. */
export function resolveConfig(loaded: unknown, configPath: string, options: LoadConfigOptions = {}): ResolvedConfig {
  const bad = (key: string, problem: string): ConfigError =>
    new ConfigError("config_invalid", `${configPath}: '${key}' ${problem}`, {
      hint: 'The config must `export default defineConfig({ url, migrations, models, … })`; README "Configuration" lists the keys.',
      details: { key },
    });
  if (typeof loaded !== "object" || loaded === null || Array.isArray(loaded)) {
    throw new ConfigError("config_invalid", `${configPath} must export a config object as its default export.`, {
      hint: 'Write `export default defineConfig({ url: "embedded:./.retort/dev", migrations: "migrations" })`.',
    });
  }
  const config = loaded as Record<keyof RetortConfig, unknown>;
  const known = new Set([
    "url",
    "migrations",
    "models",
    "environment",
    "versionTable",
    "versionTableSchema",
    "auditLogTable",
    "transactionPerMigration",
    "ddlLockTimeout",
    "ddlLockRetries",
    "safety",
    "includeSchemas",
    "excludeTables",
    "include",
    "postWriteHooks",
    "revisionTemplate",
    "tenants",
    "drizzle",
    "manage",
  ]);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) throw bad(key, `is not a config key (known keys: ${[...known].join(", ")}).`);
  }
  const rootDirectory = path.dirname(configPath);
  const url = options.url ?? config.url;
  if (typeof url !== "string" || url.trim() === "") throw bad("url", "must be a non-empty string (or pass --url).");
  const migrations = optionalString(config.migrations, "migrations", bad) ?? "migrations";
  const models = config.models === undefined ? [] : typeof config.models === "string" ? [config.models] : config.models;
  if (!Array.isArray(models) || models.some((m) => typeof m !== "string")) throw bad("models", "must be a path or a list of paths.");
  let environmentChoice: ChosenEnvironment;
  try {
    // Only a missing key falls back: `null` is a wrong value, as it is for every other key.
    environmentChoice = chooseEnvironment(config.environment, options.env ?? process.env);
  } catch (error) {
    if (error instanceof EnvironmentValueError) throw environmentError(error, configPath);
    throw error;
  }
  const versionTable = optionalString(config.versionTable, "versionTable", bad) ?? "retort_version";
  const transactionPerMigration = config.transactionPerMigration === undefined ? true : config.transactionPerMigration;
  if (typeof transactionPerMigration !== "boolean") throw bad("transactionPerMigration", "must be true or false.");
  const safety = config.safety === undefined ? defaultSafety(environmentChoice.environment) : config.safety;
  if (safety !== "strict" && safety !== "standard" && safety !== "off")
    throw bad("safety", `must be "strict", "standard" or "off", not ${JSON.stringify(safety)}.`);
  const { environment } = environmentChoice;
  const ddlLockTimeout = config.ddlLockTimeout === undefined ? defaultDdlLockTimeout(environment, safety) : config.ddlLockTimeout;
  if (typeof ddlLockTimeout !== "number" || !Number.isFinite(ddlLockTimeout) || ddlLockTimeout < 0)
    throw bad("ddlLockTimeout", "must be a number of seconds, 0 or more (0: no limit).");
  const ddlLockRetries = config.ddlLockRetries === undefined ? defaultDdlLockRetries(environment, safety) : config.ddlLockRetries;
  if (typeof ddlLockRetries !== "number" || !Number.isInteger(ddlLockRetries) || ddlLockRetries < 0)
    throw bad("ddlLockRetries", "must be a whole number of retries, 0 or more (0: fail at the first lock timeout).");
  const migrationsDirectory = path.resolve(rootDirectory, migrations);
  if (config.include !== undefined && typeof config.include !== "function")
    throw bad("include", "must be a function `(object, side) => boolean`.");
  const revisionTemplate = optionalString(config.revisionTemplate, "revisionTemplate", bad);
  return {
    configPath,
    rootDirectory,
    url,
    migrationsDirectory,
    versionsDirectory: path.join(migrationsDirectory, "versions"),
    models: (models as string[]).map((m) => path.resolve(rootDirectory, m)),
    environment: environmentChoice.environment,
    environmentChoice,
    envFiles: [],
    versionTable,
    versionTableSchema: optionalString(config.versionTableSchema, "versionTableSchema", bad),
    auditLogTable: optionalString(config.auditLogTable, "auditLogTable", bad) ?? "retort_log",
    transactionPerMigration,
    ddlLockTimeout,
    ddlLockRetries,
    safety,
    includeSchemas: stringList(config.includeSchemas, "includeSchemas", bad) ?? ["public"],
    excludeTables: stringList(config.excludeTables, "excludeTables", bad) ?? [],
    include: config.include as IncludeFilter | undefined,
    postWriteHooks: postWriteHooks(config.postWriteHooks, bad),
    revisionTemplate: revisionTemplate === undefined ? undefined : path.resolve(rootDirectory, revisionTemplate),
    tenants: tenantSources(config.tenants, bad),
    drizzle: drizzleSettings(config.drizzle, bad),
    manage: manageSettings(config.manage, bad),
  };
}

/** `manage`: an object of the kinds {@link MANAGED_KIND_NAMES} names, each true or false; a misspelt kind names the closest. */
function manageSettings(value: unknown, bad: (key: string, problem: string) => ConfigError): ManageSettings {
  if (value === undefined) return {};
  const kinds = MANAGED_KIND_NAMES.join(", ");
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad("manage", `must be an object of kinds set to true or false (${kinds}).`);
  for (const [kind, setting] of Object.entries(value)) {
    if (!(MANAGED_KIND_NAMES as readonly string[]).includes(kind)) {
      const close = closestKey(kind, MANAGED_KIND_NAMES);
      throw bad(
        `manage.${kind}`,
        `is not a kind Retort manages${close === undefined ? "" : ` (did you mean '${close}'?)`}; the kinds are ${kinds}.`,
      );
    }
    if (typeof setting !== "boolean") throw bad(`manage.${kind}`, "must be true or false.");
  }
  return Object.freeze({ ...(value as ManageSettings) });
}

/** A single source becomes the one named `default`; each source is checked for its shape. */
function tenantSources(value: unknown, bad: (key: string, problem: string) => ConfigError): Record<string, TenantSource> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad("tenants", "must be a source ({ schemas: … } or { urls: … }) or an object of named sources.");
  const single = "schemas" in value || "urls" in value;
  const named: Record<string, unknown> = single ? { default: value } : (value as Record<string, unknown>);
  const out: Record<string, TenantSource> = {};
  for (const [name, source] of Object.entries(named)) {
    const key = single ? "tenants" : `tenants.${name}`;
    if (typeof source !== "object" || source === null || Array.isArray(source))
      throw bad(key, "must be { schemas: query or list } or { urls: list, file or function }.");
    const entry = source as Record<string, unknown>;
    const keys = Object.keys(entry);
    if (keys.length !== 1 || (keys[0] !== "schemas" && keys[0] !== "urls"))
      throw bad(key, `must have exactly one key, schemas or urls (it has ${keys.length === 0 ? "none" : keys.join(", ")}).`);
    const given = entry[keys[0]!];
    const list = Array.isArray(given) && given.every((item) => typeof item === "string" && item !== "");
    if (keys[0] === "schemas" && !(list || (typeof given === "string" && given.trim() !== "")))
      throw bad(`${key}.schemas`, "must be a SQL query that returns the schema names, or a list of schema names.");
    if (keys[0] === "urls" && !(list || typeof given === "function" || (typeof given === "string" && given.trim() !== "")))
      throw bad(`${key}.urls`, "must be a list of database URLs, a file of them (one per line), or a function that returns them.");
    out[name] = source as TenantSource;
  }
  return out;
}

/**
 * In production every query on a table queues behind a DDL statement waiting for that table's lock, so with the
 * safety rules on each attempt waits no longer than a writer can bear (50 ms), and many short attempts with pauses
 * between them (see ddlLockRetries) find a moment when the table is free; without them, one wait of 5 s. In
 * development the holder is usually one's own application or an idle client, and a longer wait is kinder.
 */
export function defaultDdlLockTimeout(environment: Environment, safety: Safety): number {
  if (environment !== "production") return 30;
  return safety === "off" ? 5 : 0.05;
}

/**
 * Retries of a statement whose lock wait timed out: a few, so a short blocker only delays the deploy; ten for the
 * short attempts of production with the safety rules on (about half a minute of pauses at most).
 */
export function defaultDdlLockRetries(environment: Environment, safety: Safety): number {
  return environment === "production" && safety !== "off" ? 10 : 3;
}

/**
 * Production refuses an unsafe upgrade, since there a locked busy table is an outage; elsewhere tables are
 * small and the findings are shown without stopping the work.
 */
export function defaultSafety(environment: Environment): Safety {
  return environment === "production" ? "strict" : "standard";
}

function postWriteHooks(value: unknown, bad: (key: string, problem: string) => ConfigError): PostWriteHook[] {
  if (value === undefined) return [];
  const shape =
    'must be a list of `{ command: "npx", args: ["biome", "format", "--write", "{file}"] }` objects or `(file) => Promise<void>` functions';
  if (!Array.isArray(value)) throw bad("postWriteHooks", `${shape}.`);
  value.forEach((hook: unknown, i) => {
    if (typeof hook === "function") return;
    const where = `postWriteHooks[${i}]`;
    if (typeof hook !== "object" || hook === null) throw bad(where, `${shape}.`);
    const entry = hook as Record<string, unknown>;
    for (const key of Object.keys(entry))
      if (!["name", "command", "args"].includes(key)) throw bad(`${where}.${key}`, "is not a hook key (known keys: name, command, args).");
    if (typeof entry["command"] !== "string" || entry["command"] === "") throw bad(`${where}.command`, "must be a non-empty string.");
    if (entry["name"] !== undefined && typeof entry["name"] !== "string") throw bad(`${where}.name`, "must be a string.");
    if (entry["args"] !== undefined && (!Array.isArray(entry["args"]) || entry["args"].some((a) => typeof a !== "string")))
      throw bad(`${where}.args`, "must be a list of strings.");
  });
  return value as PostWriteHook[];
}

function drizzleSettings(value: unknown, bad: (key: string, problem: string) => ConfigError): DrizzleSettings {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw bad("drizzle", 'must be an object such as { casing: "snake_case" }.');
  const entries = value as Record<string, unknown>;
  for (const key of Object.keys(entries)) if (key !== "casing") throw bad(`drizzle.${key}`, "is not a Drizzle setting (known: casing).");
  const casing = entries["casing"];
  if (casing === undefined) return {};
  if (casing !== "snake_case" && casing !== "camelCase")
    throw bad("drizzle.casing", `must be "snake_case" or "camelCase" (as in drizzle-kit's config), not ${JSON.stringify(casing)}.`);
  return { casing };
}

function optionalString(value: unknown, key: string, bad: (key: string, problem: string) => ConfigError): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw bad(key, "must be a non-empty string.");
  return value;
}

function stringList(value: unknown, key: string, bad: (key: string, problem: string) => ConfigError): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw bad(key, "must be a list of strings.");
  return value as string[];
}

function readSource(configPath: string): string {
  try {
    return readFileSync(configPath, "utf8");
  } catch {
    // Unreadable: the import below says why.
    return "";
  }
}

function passwordWarnings(configPath: string, urls: readonly string[]): string[] {
  return urls.map(
    (url) =>
      `${path.basename(configPath)} holds the password of ${url} in its text, so it is in version control and every copy of the file: read the URL from an environment variable (DATABASE_URL, which a .env file may set) instead.`,
  );
}
