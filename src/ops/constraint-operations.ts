/**
 * `op` methods for indexes and constraints on existing tables.
 */
import type { ReferenceOptions } from "../schema/column.js";
import {
  index as buildIndex,
  exclude,
  exclusionConstraintOf,
  type ExclusionOptions,
  type IndexElementInput,
  type IndexOptions,
} from "../schema/constraints.js";
import { frozen } from "../schema/freeze.js";
import { SchemaError } from "../errors.js";
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
  /**
   * `NOT VALID`: new rows are checked at once, existing rows only by a later `op.validateConstraint`, so adding
   * it does not scan the table under the lock.
   */
  readonly notValid?: boolean;
}

/** Options of `op.createCheckConstraint`. */
export interface CreateCheckConstraintOptions extends SchemaOption {
  /** `NOT VALID`: as {@link CreateForeignKeyOptions.notValid}. */
  readonly notValid?: boolean;
}

/** Options of `op.createUniqueConstraint`. */
export interface CreateUniqueConstraintOptions extends SchemaOption {
  readonly deferrable?: boolean | Deferrable;
  /** `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+): rows whose key columns are null count as equal. */
  readonly nullsNotDistinct?: boolean;
  /**
   * `USING INDEX`: adopt this unique index, built before with `op.createIndex(…, { unique: true, concurrently: true })`,
   * instead of building one under ACCESS EXCLUSIVE. `columns` must be the index's columns. PostgreSQL renames the
   * index to the constraint's name; the downgrade drops the constraint and builds the index again under its own name.
   */
  readonly usingIndex?: string;
}

/** Options of `op.createExclusionConstraint`: the constraint's own (as `exclude()`'s) and its table's schema. */
export interface CreateExclusionConstraintOptions extends ExclusionOptions, SchemaOption {}

/** Options of `op.createPrimaryKey`. */
export interface CreatePrimaryKeyOptions extends SchemaOption {
  /** `USING INDEX`: as {@link CreateUniqueConstraintOptions.usingIndex}. */
  readonly usingIndex?: string;
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
const CREATE_UNIQUE = optionKeys<CreateUniqueConstraintOptions>({
  schema: true,
  deferrable: true,
  nullsNotDistinct: true,
  usingIndex: true,
});
const CREATE_FOREIGN_KEY = optionKeys<CreateForeignKeyOptions>({
  onDelete: true,
  onUpdate: true,
  deferrable: true,
  sourceSchema: true,
  referentSchema: true,
  notValid: true,
});
const CREATE_CHECK = optionKeys<CreateCheckConstraintOptions>({ schema: true, notValid: true });
const CREATE_EXCLUSION = optionKeys<CreateExclusionConstraintOptions>({
  schema: true,
  using: true,
  elements: true,
  where: true,
  deferrable: true,
});
const CREATE_PRIMARY_KEY = optionKeys<CreatePrimaryKeyOptions>({ schema: true, usingIndex: true });
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

function notValidField(method: string, name: string, value: unknown): { readonly notValid?: true } {
  if (value !== undefined && typeof value !== "boolean") {
    throw new SchemaError(`op.${method}(${JSON.stringify(name)}): notValid must be true or false, got ${JSON.stringify(value)}`, {
      details: { method, object: name },
    });
  }
  return value ? { notValid: true } : {};
}

function usingIndexField(method: string, name: string, value: unknown): { readonly usingIndex?: string } {
  if (value === undefined) return {};
  return { usingIndex: requireName(value, `${method}: usingIndex (the index to adopt)`, ` (constraint "${name}")`) };
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

    /**
     * `ALTER TABLE … ADD CONSTRAINT name UNIQUE (…)`; with `usingIndex`, `… UNIQUE USING INDEX ix`, which adopts a
     * unique index built before (concurrently) instead of building one under the table's lock.
     */
    async createUniqueConstraint(
      name: string,
      table: string,
      columns: readonly string[],
      options: CreateUniqueConstraintOptions = {},
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
        ...usingIndexField("createUniqueConstraint", name, options.usingIndex),
      });
    },

    /**
     * `ALTER TABLE source ADD CONSTRAINT name FOREIGN KEY (…) REFERENCES referent (…)`; with `notValid`, existing
     * rows are left to a later `op.validateConstraint`.
     */
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
      const notValid = notValidField("createForeignKey", name, options.notValid);
      const { notValid: _, ...reference } = options;
      const constraint = referenceToForeignKey(
        sourceTable,
        localColumns,
        referentTable,
        options.referentSchema,
        remoteColumns,
        { ...reference, name },
        undefined,
        { table: sourceTable },
      );
      await emit({ kind: "createForeignKey", table: sourceTable, schema: options.sourceSchema, constraint, ...notValid });
    },

    /**
     * `ALTER TABLE … ADD CONSTRAINT name CHECK (condition)`; with `notValid`, existing rows are left to a later
     * `op.validateConstraint`.
     */
    async createCheckConstraint(
      name: string,
      table: string,
      condition: string | SqlExpression,
      options: CreateCheckConstraintOptions = {},
    ): Promise<void> {
      requireName(name, "createCheckConstraint: the constraint name");
      requireName(table, "createCheckConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createCheckConstraint", name, options, CREATE_CHECK);
      const notValid = notValidField("createCheckConstraint", name, options.notValid);
      const expression = sqlText(condition);
      if (typeof expression !== "string" || expression.trim().length === 0) {
        throw schemaError({ table }, `check constraint "${name}" needs a condition`);
      }
      await emit({
        kind: "createCheckConstraint",
        table,
        schema: options.schema,
        constraint: { kind: "check", name, expression },
        ...notValid,
      });
    },

    /**
     * `ALTER TABLE … ADD CONSTRAINT name EXCLUDE USING method (element WITH operator, …) [WHERE (…)]` (PostgreSQL):
     * `op.createExclusionConstraint("ex_bookings_overlap", "bookings", { using: "gist", elements: [{ column: "during", operator: "&&" }] })`.
     */
    async createExclusionConstraint(name: string, table: string, options: CreateExclusionConstraintOptions): Promise<void> {
      requireName(name, "createExclusionConstraint: the constraint name");
      requireName(table, "createExclusionConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createExclusionConstraint", name, options, CREATE_EXCLUSION);
      const { schema, ...spec } = options;
      const constraint = exclusionConstraintOf(table, exclude(name, spec));
      await emit({ kind: "createExclusionConstraint", table, schema, constraint });
    },

    /**
     * `ALTER TABLE … ADD CONSTRAINT name PRIMARY KEY (…)`; with `usingIndex`, `… PRIMARY KEY USING INDEX ix` (as
     * `createUniqueConstraint`'s; the columns must also be NOT NULL already, or PostgreSQL scans for NULLs).
     */
    async createPrimaryKey(name: string, table: string, columns: readonly string[], options: CreatePrimaryKeyOptions = {}): Promise<void> {
      requireName(name, "createPrimaryKey: the constraint name");
      requireName(table, "createPrimaryKey: the table name", ` (constraint "${name}")`);
      checkMethodOptions("createPrimaryKey", name, options, CREATE_PRIMARY_KEY);
      requireColumns(columns, `Primary key "${name}"`, table);
      await emit({
        kind: "createPrimaryKey",
        table,
        schema: options.schema,
        constraint: { kind: "primaryKey", name, columns: [...columns] },
        ...usingIndexField("createPrimaryKey", name, options.usingIndex),
      });
    },

    /**
     * `ALTER TABLE … VALIDATE CONSTRAINT name`: checks the existing rows of a foreign key or check added with
     * `notValid`, under a lock that lets reads and writes go on. Its downgrade is nothing.
     */
    async validateConstraint(name: string, table: string, options: SchemaOption = {}): Promise<void> {
      requireName(name, "validateConstraint: the constraint name");
      requireName(table, "validateConstraint: the table name", ` (constraint "${name}")`);
      checkMethodOptions("validateConstraint", name, options, SCHEMA_ONLY);
      await emit({ kind: "validateConstraint", table, schema: options.schema, name });
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
