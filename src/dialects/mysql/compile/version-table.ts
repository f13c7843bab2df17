import type { VersionTableName } from "../../dialect.js";
import { qualifiedName, quoteLiteral } from "../quote.js";

function qualified(name: VersionTableName): string {
  return qualifiedName(name.table, name.schema);
}

/** The database the table is in: named, or the connection's. */
function databaseOf(name: VersionTableName): string {
  return name.schema === undefined ? "DATABASE()" : quoteLiteral(name.schema);
}

/** Whether `table` exists, as a condition on information_schema.tables. */
function tableExists(name: VersionTableName): string {
  return `EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = ${databaseOf(name)} AND table_name = ${quoteLiteral(name.table)})`;
}

/**
 * A statement that fails with {@link VERSION_TABLE_CHANGED} unless the statement just before it changed exactly one
 * row: a scalar subquery that answers two rows otherwise (a SELECT: DO would only warn). MySQL has no anonymous blocks to raise an error from,
 * and ROW_COUNT() is the count of the statement before, so the pair goes to the server as one message.
 */
function expectOneRow(statement: string): string {
  return `${statement};\nSELECT (SELECT 1 UNION ALL SELECT 1 FROM DUAL WHERE ROW_COUNT() <> 1) INTO @retort_changed`;
}

/** The driver's code for "Subquery returns more than 1 row", which the checked changes raise. */
export const VERSION_TABLE_CHANGED = "ER_SUBQUERY_NO_1_ROW";

/** The version table's SQL, with literals inlined so the same text serves online runs and `--sql` scripts. */
export const versionTableSql = {
  create(name: VersionTableName): string {
    return `CREATE TABLE IF NOT EXISTS ${qualified(name)} (\n    version_num VARCHAR(32) NOT NULL,\n    PRIMARY KEY (version_num)\n)`;
  },
  select(name: VersionTableName): string {
    return `SELECT version_num FROM ${qualified(name)} ORDER BY version_num`;
  },
  exists(name: VersionTableName): string {
    return `SELECT ${tableExists(name)} AS \`exists\``;
  },
  hasVersionColumn(name: VersionTableName): string {
    return `SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = ${databaseOf(name)} AND table_name = ${quoteLiteral(name.table)} AND column_name = 'version_num') AS ok`;
  },
  insert(name: VersionTableName, revision: string): string {
    return `INSERT INTO ${qualified(name)} (version_num) VALUES (${quoteLiteral(revision)})`;
  },
  update(name: VersionTableName, from: string, to: string): string {
    return `UPDATE ${qualified(name)} SET version_num = ${quoteLiteral(to)} WHERE version_num = ${quoteLiteral(from)}`;
  },
  delete(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualified(name)} WHERE version_num = ${quoteLiteral(revision)}`;
  },
  checkedUpdate(name: VersionTableName, from: string, to: string): string {
    return expectOneRow(versionTableSql.update(name, from, to));
  },
  checkedDelete(name: VersionTableName, revision: string): string {
    return expectOneRow(versionTableSql.delete(name, revision));
  },
  changedCode: VERSION_TABLE_CHANGED,
  deleteAll(name: VersionTableName): string {
    return `DELETE FROM ${qualified(name)}`;
  },
  schemaOf(name: VersionTableName): string {
    return `SELECT ${databaseOf(name)} AS \`schema\``;
  },
} as const;

/**
 * The migration lock: GET_LOCK, a named lock that belongs to the connection and is released when it ends (a killed
 * process never leaves it held). Lock names are at most 64 characters, so the name is hashed.
 */
const LOCK_KEY = "CONCAT('retort:', SHA1(?))";

export const migrationLockSql = {
  acquire: `SELECT GET_LOCK(${LOCK_KEY}, 31536000) AS acquired`,
  tryAcquire: `SELECT COALESCE(GET_LOCK(${LOCK_KEY}, 0), 0) AS acquired`,
  release: `SELECT RELEASE_LOCK(${LOCK_KEY}) AS released`,
  /** The connection holding the lock, from the process list. */
  holders: `SELECT p.ID AS pid, NULL AS application_name, p.HOST AS client_addr, NULL AS backend_start, p.STATE AS state, p.INFO AS query
FROM information_schema.PROCESSLIST AS p WHERE p.ID = IS_USED_LOCK(${LOCK_KEY})`,
  terminate: "KILL ?",
} as const;

/** No savepoints: DDL commits implicitly, so a revision never runs inside a transaction. */
export const transactionSql = {
  begin: "START TRANSACTION",
  commit: "COMMIT",
  rollback: "ROLLBACK",
} as const;
