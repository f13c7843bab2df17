/**
 * A connection to one database, whatever engine is behind it (a PostgreSQL server, the embedded server, PGlite).
 * The runtime talks to databases only through this.
 */
export interface DatabaseSession {
  /** One statement with `$1`-style parameters; returns its rows. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<Row[]>;
  /** SQL text that may hold several statements and no parameters (migrations' DDL, `op.execute`). */
  execute(sql: string): Promise<void>;
  /** Several statements without parameters, sent in one message; the rows of each, in order. */
  queryMany(sql: string): Promise<Record<string, unknown>[][]>;
  /** Closes the connection and, for an embedded engine, stops it and releases its directory. */
  close(): Promise<void>;
}

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
}
