import type { PGlite } from "@electric-sql/pglite";
import type { DatabaseSession } from "../../dialects/session.js";

/**
 * Wraps an open PGlite instance as a DatabaseSession. `afterClose` runs once PGlite has closed (the directory
 * lock is released there). Values come back as PGlite parses them (e.g. int8 as a number, not a string).
 */
export function createPgliteSession(db: PGlite, afterClose?: () => Promise<void>): DatabaseSession {
  let closed = false;
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) {
      const result = await db.query<Row>(sql, params === undefined ? undefined : [...params]);
      return result.rows;
    },
    async execute(sql: string) {
      // exec uses the simple query protocol, which accepts several statements.
      await db.exec(sql);
    },
    async queryMany(sql: string) {
      return (await db.exec(sql)).map((result) => result.rows as Record<string, unknown>[]);
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        await afterClose?.();
      }
    },
  };
}
