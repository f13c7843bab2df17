import type { AuditEntry, VersionTableName } from "../../dialect.js";
import { qualifiedName, quoteLiteral } from "../quote.js";
import { tableExists } from "./version-table.js";

/** The audit log beside the version table, as on PostgreSQL; times are ISO-8601 text in UTC. */
export const auditLogSql = {
  create(name: VersionTableName): string {
    return `CREATE TABLE IF NOT EXISTS ${qualifiedName(name.table, name.schema)} (
    id INTEGER PRIMARY KEY,
    revision VARCHAR(32) NOT NULL,
    operation VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    checksum CHAR(64),
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f+00', 'now')),
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
        ? "coalesce(CAST(round((julianday('now') - (SELECT max(started) FROM temp.retort_clock)) * 86400000) AS INTEGER), 0)"
        : quoteLiteral(Math.max(0, Math.round(entry.durationMs)));
    const columns = [
      ["revision", quoteLiteral(entry.revision)],
      ["operation", quoteLiteral(entry.operation)],
      ["status", quoteLiteral(entry.status)],
      ["checksum", quoteLiteral(entry.checksum ?? null)],
      ["duration_ms", duration],
      ["retort_version", quoteLiteral(entry.retortVersion)],
      ["failed_statement", quoteLiteral(entry.failedStatement ?? null)],
      ["error", quoteLiteral(entry.error ?? null)],
      ["completed_statements", quoteLiteral(entry.completedStatements ?? null)],
      ["completed_digest", quoteLiteral(entry.completedDigest ?? null)],
      ["backfill_progress", quoteLiteral(entry.backfillProgress ?? null)],
    ];
    return `INSERT INTO ${qualifiedName(name.table, name.schema)} (${columns.map(([c]) => c).join(", ")}) VALUES (${columns.map(([, v]) => v).join(", ")})`;
  },
  exists: tableExists,
  latest(name: VersionTableName): string {
    return `SELECT revision, operation, status, checksum, failed_statement, error, applied_at, completed_statements, completed_digest, backfill_progress
FROM (SELECT *, row_number() OVER (PARTITION BY revision ORDER BY id DESC) AS retort_rank FROM ${qualifiedName(name.table, name.schema)})
WHERE retort_rank = 1
ORDER BY revision`;
  },
  /** Every SQLite audit log Retort created has every column. */
  addMissingColumns(_name: VersionTableName): string {
    return "SELECT 1";
  },
  clearProgress(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualifiedName(name.table, name.schema)} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
  },
} as const;
