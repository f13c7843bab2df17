import type { VersionTableName } from "../../dialect.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";

function qualified(name: VersionTableName): string {
  return name.schema ? `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}` : quoteIdentifier(name.table);
}

/**
 * The SQL of the version table: one row per applied head, as Alembic keeps it. Statements are returned as text
 * with literals inlined so the same text serves online runs and `--sql` scripts.
 */
/** The SQLSTATE a checked version-table change raises when it finds no row to change. */
export const VERSION_TABLE_CHANGED = "RV001";

/** Runs `statement` and raises when it changed no row (the version table's key makes more than one impossible). */
function expectOneRow(statement: string, detail: string): string {
  return `DO $retort$ BEGIN ${statement}; IF NOT FOUND THEN RAISE EXCEPTION 'Retort: the version table changed under this run' USING ERRCODE = '${VERSION_TABLE_CHANGED}', DETAIL = ${quoteLiteral(detail)}; END IF; END $retort$`;
}

export const versionTableSql = {
  create(name: VersionTableName): string {
    const constraint = quoteIdentifier(`${name.table}_pkc`);
    return `CREATE TABLE IF NOT EXISTS ${qualified(name)} (\n    version_num VARCHAR(32) NOT NULL,\n    CONSTRAINT ${constraint} PRIMARY KEY (version_num)\n)`;
  },
  /** Returns one row per head, column `version_num`. */
  select(name: VersionTableName): string {
    return `SELECT version_num FROM ${qualified(name)} ORDER BY version_num`;
  },
  /** `to_regclass` answers NULL (rather than failing) when the table does not exist. Column `exists`. */
  exists(name: VersionTableName): string {
    const target = name.schema ? `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}` : quoteIdentifier(name.table);
    return `SELECT to_regclass(${quoteLiteral(target)}) IS NOT NULL AS "exists"`;
  },
  /** Whether the existing table has the version table's column: one row, boolean column `ok`. */
  hasVersionColumn(name: VersionTableName): string {
    const target = name.schema ? `${quoteIdentifier(name.schema)}.${quoteIdentifier(name.table)}` : quoteIdentifier(name.table);
    return `SELECT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(target)}) AND attname = 'version_num' AND attnum > 0 AND NOT attisdropped) AS "ok"`;
  },
  insert(name: VersionTableName, revision: string): string {
    return `INSERT INTO ${qualified(name)} (version_num) VALUES (${quoteLiteral(revision)})`;
  },
  update(name: VersionTableName, from: string, to: string): string {
    return `UPDATE ${qualified(name)} SET version_num=${quoteLiteral(to)} WHERE ${qualified(name)}.version_num = ${quoteLiteral(from)}`;
  },
  delete(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualified(name)} WHERE ${qualified(name)}.version_num = ${quoteLiteral(revision)}`;
  },
  /**
   * `update`, failing with {@link VERSION_TABLE_CHANGED} when no row had `from`: the version table changed since
   * the run read it. A statement of its own, so it goes in the revision's message and fails its transaction.
   */
  checkedUpdate(name: VersionTableName, from: string, to: string): string {
    return expectOneRow(versionTableSql.update(name, from, to), `${qualified(name)} has no row ${from} to move to ${to}`);
  },
  /** `delete`, failing with {@link VERSION_TABLE_CHANGED} when there was no such row. */
  checkedDelete(name: VersionTableName, revision: string): string {
    return expectOneRow(versionTableSql.delete(name, revision), `${qualified(name)} has no row ${revision} to delete`);
  },
  /**
   * The schema the table is in, or would be created in: named, where an unqualified name resolves on this
   * connection (search_path), else `current_schema()`. Column `schema`.
   */
  schemaOf(name: VersionTableName): string {
    if (name.schema) return `SELECT ${quoteLiteral(name.schema)}::text AS "schema"`;
    return `SELECT coalesce((SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(${quoteLiteral(quoteIdentifier(name.table))})), current_schema())::text AS "schema"`;
  },
  changedCode: VERSION_TABLE_CHANGED,
  deleteAll(name: VersionTableName): string {
    return `DELETE FROM ${qualified(name)}`;
  },
  drop(name: VersionTableName): string {
    return `DROP TABLE ${qualified(name)}`;
  },
} as const;

/**
 * The migration lock: a session-level advisory lock, so it belongs to the connection and dies with it
 * (a killed process never leaves it held). The key is derived from the version table's name so two
 * applications sharing one database with different version tables do not block each other.
 */
export const migrationLockSql = {
  acquire: "SELECT pg_advisory_lock(hashtext($1))",
  tryAcquire: 'SELECT pg_try_advisory_lock(hashtext($1)) AS "acquired"',
  release: "SELECT pg_advisory_unlock(hashtext($1))",
  /**
   * The sessions holding the lock: a one-key advisory lock shows its key's high and low 32 bits in pg_locks. An
   * advisory lock belongs to one database, so only this database's holders count.
   */
  holders: `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.backend_start, a.state, a.query
FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = ((hashtext($1)::bigint >> 32) & 4294967295)
  AND l.objid::bigint = (hashtext($1)::bigint & 4294967295)`,
  /** Ends a session (and with it its locks); parameter: its backend pid. */
  terminate: "SELECT pg_terminate_backend($1) AS terminated",
} as const;

export const transactionSql = {
  begin: "BEGIN",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  savepoint: (name: string) => `SAVEPOINT ${quoteIdentifier(name)}`,
  releaseSavepoint: (name: string) => `RELEASE SAVEPOINT ${quoteIdentifier(name)}`,
  rollbackToSavepoint: (name: string) => `ROLLBACK TO SAVEPOINT ${quoteIdentifier(name)}`,
} as const;
