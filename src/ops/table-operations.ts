/**
 * `op` methods for tables and their columns: create, drop, rename, add / drop / alter a column, table comments.
 */
import { SchemaError } from "../errors.js";
import { type ColumnBuilder, IDENTITY_OPTIONS } from "../schema/column.js";
import { frozen } from "../schema/freeze.js";
import type { ColumnDefault, ColumnType, Constraint, Identity, LiteralDefault } from "../schema/model.js";
import { checkOptions } from "../schema/options.js";
import { conventionName } from "../schema/naming.js";
import { isColumnBuilder, resolveColumn, schemaError, validateType } from "../schema/resolve-column.js";
import { isSqlExpression, type SqlExpression, sqlText } from "../schema/sql.js";
import { buildTable, type TableOptions } from "../schema/table.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";
import { type AlterColumnOp, alterColumnChangesNothing, type CollationChange } from "./operation.js";

/** Options of `op.alterColumn`. */
export interface AlterColumnOptions extends SchemaOption {
  /** The new type, as a bare builder: `text()`, `varchar(500)`, `integer().array()`. */
  readonly type?: ColumnBuilder;
  /** How to convert existing values: `sql\`title::integer\``. */
  readonly using?: string | SqlExpression;
  /** How the downgrade converts them back. */
  readonly reverseUsing?: string | SqlExpression;
  /** The new collation (`null`: the type's default); needs `type` or `existingType`, as PostgreSQL sets both at once. */
  readonly collation?: string | null;
  readonly nullable?: boolean;
  /**
   * The identity: `{ always: true, start?, increment? }` is `GENERATED ALWAYS AS IDENTITY`, `always: false`
   * `BY DEFAULT`; `null` drops it. Adding one needs the column `NOT NULL` (pass `nullable: false` with it).
   */
  readonly identity?: Identity | null;
  /** The new server default; `null` drops it. */
  readonly default?: LiteralDefault | SqlExpression | null;
  /** The new comment; `null` removes it. */
  readonly comment?: string | null;
  readonly newName?: string;
  readonly existingType?: ColumnBuilder;
  readonly existingNullable?: boolean;
  readonly existingDefault?: LiteralDefault | SqlExpression | null;
  readonly existingComment?: string | null;
  readonly existingCollation?: string | null;
  readonly existingIdentity?: Identity | null;
}

/** Options of `op.createTableComment`. */
export interface CreateTableCommentOptions extends SchemaOption {
  /** The comment being replaced, `null` when there was none; without it the downgrade cannot be derived. */
  readonly existingComment?: string | null;
}

/** Options of `op.dropTableComment`. */
export interface DropTableCommentOptions extends SchemaOption {
  /** The comment being removed, which the downgrade puts back. */
  readonly existingComment?: string;
}

const SCHEMA_ONLY = optionKeys<SchemaOption>({ schema: true });
const CREATE_TABLE = optionKeys<TableOptions>({
  schema: true,
  comment: true,
  primaryKey: true,
  indexes: true,
  uniques: true,
  checks: true,
  excludes: true,
  foreignKeys: true,
  namingConvention: true,
  rowLevelSecurity: true,
  grants: true,
  partitionBy: true,
  partitionOf: true,
  forValues: true,
  defaultPartition: true,
});
const DROP_TABLE = optionKeys<SchemaOption & { cascade?: boolean }>({ schema: true, cascade: true });
const ALTER_COLUMN = optionKeys<AlterColumnOptions>({
  schema: true,
  type: true,
  using: true,
  reverseUsing: true,
  collation: true,
  nullable: true,
  identity: true,
  default: true,
  comment: true,
  newName: true,
  existingType: true,
  existingNullable: true,
  existingDefault: true,
  existingComment: true,
  existingCollation: true,
  existingIdentity: true,
});
const CREATE_TABLE_COMMENT = optionKeys<CreateTableCommentOptions>({ schema: true, existingComment: true });
const DROP_TABLE_COMMENT = optionKeys<DropTableCommentOptions>({ schema: true, existingComment: true });

/** The table and column methods of `op`, emitting through `emit`. */
export function tableOperations(emit: Emit) {
  return {
    /** `CREATE TABLE`: columns as in `table()`, options as `table()`'s (schema, indexes, constraints, comment). */
    async createTable(name: string, columns: Readonly<Record<string, ColumnBuilder>>, options: TableOptions = {}): Promise<void> {
      requireName(name, "createTable: the table name");
      checkMethodOptions("createTable", name, options, CREATE_TABLE);
      await emit({ kind: "createTable", table: buildTable(name, columns, options, false) });
    },

    /** `DROP TABLE` (`cascade` also drops dependent objects such as views and foreign keys). */
    async dropTable(name: string, options: SchemaOption & { readonly cascade?: boolean } = {}): Promise<void> {
      requireName(name, "dropTable: the table name");
      checkMethodOptions("dropTable", name, options, DROP_TABLE);
      await emit({ kind: "dropTable", name, schema: options.schema, cascade: options.cascade || undefined });
    },

    /** `ALTER TABLE … RENAME TO`. */
    async renameTable(name: string, newName: string, options: SchemaOption = {}): Promise<void> {
      requireName(name, "renameTable: the table name");
      requireName(newName, "renameTable: the new name", ` (table "${name}")`);
      checkMethodOptions("renameTable", name, options, SCHEMA_ONLY);
      await emit({ kind: "renameTable", name, newName, schema: options.schema });
    },

    /**
     * `ALTER TABLE … ADD COLUMN`. Constraints declared on the builder are added with it:
     * `op.addColumn("movies", "director_id", integer().references("directors.id"))`.
     */
    async addColumn(table: string, name: string, column: ColumnBuilder, options: SchemaOption = {}): Promise<void> {
      requireName(table, "addColumn: the table name");
      requireName(name, "addColumn: the column name", ` (table "${table}")`);
      checkMethodOptions("addColumn", `${table}.${name}`, options, SCHEMA_ONLY);
      const resolved = resolveColumn(table, name, column, undefined, false);
      const constraints: Constraint[] = [];
      if (resolved.primaryKey !== undefined) {
        constraints.push({
          kind: "primaryKey",
          name: resolved.primaryKey.name ?? conventionName(undefined, "pk", { table, columns: [name] }),
          columns: [name],
        });
      }
      if (resolved.unique !== undefined) constraints.push(resolved.unique);
      if (resolved.foreignKey !== undefined) constraints.push(resolved.foreignKey);
      await emit({ kind: "addColumn", table, schema: options.schema, column: resolved.column, constraints });
    },

    /** `ALTER TABLE … DROP COLUMN`. */
    async dropColumn(table: string, name: string, options: SchemaOption = {}): Promise<void> {
      requireName(table, "dropColumn: the table name");
      requireName(name, "dropColumn: the column name", ` (table "${table}")`);
      checkMethodOptions("dropColumn", `${table}.${name}`, options, SCHEMA_ONLY);
      await emit({ kind: "dropColumn", table, schema: options.schema, name });
    },

    /**
     * `ALTER TABLE … ALTER COLUMN`: type (with `using`), nullability, server default (`null` drops it), comment
     * (`null` removes it), then a rename. The `existing*` options record the previous values, so the downgrade
     * can be derived (as Alembic's `existing_type` and friends).
     */
    async alterColumn(table: string, column: string, options: AlterColumnOptions): Promise<void> {
      requireName(table, "alterColumn: the table name");
      requireName(column, "alterColumn: the column name", ` (table "${table}")`);
      checkMethodOptions("alterColumn", `${table}.${column}`, options, ALTER_COLUMN);
      await emit(alterColumnOp(table, column, options));
    },

    /**
     * `COMMENT ON TABLE … IS '…'`; `existingComment` is the comment it replaces (`null`: none), which the downgrade
     * restores. Without it the downgrade cannot be derived.
     */
    async createTableComment(table: string, comment: string, options: CreateTableCommentOptions = {}): Promise<void> {
      requireName(table, "createTableComment: the table name");
      checkMethodOptions("createTableComment", table, options, CREATE_TABLE_COMMENT);
      if (typeof comment !== "string") throw new SchemaError(`createTableComment on "${table}": the comment must be a string`);
      await emit({ kind: "createTableComment", table, schema: options.schema, comment, existing: options.existingComment });
    },

    /** `COMMENT ON TABLE … IS NULL`; `existingComment` lets the downgrade put it back. */
    async dropTableComment(table: string, options: DropTableCommentOptions = {}): Promise<void> {
      requireName(table, "dropTableComment: the table name");
      checkMethodOptions("dropTableComment", table, options, DROP_TABLE_COMMENT);
      await emit({ kind: "dropTableComment", table, schema: options.schema, existing: options.existingComment });
    },
  };
}

/** The table and column methods of `op`. */
export type TableOperations = ReturnType<typeof tableOperations>;

function alterColumnOp(table: string, column: string, options: AlterColumnOptions): AlterColumnOp {
  const where = { table, column };
  const change = <T>(to: T | undefined, from: T | undefined): { to: T; from?: T } | undefined =>
    to === undefined ? undefined : { to, from };
  const op: AlterColumnOp = {
    kind: "alterColumn",
    table,
    schema: options.schema,
    column,
    type:
      options.type === undefined
        ? undefined
        : {
            to: bareType(options.type, where),
            from: options.existingType === undefined ? undefined : bareType(options.existingType, where),
            using: options.using === undefined ? undefined : sqlText(options.using),
            reverseUsing: options.reverseUsing === undefined ? undefined : sqlText(options.reverseUsing),
          },
    collation: collationChange(options, where),
    nullable: change(options.nullable, options.existingNullable),
    identity: change(alterIdentity(options.identity, where), alterIdentity(options.existingIdentity, where)),
    default: change(alterDefault(options.default, where), alterDefault(options.existingDefault, where)),
    comment: change(options.comment, options.existingComment),
    newName: options.newName,
  };
  if (alterColumnChangesNothing(op)) {
    throw schemaError(
      where,
      "alterColumn was given nothing to change",
      "Pass type, collation, nullable, identity, default, comment or newName.",
    );
  }
  if (op.newName !== undefined) requireName(op.newName, "alterColumn: newName", ` (column "${table}.${column}")`);
  return op;
}

function alterIdentity(value: Identity | null | undefined, where: { table: string; column: string }): Identity | null | undefined {
  if (value === undefined || value === null) return value;
  const integer = (n: unknown) => n === undefined || (typeof n === "number" && Number.isSafeInteger(n));
  if (
    typeof value !== "object" ||
    typeof value.always !== "boolean" ||
    !integer(value.start) ||
    !integer(value.increment) ||
    value.increment === 0 ||
    !integer(value.minValue) ||
    !integer(value.maxValue) ||
    !integer(value.cache) ||
    (value.cache !== undefined && value.cache < 1) ||
    (value.cycle !== undefined && typeof value.cycle !== "boolean")
  ) {
    throw schemaError(
      where,
      `alterColumn: identity must be { always: boolean, start?: integer, increment?: non-zero integer, minValue?: integer, maxValue?: integer, cache?: positive integer, cycle?: boolean } or null, got ${JSON.stringify(value)}`,
    );
  }
  checkOptions("alterColumn: identity", value, ["always", ...IDENTITY_OPTIONS]);
  return frozen({
    always: value.always,
    start: value.start,
    increment: value.increment,
    minValue: value.minValue,
    maxValue: value.maxValue,
    cache: value.cache,
    cycle: value.cycle,
  });
}

function collationChange(options: AlterColumnOptions, where: { table: string; column: string }): CollationChange | undefined {
  if (options.collation === undefined) return undefined;
  if (options.collation !== null && (typeof options.collation !== "string" || options.collation.length === 0)) {
    throw schemaError(where, `alterColumn: collation must be a collation name or null, got ${JSON.stringify(options.collation)}`);
  }
  const builder = options.type ?? options.existingType;
  if (builder === undefined) {
    throw schemaError(
      where,
      "alterColumn: a collation change needs the column's type",
      'Pass existingType (or type), as in { collation: "C", existingType: text() }.',
    );
  }
  return { to: options.collation, from: options.existingCollation, type: bareType(builder, where) };
}

function bareType(builder: ColumnBuilder, where: { table: string; column: string }): ColumnType {
  if (!isColumnBuilder(builder)) throw schemaError(where, "alterColumn: type must be a type builder such as text()");
  const spec = builder.spec;
  if (
    spec.notNull ||
    spec.primaryKey ||
    spec.unique ||
    spec.default !== undefined ||
    spec.references ||
    spec.identity ||
    spec.generatedAs !== undefined ||
    spec.collation !== undefined ||
    spec.comment !== undefined
  ) {
    throw schemaError(
      where,
      "alterColumn: type takes a bare type builder",
      "Change nullability, default, collation and comment with the nullable, default, collation and comment options.",
    );
  }
  validateType(spec.type, where);
  return spec.type;
}

function alterDefault(
  value: LiteralDefault | SqlExpression | null | undefined,
  where: { table: string; column: string },
): ColumnDefault | null | undefined {
  if (value === undefined || value === null) return value;
  if (isSqlExpression(value)) return { kind: "expression", sql: value.sql };
  if (["string", "number", "bigint", "boolean"].includes(typeof value)) return { kind: "literal", value };
  throw schemaError(where, `alterColumn: a default must be a literal or sql\`…\`, got ${typeof value}`);
}
