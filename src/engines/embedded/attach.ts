import { realpath } from "node:fs/promises";
import { hostname } from "node:os";
import type pg from "pg";
import { ConnectionError } from "../../errors.js";
import type { DatabaseSession } from "../../dialects/session.js";
import { connectClient, embeddedSession, type Driver } from "./connection.js";
import type { LockHolder } from "../directory-lock.js";
import { readPublishedServer, type PublishedServer } from "./published-server.js";

/** Where to attach: the embedded directory, its data directory and published record, and the log. */
export interface AttachTarget {
  readonly directory: string;
  readonly dataDirectory: string;
  readonly recordFile: string;
  readonly log?: (line: string) => void;
}

/**
 * Connects to the server that `holder`, the live holder of the directory lock, runs and has published (see
 * published-server.ts), as an ordinary client: no lock is needed, and concurrency between clients is
 * PostgreSQL's business. Closing the session only ends the connection.
 *
 * Returns undefined when there is nothing to attach to, so that the caller waits for the lock and becomes the
 * owner itself: the holder has not published a server yet (it is starting it) or no longer (it is stopping
 * it), the record is an earlier owner's, the holder is on another host, or the server refuses connections
 * because it is shutting down (or its socket is gone). Any other failure to connect is an error.
 */
export async function attachToOwner(
  driver: Promise<Driver>,
  holder: LockHolder,
  target: AttachTarget,
): Promise<DatabaseSession | undefined> {
  if (holder.hostname !== hostname()) return undefined;
  const record = await readPublishedServer(target.recordFile);
  if (record?.ownerToken !== holder.token) return undefined;
  let client: pg.Client;
  try {
    client = await connectClient(await driver, record);
  } catch (error) {
    if (isNotServing(error)) return undefined;
    throw unreachable(error, record, target);
  }
  try {
    await assertServes(client, record, target);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  target.log?.(`Using the embedded server already running for ${target.directory} (pid ${record.pid}, run by process ${record.ownerPid})`);
  return embeddedSession(await driver, client, { directory: target.directory, pid: record.pid });
}

/** Refused, reset, socket or directory gone, "the database system is shutting down" (57P03), or no answer. */
function isNotServing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && ["ENOENT", "ECONNREFUSED", "ECONNRESET", "EPIPE", "57P01", "57P03"].includes(code)) return true;
  return typeof message === "string" && /Connection terminated|timeout/i.test(message);
}

/** Makes sure the server reached is the one on our data directory (a reused port on Windows, say). */
async function assertServes(client: pg.Client, record: PublishedServer, target: AttachTarget): Promise<void> {
  const result = await client.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir");
  const served = result.rows[0]?.dir ?? "";
  const [actual, expected] = await Promise.all([
    realpath(served).catch(() => served),
    realpath(target.dataDirectory).catch(() => target.dataDirectory),
  ]);
  if (actual === expected) return;
  throw new ConnectionError(
    "embedded_engine_failed",
    `The server that process ${record.ownerPid} published for ${target.directory} serves ${served}, not ${target.dataDirectory}.`,
    {
      hint: `Stop process ${record.ownerPid}, delete ${target.recordFile} and retry.`,
      details: { recordFile: target.recordFile, pid: record.pid },
    },
  );
}

function unreachable(error: unknown, record: PublishedServer, target: AttachTarget): ConnectionError {
  const message = error instanceof Error ? error.message : String(error);
  const denied = (error as { code?: unknown } | null)?.code === "EACCES";
  return new ConnectionError(
    "database_unreachable",
    `Cannot connect to the embedded PostgreSQL that process ${record.ownerPid} runs for ${target.directory}: ${message}`,
    {
      hint: denied
        ? `Its socket (${record.host}) belongs to the user the server runs as; run Retort as that user (the owner of ${target.dataDirectory}) or as root.`
        : `Read the server log in ${target.directory}, or stop process ${record.ownerPid} and retry.`,
      details: { pid: record.pid, ownerPid: record.ownerPid, host: record.host },
      cause: error,
    },
  );
}
