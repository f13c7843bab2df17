/**
 * Throwaway databases for `retort test`: a fresh embedded PostgreSQL in a temporary directory, or a database of
 * its own on a given server, removed again when the test is done.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ConnectionError } from "../errors.js";
import { DATA_LOCATION_FILE } from "./embedded/data-home.js";
import { parseDatabaseUrl, redactUrl } from "./url.js";

/** A database that exists only for one run; `dispose` removes it (call it once its sessions are closed). */
export interface ThrowawayDatabase {
  readonly url: string;
  /** The URL without its password, for messages. */
  readonly displayUrl: string;
  dispose(): Promise<void>;
}

/**
 * A throwaway database: without `serverUrl`, an embedded PostgreSQL in a new temporary directory; with a
 * `postgres://` URL, a new database `retort_test_<random>` on that server (the named database is not touched);
 * `pglite:memory:` is used as it is; any `sqlite:` URL gives a new SQLite file in a temporary directory. Nothing exists until the URL is first opened (in development or test).
 */
export async function throwawayDatabase(serverUrl: string | undefined, baseDirectory: string): Promise<ThrowawayDatabase> {
  if (serverUrl === undefined) {
    const root = await mkdtemp(path.join(os.tmpdir(), "retort-test-"));
    // mkdtemp makes the folder private; the embedded server runs as another user when Retort runs as root.
    await chmod(root, 0o755);
    const directory = path.join(root, "db");
    return { url: `embedded:${directory}`, displayUrl: `embedded:${directory}`, dispose: () => removeEmbedded(root, directory) };
  }
  const location = parseDatabaseUrl(serverUrl, baseDirectory);
  if (location.engine === "sqlite") {
    const root = await mkdtemp(path.join(os.tmpdir(), "retort-test-"));
    const url = `sqlite:${path.join(root, "test.db")}`;
    return { url, displayUrl: url, dispose: () => rm(root, { recursive: true, force: true }) };
  }
  if (location.engine === "pglite" && location.directory === "memory") {
    return { url: serverUrl, displayUrl: serverUrl, dispose: async () => undefined };
  }
  if (location.engine !== "server") {
    throw new ConnectionError(
      "invalid_url",
      `retort test cannot use ${redactUrl(serverUrl)}: it needs a database it may create and drop.`,
      {
        hint: "Give a server URL (postgres://user@host/postgres), on which it creates and drops a database of its own, or pglite:memory:; without --url it runs an embedded PostgreSQL in a temporary directory.",
      },
    );
  }
  const url = new URL(location.url);
  url.pathname = `/retort_test_${randomBytes(6).toString("hex")}`;
  const { dropServerDatabase } = await import("./server/index.js");
  return { url: url.href, displayUrl: redactUrl(url.href), dispose: () => dropServerDatabase(url.href) };
}

/**
 * The throwaway database of a command on the project whose database `configUrl` names: on `explicitUrl` when
 * given; else a new SQLite file for an SQLite project (its revisions are SQLite's), else an embedded PostgreSQL.
 */
export async function throwawayDatabaseFor(
  explicitUrl: string | undefined,
  configUrl: string,
  baseDirectory: string,
): Promise<ThrowawayDatabase> {
  if (explicitUrl !== undefined) return throwawayDatabase(explicitUrl, baseDirectory);
  const sqlite = (() => {
    try {
      return parseDatabaseUrl(configUrl, baseDirectory).engine === "sqlite";
    } catch {
      return false;
    }
  })();
  return throwawayDatabase(sqlite ? "sqlite::memory:" : undefined, baseDirectory);
}

/** Removes the temporary directory, and the cluster when it had to live elsewhere (Retort running as root). */
async function removeEmbedded(root: string, directory: string): Promise<void> {
  const recorded = await readFile(path.join(directory, DATA_LOCATION_FILE), "utf8").catch(() => undefined);
  if (recorded !== undefined && recorded.trim() !== "") await rm(path.dirname(recorded.trim()), { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
}
