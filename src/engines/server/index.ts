import type pg from "pg";
import { ConnectionError } from "../../errors.js";
import type { OpenedDatabase, OpenOptions } from "../session.js";
import { redactUrl } from "../url.js";
import { loadPg } from "./driver.js";
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
  return { session: createPgSession(client), created, displayUrl };
}

async function connect(url: string): Promise<pg.Client> {
  const client = new (loadPg().Client)({ connectionString: url, application_name: "retort" });
  // An idle server-side error (e.g. pg_terminate_backend) must not crash the process; the next query reports it.
  client.on("error", () => undefined);
  await client.connect();
  return client;
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

/** Turns a driver error at connect time into a message that names host and port, never the password. */
function translateConnectError(error: unknown, target: URL, database: string): ConnectionError {
  const code = pgCode(error) ?? (error as { code?: string }).code;
  const where = hostPort(target);
  if (code === "28P01" || code === "28000") {
    return new ConnectionError(
      "database_auth_failed",
      `Authentication failed for user '${decodeURIComponent(target.username) || "(default)"}' on ${where}: ${messageOf(error)}`,
      {
        hint: "Check the user name and password in the database URL (DATABASE_URL or the config's url).",
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
