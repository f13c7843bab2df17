import type { BackfillOp, Operation, RevisionOperation } from "../ops/operation.js";
import type { ColumnType } from "../schema/model.js";
import type { SchemaSnapshot, SnapshotFilter } from "../schema/snapshot.js";
import type { LintSupport } from "./lint-support.js";
import type { SafeFormSupport } from "./safe-forms.js";
import type { DatabaseSession } from "./session.js";

/**
 * What the runtime may ask of a database family. The runtime decides by these flags, never by the dialect's name
 * (STYLE habit 2), so a new dialect states what its database can do here and gets the matching execution.
 */
export interface DialectCapabilities {
  /**
   * DDL can be rolled back with the transaction around it. When false, every revision runs without a surrounding
   * transaction (as one marked `transactional = false`), and a failure is reported and recorded as partial: the
   * statements before the failing one stay applied.
   */
  readonly transactionalDdl: boolean;
  /**
   * Savepoints inside a transaction, which a `try`/`catch` around an operation in a revision needs to carry on
   * after a failed statement. When a revision's message fails, the runtime rolls back and runs the revision
   * again statement by statement, so the error names its statement and the revision's `try`/`catch` sees it;
   * without savepoints it reports the message's error as the database gave it.
   */
  readonly savepoints: boolean;
  /**
   * A lock that belongs to the connection, released when the process dies (PostgreSQL's advisory locks). The
   * migration lock needs one; a dialect without it needs another lock strategy, which the runtime does not have.
   */
  readonly sessionLocks: boolean;
  /**
   * Several statements may go to the database in one message, executed in order and stopping at the first error.
   * With it, each transactional revision goes as one message (its statements, version-table change, audit row and
   * COMMIT), and the next revision's message is built while the database runs the current one. Without it, every
   * statement is its own round trip.
   */
  readonly multiStatementMessages: boolean;
}

/**
 * One row of the audit log: a revision applied, reverted, stamped, accepted, failed part-way, or (`running`) a
 * non-transactional revision's progress: how many of its statements have completed so far.
 */
export interface AuditEntry {
  readonly revision: string;
  readonly operation: "upgrade" | "downgrade" | "stamp" | "accept";
  readonly status: "applied" | "failed" | "running";
  /** sha256 of the revision file (line endings normalised), when the file is known. */
  readonly checksum: string | undefined;
  /** Milliseconds, or "transaction": the database measures from the start of the current transaction. */
  readonly durationMs: number | "transaction";
  readonly retortVersion: string;
  /** For a failed non-transactional revision: the 1-based statement it stopped at, and the error. */
  readonly failedStatement?: number | undefined;
  readonly error?: string | undefined;
  /** For a `running` row: how many of the revision's statements have completed (the first k). */
  readonly completedStatements?: number | undefined;
  /**
   * With a `running` or `failed` row: the sha256 of the completed statements' text, so a run can tell whether an
   * edited file still builds them (and may resume after them).
   */
  readonly completedDigest?: string | undefined;
  /**
   * With a `running` or `failed` row: where the backfill after the completed statements stands, as JSON
   * `{ "key": [last key done, as text], "rows": rows updated so far }`.
   */
  readonly backfillProgress?: string | undefined;
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
  /** For messages only; the runtime's decisions read {@link Dialect.capabilities}. */
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /**
   * The longest identifier the database keeps, in UTF-8 bytes (PostgreSQL: 63). Longer names in the models or in a
   * revision are refused before anything is written: the database would cut them, and the cut name would no
   * longer match the models.
   */
  readonly maxIdentifierBytes: number;
  /** The statements of an operation; for `backfill`, the one `UPDATE` that a `--sql` script holds in its place. */
  compile(operation: RevisionOperation): readonly string[];
  /**
   * The statements of an operation, compiled as a revision runs online, reading the database through `query` where
   * the statements depend on what it holds (SQLite rebuilds a table from its current definition). Absent: `compile`.
   */
  compileLive?(
    operation: RevisionOperation,
    query: (sql: string) => Promise<readonly Record<string, unknown>[]>,
  ): Promise<readonly string[]>;
  /**
   * Operations such as CREATE INDEX CONCURRENTLY that cannot run inside a transaction: a transactional revision
   * holding one is refused before it runs, with a hint to mark it `transactional = false`.
   */
  requiresNoTransaction(operation: RevisionOperation): boolean;
  readonly versionTable: {
    create(name: VersionTableName): string;
    select(name: VersionTableName): string;
    exists(name: VersionTableName): string;
    /** For an existing table: whether it has the version table's column (one row, boolean column `ok`). */
    hasVersionColumn(name: VersionTableName): string;
    insert(name: VersionTableName, revision: string): string;
    update(name: VersionTableName, from: string, to: string): string;
    delete(name: VersionTableName, revision: string): string;
    /**
     * `update` and `delete` as one statement each that fails, with the error code {@link changedCode}, when it
     * changes no row: the table changed since the run read it, and the revision's transaction must not commit.
     */
    checkedUpdate(name: VersionTableName, from: string, to: string): string;
    checkedDelete(name: VersionTableName, revision: string): string;
    /** The error code (`code` of the driver's error) of a failed checked change. */
    readonly changedCode: string;
    deleteAll(name: VersionTableName): string;
    /**
     * The schema the table is in, or would be created in when the name is unqualified, as this connection
     * resolves it; one row, column `schema`. The migration lock is keyed on it, so two spellings of one table
     * take one lock.
     */
    schemaOf(name: VersionTableName): string;
  };
  readonly auditLog: {
    create(name: VersionTableName): string;
    insert(name: VersionTableName, entry: AuditEntry): string;
    exists(name: VersionTableName): string;
    /**
     * The latest entry per revision. Columns: revision, operation, status, checksum, failed_statement, error,
     * applied_at, completed_statements, completed_digest, backfill_progress (the last three null in a log created
     * before they existed).
     */
    latest(name: VersionTableName): string;
    /** Adds the columns later versions added to a log an earlier Retort created (a no-op when they exist). */
    addMissingColumns(name: VersionTableName): string;
    /** Deletes a revision's progress rows (status `running`). */
    clearProgress(name: VersionTableName, revision: string): string;
  };
  /**
   * What resuming an interrupted non-transactional revision asks of the catalog, for the operations that run
   * outside a transaction and so can be cut off half-way, or finish without their progress being recorded.
   */
  readonly resume: {
    /**
     * For an index built or dropped outside a transaction (CREATE/DROP INDEX CONCURRENTLY): a query answering one
     * row, column `state`: "missing", "valid" or "invalid" (an interrupted build leaves an invalid index behind).
     * Undefined for every other operation.
     */
    indexState(operation: Operation): string | undefined;
    /** Drops the invalid index an interrupted build of `operation` (a createIndex) left behind. */
    dropInvalidIndex(operation: Operation): string;
    /**
     * The error code (`code` of the driver's error) of a statement refused because it cannot run inside a
     * transaction block: an `op.execute` whose SQL needs to run on its own is then run outside one.
     */
    readonly noTransactionBlockCode: string;
  };
  /**
   * Statements with one parameter, the lock's name. `tryAcquire` answers a boolean column `acquired`; `holders`
   * the sessions holding it (columns `pid`, `application_name`, `client_addr`, `backend_start`, `state`, `query`).
   * `terminate` ends the session whose backend pid is its one parameter.
   */
  readonly lock: {
    readonly acquire: string;
    readonly tryAcquire: string;
    readonly release: string;
    readonly holders: string;
    readonly terminate: string;
  };
  readonly transaction: {
    readonly begin: string;
    readonly commit: string;
    readonly rollback: string;
    /** Savepoint statements, where `capabilities.savepoints` says the database has them. */
    readonly savepoint?: ((name: string) => string) | undefined;
    readonly releaseSavepoint?: ((name: string) => string) | undefined;
    readonly rollbackToSavepoint?: ((name: string) => string) | undefined;
  };
  /** Creating and dropping whole databases on a server; absent for a database that has no such thing. */
  readonly databases?: DatabaseSql | undefined;
  /** The queries of `op.backfill`'s batches. */
  readonly backfill: BackfillSql;
  /**
   * A limit on how long a statement waits for a lock on a table, and what the database says of the sessions it
   * waits behind. Absent for a database without such a limit: revisions then wait as long as it takes.
   */
  readonly statementLocks?: StatementLockSql | undefined;
  /** Schema-per-tenant runs and the connection budget of a concurrent run; absent where there are no schemas. */
  readonly tenants?: TenantSql | undefined;
  /** What autogenerate needs (the catalog reader, the comparison rules), loaded on first use. */
  autogenerate(): Promise<AutogenerateSupport>;
  /**
   * What `retort lint` needs (each statement described with the lock it takes), loaded on first use; absent for a
   * dialect whose statements and locks the lint does not know.
   */
  lint?(): Promise<LintSupport>;
  /**
   * What autogenerate needs to write the zero-downtime forms of `operations` (the upgrade it plans), loaded on
   * first use; absent for a dialect without them, whose revisions are written as the models say.
   */
  safeForms?(operations: readonly Operation[]): Promise<SafeFormSupport>;
}

/** Statements on whole databases, run on another database of the same server. */
export interface DatabaseSql {
  /** Creates database `name`, empty or as a copy of database `template` (which nobody may be connected to). */
  create(name: string, template?: string): string;
  /** Drops database `name` if it exists, ending its sessions. */
  drop(name: string): string;
  /** One parameter, a database name: one row (column `note`, text or null) when it exists, none otherwise. */
  readonly note: string;
  /** Sets the note {@link DatabaseSql.note} reads. */
  setNote(name: string, note: string): string;
  /** One parameter, a prefix: the databases whose names start with it (column `name`). */
  readonly named: string;
  /** The error code of a CREATE DATABASE refused because its template is in use. */
  readonly inUseCode: string;
}

/**
 * Statements that bound a revision's waits for table locks. `setLocal` lasts until the end of the current
 * transaction; `setSession` (for a revision outside a transaction) until `reset`.
 */
/** What a run over many tenants asks of the database. */
export interface TenantSql {
  /** Makes `schema` the session's only schema for unqualified names (where they are looked up and created). */
  useSchema(schema: string): string;
  createSchema(schema: string): string;
  /** One parameter, the schema's name; one row, boolean column `exists`. */
  readonly schemaExists: string;
  /** One parameter, a list of LIKE patterns; the schemas matching any, column `name`, sorted. */
  readonly schemasLike: string;
  /** One row: `max` connections, `reserved` for administrators, `used` by clients now. */
  readonly connectionBudget: string;
}

export interface StatementLockSql {
  /** Limits lock waits, for the rest of the current transaction, to `ms` milliseconds (`ms` > 0). */
  setLocal(ms: number): string;
  /** The same for the session, until {@link StatementLockSql.reset}. */
  setSession(ms: number): string;
  readonly reset: string;
  /** The error code (`code` of the driver's error) of a statement that gave up waiting for a lock. */
  readonly timeoutCode: string;
  /** One row, column `pid`: the session's id, as {@link StatementLockSql.blockers} takes it. */
  readonly backendPid: string;
  /**
   * Run on another session, with one parameter (a session's pid): the sessions it waits behind, one row each
   * (columns `pid`, `application_name`, `client_addr`, `state`, `query`, `transaction_seconds`), and in
   * `waiting_for` the tables it waits to lock. No row while it waits for nothing.
   */
  readonly blockers: string;
}

/** The queries that run an `op.backfill` online, batch by batch. */
export interface BackfillSql {
  /** The table's primary key columns, in key order: one row each, column `column`. */
  primaryKey(table: string, schema: string | undefined): string;
  /**
   * Updates the next batch: the first `batchSize` rows matching the backfill's `where` whose `key` comes after
   * `after` (the last key done, as text; undefined for the first batch), in key order. Answers one row, column
   * `rows` (how many it updated) and `key_0`, `key_1`, … (the batch's last key, as text), or none when no row was
   * left.
   */
  batch(operation: BackfillOp, key: readonly string[], after: readonly string[] | undefined): string;
}

/** How a column type change treats existing values: all kept, some cut or refused, or converted. */
export type TypeChangeKind = "widening" | "narrowing" | "conversion";

/**
 * What autogenerate asks of a database family to compare models with a database and explain the changes.
 * Reached through {@link Dialect.autogenerate}, which loads them on first use: only autogenerate needs them.
 */
export interface ComparisonRules {
  /** Applied to both snapshots before comparing: one spelling per type, default and expression. */
  normalize(snapshot: SchemaSnapshot): SchemaSnapshot;
  /** What changing a column from `from` to `to` does to its values. */
  classifyTypeChange(from: ColumnType, to: ColumnType): TypeChangeKind;
  /** The conversion expression (`USING`) for `column`, when the database cannot convert the values by itself. */
  suggestUsing(column: string, from: ColumnType, to: ColumnType): string | undefined;
  /** A type as the database spells it, for messages. */
  typeName(type: ColumnType): string;
  /**
   * The database changes a column's type, nullability, collation, identity or comment only by restating the whole
   * column (MySQL's MODIFY COLUMN): an alterColumn that changes one of them then carries the others too, unchanged.
   */
  readonly restatesColumns?: boolean;
}

/**
 * Kinds of catalog objects a models module cannot declare, which `retort pull` counts so the generated file
 * says what it leaves out. A dialect reports the kinds its database has; absent kinds count as none.
 */
export type UnmodelledKind =
  | "view"
  | "materializedView"
  | "function"
  | "procedure"
  | "trigger"
  | "sequence"
  | "policy"
  | "rowLevelSecurity"
  | "domain"
  | "compositeType"
  | "rangeType"
  | "exclusionConstraint"
  | "foreignTable"
  | "inheritance"
  | "rule"
  | "generatedColumn"
  | "extension";

/** How many objects of each {@link UnmodelledKind} the included schemas hold. */
export type UnmodelledCounts = Readonly<Partial<Record<UnmodelledKind, number>>>;

/**
 * A column that rests on an object a models module cannot declare: its type is a domain, a range or a composite
 * type (or an array of one), or its default calls a sequence no column owns. A database built from the models
 * alone lacks the object, so creating the table fails there.
 */
export interface UndeclaredDependency {
  readonly table: { readonly schema: string; readonly name: string };
  readonly column: string;
  readonly kind: "domain" | "rangeType" | "compositeType" | "sequence";
  readonly object: { readonly schema: string; readonly name: string };
  /** The statements that create and drop the object, when the dialect can write them (domains). */
  readonly create?: string;
  readonly drop?: string;
}

/** A database family's part in autogenerate: reading its catalog into a snapshot, and comparing snapshots. */
export interface AutogenerateSupport {
  /** The live schema, as the models would declare it (before normalising). */
  introspect(session: DatabaseSession, filter: SnapshotFilter): Promise<SchemaSnapshot>;
  /** What the `schemas` hold that a snapshot cannot carry (views, functions, triggers, …), counted. */
  countUnmodelled(session: DatabaseSession, schemas: readonly string[]): Promise<UnmodelledCounts>;
  /** The columns of the `schemas`' tables that use an object models cannot declare. */
  undeclaredDependencies(session: DatabaseSession, schemas: readonly string[]): Promise<UndeclaredDependency[]>;
  /**
   * The models as the database would store them, asked of the database where comparing text is not enough (a
   * policy's expressions); throws when the models name what the database must already have (a role).
   */
  prepareModels?(session: DatabaseSession, live: SchemaSnapshot, models: SchemaSnapshot): Promise<SchemaSnapshot>;
  /**
   * The models' snapshot with what the database stores in its own form (partition bounds) written as the
   * database writes it, asked of the database behind `session` (not inside a transaction) without changing it.
   */
  canonicalizeModels?(session: DatabaseSession, models: SchemaSnapshot): Promise<SchemaSnapshot>;
  readonly rules: ComparisonRules;
  /**
   * The models with each table expression (check, default, index expression or predicate, generated column) that
   * the normal form alone does not match with the database's, but that the database parses to the form it stores,
   * in the database's text; the database parses them on stand-ins in a transaction it rolls back. Absent for a
   * dialect whose normal form is the whole comparison.
   * Without a session (where the database must not be touched) nothing is parsed, and a note counts what is
   * compared as text.
   */
  canonicalize?(session: DatabaseSession | undefined, database: SchemaSnapshot, models: SchemaSnapshot): Promise<Canonicalized>;
  /**
   * The models' functions, procedures and trigger conditions in the form the database stores them (it creates
   * them in a scratch place it rolls back); absent where the dialect compares them as written.
   */
  canonicalizeRoutines?(session: DatabaseSession, snapshot: SchemaSnapshot): Promise<SchemaSnapshot>;
  /**
   * The models' views with the form the database stores them in (`View.stored`), asked of the database behind
   * `session` without changing it; absent for a dialect that compares view queries as written.
   */
  canonicalViews?(session: DatabaseSession, models: SchemaSnapshot): Promise<SchemaSnapshot>;
}

/** What {@link AutogenerateSupport.canonicalize} did. */
export interface Canonicalized {
  /** The models, with the expressions the database parsed to its stored form in the database's text. */
  readonly snapshot: SchemaSnapshot;
  /** Expressions the normal form left different and the database was asked about. */
  readonly candidates: number;
  /** Of those, the ones the database parsed to its stored form (no change). */
  readonly matched: number;
  /** What could not be parsed, and is compared as text. */
  readonly notes: readonly string[];
}
