/**
 * The version table, the migration lock and the transaction statements on SQLite. Statements carry their
 * literals inline so the same text serves online runs and `--sql` scripts.
 */
import type { VersionTableName } from "../../dialect.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";

function qualified(name: VersionTableName): string {
  return qualifiedName(name.table, name.schema);
}

/** `"schema".sqlite_schema`: the catalog of the database (main or attached) that holds the table. */
export function catalogOf(schema: string | undefined): string {
  return schema === undefined ? "sqlite_schema" : `${quoteIdentifier(schema)}.sqlite_schema`;
}

/** Whether a table exists: one row, column `exists` (0 or 1). */
export function tableExists(name: VersionTableName): string {
  return `SELECT EXISTS (SELECT 1 FROM ${catalogOf(name.schema)} WHERE type = 'table' AND name = ${quoteLiteral(name.table)}) AS "exists"`;
}

/**
 * The error code of a checked version-table change that found no row: the guard row it then inserts breaks this
 * CHECK constraint (SQLite has no RAISE outside triggers, and no other statement-level failure with a code of its
 * own). The guard table is a temporary table of the connection, empty at all times.
 */
export const VERSION_TABLE_CHANGED = "SQLITE_CONSTRAINT_CHECK";

const versionGuard =
  "CREATE TEMP TABLE IF NOT EXISTS retort_version_guard (changed INTEGER CONSTRAINT retort_version_table_changed CHECK (changed IS NULL))";

function expectOneRow(statement: string): string {
  return `${versionGuard};\n${statement};\nINSERT INTO temp.retort_version_guard (changed) SELECT 1 WHERE changes() = 0`;
}

export const versionTableSql = {
  create(name: VersionTableName): string {
    const constraint = quoteIdentifier(`${name.table}_pkc`);
    return `CREATE TABLE IF NOT EXISTS ${qualified(name)} (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT ${constraint} PRIMARY KEY (version_num)\n)`;
  },
  select(name: VersionTableName): string {
    return `SELECT version_num FROM ${qualified(name)} ORDER BY version_num`;
  },
  exists: tableExists,
  hasVersionColumn(name: VersionTableName): string {
    const schema = name.schema === undefined ? "" : `, ${quoteLiteral(name.schema)}`;
    return `SELECT EXISTS (SELECT 1 FROM pragma_table_info(${quoteLiteral(name.table)}${schema}) WHERE name = 'version_num') AS "ok"`;
  },
  insert(name: VersionTableName, revision: string): string {
    return `INSERT INTO ${qualified(name)} (version_num) VALUES (${quoteLiteral(revision)})`;
  },
  update(name: VersionTableName, from: string, to: string): string {
    return `UPDATE ${qualified(name)} SET version_num=${quoteLiteral(to)} WHERE version_num = ${quoteLiteral(from)}`;
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
  /** The database (main, or an attached one) that holds the table. Column `schema`. */
  schemaOf(name: VersionTableName): string {
    return `SELECT ${quoteLiteral(name.schema ?? "main")} AS "schema"`;
  },
} as const;

/**
 * The migration lock. SQLite has no lock a connection holds apart from its transactions, and a revision's
 * transaction ends before the next begins; so the sqlite engine answers these statements itself, with a lock file
 * beside the database (`<file>.<version table>.retort-lock`) that a process holds until it releases it or dies (see
 * src/engines/sqlite/). Run on any other connection they fail: SQLite has no such functions.
 */
export const migrationLockSql = {
  acquire: "SELECT retort_lock_acquire(?1)",
  tryAcquire: 'SELECT retort_lock_try(?1) AS "acquired"',
  release: "SELECT retort_lock_release(?1)",
  holders: "SELECT retort_lock_holders(?1)",
  terminate: "SELECT retort_lock_terminate(?1)",
} as const;

const foreignKeyGuard = [
  'CREATE TEMP TABLE IF NOT EXISTS retort_foreign_key_check ("table" TEXT)',
  "CREATE TEMP TRIGGER IF NOT EXISTS retort_foreign_key_check BEFORE INSERT ON retort_foreign_key_check BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: a row refers to a row that does not exist (PRAGMA foreign_key_check lists them); the revision was rolled back'); END",
  'INSERT INTO temp.retort_foreign_key_check SELECT "table" FROM pragma_foreign_key_check LIMIT 1',
].join(";\n");

/**
 * A revision runs with foreign keys off (SQLite's default for a connection, and the only way a table can be
 * rebuilt: PRAGMA foreign_keys cannot change inside a transaction, so it is set before BEGIN), and before COMMIT
 * every foreign key is checked: a revision that leaves a row referring to nothing fails and is rolled back.
 * BEGIN IMMEDIATE takes the database's write lock at once. `retort_clock` keeps the transaction's start, which
 * the audit row's duration is measured from.
 */
export const transactionSql = {
  begin: [
    "PRAGMA foreign_keys = OFF",
    "BEGIN IMMEDIATE",
    "CREATE TEMP TABLE IF NOT EXISTS retort_clock (started REAL)",
    "DELETE FROM temp.retort_clock",
    "INSERT INTO temp.retort_clock VALUES (julianday('now'))",
  ].join(";\n"),
  commit: `${foreignKeyGuard};\nCOMMIT`,
  rollback: "ROLLBACK",
  savepoint: (name: string) => `SAVEPOINT ${quoteIdentifier(name)}`,
  releaseSavepoint: (name: string) => `RELEASE SAVEPOINT ${quoteIdentifier(name)}`,
  rollbackToSavepoint: (name: string) => `ROLLBACK TO SAVEPOINT ${quoteIdentifier(name)}`,
} as const;
