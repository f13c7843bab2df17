import type { Dialect } from "../dialects/dialect.js";
import { mysqlDialect } from "../dialects/mysql/index.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import { sqliteDialect } from "../dialects/sqlite/index.js";
import type { OpenedDatabase, OpenOptions } from "./session.js";
import { type DatabaseLocation, parseDatabaseUrl } from "./url.js";

export { parseDatabaseUrl, redactUrl } from "./url.js";
export type { ThrowawayDatabase } from "./throwaway.js";

/** The throwaway database of a project's command (`retort test`, `squash`): like its database; loaded on first use. */
export async function throwawayDatabaseFor(
  ...args: Parameters<typeof import("./throwaway.js")["throwawayDatabaseFor"]>
): ReturnType<typeof import("./throwaway.js")["throwawayDatabaseFor"]> {
  return (await import("./throwaway.js")).throwawayDatabaseFor(...args);
}

/** A database made for one run and removed after it (`retort test`); loaded on first use. */
export async function throwawayDatabase(
  ...args: Parameters<typeof import("./throwaway.js")["throwawayDatabase"]>
): ReturnType<typeof import("./throwaway.js")["throwawayDatabase"]> {
  return (await import("./throwaway.js")).throwawayDatabase(...args);
}

export type { EmbeddedServer } from "./embedded/server-url.js";

/** An embedded PostgreSQL run as a server of several databases (offline replay, test databases); loaded on first use. */
export async function openEmbeddedServer(
  ...args: Parameters<typeof import("./embedded/server-url.js")["openEmbeddedServer"]>
): ReturnType<typeof import("./embedded/server-url.js")["openEmbeddedServer"]> {
  return (await import("./embedded/server-url.js")).openEmbeddedServer(...args);
}

/** An open database and the dialect that speaks to it. */
export interface ConnectedDatabase extends OpenedDatabase {
  readonly dialect: Dialect;
}

/** The dialect of the database a URL names, without connecting (for `--sql` scripts). */
export function dialectFor(url: string, baseDirectory: string): Dialect {
  return dialectOf(parseDatabaseUrl(url, baseDirectory));
}

/** The server, embedded and PGlite engines speak PostgreSQL. */
function dialectOf(location: DatabaseLocation): Dialect {
  switch (location.engine) {
    case "server":
    case "embedded":
    case "pglite":
      return postgresDialect;
    case "sqlite":
      return sqliteDialect;
    case "mysql":
      return mysqlDialect;
  }
}

/**
 * Opens the database a URL names, on whichever engine serves it. Engines are imported lazily so a command pays
 * only for the one it uses (PGlite's WebAssembly is large).
 */
export async function openDatabase(url: string, baseDirectory: string, options: OpenOptions): Promise<ConnectedDatabase> {
  const location = parseDatabaseUrl(url, baseDirectory);
  return { ...(await openEngine(location, options)), dialect: dialectOf(location) };
}

async function openEngine(location: DatabaseLocation, options: OpenOptions): Promise<OpenedDatabase> {
  switch (location.engine) {
    case "server": {
      const { openServer } = await import("./server/index.js");
      return openServer(location.url, options);
    }
    case "embedded": {
      const { openEmbedded } = await import("./embedded/index.js");
      return openEmbedded(location.directory, options);
    }
    case "pglite": {
      const { openPglite } = await import("./pglite/index.js");
      return openPglite(location.directory, options);
    }
    case "sqlite": {
      const { openSqlite } = await import("./sqlite/index.js");
      return openSqlite(location.file, options);
    }
    case "mysql": {
      const { openMysql } = await import("./mysql/index.js");
      return openMysql(location.url, options);
    }
  }
}
