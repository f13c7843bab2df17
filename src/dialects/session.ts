/**
 * A connection to one database, whatever engine is behind it (a PostgreSQL server, the embedded server, PGlite).
 * The runtime and a dialect's catalog reader talk to databases only through this. It is declared here, beside the
 * dialects that run their statements through it, and implemented by the engines (src/engines/), which sit above.
 */
export interface DatabaseSession {
  /** One statement with `$1`-style parameters; returns its rows. */
  query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** SQL text that may hold several statements and no parameters (migrations' DDL, `op.execute`). */
  execute(sql: string): Promise<void>;
  /** Several statements without parameters, sent in one message; the rows of each, in order. */
  queryMany(sql: string): Promise<Record<string, unknown>[][]>;
  /** Closes the connection and, for an embedded engine, stops it and releases its directory. */
  close(): Promise<void>;
}
