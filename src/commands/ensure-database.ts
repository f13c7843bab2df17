import type { ResolvedConfig } from "../config/load-config.js";
import type { DatabaseSession } from "../dialects/session.js";
import { connect } from "../runtime/database.js";
import { type CommandHooks, logOf } from "./script.js";

export interface EnsureDatabaseResult {
  /** The database did not exist and was created now. */
  readonly created: boolean;
  /** The URL without its password. */
  readonly url: string;
}

/**
 * Makes sure the configured database exists: the guide's `init_postgres_db()`, for an app to call at start-up.
 * In development and test a missing database is created (server: CREATE DATABASE through the maintenance
 * database; embedded and PGlite: their directory). In production nothing is ever created: a missing database
 * throws a ConnectionError (`database_missing`) that says how to create it.
 */
export async function ensureDatabase(config: ResolvedConfig, hooks: CommandHooks = {}): Promise<EnsureDatabaseResult> {
  const db = await connect(config, { log: logOf(hooks) });
  await db.session.close();
  return { created: db.created, url: db.displayUrl };
}

/**
 * Opens a session on the configured database for an application's own queries (useful with the embedded
 * default, which runs only while a session is open). Close it when done. Creates the database only where
 * `ensureDatabase` would.
 */
export async function openSession(config: ResolvedConfig, hooks: CommandHooks = {}): Promise<DatabaseSession> {
  return (await connect(config, { log: logOf(hooks) })).session;
}
