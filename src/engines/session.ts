import type { DatabaseSession } from "../dialects/session.js";

/** How a command opens its database. */
export interface OpenOptions {
  /** Create the database (server: CREATE DATABASE; embedded/PGlite: its directory) when it is missing. */
  readonly createIfMissing: boolean;
  /** Progress lines for stderr (e.g. "Created database movies"). */
  readonly log?: (line: string) => void;
}

/** The result of opening: the session and whether the database had to be created first. */
export interface OpenedDatabase {
  readonly session: DatabaseSession;
  readonly created: boolean;
  /** The URL with any password removed, for messages. */
  readonly displayUrl: string;
  /**
   * Opens one more session on the same database (to watch the first while it waits for a lock). Absent for an
   * engine with a single connection (PGlite).
   */
  readonly openSession?: (() => Promise<DatabaseSession>) | undefined;
}
