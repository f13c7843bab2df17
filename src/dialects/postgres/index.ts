import type { Dialect } from "../dialect.js";
import { auditLogSql } from "./compile/audit-log.js";
import { compileOperation, requiresNoTransaction } from "./compile/index.js";
import { statementLockSql } from "./compile/lock-wait.js";
import { resumeSql } from "./compile/resume.js";
import { tenantSql } from "./compile/tenants.js";
import { MAX_IDENTIFIER_BYTES } from "./quote.js";
import { migrationLockSql, transactionSql, versionTableSql } from "./compile/version-table.js";

/** PostgreSQL, shared by the server, the embedded engine and PGlite. */
export const postgresDialect: Dialect = Object.freeze({
  name: "postgresql",
  capabilities: Object.freeze({ transactionalDdl: true, savepoints: true, sessionLocks: true, multiStatementMessages: true }),
  maxIdentifierBytes: MAX_IDENTIFIER_BYTES,
  compile: compileOperation,
  requiresNoTransaction,
  versionTable: versionTableSql,
  auditLog: auditLogSql,
  resume: resumeSql,
  lock: migrationLockSql,
  transaction: transactionSql,
  statementLocks: statementLockSql,
  tenants: tenantSql,
  // Catalog queries and normal forms stay unloaded for the commands that never compare.
  async autogenerate() {
    const [{ introspect }, { countUnmodelled }, { postgresComparison }] = await Promise.all([
      import("./catalog/index.js"),
      import("./catalog/unmodelled.js"),
      import("./comparison.js"),
    ]);
    return { introspect, countUnmodelled, rules: postgresComparison };
  },
  // The parser (WebAssembly) is loaded by lint only.
  async lint() {
    return (await import("./lint/index.js")).postgresLint();
  },
});
export { quoteIdentifier } from "./quote.js";
