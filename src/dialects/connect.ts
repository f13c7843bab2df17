import type { Dialect } from "./dialect.js";
import { postgresDialect } from "./postgres/index.js";
import type { OpenedDatabase, OpenOptions } from "./session.js";
import { parseDatabaseUrl } from "./url.js";

/** An open database and the dialect that speaks to it. */
export interface DialectDatabase extends OpenedDatabase {
  readonly dialect: Dialect;
}

/** The dialect of the database a URL names, without connecting (for `--sql` scripts). */
export function dialectFor(url: string, baseDirectory: string): Dialect {
  const location = parseDatabaseUrl(url, baseDirectory);
  switch (location.engine) {
    case "server":
    case "embedded":
    case "pglite":
      return postgresDialect;
  }
}

/**
 * Opens the database a URL names, on whichever engine serves it (all three speak PostgreSQL). Engines are
 * imported lazily so a command pays only for the one it uses (PGlite's WebAssembly is large).
 */
export async function openDatabase(url: string, baseDirectory: string, options: OpenOptions): Promise<DialectDatabase> {
  const location = parseDatabaseUrl(url, baseDirectory);
  switch (location.engine) {
    case "server": {
      const { openServer } = await import("./postgres/server.js");
      return { ...(await openServer(location.url, options)), dialect: postgresDialect };
    }
    case "embedded": {
      const { openEmbedded } = await import("./embedded/index.js");
      return { ...(await openEmbedded(location.directory, options)), dialect: postgresDialect };
    }
    case "pglite": {
      const { openPglite } = await import("./pglite/index.js");
      return { ...(await openPglite(location.directory, options)), dialect: postgresDialect };
    }
  }
}
