import type { Operation } from "../../ops/operation.js";
import type { Dialect } from "../dialect.js";
import type { DatabaseSession } from "../session.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { auditLogSql } from "./compile/audit-log.js";
import { backfillSql } from "./compile/backfill.js";
import { compileOperation, requiresNoTransaction } from "./compile/index.js";
import { statementLockSql } from "./compile/lock-wait.js";
import { resumeSql } from "./compile/resume.js";
import { tenantSql } from "./compile/tenants.js";
import { MAX_IDENTIFIER_BYTES } from "./quote.js";
import { databaseSql } from "./compile/databases.js";
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
  databases: databaseSql,
  backfill: backfillSql,
  statementLocks: statementLockSql,
  tenants: tenantSql,
  // Catalog queries and normal forms stay unloaded for the commands that never compare.
  async autogenerate() {
    const [
      { introspect },
      { countUnmodelled },
      { undeclaredDependencies },
      { postgresComparison },
      { canonicalizeModels },
      { canonicalRoutines },
      { canonicalViews },
      policies,
      { canonicalPartitionBounds },
    ] = await Promise.all([
      import("./catalog/index.js"),
      import("./catalog/unmodelled.js"),
      import("./catalog/dependencies.js"),
      import("./comparison.js"),
      import("./canonical/index.js"),
      import("./canonical/routines.js"),
      import("./canonical/views.js"),
      import("./canonical/policies.js"),
      import("./canonical/partitions.js"),
    ]);
    const prepareModels = async (session: DatabaseSession, live: SchemaSnapshot, models: SchemaSnapshot) => {
      await policies.checkRolesExist(session, models);
      return policies.canonicalPolicies(session, live, models);
    };
    return {
      introspect,
      countUnmodelled,
      undeclaredDependencies,
      rules: postgresComparison,
      canonicalize: canonicalizeModels,
      canonicalizeRoutines: canonicalRoutines,
      canonicalViews,
      prepareModels,
      canonicalizeModels: canonicalPartitionBounds,
    };
  },
  // The parser (WebAssembly) is loaded by lint only.
  async lint() {
    return (await import("./lint/index.js")).postgresLint();
  },
  async safeForms(operations: readonly Operation[]) {
    return (await import("./lint/safe-forms.js")).postgresSafeForms(operations);
  },
});
export { quoteIdentifier } from "./quote.js";
