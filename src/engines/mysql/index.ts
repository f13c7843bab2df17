/**
 * The MySQL/MariaDB engine (`mysql://user:password@host:3306/database`): one connection through the `mysql2`
 * driver, loaded only for these URLs. Development creates a missing database; production never does.
 */
import { ConnectionError } from "../../errors.js";
import type { DatabaseSession } from "../../dialects/session.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { redactUrl } from "../url.js";
import { loadMysql, type MysqlConnection } from "./driver.js";

/** Server error numbers Retort tells apart at connect time. */
const BAD_DATABASE = 1049;
const ACCESS_DENIED = 1045;
const DATABASE_EXISTS = 1007;

interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string | undefined;
  readonly database: string;
}

/** The parts of a `mysql://` URL (the URL was checked by parseDatabaseUrl). */
export function mysqlTarget(url: string): MysqlTarget {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port === "" ? 3306 : Number(parsed.port),
    user: decodeURIComponent(parsed.username) || "root",
    password: parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, "")),
  };
}

/** Opens the database a `mysql://` URL names, creating it first when asked to and missing. */
export async function openMysql(url: string, options: OpenOptions): Promise<OpenedDatabase> {
  const displayUrl = redactUrl(url);
  const target = mysqlTarget(url);
  let created = false;
  let connection: MysqlConnection;
  try {
    connection = await connect(target, target.database);
  } catch (error) {
    if (errno(error) !== BAD_DATABASE) throw connectError(error, target);
    if (!options.createIfMissing) {
      throw new ConnectionError("database_missing", `Database '${target.database}' does not exist on ${hostPort(target)}.`, {
        hint: `Create it first (mysql -h ${target.host} -P ${target.port} -u ${target.user} -e 'CREATE DATABASE \`${target.database}\`', or your provisioning step); in production Retort never creates databases.`,
        details: { database: target.database },
      });
    }
    await createDatabase(target);
    created = true;
    options.log?.(`Created database '${target.database}' on ${hostPort(target)}`);
    connection = await connect(target, target.database).catch((retry: unknown) => {
      throw connectError(retry, target);
    });
  }
  return {
    session: mysqlSession(connection, displayUrl),
    created,
    displayUrl,
    openSession: async () =>
      mysqlSession(await connect(target, target.database).catch((e: unknown) => Promise.reject(connectError(e, target))), displayUrl),
  };
}

async function connect(target: MysqlTarget, database: string | undefined): Promise<MysqlConnection> {
  const mysql = await loadMysql();
  const connection = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: database === "" ? undefined : database,
    // Revisions' op.execute may hold several statements; a checked version-table change is two.
    multipleStatements: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    timezone: "Z",
    charset: "utf8mb4",
  });
  // An idle connection's error (KILL from another session) must not crash the process; the next query reports it.
  connection.on("error", () => undefined);
  // Literals are written with backslashes escaped; the session reads them so whatever the server's default mode.
  await connection.query("SET SESSION sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', ''), time_zone = '+00:00'");
  return connection;
}

async function createDatabase(target: MysqlTarget): Promise<void> {
  let admin: MysqlConnection;
  try {
    admin = await connect(target, undefined);
  } catch (error) {
    throw connectError(error, target);
  }
  try {
    await admin.query(`CREATE DATABASE \`${target.database.replaceAll("`", "``")}\``);
  } catch (error) {
    // Another process created it at the same moment: fine.
    if (errno(error) !== DATABASE_EXISTS) {
      throw new ConnectionError(
        "database_missing",
        `Could not create database '${target.database}' on ${hostPort(target)}: ${messageOf(error)}`,
        {
          hint: "Create it by hand (CREATE DATABASE) or grant the user CREATE.",
          cause: error,
        },
      );
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** Wraps a connection as a DatabaseSession; lost connections become a ConnectionError naming the database. */
function mysqlSession(connection: MysqlConnection, displayUrl: string): DatabaseSession {
  let closed = false;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw lostConnection(error, displayUrl) ?? error;
    }
  };
  return {
    query: <Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) =>
      guard(async () => {
        const [rows] = await connection.query(sql, params === undefined ? undefined : [...params]);
        return (Array.isArray(rows) ? rows : []) as Row[];
      }),
    execute: (sql) =>
      guard(async () => {
        await connection.query(sql);
      }),
    queryMany: (sql) =>
      guard(async () => {
        const [results] = await connection.query(sql);
        return resultSets(results);
      }),
    async close() {
      if (closed) return;
      closed = true;
      await connection.end().catch(() => connection.destroy());
    },
  };
}

/**
 * The rows of each statement of a message. The driver answers one statement with its rows (objects) or a result
 * header, and several with a list of those; a list whose items are all lists or headers is several.
 */
export function resultSets(results: unknown): Record<string, unknown>[][] {
  if (!Array.isArray(results)) return [[]];
  const several = results.length > 0 && results.every((item) => Array.isArray(item) || isHeader(item));
  if (!several) return [results as Record<string, unknown>[]];
  return results.map((item) => (Array.isArray(item) ? (item as Record<string, unknown>[]) : []));
}

function isHeader(item: unknown): boolean {
  return item !== null && typeof item === "object" && (item as { constructor?: { name?: string } }).constructor?.name === "ResultSetHeader";
}

function lostConnection(error: unknown, displayUrl: string): ConnectionError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const fatal = (error as { fatal?: unknown } | null)?.fatal === true;
  if (!fatal && code !== "PROTOCOL_CONNECTION_LOST" && code !== "ECONNRESET" && code !== "EPIPE") return undefined;
  return new ConnectionError("database_unreachable", `The connection to ${displayUrl} was lost: ${messageOf(error)}`, {
    hint: "The server ended this session (KILL, a restart, a failover) or the network dropped it. Run the command again once the server accepts connections.",
    details: { databaseCode: code },
    cause: error,
  });
}

function connectError(error: unknown, target: MysqlTarget): unknown {
  if (error instanceof ConnectionError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const where = hostPort(target);
  if (errno(error) === ACCESS_DENIED) {
    return new ConnectionError("database_auth_failed", `Authentication failed for user '${target.user}' on ${where}: ${messageOf(error)}`, {
      hint: "Check the user name and the password in the database URL (mysql://user:password@host:3306/db, special characters percent-encoded).",
      cause: error,
    });
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH" || code === "EAI_AGAIN") {
    return new ConnectionError("database_unreachable", `Cannot connect to the MySQL server at ${where} (${String(code)}).`, {
      hint: "Is the MySQL or MariaDB server running and accepting TCP connections there? Check host and port in the database URL.",
      cause: error,
    });
  }
  return new ConnectionError("database_unreachable", `Cannot connect to database '${target.database}' at ${where}: ${messageOf(error)}`, {
    hint: "Check the database URL and that the server accepts connections.",
    cause: error,
  });
}

function errno(error: unknown): number | undefined {
  const value = (error as { errno?: unknown } | null)?.errno;
  return typeof value === "number" ? value : undefined;
}

function hostPort(target: MysqlTarget): string {
  return `${target.host}:${target.port}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
