import os from "node:os";
import type pg from "pg";
import { ConnectionError, StorageError } from "../../errors.js";
import { describeStorageFault, storageFault, storageFaultHint } from "../storage-errors.js";
import type { DatabaseSession } from "../../dialects/session.js";
import { retortApplicationName } from "../server/connection-options.js";
import { SUPERUSER, type ServerAddress } from "./server.js";

/** The `pg` driver and the session wrapper, loaded on first use (they cost about as much as a server start). */
export interface Driver {
  readonly pg: typeof import("pg").default;
  readonly createPgSession: typeof import("../server/pg-session.js").createPgSession;
}

/** Loads the {@link Driver}. */
export async function loadDriver(): Promise<Driver> {
  const [{ loadPg }, { createPgSession }] = await Promise.all([import("../server/driver.js"), import("../server/pg-session.js")]);
  return { pg: loadPg(), createPgSession };
}

const DATABASE = "postgres";

/**
 * Connects to the embedded server as its superuser, to the cluster's `postgres` database (the cluster exists
 * for this one project). Rejects with the driver's error.
 */
export async function connectClient({ pg }: Driver, address: ServerAddress): Promise<pg.Client> {
  const client = new pg.Client({
    host: address.host,
    port: address.port,
    user: SUPERUSER,
    database: DATABASE,
    application_name: retortApplicationName(os.hostname(), process.pid),
    connectionTimeoutMillis: 10_000,
  });
  // A server-side error while idle must not crash the process; the next query reports it.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Who runs the server a session talks to, for the error raised when it goes away. */
export interface ServerIdentity {
  readonly directory: string;
  readonly pid: number;
}

/**
 * A session on a connected client whose failures after the server went away (it was stopped or killed, e.g.
 * along with the process that ran it) are a ConnectionError saying so, rather than a bare driver error.
 * `beforeEnd` runs before the client ends, `afterEnd` after (each once, even if close is called again).
 */
export function embeddedSession(
  driver: Driver,
  client: pg.Client,
  server: ServerIdentity,
  hooks: { beforeEnd?: () => Promise<void>; afterEnd?: () => Promise<void> } = {},
): DatabaseSession {
  const inner = driver.createPgSession(client, hooks.afterEnd);
  let closing: Promise<void> | undefined;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw serverGone(error, server) ?? storageFailure(error, server) ?? error;
    }
  };
  return {
    query: (sql, params) => guard(() => inner.query(sql, params)),
    execute: (sql) => guard(() => inner.execute(sql)),
    queryMany: (sql) => guard(() => inner.queryMany(sql)),
    close() {
      closing ??= (async () => {
        await hooks.beforeEnd?.();
        await inner.close();
      })();
      return closing;
    },
  };
}

/** SQLSTATEs of a server shutting down or gone: admin_shutdown, crash_shutdown, cannot_connect_now. */
const SHUTDOWN_CODES = new Set(["57P01", "57P02", "57P03"]);

/** The ConnectionError for a failure that means the server is gone, or undefined for any other failure. */
function serverGone(error: unknown, server: ServerIdentity): ConnectionError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const gone =
    (typeof code === "string" && SHUTDOWN_CODES.has(code)) || /Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(message);
  if (!gone) return undefined;
  return new ConnectionError(
    "database_unreachable",
    `The embedded PostgreSQL of ${server.directory} (pid ${server.pid}) went away: ${message}`,
    {
      hint: "It was stopped or killed, or the process that ran it ended. Run the command again: it starts the server, or uses the one running.",
      details: { directory: server.directory, pid: server.pid },
      cause: error,
    },
  );
}

/**
 * The StorageError for a statement the server could not write (a full disk: SQLSTATE 53100 disk_full, or the
 * file system's own message), naming the embedded directory; undefined for any other failure.
 */
function storageFailure(error: unknown, server: ServerIdentity): StorageError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const fault = code === "53100" ? "disk_full" : storageFault(message);
  if (fault === undefined || fault === "not_writable") return undefined;
  return new StorageError(`${capitalise(describeStorageFault(fault, server.directory))}: ${message}`, {
    hint: storageFaultHint(fault, server.directory, "the embedded PostgreSQL"),
    details: { directory: server.directory, storageFault: fault, databaseCode: code },
    cause: error,
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
