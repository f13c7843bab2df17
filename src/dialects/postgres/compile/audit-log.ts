import type { AuditEntry, VersionTableName } from "../../dialect.js";
import { qualifiedName, quoteLiteral } from "../quote.js";

/**
 * The audit log beside the version table: one row per applied, reverted or stamped revision, with the file's
 * checksum, so an applied revision edited afterwards is noticed. Inserted in the same transaction as the
 * revision's own changes.
 */
export const auditLogSql = {
  create(name: VersionTableName): string {
    return `CREATE TABLE IF NOT EXISTS ${qualifiedName(name.table, name.schema)} (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    revision VARCHAR(32) NOT NULL,
    operation VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    checksum CHAR(64),
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    duration_ms INTEGER NOT NULL,
    retort_version VARCHAR(32) NOT NULL,
    failed_statement INTEGER,
    error TEXT,
    completed_statements INTEGER
)`;
  },
  insert(name: VersionTableName, entry: AuditEntry): string {
    const duration =
      entry.durationMs === "transaction"
        ? "(extract(epoch from clock_timestamp() - transaction_timestamp()) * 1000)::integer"
        : quoteLiteral(Math.max(0, Math.round(entry.durationMs)));
    const values = [
      quoteLiteral(entry.revision),
      quoteLiteral(entry.operation),
      quoteLiteral(entry.status),
      quoteLiteral(entry.checksum ?? null),
      duration,
      quoteLiteral(entry.retortVersion),
      quoteLiteral(entry.failedStatement ?? null),
      quoteLiteral(entry.error ?? null),
    ];
    const columns = "revision, operation, status, checksum, duration_ms, retort_version, failed_statement, error";
    // Named only when set: a log created before the column existed takes every other row unchanged.
    if (entry.completedStatements === undefined)
      return `INSERT INTO ${qualifiedName(name.table, name.schema)} (${columns}) VALUES (${values.join(", ")})`;
    return `INSERT INTO ${qualifiedName(name.table, name.schema)} (${columns}, completed_statements) VALUES (${values.join(", ")}, ${quoteLiteral(entry.completedStatements)})`;
  },
  /** Answers `exists` (boolean). */
  exists(name: VersionTableName): string {
    return `SELECT to_regclass(${quoteLiteral(qualifiedName(name.table, name.schema))}) IS NOT NULL AS "exists"`;
  },
  /**
   * The latest entry per revision: its operation, status, checksum and, when it failed or is running, where.
   * Columns: revision, operation, status, checksum, failed_statement, error, applied_at, completed_statements.
   * The last is read through the row's JSON, so a log created before that column existed reads as null.
   */
  latest(name: VersionTableName): string {
    return `SELECT DISTINCT ON (revision) revision, operation, status, checksum, failed_statement, error, applied_at::text AS applied_at,
    (to_jsonb(log) ->> 'completed_statements')::integer AS completed_statements
FROM ${qualifiedName(name.table, name.schema)} AS log
ORDER BY revision, id DESC`;
  },
  /**
   * Altered only when the column is missing: ALTER TABLE needs the table's owner and its strongest lock, which
   * a run by another role, or `current` reading the log, should not meet on every revision.
   */
  addMissingColumns(name: VersionTableName): string {
    const table = qualifiedName(name.table, name.schema);
    return `DO $retort$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(table)}) AND attname = 'completed_statements' AND NOT attisdropped) THEN
    ALTER TABLE ${table} ADD COLUMN completed_statements INTEGER;
  END IF;
END
$retort$`;
  },
  clearProgress(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualifiedName(name.table, name.schema)} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
  },
} as const;
