import type { Operation } from "../ops/operation.js";
import type { AuditEntry } from "./postgres/audit-log.js";

/** What the runtime may ask of a database family; checked by flag, never by name (STYLE habit 2). */
export interface DialectCapabilities {
  /** DDL can be rolled back with the transaction around it. */
  readonly transactionalDdl: boolean;
  /** A lock that belongs to the connection, released when the process dies. */
  readonly sessionLocks: boolean;
}

/** Where the version table lives. */
export interface VersionTableName {
  readonly table: string;
  readonly schema?: string | undefined;
}

/**
 * A database family as the runtime sees it: the compiler for operations and the few statements the runtime
 * itself needs (version table, lock, transactions). All SQL text lives behind this interface.
 */
export interface Dialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  compile(operation: Operation): readonly string[];
  /** Operations such as CREATE INDEX CONCURRENTLY that cannot run inside a transaction. */
  requiresNoTransaction(operation: Operation): boolean;
  readonly versionTable: {
    create(name: VersionTableName): string;
    select(name: VersionTableName): string;
    exists(name: VersionTableName): string;
    insert(name: VersionTableName, revision: string): string;
    update(name: VersionTableName, from: string, to: string): string;
    delete(name: VersionTableName, revision: string): string;
    deleteAll(name: VersionTableName): string;
  };
  readonly auditLog: {
    create(name: VersionTableName): string;
    insert(name: VersionTableName, entry: AuditEntry): string;
    exists(name: VersionTableName): string;
    latest(name: VersionTableName): string;
  };
  /** Statements with one parameter, the lock's name. `tryAcquire` answers a boolean column `acquired`. */
  readonly lock: { readonly acquire: string; readonly tryAcquire: string; readonly release: string };
  readonly transaction: { readonly begin: string; readonly commit: string; readonly rollback: string };
}
