import { UnsupportedOperationError } from "../../errors.js";
import type { Dialect } from "../dialect.js";
import { auditLogSql } from "./compile/audit-log.js";
import { backfillSql } from "./compile/backfill.js";
import { compileLive, compileOperation, requiresNoTransaction } from "./compile/index.js";
import { migrationLockSql, transactionSql, versionTableSql } from "./compile/version-table.js";
import { MAX_IDENTIFIER_BYTES } from "./quote.js";

/**
 * SQLite (`sqlite:<file>`, `sqlite::memory:`). DDL is transactional and savepoints exist; the migration lock is
 * the engine's (see compile/version-table.ts); each statement is its own call (the database is in process, so a
 * round trip costs nothing). No schemas, enums, sequences, comments, concurrent index builds or lock timeouts.
 */
export const sqliteDialect: Dialect = Object.freeze({
  name: "sqlite",
  capabilities: Object.freeze({ transactionalDdl: true, savepoints: true, sessionLocks: true, multiStatementMessages: false }),
  maxIdentifierBytes: MAX_IDENTIFIER_BYTES,
  compile: compileOperation,
  compileLive,
  requiresNoTransaction,
  versionTable: versionTableSql,
  auditLog: auditLogSql,
  resume: Object.freeze({
    indexState: () => undefined,
    dropInvalidIndex(): string {
      throw new UnsupportedOperationError("SQLite builds no index outside a transaction, so none is left invalid.", {
        hint: "This is a bug in Retort's SQLite dialect.",
      });
    },
    // SQLite gives statements that cannot run in a transaction (VACUUM) no code of their own.
    noTransactionBlockCode: "SQLITE_NO_TRANSACTION_BLOCK_CODE",
  }),
  lock: migrationLockSql,
  transaction: transactionSql,
  backfill: backfillSql,
  async autogenerate() {
    const [{ introspect }, { sqliteComparison }] = await Promise.all([import("./catalog/index.js"), import("./comparison.js")]);
    return {
      introspect,
      countUnmodelled: async () => ({}),
      undeclaredDependencies: async () => [],
      rules: sqliteComparison,
    };
  },
});
