import type { OpenedDatabase, OpenOptions } from "./session.js";
import { parseDatabaseUrl } from "./url.js";

/**
 * Opens the database a URL names, on whichever engine serves it. Engines are imported lazily so a command
 * pays only for the one it uses (PGlite's WebAssembly is large).
 */
export async function openDatabase(url: string, baseDirectory: string, options: OpenOptions): Promise<OpenedDatabase> {
  const location = parseDatabaseUrl(url, baseDirectory);
  switch (location.engine) {
    case "server": {
      const { openServer } = await import("./postgres/server.js");
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
  }
}
