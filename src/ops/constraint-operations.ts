/**
 * `op` methods for indexes and constraints on existing tables.
 */
import type { ReferenceOptions } from "../schema/column.js";
import { index as buildIndex, type IndexElementInput, type IndexOptions } from "../schema/constraints.js";
import { frozen } from "../schema/freeze.js";
import type { Deferrable } from "../schema/model.js";
import { normalizeDeferrable, referenceToForeignKey, schemaError } from "../schema/resolve-column.js";
import { sqlText, type SqlExpression } from "../schema/sql.js";
import {
  checkMethodOptions,
  type Emit,
  type IfNotExistsOptions,
  ifNotExistsFields,
  optionKeys,
  requireName,
  type SchemaOption,
} from "./emit.js";

/** Options of `op.createForeignKey`, after Alembic's `create_foreign_key`. */
export interface CreateForeignKeyOptions extends Omit<ReferenceOptions, "name"> {
  readonly sourceSchema?: string;
  readonly referentSchema?: string;
}

/** Options of `op.createIndex`: the index's own (as `index()`'s) and how it is created. */
export interface CreateIndexOptions extends IndexOptions, SchemaOption, IfNotExistsOptions {
  /** `CREATE INDEX CONCURRENTLY`: no write lock; the revision must run outside a transaction. */
  readonly concurrently?: boolean;
}

/** Options of `op.dropIndex`. */
export interface DropIndexOptions extends SchemaOption {
  /** The index's table, which the downgrade needs to recreate it. */
  readonly table?: string;
  readonly concurrently?: boolean;
  readonly ifExists?: boolean;
}

/** Options of `op.dropConstraint`. */
export interface DropConstraintOptions extends SchemaOption {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

const SCHEMA_ONLY = optionKeys<SchemaOption>({ schema: true });
const CREATE_INDEX = optionKeys<CreateIndexOptions>({
  unique: true,
  method: true,
  where: true,
  include: true,
  nullsNotDistinct: true,
  schema: true,
  concurrently: true,
  ifNotExists: true,
  dropOnDowngrade: true,
});
const DROP_INDEX = optionKeys<DropIndexOptions>({ schema: true, table: true, concurrently: true, ifExists: true });
const CREATE_UNIQUE = optionKeys<SchemaOption & { deferrable?: boolean | Deferrable; nullsNotDistinct?: boolean }>({
  schema: true,
  deferrable: true,
  nullsNotDistinct: true,
});
const CREATE_FOREIGN_KEY = optionKeys<CreateForeignKeyOptions>({
  onDelete: true,
  onUpdate: true,
  deferrable: true,
  sourceSchema: true,
  referentSchema: true,
});
const DROP_CONSTRAINT = optionKeys<DropConstraintOptions>({ schema: true, ifExists: true, cascade: true });

function requireColumns(columns: readonly string[], what: string, table: string): void {
  if (!Array.isArray(columns) || columns.length === 0) throw schemaError({ table }, `${what} needs at least one column`);
  const seen = new Set<string>();
  for (const column of columns) {
    requireName(column, `${what}: a column name`, ` (table "${table}")`);
    if (seen.has(column)) throw schemaError({ table, column }, `${what} lists the column twice`);
    seen.add(column);
  }
}

/** The index and constraint methods of `op`, emitting through `emit`. */
export function constraintOperations(emit: Emit) {
  return {
    /**
     * `CREATE [UNIQUE] INDEX`; `concurrently` builds it without locking writes (the revision then runs outside a
     * transaction).
     */
    async createIndex(name: string, table: string, columns: readonly IndexElementInput[], options: CreateIndexOptions = {}): Promise<void> {
      requireName(name, "createIndex: the index name");
      requireName(table, "createIndex: the table name", ` (index "${name}")`);
      checkMethodOptions("createIndex", name, options, CREATE_INDEX);
      const created = ifNotExistsFields("createIndex", name, options);
      await emit({
        kind: "createIndex",
        table,
        schema: options.schema,
        index: buildIndex(name, columns, {
          unique: options.unique,
          method: options.method,
          where: options.where,
          include: options.include,
          nullsNotDistinct: options.nullsNotDistinct,
        }),
        concurrently: options.concurrently || undefined,
        ...created,
      });
    },

    /** `DROP INDEX`; give `table` so the downgrade knows where to recreate it. */
    async dropIndex(name: string, options: DropIndexOptions = {}): Promise<void> {
      requireName(name, "dropIndex: the index name");
      checkMethodOptions("dropIndex", name, options, DROP_INDEX);
      await emit({
        kind: "dropIndex",
        name,
        table: options.table,
        schema: options.schema,
        concurrently: options.concurrently || undefined,
        ifExists: options.ifExists || undefined,
      });
    },

    /** `ALTER TABLE … ADD CONSTRAINT name UNIQUE (…)`. */
    async createUniqueConstraint(
      name: string,
      table: string,
      columns: readonly string[],
      options: SchemaOption & { readonly deferrable?: boolean | Deferrable; readonly nullsNotDistinct?: boolean } = {},
    ): Promise<void> {
      requireName(name, "createUniqueConstraint: the constraint name");
      requireName(table, "createUniqueConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createUniqueConstraint", name, options, CREATE_UNIQUE);
      requireColumns(columns, `Unique constraint "${name}"`, table);
      await emit({
        kind: "createUniqueConstraint",
        table,
        schema: options.schema,
        constraint: frozen({
          kind: "unique",
          name,
          columns: [...columns],
          deferrable: normalizeDeferrable(options.deferrable),
          nullsNotDistinct: options.nullsNotDistinct ? true : undefined,
        }),
      });
    },

    /** `ALTER TABLE source ADD CONSTRAINT name FOREIGN KEY (…) REFERENCES referent (…)`. */
    async createForeignKey(
      name: string,
      sourceTable: string,
      referentTable: string,
      localColumns: readonly string[],
      remoteColumns: readonly string[],
      options: CreateForeignKeyOptions = {},
    ): Promise<void> {
      requireName(name, "createForeignKey: the constraint name");
      requireName(sourceTable, "createForeignKey: the source table", ` (constraint "${name}")`);
      requireName(referentTable, "createForeignKey: the referent table", ` (constraint "${name}")`);
      checkMethodOptions("createForeignKey", name, options, CREATE_FOREIGN_KEY);
      requireColumns(localColumns, `Foreign key "${name}"`, sourceTable);
      requireColumns(remoteColumns, `Foreign key "${name}" (referred columns)`, referentTable);
      if (localColumns.length !== remoteColumns.length) {
        throw schemaError(
          { table: sourceTable },
          `foreign key "${name}" has ${localColumns.length} column(s) but refers to ${remoteColumns.length}`,
        );
      }
      const constraint = referenceToForeignKey(
        sourceTable,
        localColumns,
        referentTable,
        options.referentSchema,
        remoteColumns,
        { ...options, name },
        undefined,
        { table: sourceTable },
      );
      await emit({ kind: "createForeignKey", table: sourceTable, schema: options.sourceSchema, constraint });
    },

    /** `ALTER TABLE … ADD CONSTRAINT name CHECK (condition)`. */
    async createCheckConstraint(name: string, table: string, condition: string | SqlExpression, options: SchemaOption = {}): Promise<void> {
      requireName(name, "createCheckConstraint: the constraint name");
      requireName(table, "createCheckConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createCheckConstraint", name, options, SCHEMA_ONLY);
      const expression = sqlText(condition);
      if (typeof expression !== "string" || expression.trim().length === 0) {
        throw schemaError({ table }, `check constraint "${name}" needs a condition`);
      }
      await emit({ kind: "createCheckConstraint", table, schema: options.schema, constraint: { kind: "check", name, expression } });
    },

    /** `ALTER TABLE … ADD CONSTRAINT name PRIMARY KEY (…)`. */
    async createPrimaryKey(name: string, table: string, columns: readonly string[], options: SchemaOption = {}): Promise<void> {
      requireName(name, "createPrimaryKey: the constraint name");
      requireName(table, "createPrimaryKey: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createPrimaryKey", name, options, SCHEMA_ONLY);
      requireColumns(columns, `Primary key "${name}"`, table);
      await emit({
        kind: "createPrimaryKey",
        table,
        schema: options.schema,
        constraint: { kind: "primaryKey", name, columns: [...columns] },
      });
    },

    /** `ALTER TABLE … DROP CONSTRAINT name` (any kind of constraint). */
    async dropConstraint(name: string, table: string, options: DropConstraintOptions = {}): Promise<void> {
      requireName(name, "dropConstraint: the constraint name");
      requireName(table, "dropConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("dropConstraint", name, options, DROP_CONSTRAINT);
      await emit({
        kind: "dropConstraint",
        table,
        schema: options.schema,
        name,
        ifExists: options.ifExists || undefined,
        cascade: options.cascade || undefined,
      });
    },
  };
}

/** The index and constraint methods of `op`. */
export type ConstraintOperations = ReturnType<typeof constraintOperations>;
