/**
 * SQLite's entry in the shared suite: its features, and how each case gets a clean database. A database file is
 * one schema (`main`); a case's objects are dropped when it ends.
 */
import type { ConnectedDatabase } from "../../src/runtime/database.js";
import type { SuiteDialect } from "./targets.js";

export const sqliteSuite: SuiteDialect = Object.freeze({
  features: Object.freeze({
    schemas: false,
    enums: false,
    sequences: false,
    comments: false,
    // Changes SQLite cannot ALTER rebuild the table, read from the live database; a --sql script cannot.
    alterTable: false,
    richIndexes: false,
    domains: false,
  }),
  isolation: Object.freeze({
    schema: "main",
    async begin(_db: ConnectedDatabase) {},
    async end(db: ConnectedDatabase) {
      await db.session.execute("ROLLBACK").catch(() => undefined);
      await db.session.execute("PRAGMA foreign_keys = OFF");
      const objects = await db.session.query<{ type: string; name: string }>(
        "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type DESC",
      );
      for (const { type, name } of objects)
        await db.session.execute(`DROP ${type.toUpperCase()} IF EXISTS "${name.replaceAll('"', '""')}"`);
    },
  }),
});
