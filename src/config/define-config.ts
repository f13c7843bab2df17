/** Where commands run: development creates missing databases and autogenerates; production only upgrades. */
export type Environment = "development" | "production" | "test";

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
  /** Autogenerate filters: schemas to compare (default `["public"]`) and tables to leave alone. */
  readonly includeSchemas?: readonly string[];
  readonly excludeTables?: readonly string[];
}

/** Identity function that gives `retort.config.ts` type checking and completion. */
export function defineConfig(config: RetortConfig): RetortConfig {
  return config;
}
