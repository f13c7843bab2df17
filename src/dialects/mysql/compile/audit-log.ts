import type { AuditEntry, BackfillSql, VersionTableName } from "../../dialect.js";
import { UnsupportedOperationError } from "../../../errors.js";
import type { Operation } from "../../../ops/operation.js";
import { qualifiedName, quoteLiteral } from "../quote.js";

/**
 * The audit log beside the version table: one row per applied, reverted, stamped or accepted revision, and the
 * progress and failure of revisions, which on MySQL always run outside a transaction.
 */
export const auditLogSql = {
  create(name: VersionTableName): string {
    return `CREATE TABLE IF NOT EXISTS ${qualifiedName(name.table, name.schema)} (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    revision VARCHAR(32) NOT NULL,
    operation VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    checksum CHAR(64),
    applied_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
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
    const duration = entry.durationMs === "transaction" ? 0 : Math.max(0, Math.round(entry.durationMs));
    const columns: [string, string][] = [
      ["revision", quoteLiteral(entry.revision)],
      ["operation", quoteLiteral(entry.operation)],
      ["status", quoteLiteral(entry.status)],
      ["checksum", quoteLiteral(entry.checksum ?? null)],
      ["duration_ms", quoteLiteral(duration)],
      ["retort_version", quoteLiteral(entry.retortVersion)],
      ["failed_statement", quoteLiteral(entry.failedStatement ?? null)],
      ["error", quoteLiteral(entry.error ?? null)],
      ["completed_statements", quoteLiteral(entry.completedStatements ?? null)],
      ["completed_digest", quoteLiteral(entry.completedDigest ?? null)],
      ["backfill_progress", quoteLiteral(entry.backfillProgress ?? null)],
    ];
    return `INSERT INTO ${qualifiedName(name.table, name.schema)} (${columns.map(([column]) => column).join(", ")}) VALUES (${columns.map(([, value]) => value).join(", ")})`;
  },
  exists(name: VersionTableName): string {
    const database = name.schema === undefined ? "DATABASE()" : quoteLiteral(name.schema);
    return `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = ${database} AND table_name = ${quoteLiteral(name.table)}) AS \`exists\``;
  },
  latest(name: VersionTableName): string {
    const table = qualifiedName(name.table, name.schema);
    return `SELECT log.revision, log.operation, log.status, log.checksum, log.failed_statement, log.error,
    DATE_FORMAT(log.applied_at, '%Y-%m-%d %H:%i:%s.%f') AS applied_at, log.completed_statements, log.completed_digest, log.backfill_progress
FROM ${table} AS log JOIN (SELECT revision, MAX(id) AS id FROM ${table} GROUP BY revision) AS newest ON newest.id = log.id
ORDER BY log.revision`;
  },
  /** Every column exists since the first log Retort created on MySQL. */
  addMissingColumns(_name: VersionTableName): string {
    return "DO 0";
  },
  clearProgress(name: VersionTableName, revision: string): string {
    return `DELETE FROM ${qualifiedName(name.table, name.schema)} WHERE revision = ${quoteLiteral(revision)} AND status = 'running'`;
  },
} as const;

/** No index is ever left half-built on MySQL: resuming asks nothing of the catalog. */
export const resumeSql = {
  indexState(_operation: Operation): string | undefined {
    return undefined;
  },
  dropInvalidIndex(operation: Operation): string {
    throw new UnsupportedOperationError(`Cannot drop an invalid index for a ${operation.kind} operation on MySQL.`, {
      hint: "MySQL leaves no invalid index behind; this is a bug in Retort.",
    });
  },
  /** MySQL never refuses a statement for running inside a transaction. */
  noTransactionBlockCode: "",
} as const;

/** op.backfill online needs an UPDATE that reports its batch's last key; the mysql dialect does not have it yet. */
export const backfillSql: BackfillSql = Object.freeze({
  primaryKey(table: string, schema: string | undefined): string {
    const database = schema === undefined ? "DATABASE()" : quoteLiteral(schema);
    return `SELECT column_name AS \`column\` FROM information_schema.key_column_usage
WHERE table_schema = ${database} AND table_name = ${quoteLiteral(table)} AND constraint_name = 'PRIMARY' ORDER BY ordinal_position`;
  },
  batch(): string {
    throw new UnsupportedOperationError("op.backfill does not run online on MySQL yet.", {
      hint: "Use op.execute with an UPDATE (in batches of your own if the table is large), or print the script with --sql.",
    });
  },
});
