import type { DatabaseSql } from "../../dialect.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";

/** Databases made and dropped on a server: replay targets of offline autogenerate, test databases from a template. */
export const databaseSql: DatabaseSql = Object.freeze({
  create: (name: string, template?: string) =>
    template === undefined
      ? `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE template0`
      : `CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`,
  drop: (name: string) => `DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`,
  note: "SELECT shobj_description(oid, 'pg_database') AS \"note\" FROM pg_database WHERE datname = $1",
  setNote: (name: string, note: string) => `COMMENT ON DATABASE ${quoteIdentifier(name)} IS ${quoteLiteral(note)}`,
  named: 'SELECT datname AS "name" FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
  inUseCode: "55006",
});
