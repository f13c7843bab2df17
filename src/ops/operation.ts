/**
 * The operation IR: one plain, frozen object per schema change, with `kind` equal to the `op.` method that
 * makes it. Autogenerate produces them, the renderer writes them as `op.…` calls, the dialect compiles them, and
 * `reverseOperation` turns one into its inverse. Operations that destroy or change something carry the prior
 * state (`existing`, `from`) needed to undo them; without it they cannot be reversed.
 */
import type {
  CheckConstraint,
  ExclusionConstraint,
  Column,
  ColumnDefault,
  ColumnType,
  Constraint,
  EnumType,
  ForeignKey,
  Identity,
  Index,
  LiteralDefault,
  PrimaryKey,
  Table,
  UniqueConstraint,
} from "../schema/model.js";
import type { Change } from "./change.js";
import type {
  CreateSequenceOp,
  DropSequenceOp,
  AlterSequenceOp,
  CreateDomainOp,
  DropDomainOp,
  AlterDomainOp,
  CreateExtensionOp,
  DropExtensionOp,
  CreateViewOp,
  ReplaceViewOp,
  DropViewOp,
  CreateSchemaOp,
  DropSchemaOp,
  CreateFunctionOp,
  ReplaceFunctionOp,
  DropFunctionOp,
  CreateTriggerOp,
  DropTriggerOp,
  SetRowLevelSecurityOp,
  GrantOp,
  RevokeOp,
  CreatePolicyOp,
  DropPolicyOp,
  AttachPartitionOp,
  DetachPartitionOp,
} from "./object-operation-kinds.js";

export type { Change } from "./change.js";
export type * from "./object-operation-kinds.js";

/** `CREATE TABLE` with its columns, constraints, indexes and comments. */
export interface CreateTableOp {
  readonly kind: "createTable";
  readonly table: Table;
}

/** `DROP TABLE`; `existing` is the table as it was, needed to reverse. */
export interface DropTableOp {
  readonly kind: "dropTable";
  readonly name: string;
  readonly schema?: string;
  readonly cascade?: boolean;
  readonly existing?: Table;
}

/** `ALTER TABLE … RENAME TO`. */
export interface RenameTableOp {
  readonly kind: "renameTable";
  readonly name: string;
  readonly newName: string;
  readonly schema?: string;
}

/** `ALTER TABLE … ADD COLUMN`, with the constraints declared on the column (primary key, unique, foreign key). */
export interface AddColumnOp {
  readonly kind: "addColumn";
  readonly table: string;
  readonly schema?: string;
  readonly column: Column;
  readonly constraints: readonly Constraint[];
}

/** `ALTER TABLE … DROP COLUMN`; `existing` is the column (and its column-level constraints), needed to reverse. */
export interface DropColumnOp {
  readonly kind: "dropColumn";
  readonly table: string;
  readonly schema?: string;
  readonly name: string;
  readonly existing?: { readonly column: Column; readonly constraints: readonly Constraint[] };
}

/** A type change; `using` converts old values, `reverseUsing` converts them back for the reverse change. */
export interface TypeChange extends Change<ColumnType> {
  readonly using?: string;
  readonly reverseUsing?: string;
}

/**
 * A collation change (`null`: the type's default collation). `type` is the column's type once the operation
 * has run, which PostgreSQL's `ALTER COLUMN … TYPE … COLLATE` needs even when the type stays.
 */
export interface CollationChange extends Change<string | null> {
  readonly type: ColumnType;
}

/**
 * `ALTER TABLE … ALTER COLUMN`: any of type, collation, nullability, server default and comment, then an optional
 * rename. `default.to === null` drops the default; `comment.to === null` removes the comment.
 */
export interface AlterColumnOp {
  readonly kind: "alterColumn";
  readonly table: string;
  readonly schema?: string;
  readonly column: string;
  readonly type?: TypeChange;
  readonly collation?: CollationChange;
  readonly nullable?: Change<boolean>;
  /** Identity added, dropped (`to: null`) or changed (generation, start, increment). */
  readonly identity?: Change<Identity | null>;
  readonly default?: Change<ColumnDefault | null>;
  readonly comment?: Change<string | null>;
  readonly newName?: string;
}

/** Whether an `alterColumn` changes nothing (every change absent): the API refuses it, autogenerate leaves it out. */
export function alterColumnChangesNothing(op: AlterColumnOp): boolean {
  return (
    op.type === undefined &&
    op.collation === undefined &&
    op.nullable === undefined &&
    op.identity === undefined &&
    op.default === undefined &&
    op.comment === undefined &&
    op.newName === undefined
  );
}

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS]`. */
export interface CreateIndexOp {
  readonly kind: "createIndex";
  readonly table: string;
  readonly schema?: string;
  readonly index: Index;
  readonly concurrently?: boolean;
  readonly ifNotExists?: boolean;
  /**
   * With `ifNotExists`: the revision owns the object, so the downgrade drops it even if it was there before the
   * upgrade. Without it such a create cannot be reversed.
   */
  readonly dropOnDowngrade?: boolean;
}

/** `DROP INDEX [CONCURRENTLY] [IF EXISTS]`; `table` and `existing` are needed to reverse. */
export interface DropIndexOp {
  readonly kind: "dropIndex";
  readonly name: string;
  readonly table?: string;
  readonly schema?: string;
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
  readonly existing?: Index;
}

/** `ALTER TABLE … ADD CONSTRAINT … UNIQUE [USING INDEX …]`. */
export interface CreateUniqueConstraintOp {
  readonly kind: "createUniqueConstraint";
  readonly table: string;
  readonly schema?: string;
  readonly constraint: UniqueConstraint;
  /**
   * `USING INDEX`: the constraint adopts this unique index, built before (concurrently), instead of building one
   * under the table's lock. PostgreSQL renames the index to the constraint's name.
   */
  readonly usingIndex?: string;
}

/** `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY [NOT VALID]`. */
export interface CreateForeignKeyOp {
  readonly kind: "createForeignKey";
  readonly table: string;
  readonly schema?: string;
  readonly constraint: ForeignKey;
  /** `NOT VALID`: existing rows are not checked now; a later {@link ValidateConstraintOp} checks them. */
  readonly notValid?: boolean;
}

/** `ALTER TABLE … ADD CONSTRAINT … CHECK [NOT VALID]`. */
export interface CreateCheckConstraintOp {
  readonly kind: "createCheckConstraint";
  readonly table: string;
  readonly schema?: string;
  readonly constraint: CheckConstraint;
  /** `NOT VALID`: existing rows are not checked now; a later {@link ValidateConstraintOp} checks them. */
  readonly notValid?: boolean;
}

/** `ALTER TABLE … ADD CONSTRAINT … EXCLUDE USING …` (PostgreSQL). */
export interface CreateExclusionConstraintOp {
  readonly kind: "createExclusionConstraint";
  readonly table: string;
  readonly schema?: string;
  readonly constraint: ExclusionConstraint;
}

/** `ALTER TABLE … ADD CONSTRAINT … PRIMARY KEY [USING INDEX …]`. */
export interface CreatePrimaryKeyOp {
  readonly kind: "createPrimaryKey";
  readonly table: string;
  readonly schema?: string;
  readonly constraint: PrimaryKey;
  /** `USING INDEX`: as {@link CreateUniqueConstraintOp.usingIndex}. */
  readonly usingIndex?: string;
}

/** `ALTER TABLE … VALIDATE CONSTRAINT`: checks the existing rows of a constraint added `NOT VALID`. */
export interface ValidateConstraintOp {
  readonly kind: "validateConstraint";
  readonly table: string;
  readonly schema?: string;
  readonly name: string;
}

/** `ALTER TABLE … DROP CONSTRAINT`; `existing` is the constraint, needed to reverse. */
export interface DropConstraintOp {
  readonly kind: "dropConstraint";
  readonly table: string;
  readonly schema?: string;
  readonly name: string;
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
  readonly existing?: Constraint;
  /** The dropped constraint had been added `NOT VALID` (and its reverse adds it so). */
  readonly existingNotValid?: boolean;
  /**
   * The index a primary key or unique constraint adopted with `USING INDEX`. Dropping the constraint drops that
   * index too, so it is built again under this name (a unique index on the constraint's columns), as the
   * downgrade of the revision that built it expects to find it.
   */
  readonly existingIndex?: string;
}

/** `COMMENT ON TABLE … IS '…'`; `existing` is the previous comment (`null`: none). */
export interface CreateTableCommentOp {
  readonly kind: "createTableComment";
  readonly table: string;
  readonly schema?: string;
  readonly comment: string;
  /** The comment replaced (`null`: there was none); absent when unknown, which makes the operation irreversible. */
  readonly existing?: string | null;
}

/** `COMMENT ON TABLE … IS NULL`; `existing` is the removed comment, needed to reverse. */
export interface DropTableCommentOp {
  readonly kind: "dropTableComment";
  readonly table: string;
  readonly schema?: string;
  readonly existing?: string;
}

/** `CREATE TYPE … AS ENUM`. */
export interface CreateEnumOp {
  readonly kind: "createEnum";
  readonly enumType: EnumType;
}

/** `DROP TYPE`; `existing` is the enum (with its values), needed to reverse. */
export interface DropEnumOp {
  readonly kind: "dropEnum";
  readonly name: string;
  readonly schema?: string;
  readonly ifExists?: boolean;
  readonly existing?: EnumType;
}

/** `ALTER TYPE … ADD VALUE`. PostgreSQL cannot remove an enum value, so this is irreversible. */
export interface AddEnumValueOp {
  readonly kind: "addEnumValue";
  readonly enumName: string;
  readonly schema?: string;
  readonly value: string;
  readonly before?: string;
  readonly after?: string;
  readonly ifNotExists?: boolean;
}

/** `ALTER TYPE … RENAME VALUE`. */
export interface RenameEnumValueOp {
  readonly kind: "renameEnumValue";
  readonly enumName: string;
  readonly schema?: string;
  readonly from: string;
  readonly to: string;
}

/** Raw SQL, run as written. Irreversible. */
export interface ExecuteOp {
  readonly kind: "execute";
  readonly sql: string;
}

/** A value of one cell in a bulk insert: a literal, a date, JSON data (objects and arrays), or `sql\`…\``. */
export type BulkValue =
  | LiteralDefault
  | Date
  | { readonly kind: "sql"; readonly sql: string }
  | { readonly kind: "json"; readonly value: unknown };

/** `INSERT INTO … VALUES …` of literal rows. Irreversible. */
export interface BulkInsertOp {
  readonly kind: "bulkInsert";
  readonly table: string;
  readonly schema?: string;
  /** Column names, in the order of first appearance in the rows. */
  readonly columns: readonly string[];
  /** One array per row, aligned with `columns`; `undefined` cells take the column's default. */
  readonly rows: readonly (readonly (BulkValue | undefined)[])[];
}

/** Every operation. */
export type Operation =
  | CreateTableOp
  | DropTableOp
  | RenameTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | CreateIndexOp
  | DropIndexOp
  | CreateUniqueConstraintOp
  | CreateForeignKeyOp
  | CreateCheckConstraintOp
  | CreateExclusionConstraintOp
  | CreatePrimaryKeyOp
  | ValidateConstraintOp
  | DropConstraintOp
  | CreateTableCommentOp
  | DropTableCommentOp
  | CreateEnumOp
  | DropEnumOp
  | AddEnumValueOp
  | RenameEnumValueOp
  | CreateSequenceOp
  | DropSequenceOp
  | AlterSequenceOp
  | CreateDomainOp
  | DropDomainOp
  | AlterDomainOp
  | CreateExtensionOp
  | DropExtensionOp
  | CreateViewOp
  | ReplaceViewOp
  | DropViewOp
  | CreateSchemaOp
  | DropSchemaOp
  | CreateFunctionOp
  | ReplaceFunctionOp
  | DropFunctionOp
  | CreateTriggerOp
  | DropTriggerOp
  | SetRowLevelSecurityOp
  | GrantOp
  | RevokeOp
  | CreatePolicyOp
  | DropPolicyOp
  | AttachPartitionOp
  | DetachPartitionOp
  | ExecuteOp
  | BulkInsertOp;

/**
 * `op.backfill`: an `UPDATE` of an existing table run in batches of `batchSize` rows, taken in order of `key` (the
 * primary key when not given), each batch in a short transaction of its own, so it runs only in a revision outside a
 * transaction. Not a schema change: autogenerate never makes one, so it is not part of {@link Operation}. Irreversible.
 */
export interface BackfillOp {
  readonly kind: "backfill";
  readonly table: string;
  readonly schema?: string;
  /** The columns to set and their values, in the order given. */
  readonly set: readonly { readonly column: string; readonly value: BulkValue }[];
  /** Which rows to update (SQL), besides the batch's; every row when absent. */
  readonly where?: string;
  /** The columns whose order the batches follow; absent: the table's primary key, read when the backfill runs. */
  readonly key?: readonly string[];
  readonly batchSize: number;
}

/** Everything a revision's `op` emits: the schema operations, and the data moves that only revisions make. */
export type RevisionOperation = Operation | BackfillOp;
