import type pg from "pg";
import type { DatabaseSession } from "../../dialects/session.js";

/**
 * Wraps a connected `pg` client as a DatabaseSession. `afterClose` runs once the client has ended
 * (the embedded engine stops its server there).
 */
export function createPgSession(client: pg.Client, afterClose?: () => Promise<void>): DatabaseSession {
  let closed = false;
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      const result = await client.query<Row>(sql, params === undefined ? undefined : [...params]);
      return result.rows;
    },
    async execute(sql: string) {
      // No parameters: pg uses the simple query protocol, which accepts several statements.
      await client.query(sql);
    },
    async queryMany(sql: string) {
      // pg answers a single statement with one result, several with a list.
      const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(result) ? result.map((each) => each.rows) : [result.rows];
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.end();
      } finally {
        await afterClose?.();
      }
    },
  };
}
