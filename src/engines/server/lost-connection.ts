import { ConnectionError } from "../../errors.js";
import type { DatabaseSession } from "../../dialects/session.js";

/** SQLSTATEs of a session ended by the server: admin_shutdown (pg_terminate_backend, a fast shutdown), crash_shutdown, cannot_connect_now. */
const ENDED_CODES = new Set(["57P01", "57P02", "57P03"]);

/**
 * A session whose failures after the connection was lost (ended by the server, or the network gone) are a
 * ConnectionError naming the database, rather than a bare driver error; other failures pass through unchanged.
 */
export function reportingLostConnection(inner: DatabaseSession, displayUrl: string): DatabaseSession {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw lostConnection(error, displayUrl) ?? error;
    }
  };
  return {
    query: (sql, params) => guard(() => inner.query(sql, params)),
    execute: (sql) => guard(() => inner.execute(sql)),
    queryMany: (sql) => guard(() => inner.queryMany(sql)),
    close: () => inner.close(),
  };
}

function lostConnection(error: unknown, displayUrl: string): ConnectionError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const lost =
    (typeof code === "string" && ENDED_CODES.has(code)) || /Connection terminated|not queryable|ECONNRESET|EPIPE|ETIMEDOUT/i.test(message);
  if (!lost) return undefined;
  return new ConnectionError("database_unreachable", `The connection to ${displayUrl} was lost: ${message}`, {
    hint: "The server ended this session (an administrator, a restart, a failover) or the network dropped it. Run the command again once the server accepts connections.",
    details: { databaseCode: code },
    cause: error,
  });
}
