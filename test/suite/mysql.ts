/**
 * MySQL/MariaDB's entry in the shared suite: its features, and a clean database for each case (MySQL's schemas are
 * databases, so a case works in the provisioned database, named `public` as the default schema is, and its tables
 * are dropped afterwards).
 */
import type { ConnectedDatabase } from "../../src/runtime/database.js";
import type { SuiteDialect } from "./targets.js";

async function dropAllTables(db: ConnectedDatabase): Promise<void> {
  const tables = await db.session.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
  );
  if (tables.length === 0) return;
  const names = tables.map(({ name }) => `\`${name.replaceAll("`", "``")}\``).join(", ");
  await db.session.execute(`SET FOREIGN_KEY_CHECKS = 0; DROP TABLE ${names}; SET FOREIGN_KEY_CHECKS = 1`);
}

export const mysqlSuite: SuiteDialect = Object.freeze({
  features: Object.freeze({
    schemas: false,
    enums: false,
    sequences: false,
    comments: false,
    alterTable: false,
    richIndexes: false,
    domains: false,
  }),
  isolation: Object.freeze({
    schema: "public",
    begin: dropAllTables,
    async end(db: ConnectedDatabase) {
      await db.session.execute("ROLLBACK").catch(() => undefined);
      await dropAllTables(db);
    },
  }),
});
