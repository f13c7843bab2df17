import { type ConnectedDatabase, openDatabase } from "../engines/connect.js";
import type { VersionTableName } from "../dialects/dialect.js";
import { LockTimeoutError, UnsupportedOperationError } from "../errors.js";

export type { ConnectedDatabase } from "../engines/connect.js";

/** What the runtime needs of the project's configuration (a loaded config has all of it). */
export interface DatabaseSettings {
  readonly url: string;
  /** Relative `embedded:`/`pglite:` directories resolve from here. */
  readonly rootDirectory: string;
  readonly environment: "development" | "production" | "test";
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  readonly auditLogTable: string;
}

export interface ConnectOptions {
  readonly log: (line: string) => void;
}

/**
 * Opens the configured database. In development and test a missing database is created ;
 * in production it is an error that says how to create it.
 */
export async function connect(config: DatabaseSettings, options: ConnectOptions): Promise<ConnectedDatabase> {
  return openDatabase(config.url, config.rootDirectory, { createIfMissing: config.environment !== "production", log: options.log });
}

/** Opens the database, runs `work`, and always closes it (stopping an embedded engine). */
export async function withDatabase<T>(
  config: DatabaseSettings,
  options: ConnectOptions,
  work: (db: ConnectedDatabase) => Promise<T>,
): Promise<T> {
  const db = await connect(config, options);
  try {
    return await work(db);
  } finally {
    await db.session.close();
  }
}

export function versionTableOf(config: DatabaseSettings): VersionTableName {
  return { table: config.versionTable, schema: config.versionTableSchema };
}

/**
 * One lock per version table, so two applications sharing a database with different tables do not block. The key
 * names the table the connection resolves (an unqualified name in its schema), so configs that spell one table
 * differently (`versionTableSchema: "public"` or not) take the same lock.
 */
export async function migrationLockName(db: ConnectedDatabase, table: VersionTableName): Promise<string> {
  const [row] = await db.session.query<{ schema: string | null }>(db.dialect.versionTable.schemaOf(table));
  return `retort:${row?.schema ?? table.schema ?? ""}.${table.table}`;
}

export function auditLogTableOf(config: DatabaseSettings): VersionTableName {
  return { table: config.auditLogTable, schema: config.versionTableSchema };
}

/** The version table's rows (the applied heads), or none when the table does not exist yet. */
export async function readVersionRows(db: ConnectedDatabase, table: VersionTableName): Promise<string[]> {
  const [found] = await db.session.query<{ exists: boolean }>(db.dialect.versionTable.exists(table));
  if (!found?.exists) return [];
  const rows = await db.session.query<{ version_num: string }>(db.dialect.versionTable.select(table));
  return rows.map((row) => row.version_num);
}

export interface MigrationLockOptions {
  /** Give up after this many seconds of waiting; undefined waits as long as it takes. */
  readonly timeoutSeconds?: number | undefined;
}

/**
 * Holds the migration lock while `work` runs, so concurrent deploys apply each revision once. The lock is
 * the connection's: if the process dies, the server releases it. With a timeout, waiting too long fails.
 */
export async function withMigrationLock<T>(
  db: ConnectedDatabase,
  table: VersionTableName,
  options: MigrationLockOptions,
  work: () => Promise<T>,
): Promise<T> {
  if (!db.dialect.capabilities.sessionLocks) {
    // A lock in a table would outlive a killed process; that strategy (with expiry) does not exist yet.
    throw new UnsupportedOperationError(
      `Retort cannot take the migration lock on ${db.displayUrl}: the ${db.dialect.name} dialect has no lock held by the connection.`,
      { hint: 'Migrations need a database whose connections can hold a lock (PostgreSQL\'s advisory locks); see README "Safety".' },
    );
  }
  const lockName = await migrationLockName(db, table);
  const { timeoutSeconds } = options;
  if (timeoutSeconds === undefined) {
    await db.session.query(db.dialect.lock.acquire, [lockName]);
  } else {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const [row] = await db.session.query<{ acquired: boolean }>(db.dialect.lock.tryAcquire, [lockName]);
      if (row?.acquired) break;
      if (Date.now() >= deadline) {
        throw new LockTimeoutError(
          "lock_timeout",
          `Another migration holds the lock on ${db.displayUrl}; gave up after ${timeoutSeconds}s.`,
          {
            hint: "Wait for the other `retort` run to finish (or stop it), then run the command again.",
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    await db.session.query(db.dialect.lock.release, [lockName]).catch(() => undefined);
  }
}
