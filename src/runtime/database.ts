import os from "node:os";
import { type ConnectedDatabase, openDatabase } from "../engines/connect.js";
import type { VersionTableName } from "../dialects/dialect.js";
import { ConnectionError, LockTimeoutError, RetortError, UnsupportedOperationError } from "../errors.js";

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
  /**
   * Schema-per-tenant: the tenant's schema, where the session resolves and creates unqualified names (the version
   * table and the audit log live there too).
   */
  readonly tenantSchema?: string | undefined;
  /**
   * An open database to run on instead of opening one (a run over many tenant schemas reuses one connection per
   * worker); {@link withDatabase} leaves it open.
   */
  readonly sharedDatabase?: ConnectedDatabase | undefined;
}

export interface ConnectOptions {
  readonly log: (line: string) => void;
}

/**
 * Opens the configured database. In development and test a missing database is created ;
 * in production it is an error that says how to create it.
 */
export async function connect(config: DatabaseSettings, options: ConnectOptions): Promise<ConnectedDatabase> {
  const createIfMissing = config.environment !== "production";
  const db = await openDatabase(config.url, config.rootDirectory, { createIfMissing, log: options.log });
  if (config.tenantSchema === undefined) return db;
  try {
    await useTenantSchema(db, config.tenantSchema, createIfMissing);
  } catch (error) {
    await db.session.close();
    throw error;
  }
  return db;
}

/** Points the session at a tenant's schema; a missing one is created, except in production. */
async function useTenantSchema(db: ConnectedDatabase, schema: string, createIfMissing: boolean): Promise<void> {
  const sql = db.dialect.tenants;
  if (sql === undefined) {
    throw new UnsupportedOperationError(
      `The ${db.dialect.name} dialect has no schemas, so ${db.displayUrl} cannot hold a tenant per schema.`,
      {
        hint: "Give each tenant a database of its own (a list of URLs as the tenant source).",
      },
    );
  }
  const [found] = await db.session.query<{ exists: boolean }>(sql.schemaExists, [schema]);
  if (!found?.exists) {
    if (!createIfMissing) {
      throw new ConnectionError("database_missing", `The tenant schema '${schema}' does not exist in ${db.displayUrl}.`, {
        hint: `Create it first (CREATE SCHEMA ${schema}), or drop it from the tenant list; in production Retort never creates schemas.`,
        details: { schema },
      });
    }
    await db.session.query(sql.createSchema(schema));
  }
  await db.session.query(sql.useSchema(schema));
}

/** Opens the database, runs `work`, and always closes it (stopping an embedded engine). */
export async function withDatabase<T>(
  config: DatabaseSettings,
  options: ConnectOptions,
  work: (db: ConnectedDatabase) => Promise<T>,
): Promise<T> {
  const shared = config.sharedDatabase;
  if (shared !== undefined) {
    if (config.tenantSchema !== undefined) await useTenantSchema(shared, config.tenantSchema, config.environment !== "production");
    return work(shared);
  }
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
  // A user's table of that name is never read as, or written to as, the version table.
  const [shape] = await db.session.query<{ ok: boolean }>(db.dialect.versionTable.hasVersionColumn(table));
  if (!shape?.ok) {
    const name = table.schema ? `${table.schema}.${table.table}` : table.table;
    throw new RetortError(
      "version_table_invalid",
      `The table ${name} exists and is not a Retort version table (it has no version_num column).`,
      {
        hint: "Another table has the version table's name: set `versionTable` (and `versionTableSchema`) in the config to a name of its own. Retort did not change that table.",
        details: { table: name },
      },
    );
  }
  const rows = await db.session.query<{ version_num: string }>(db.dialect.versionTable.select(table));
  return rows.map((row) => row.version_num);
}

export interface MigrationLockOptions {
  /** Give up after this many seconds of waiting; undefined waits as long as it takes. */
  readonly timeoutSeconds?: number | undefined;
  /** Where the waiting is reported (stderr). */
  readonly log?: ((line: string) => void) | undefined;
  /** End the session of a Retort process of this host that is no longer running, and take its lock. */
  readonly takeover?: boolean | undefined;
}

/** How often a wait for the lock is reported again, and how often the lock is tried. */
const REPORT_EVERY_MS = 5000;
const POLL_EVERY_MS = 200;

/** A session holding the migration lock, as the server describes it. */
export interface LockHolder {
  readonly pid: number;
  readonly applicationName: string;
  readonly clientAddress: string | null;
  readonly backendStart: Date | null;
  /** When the session is a Retort process's: its pid and host, from the application name. */
  readonly retort?: { readonly pid: number; readonly host: string } | undefined;
  /** A Retort process of this host that is no longer running: its session was left behind. */
  readonly orphaned: boolean;
}

/** Who holds the lock: the dialect's query, and for Retort sessions of this host whether the process lives. */
async function lockHolders(db: ConnectedDatabase, lockName: string): Promise<LockHolder[]> {
  const rows = await db.session.query<{
    pid: number;
    application_name: string | null;
    client_addr: string | null;
    backend_start: Date | string | null;
  }>(db.dialect.lock.holders, [lockName]);
  return rows.map((row) => {
    const applicationName = row.application_name ?? "";
    const match = /^retort (\d+)@(.+)$/.exec(applicationName);
    const retort = match ? { pid: Number(match[1]), host: match[2]! } : undefined;
    const orphaned = retort !== undefined && retort.host === os.hostname() && !processAlive(retort.pid);
    const backendStart = row.backend_start === null ? null : new Date(row.backend_start);
    return { pid: Number(row.pid), applicationName, clientAddress: row.client_addr, backendStart, retort, orphaned };
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `retort 1234@web-1 (pid 1234 on host web-1, since …)`, or what the server knows of another client. */
export function describeHolder(holder: LockHolder): string {
  const since = holder.backendStart ? `, since ${holder.backendStart.toISOString()}` : "";
  if (holder.retort) return `${holder.applicationName} (pid ${holder.retort.pid} on host ${holder.retort.host}${since})`;
  const name = holder.applicationName ? `'${holder.applicationName}'` : "a session";
  return `${name} (database backend pid ${holder.pid}${holder.clientAddress ? ` from ${holder.clientAddress}` : ""}${since})`;
}

/**
 * Holds the migration lock while `work` runs, so concurrent deploys apply each revision once. The lock is
 * the connection's: if the process dies, the server releases it once its session ends. While another session
 * holds it, the wait is reported (who holds it, then the time waited every few seconds); with a timeout,
 * waiting too long fails. A Retort process of this host that died while its statement ran leaves its session
 * (and the lock) behind until the statement ends: that is reported, and `takeover` ends that session.
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
  await acquireLock(db, lockName, options);
  try {
    return await work();
  } finally {
    await db.session.query(db.dialect.lock.release, [lockName]).catch(() => undefined);
  }
}

async function acquireLock(db: ConnectedDatabase, lockName: string, options: MigrationLockOptions): Promise<void> {
  const log = options.log ?? (() => undefined);
  const { timeoutSeconds } = options;
  const started = Date.now();
  let reported = 0;
  let orphansReported = false;
  for (;;) {
    const [row] = await db.session.query<{ acquired: boolean }>(db.dialect.lock.tryAcquire, [lockName]);
    if (row?.acquired) {
      if (reported > 0) log(`Took the migration lock after ${elapsedSeconds(started)}s.`);
      return;
    }
    const now = Date.now();
    if (reported === 0 || now - started >= reported * REPORT_EVERY_MS) {
      const holders = await lockHolders(db, lockName);
      const orphans = holders.filter((holder) => holder.orphaned);
      if (orphans.length > 0 && options.takeover) {
        for (const orphan of orphans) {
          log(`Ending the session left behind by ${describeHolder(orphan)}: that process is no longer running (--takeover).`);
          await db.session.query(db.dialect.lock.terminate, [orphan.pid]);
        }
        continue;
      }
      const who = holders.length > 0 ? holders.map(describeHolder).join(", ") : "another session";
      log(
        reported === 0
          ? `Waiting for the migration lock held by ${who}.`
          : `Still waiting for the migration lock held by ${who} (${elapsedSeconds(started)}s).`,
      );
      if (orphans.length > 0 && !orphansReported) {
        orphansReported = true;
        log(
          `That Retort process is no longer running on this host; its database session (backend pid ${orphans.map((o) => o.pid).join(", ")}) was left behind and holds the lock until its statement ends. Run the command again with --takeover to end that session and take the lock.`,
        );
      }
      reported++;
    }
    if (timeoutSeconds !== undefined && now - started >= timeoutSeconds * 1000) {
      const holders = await lockHolders(db, lockName).catch(() => []);
      const orphaned = holders.some((holder) => holder.orphaned);
      throw new LockTimeoutError(
        "lock_timeout",
        `Another migration holds the lock on ${db.displayUrl}; gave up after ${timeoutSeconds}s.${holders.length > 0 ? ` Held by ${holders.map(describeHolder).join(", ")}.` : ""}`,
        {
          hint: orphaned
            ? "The Retort process holding it is no longer running on this host: run the command again with --takeover to end its left-behind session."
            : "Wait for the other `retort` run to finish (or stop it), then run the command again; --lock-timeout sets how long to wait.",
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

function elapsedSeconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}
