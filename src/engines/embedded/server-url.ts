import path from "node:path";
import { ConnectionError } from "../../errors.js";
import type { DatabaseSession } from "../../dialects/session.js";
import { EMBEDDED_LAYOUT, openEmbedded } from "./index.js";
import { readPublishedServer } from "./published-server.js";
import { SUPERUSER } from "./server.js";

/** An embedded PostgreSQL kept running, reachable as an ordinary server while `session` stays open. */
export interface EmbeddedServer {
  /** A `postgres://` URL of database `database` on it (its Unix socket, or 127.0.0.1 on Windows). */
  urlOf(database: string): string;
  /** The session on its `postgres` database; closing it stops the server (once no other process uses it). */
  readonly session: DatabaseSession;
}

/**
 * Runs (or attaches to) the embedded PostgreSQL of `directory`, creating the cluster when missing, and says how
 * to reach it as a server: for work that needs several databases on one embedded cluster (offline autogenerate's
 * replay, test databases cloned from a template).
 */
export async function openEmbeddedServer(directory: string, log?: (line: string) => void): Promise<EmbeddedServer> {
  const opened = await openEmbedded(directory, { createIfMissing: true, log });
  const record = await readPublishedServer(path.join(directory, EMBEDDED_LAYOUT.server));
  if (record === undefined) {
    await opened.session.close();
    throw new ConnectionError("embedded_engine_failed", `No embedded server is published for ${directory}.`, {
      hint: "Run the command again; if it keeps failing, delete the directory to start a new embedded database.",
    });
  }
  const { host, port } = record;
  return {
    session: opened.session,
    urlOf(database) {
      const name = encodeURIComponent(database);
      return host.startsWith("/")
        ? `postgres://${SUPERUSER}@localhost/${name}?host=${encodeURIComponent(host)}&port=${port}`
        : `postgres://${SUPERUSER}@${host}:${port}/${name}`;
    },
  };
}
