import { randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { readFile, rename, unlink, writeFile } from "node:fs/promises";

/**
 * How to reach the server that the holder of an embedded directory's lock runs, so that other processes attach
 * to it as clients instead of waiting for the lock.
 *
 * Protocol:
 * - The lock holder (the owner) writes `<directory>/retort.server.json` once its server accepts connections:
 *   to a unique temporary file renamed into place, so a reader sees a complete record or none.
 * - A record is valid only while its `ownerToken` is the token of the live lock holder: a record left by an
 *   owner that died is ignored by clients and replaced by the next owner.
 * - The owner removes it before it stops the server, so that clients wait for the lock rather than attach to a
 *   server that refuses new connections.
 */
export interface PublishedServer {
  /** The lock token of the owner that published it. */
  readonly ownerToken: string;
  readonly ownerPid: number;
  /** The postmaster's pid, and its process start time where the OS tells it (Linux). */
  readonly pid: number;
  readonly startTime?: string;
  /** Socket directory (POSIX) or 127.0.0.1 (Windows), and port. */
  readonly host: string;
  readonly port: number;
  /** The data directory the server was started on (`-D`). */
  readonly dataDirectory: string;
  readonly publishedAt: string;
}

/** Writes the record atomically, replacing any earlier one. */
export async function publishServer(file: string, record: PublishedServer): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(record)}\n`, { flag: "wx", mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The published record, or undefined when there is none or it is unreadable (not attaching is always safe). */
export async function readPublishedServer(file: string): Promise<PublishedServer | undefined> {
  const text = await readFile(file, "utf8").catch(() => undefined);
  return text === undefined ? undefined : parse(text);
}

/** Removes the record if `ownerToken` published it. */
export async function withdrawServer(file: string, ownerToken: string): Promise<void> {
  if ((await readPublishedServer(file))?.ownerToken === ownerToken) await unlink(file).catch(() => undefined);
}

/** {@link withdrawServer} for `process.on("exit")`. */
export function withdrawServerSync(file: string, ownerToken: string): void {
  try {
    if (parse(readFileSync(file, "utf8"))?.ownerToken === ownerToken) unlinkSync(file);
  } catch {
    // gone already
  }
}

function parse(text: string): PublishedServer | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Record<string, unknown>;
    const valid =
      typeof record.ownerToken === "string" &&
      typeof record.ownerPid === "number" &&
      typeof record.pid === "number" &&
      typeof record.host === "string" &&
      typeof record.port === "number" &&
      typeof record.dataDirectory === "string";
    return valid ? (value as PublishedServer) : undefined;
  } catch {
    return undefined;
  }
}
