/**
 * What `retort lint` asks of a database family: each statement of a revision described as one neutral
 * {@link LintAction} (what it does, to which table, and the lock it takes). The lint rules (src/lint/) judge these
 * actions and never read SQL or lock names themselves; the dialect knows its statements and its locks.
 */
import type { RevisionOperation } from "../ops/operation.js";

/** A table as a statement names it; `schema` is absent when the statement does not qualify the name. */
export interface TableRef {
  readonly name: string;
  readonly schema?: string | undefined;
}

/** The table lock a statement takes, in the database's own words, and what it keeps others from doing. */
export interface TableLock {
  /** The lock mode as the database names it (PostgreSQL: `ACCESS EXCLUSIVE`, `SHARE`, …). */
  readonly mode: string;
  readonly table: TableRef;
  /** Other sessions' reads wait while it is held, or queued. */
  readonly blocksReads: boolean;
  /** Other sessions' writes (INSERT, UPDATE, DELETE) wait while it is held, or queued. */
  readonly blocksWrites: boolean;
}

/**
 * What changing a column's type does to the stored rows: nothing but the catalog, a scan to check every value, a
 * rewrite of the table (and its indexes), or not known (the previous type was not given).
 */
export type TypeChangeEffect = "catalog" | "scan" | "rewrite" | "unknown";

/** What one statement does, as far as the lint rules care. */
export type LintSubject =
  | { readonly kind: "createTable"; readonly table: TableRef }
  | { readonly kind: "createIndex"; readonly table: TableRef; readonly index: string; readonly concurrently: boolean }
  | { readonly kind: "dropIndex"; readonly index: string; readonly concurrently: boolean }
  | {
      readonly kind: "addForeignKey";
      readonly table: TableRef;
      readonly constraint: string;
      readonly referredTable: TableRef;
      /** `NOT VALID`: existing rows are not checked now (a later VALIDATE CONSTRAINT does it). */
      readonly notValid: boolean;
    }
  | {
      readonly kind: "addCheck";
      readonly table: TableRef;
      readonly constraint: string;
      readonly notValid: boolean;
      /** The column, when the check is exactly `column IS NOT NULL`. */
      readonly notNullColumn: string | undefined;
    }
  | { readonly kind: "validateConstraint"; readonly table: TableRef; readonly constraint: string }
  | {
      readonly kind: "addKeyConstraint";
      readonly table: TableRef;
      readonly constraint: string;
      readonly primaryKey: boolean;
      /** `USING INDEX`: the constraint adopts an index built before (CONCURRENTLY), no build under the lock. */
      readonly usingIndex: boolean;
    }
  | { readonly kind: "setNotNull"; readonly table: TableRef; readonly column: string }
  | {
      readonly kind: "changeType";
      readonly table: TableRef;
      readonly column: string;
      readonly effect: TypeChangeEffect;
      /** The new type may not hold every old value: values are cut or the statement fails. */
      readonly narrowing: boolean;
      /** `from → to` (or `→ to` when the previous type is not known) as the database spells the types, for messages. */
      readonly change: string;
    }
  | {
      readonly kind: "addColumn";
      readonly table: TableRef;
      readonly column: string;
      /** A default (or identity / serial) the database evaluates per row, so every existing row is written. */
      readonly volatileDefault: string | undefined;
      /** A primary key or unique constraint declared on the column: an index built under the lock. */
      readonly keyConstraint: "primary key" | "unique" | undefined;
    }
  | { readonly kind: "renameTable"; readonly table: TableRef; readonly newName: string }
  | { readonly kind: "renameColumn"; readonly table: TableRef; readonly column: string; readonly newName: string }
  | { readonly kind: "dropTable"; readonly table: TableRef }
  | { readonly kind: "dropColumn"; readonly table: TableRef; readonly column: string }
  /** Rows or objects removed wholesale: TRUNCATE, DELETE without WHERE, DROP SCHEMA … CASCADE. */
  | { readonly kind: "dataLoss"; readonly table: TableRef | undefined; readonly what: string }
  /** `SET [LOCAL] name …`; a LOCAL setting lasts until the end of the transaction, and does nothing outside one. */
  | { readonly kind: "setting"; readonly name: string; readonly local: boolean }
  /** Another change to an existing table (a default, a comment, a dropped constraint): a lock, no scan. */
  | { readonly kind: "alterTable"; readonly table: TableRef }
  /** Anything else: data changes, new types, sequences, schemas. */
  | { readonly kind: "other" }
  /** Raw SQL the dialect could not read; `reason` says why. */
  | { readonly kind: "notAnalysed"; readonly reason: string };

/** One statement of a revision with what it does. */
export interface LintAction {
  readonly subject: LintSubject;
  /** The statement's text (one of the operation's compiled statements, or one statement of `op.execute`). */
  readonly statement: string;
  /** The table locks it takes on tables that may already exist. */
  readonly locks: readonly TableLock[];
  /** It came from `op.execute` text (read by the parser) rather than from a structured operation. */
  readonly fromSql: boolean;
}

/** A database family's part in `retort lint`, loaded on first use through `Dialect.lint`. */
export interface LintSupport {
  /** The actions of one operation, given its compiled statements. `op.execute` text is parsed. */
  describe(operation: RevisionOperation, statements: readonly string[]): readonly LintAction[];
}
