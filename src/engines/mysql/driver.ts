import { ConnectionError } from "../../errors.js";

/** The part of a mysql2 connection Retort uses. */
export interface MysqlConnection {
  query(sql: string, params?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
  destroy(): void;
  on(event: "error", listener: (error: unknown) => void): unknown;
}

interface MysqlDriver {
  createConnection(options: Record<string, unknown>): Promise<MysqlConnection>;
}

let loaded: MysqlDriver | undefined;

/**
 * The `mysql2` driver, an optional dependency: imported the first time a `mysql://` URL is opened, so PostgreSQL
 * users never load it, and a clear error when it is not installed.
 */
export async function loadMysql(): Promise<MysqlDriver> {
  if (loaded) return loaded;
  try {
    const module = (await import("mysql2/promise")) as unknown as { default?: MysqlDriver } & MysqlDriver;
    loaded = module.default ?? module;
    return loaded;
  } catch (cause) {
    throw new ConnectionError("database_unreachable", "mysql:// URLs need the mysql2 driver, which is not installed.", {
      hint: "Install it beside Retort: npm install mysql2",
      cause,
    });
  }
}
