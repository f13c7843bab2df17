import { readFileSync } from "node:fs";
import type pg from "pg";
import { ConnectionError } from "../../errors.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { redactUrl } from "../url.js";
import { loadPg } from "./driver.js";
import { processConnectionContext, type ServerConnectionOptions, serverConnectionOptions } from "./connection-options.js";
import { reportingLostConnection } from "./lost-connection.js";
import { createPgSession } from "./pg-session.js";
import { quoteIdentifier } from "../../dialects/postgres/index.js";

const MAINTENANCE_DATABASE = "postgres";

/** Opens a database on a PostgreSQL server (`postgres://…`), creating it first when asked to and missing. */
export async function openServer(url: string, options: OpenOptions): Promise<OpenedDatabase> {
  const displayUrl = redactUrl(url);
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, "")) || target.username || "postgres";
  let created = false;
  let client: pg.Client;
  try {
    client = await connect(url);
  } catch (error) {
    if (pgCode(error) !== "3D000") throw translateConnectError(error, target, database);
    if (!options.createIfMissing) {
      throw new ConnectionError("database_missing", `Database '${database}' does not exist on ${hostPort(target)}.`, {
        hint: `Create it first (createdb -h ${target.hostname} -p ${target.port || "5432"} ${database}, or your provisioning step); in production Retort never creates databases.`,
        details: { database },
      });
    }
    await createDatabase(target, database);
    created = true;
    options.log?.(`Created database '${database}' on ${hostPort(target)}`);
    try {
      client = await connect(url);
    } catch (retryError) {
      throw translateConnectError(retryError, target, database);
    }
  }
  return {
    session: reportingLostConnection(createPgSession(client), displayUrl),
    created,
    displayUrl,
    openSession: async () => reportingLostConnection(createPgSession(await connect(url)), displayUrl),
  };
}

async function connect(url: string): Promise<pg.Client> {
  const options = serverConnectionOptions(url, processConnectionContext(readTextFile));
  try {
    return await connectWith(options, options.ssl);
  } catch (error) {
    // libpq's `prefer` and `allow`: one more attempt, the other way, when the first failed over TLS itself.
    if (options.fallbackSsl === undefined || !isTlsRefusal(error)) throw withPasswordSource(error, options);
    return connectWith(options, options.fallbackSsl).catch((retryError: unknown) => {
      throw withPasswordSource(retryError, options);
    });
  }
}

async function connectWith(options: ServerConnectionOptions, ssl: ServerConnectionOptions["ssl"]): Promise<pg.Client> {
  const client = new (loadPg().Client)({
    host: options.host,
    port: options.port,
    user: options.user,
    database: options.database,
    password: options.password,
    ssl,
    application_name: options.applicationName,
    options: options.options,
    connectionTimeoutMillis: options.connectTimeoutSeconds === undefined ? undefined : options.connectTimeoutSeconds * 1000,
    // The server learns of a client that died without closing its connection (a killed deploy) within minutes.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  // An idle server-side error (e.g. pg_terminate_backend) must not crash the process; the next query reports it.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The server refused TLS, or a plain connection (pg_hba.conf `hostssl` only): worth one attempt the other way. */
function isTlsRefusal(error: unknown): boolean {
  const message = messageOf(error);
  return /does not support SSL|SSL off|no encryption|EPROTO|wrong version number/i.test(message);
}

/** Keeps where the password came from with the error, so the message can say what to change. */
function withPasswordSource(error: unknown, options: ServerConnectionOptions): unknown {
  if (error !== null && typeof error === "object")
    Object.assign(error, { retortPasswordSource: options.passwordSource, retortUser: options.user });
  return error;
}

async function createDatabase(target: URL, database: string): Promise<void> {
  const maintenance = new URL(target.href);
  maintenance.pathname = `/${MAINTENANCE_DATABASE}`;
  let client: pg.Client;
  try {
    client = await connect(maintenance.href);
  } catch (error) {
    throw translateConnectError(error, maintenance, MAINTENANCE_DATABASE);
  }
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
  } catch (error) {
    // Another process created it at the same moment (42P04, or 23505 when both reached the catalog): fine.
    const code = pgCode(error);
    if (code !== "42P04" && code !== "23505") {
      throw new ConnectionError("database_missing", `Could not create database '${database}' on ${hostPort(target)}: ${messageOf(error)}`, {
        hint: "Create it by hand (createdb) or grant the user CREATEDB.",
        cause: error,
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Drops a database on the server of `url` (the database the URL names), through the maintenance database,
 * ending its sessions first. A database already gone is fine.
 */
export async function dropServerDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ""));
  const maintenance = new URL(target.href);
  maintenance.pathname = `/${MAINTENANCE_DATABASE}`;
  let client: pg.Client;
  try {
    client = await connect(maintenance.href);
  } catch (error) {
    throw translateConnectError(error, maintenance, MAINTENANCE_DATABASE);
  }
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Turns a driver error at connect time into a message that names host and port, never the password. */
function translateConnectError(error: unknown, target: URL, database: string): ConnectionError {
  const code = pgCode(error) ?? (error as { code?: string }).code;
  const where = hostPort(target);
  const { retortPasswordSource: passwordSource, retortUser: user } = error as { retortPasswordSource?: string; retortUser?: string };
  if (passwordSource === "none" && /password must be a string|no password|password authentication failed/i.test(messageOf(error))) {
    return new ConnectionError(
      "database_auth_failed",
      `The server at ${where} asks for a password for user '${user ?? "(default)"}', and none was given.`,
      {
        hint: "Give it in the database URL (postgres://user:password@host/db, with special characters percent-encoded), in the PGPASSWORD environment variable, or in ~/.pgpass (host:port:database:user:password).",
        cause: error,
      },
    );
  }
  if (/does not support SSL/i.test(messageOf(error))) {
    return new ConnectionError(
      "database_unreachable",
      `The server at ${where} does not accept TLS connections, and the URL's sslmode asks for one.`,
      {
        hint: "Turn on ssl in the server's configuration, or use sslmode=prefer (TLS when the server offers it) or sslmode=disable in the URL.",
        cause: error,
      },
    );
  }
  if (code === "28P01" || code === "28000") {
    return new ConnectionError(
      "database_auth_failed",
      `Authentication failed for user '${decodeURIComponent(target.username) || "(default)"}' on ${where}: ${messageOf(error)}`,
      {
        hint: `Check the user name and the password (taken from ${passwordSourceText(passwordSource)}).`,
        cause: error,
      },
    );
  }
  if (
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "ETIMEDOUT" ||
    code === "EHOSTUNREACH" ||
    code === "EAI_AGAIN" ||
    code === "57P03"
  ) {
    return new ConnectionError("database_unreachable", `Cannot connect to the database server at ${where} (${code}).`, {
      hint: "Is the PostgreSQL server running and accepting TCP connections there? Check host and port in the database URL.",
      cause: error,
    });
  }
  return new ConnectionError("database_unreachable", `Cannot connect to database '${database}' at ${where}: ${messageOf(error)}`, {
    hint: "Check the database URL and that the server accepts connections.",
    cause: error,
  });
}

function passwordSourceText(source: string | undefined): string {
  switch (source) {
    case "PGPASSWORD":
      return "the PGPASSWORD environment variable";
    case "pgpass":
      return "the password file, ~/.pgpass or PGPASSFILE";
    case "none":
      return "nowhere: none was given";
    default:
      return "the database URL: DATABASE_URL or the config's url";
  }
}

function hostPort(url: URL): string {
  return `${url.hostname || "localhost"}:${url.port || "5432"}`;
}

function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
