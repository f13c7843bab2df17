import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { ConnectionError } from "../../errors.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { sqliteLocks } from "./lock.js";
import { createSqliteSession, type SqliteDatabase } from "./session.js";

/** libsql: SQLite with better-sqlite3's API, its binaries shipped as npm packages (an optional dependency). */
async function loadDriver(): Promise<new (file: string, options?: Record<string, unknown>) => SqliteDatabase> {
  try {
    const module = (await import("libsql")) as unknown as { default: new (file: string) => SqliteDatabase };
    return module.default;
  } catch (cause) {
    throw new ConnectionError("database_unreachable", "SQLite URLs need the libsql package, which is not installed.", {
      hint: "Install it beside retort: npm install libsql (it ships SQLite's binaries as npm packages; nothing is compiled).",
      cause,
    });
  }
}

/**
 * Opens an SQLite database: `file` (absolute), or an in-memory database. A missing file is a missing database:
 * created (with its directory) when `createIfMissing` allows, refused otherwise.
 */
export async function openSqlite(location: string | "memory", options: OpenOptions): Promise<OpenedDatabase> {
  const Database = await loadDriver();
  if (location === "memory") {
    const db = new Database(":memory:");
    return { session: createSqliteSession(db, sqliteLocks(undefined)), created: true, displayUrl: "sqlite::memory:" };
  }
  const file = location;
  const exists = existsSync(file);
  if (exists && statSync(file).isDirectory()) {
    throw new ConnectionError("invalid_url", `The SQLite URL names ${file}, which is a directory.`, {
      hint: "Point sqlite: at a database file (sqlite:./data/app.db).",
    });
  }
  if (!exists && !options.createIfMissing) {
    throw new ConnectionError("database_missing", `The SQLite database ${file} does not exist.`, {
      hint: "Create it first (in development Retort creates it: RETORT_ENV=development), or fix the path in the URL; in production Retort never creates a database.",
      details: { file },
    });
  }
  if (!exists) mkdirSync(path.dirname(file), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(file);
    db.prepare("SELECT count(*) AS n FROM sqlite_schema").all();
  } catch (cause) {
    throw new ConnectionError(
      "database_unreachable",
      `Cannot open the SQLite database ${file}: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {
        hint: "Check that the file is an SQLite database and that this user may read and write it (and its directory).",
        details: { file },
        cause,
      },
    );
  }
  if (!exists) options.log?.(`Created SQLite database ${file}`);
  return { session: createSqliteSession(db, sqliteLocks(file)), created: !exists, displayUrl: `sqlite:${file}` };
}
