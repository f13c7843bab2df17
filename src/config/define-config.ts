import type { ManageSettings } from "../schema/managed.js";

/** Where commands run: development creates missing databases and autogenerates; production only upgrades. */
export type Environment = "development" | "production" | "test";

/**
 * What `upgrade` does with `retort lint`'s findings on the revisions it is about to apply: `strict` refuses to run
 * while an error finding is not silenced, `standard` prints the findings as warnings and runs, `off` skips the lint.
 */
export type Safety = "strict" | "standard" | "off";

/** What a project writes in `retort.config.ts` (DESIGN §1.2). */
export interface RetortConfig {
  /** The database URL: `postgres://…`, `embedded:<dir>` (the default engine) or `pglite:<dir>`. */
  readonly url: string;
  /** The folder that holds `versions/`, relative to the config file. Default `migrations`. */
  readonly migrations?: string;
  /** Module(s) whose exported tables are the target schema, relative to the config file. */
  readonly models?: string | readonly string[];
  /** Default: `RETORT_ENV`, then `NODE_ENV`, then `development`. */
  readonly environment?: Environment;
  /** Default `retort_version`; `alembic_version` adopts a database that Alembic managed. */
  readonly versionTable?: string;
  readonly versionTableSchema?: string;
  /** The audit log of applied revisions with their checksums (same schema); default `retort_log`. */
  readonly auditLogTable?: string;
  /** Each revision in its own transaction (default true); false runs a whole upgrade in one transaction. */
  readonly transactionPerMigration?: boolean;
  /**
   * Seconds a revision's statement may wait for a lock on a table that another session holds before the revision
   * fails (rolled back) naming the sessions that hold it; 0 sets no limit of Retort's own. Default: 0.05 in
   * production (5 with `safety: "off"`), 30 in development and test. (`--lock-timeout` is another wait: for another
   * run's migration lock.)
   */
  readonly ddlLockTimeout?: number;
  /**
   * How many more times a statement that gave up waiting for a table lock is tried, after a pause that doubles
   * each time (with jitter): the whole revision again in a transaction, the statement alone outside one. Default
   * 10 in production with the safety rules on, 3 otherwise; 0 fails at the first timeout.
   */
  readonly ddlLockRetries?: number;
  /**
   * `upgrade` lints the revisions it will apply first: `strict` refuses on an error finding that is not silenced
   * (`upgrade --force` runs anyway), `standard` warns and runs, `off` skips the lint. Default: `strict` in
   * production, `standard` in development and test. `--sql` runs are not linted.
   */
  readonly safety?: Safety;
  /** Autogenerate filters: schemas to compare (default `["public"]`) and tables to leave alone. */
  readonly includeSchemas?: readonly string[];
  readonly excludeTables?: readonly string[];
  /**
   * Autogenerate filter beside the static lists: called for each object on each side; `false` leaves the
   * object alone (neither created nor dropped nor altered).
   */
  readonly include?: IncludeFilter;
  /** Run on each file `revision` and `merge` write, in order (a formatter, say). */
  readonly postWriteHooks?: readonly PostWriteHook[];
  /** A file whose `${placeholder}`s are filled to write a new revision, relative to the config file. */
  readonly revisionTemplate?: string;
  /**
   * Where `--tenants` finds the tenants to run a command for: one source, or several by name (`--tenants NAME`
   * picks one; `--tenants` alone takes the only one, or the one named `default`).
   */
  readonly tenants?: TenantSource | Readonly<Record<string, TenantSource>>;
  /** How Drizzle models are read: `casing` as given to `drizzle({ casing })` and drizzle-kit's config. */
  readonly drizzle?: DrizzleSettings;
  /**
   * Kinds of objects Retort leaves alone: `{ policies: false }` neither compares policies nor reports them as
   * drift (for a database where another tool owns them). Every kind is managed when absent.
   */
  readonly manage?: ManageSettings;
}

/**
 * Settings for Drizzle models. `casing`: columns declared by their property key alone (`firstName: text()`) are
 * named `first_name` in the database under `"snake_case"`, `firstName` under `"camelCase"`; without it, the key.
 */
export interface DrizzleSettings {
  readonly casing?: "snake_case" | "camelCase";
}

/**
 * Tenants of a run over many: schemas of the configured database (a SQL query whose first column names them, or a
 * list of names), or databases (a list of URLs, a file of them one per line relative to the config file, or a
 * function that returns them).
 */
export type TenantSource =
  | { readonly schemas: string | readonly string[] }
  | { readonly urls: string | readonly string[] | (() => readonly string[] | Promise<readonly string[]>) };

/** An object autogenerate compares, as an {@link IncludeFilter} sees it. */
export interface IncludeObject {
  readonly kind: "table" | "column" | "index" | "constraint" | "enum" | "sequence" | "domain" | "extension" | "view" | "schema";
  readonly name: string;
  /** The schema, when it is not the default one. */
  readonly schema?: string;
  /** For a column, an index or a constraint: its table. */
  readonly table?: string;
}

/** Which side an object was found on: the database, or the models. */
export type IncludeSide = "database" | "models";

/** Keeps an object in autogenerate's comparison (`true`) or leaves it alone (`false`). */
export type IncludeFilter = (object: IncludeObject, side: IncludeSide) => boolean;

/**
 * A command run on each written revision file (`{file}` in `command` or `args` is its absolute path; it runs
 * in the config file's folder, without a shell), or a function given that path.
 */
export type PostWriteHook =
  | { readonly name?: string; readonly command: string; readonly args?: readonly string[] }
  | ((file: string) => void | Promise<void>);

/** Identity function that gives `retort.config.ts` type checking and completion. */
export function defineConfig(config: RetortConfig): RetortConfig {
  return config;
}
