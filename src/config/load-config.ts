import { existsSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";
import type { Environment, RetortConfig } from "./define-config.js";
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
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  /** The audit log beside the version table (same schema); default `retort_log`. */
  readonly auditLogTable: string;
  readonly transactionPerMigration: boolean;
  readonly includeSchemas: readonly string[];
  readonly excludeTables: readonly string[];
}

export interface LoadConfigOptions {
  /** `--config`: an explicit file. Otherwise `retort.config.ts` is looked up from `cwd` upward. */
  readonly configPath?: string | undefined;
  /** `--url`: overrides the config's database URL. */
  readonly url?: string | undefined;
  readonly cwd?: string | undefined;
  /** Defaults to `process.env`; read for RETORT_ENV and NODE_ENV. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
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
  let loaded: unknown;
  try {
    loaded = await importProjectModule<unknown>(configPath, { default: true, cache: false });
  } catch (cause) {
    throw new ConfigError("config_invalid", `Cannot load the config file ${describeLoadError(cause, configPath)}`, {
      hint: "Fix the error in the config file; it must `export default defineConfig({ url, migrations, models })`.",
      cause,
    });
  }
  try {
    return resolveConfig(loaded, configPath, options);
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    // A getter or proxy in the exported object that throws while its keys are read.
    throw new ConfigError("config_invalid", `Cannot read the config of ${describeLoadError(cause, configPath)}`, {
      hint: "Export a plain object: `export default defineConfig({ url, migrations, models })`.",
      cause,
    });
  }
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
      hint: "See DESIGN §1.2: export default defineConfig({ url, migrations, models, … }).",
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
    "includeSchemas",
    "excludeTables",
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
  const env = options.env ?? process.env;
  // Only a missing key falls back: `null` is a wrong value, as it is for every other key.
  const environment = config.environment !== undefined ? config.environment : (env.RETORT_ENV ?? env.NODE_ENV ?? "development");
  if (environment !== "development" && environment !== "production" && environment !== "test") {
    throw bad("environment", `must be "development", "production" or "test", not ${JSON.stringify(environment)}.`);
  }
  const versionTable = optionalString(config.versionTable, "versionTable", bad) ?? "retort_version";
  const transactionPerMigration = config.transactionPerMigration === undefined ? true : config.transactionPerMigration;
  if (typeof transactionPerMigration !== "boolean") throw bad("transactionPerMigration", "must be true or false.");
  const migrationsDirectory = path.resolve(rootDirectory, migrations);
  return {
    configPath,
    rootDirectory,
    url,
    migrationsDirectory,
    versionsDirectory: path.join(migrationsDirectory, "versions"),
    models: (models as string[]).map((m) => path.resolve(rootDirectory, m)),
    environment,
    versionTable,
    versionTableSchema: optionalString(config.versionTableSchema, "versionTableSchema", bad),
    auditLogTable: optionalString(config.auditLogTable, "auditLogTable", bad) ?? "retort_log",
    transactionPerMigration,
    includeSchemas: stringList(config.includeSchemas, "includeSchemas", bad) ?? ["public"],
    excludeTables: stringList(config.excludeTables, "excludeTables", bad) ?? [],
  };
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
