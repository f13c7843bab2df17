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
    completed_statements INTEGER,
    completed_digest CHAR(64),
    backfill_progress TEXT
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
    // Named only when set: a log created before these columns existed takes every other row unchanged.
    const progress: [string, string][] = [];
    if (entry.completedStatements !== undefined) progress.push(["completed_statements", quoteLiteral(entry.completedStatements)]);
    if (entry.completedDigest !== undefined) progress.push(["completed_digest", quoteLiteral(entry.completedDigest)]);
    if (entry.backfillProgress !== undefined) progress.push(["backfill_progress", quoteLiteral(entry.backfillProgress)]);
    const allColumns = [columns, ...progress.map(([column]) => column)].join(", ");
    const allValues = [...values, ...progress.map(([, value]) => value)].join(", ");
    return `INSERT INTO ${qualifiedName(name.table, name.schema)} (${allColumns}) VALUES (${allValues})`;
  },
  /** Answers `exists` (boolean). */
  exists(name: VersionTableName): string {
    return `SELECT to_regclass(${quoteLiteral(qualifiedName(name.table, name.schema))}) IS NOT NULL AS "exists"`;
  },
  /**
   * The latest entry per revision: its operation, status, checksum and, when it failed or is running, where.
   * Columns: revision, operation, status, checksum, failed_statement, error, applied_at, completed_statements,
   * completed_digest, backfill_progress. The last three are read through the row's JSON, so a log created before they existed reads
   * them as null.
   */
  latest(name: VersionTableName): string {
    return `SELECT DISTINCT ON (revision) revision, operation, status, checksum, failed_statement, error, applied_at::text AS applied_at,
    (to_jsonb(log) ->> 'completed_statements')::integer AS completed_statements, to_jsonb(log) ->> 'completed_digest' AS completed_digest,
    to_jsonb(log) ->> 'backfill_progress' AS backfill_progress
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
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(table)}) AND attname = 'completed_digest' AND NOT attisdropped) THEN
    ALTER TABLE ${table} ADD COLUMN completed_digest CHAR(64);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(table)}) AND attname = 'backfill_progress' AND NOT attisdropped) THEN
    ALTER TABLE ${table} ADD COLUMN backfill_progress TEXT;
  END IF;
END
$retort$`;
  },
  clearProgress(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualifiedName(name.table, name.schema)} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
  },
} as const;
