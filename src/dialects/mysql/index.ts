import type { Dialect } from "../dialect.js";
import { auditLogSql, backfillSql, resumeSql } from "./compile/audit-log.js";
import { compileOperation, requiresNoTransaction } from "./compile/index.js";
import { migrationLockSql, transactionSql, versionTableSql } from "./compile/version-table.js";
import { MAX_IDENTIFIER_BYTES } from "./quote.js";

/**
 * MySQL and MariaDB. DDL commits implicitly, so no revision runs in a transaction: a failed revision keeps the
 * statements before the failing one, which the audit log records, and the version table stays at the last revision
 * applied whole.
 */
export const mysqlDialect: Dialect = Object.freeze({
  name: "mysql",
  capabilities: Object.freeze({ transactionalDdl: false, savepoints: false, sessionLocks: true, multiStatementMessages: false }),
  maxIdentifierBytes: MAX_IDENTIFIER_BYTES,
  compile: compileOperation,
  requiresNoTransaction,
  versionTable: versionTableSql,
  auditLog: auditLogSql,
  resume: resumeSql,
  lock: migrationLockSql,
  transaction: transactionSql,
  backfill: backfillSql,
  // Catalog queries and normal forms stay unloaded for the commands that never compare.
  async autogenerate() {
    const [{ introspect, countUnmodelled }, { mysqlComparison }] = await Promise.all([
      import("./catalog/index.js"),
      import("./comparison.js"),
    ]);
    return { introspect, countUnmodelled, undeclaredDependencies: async () => [], rules: mysqlComparison };
  },
});
export { quoteIdentifier } from "./quote.js";
