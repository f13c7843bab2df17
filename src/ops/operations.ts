/**
 * `Operations`: the `op` a revision's `upgrade(op)` / `downgrade(op)` receives. Each method validates its
 * arguments, builds one frozen {@link Operation} and hands it to the runtime's `run`, which compiles and
 * executes it (online) or prints it (`--sql`).
 */
import { SchemaError } from "../errors.js";
import { requireName, type SchemaOption } from "./operations-base.js";
import { ConstraintOperations } from "./operations-constraints.js";
import type { AlterColumnOp } from "./operation.js";
import type { ColumnBuilder } from "../schema/column.js";
import type { SqlExpression } from "../schema/sql.js";
import { isSqlExpression, sqlText } from "../schema/sql.js";
import type { ColumnDefault, ColumnType, Constraint, LiteralDefault } from "../schema/model.js";
import { conventionName } from "../schema/naming.js";
import { isColumnBuilder, resolveColumn, schemaError, validateType } from "../schema/resolve-column.js";
import { buildTable, type TableOptions } from "../schema/table.js";

/**
 * The `op` object. Names and arguments follow Alembic's `op.*` (camelCase); column builders come from
 * `retort/schema`, as in models.
 * ```ts
 * await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });
 * await op.addColumn("movies", "release_date", date());
 * ```
 */
export class Operations extends ConstraintOperations {
  /** `CREATE TABLE`: columns as in `table()`, options as `table()`'s (schema, indexes, constraints, comment). */
  async createTable(name: string, columns: Readonly<Record<string, ColumnBuilder>>, options: TableOptions = {}): Promise<void> {
    requireName(name, "createTable: the table name");
    await this.emit({ kind: "createTable", table: buildTable(name, columns, options, false) });
  }

  /** `DROP TABLE` (`cascade` also drops dependent objects such as views and foreign keys). */
  async dropTable(name: string, options: SchemaOption & { readonly cascade?: boolean } = {}): Promise<void> {
    requireName(name, "dropTable: the table name");
    await this.emit({ kind: "dropTable", name, schema: options.schema, cascade: options.cascade || undefined });
  }

  /** `ALTER TABLE … RENAME TO`. */
  async renameTable(name: string, newName: string, options: SchemaOption = {}): Promise<void> {
    requireName(name, "renameTable: the table name");
    requireName(newName, "renameTable: the new name", ` (table "${name}")`);
    await this.emit({ kind: "renameTable", name, newName, schema: options.schema });
  }

  /**
   * `ALTER TABLE … ADD COLUMN`. Constraints declared on the builder are added with it:
   * `op.addColumn("movies", "director_id", integer().references("directors.id"))`.
   */
  async addColumn(table: string, name: string, column: ColumnBuilder, options: SchemaOption = {}): Promise<void> {
    requireName(table, "addColumn: the table name");
    requireName(name, "addColumn: the column name", ` (table "${table}")`);
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
    await this.emit({ kind: "addColumn", table, schema: options.schema, column: resolved.column, constraints });
  }

  /** `ALTER TABLE … DROP COLUMN`. */
  async dropColumn(table: string, name: string, options: SchemaOption = {}): Promise<void> {
    requireName(table, "dropColumn: the table name");
    requireName(name, "dropColumn: the column name", ` (table "${table}")`);
    await this.emit({ kind: "dropColumn", table, schema: options.schema, name });
  }

  /**
   * `ALTER TABLE … ALTER COLUMN`: type (with `using`), nullability, server default (`null` drops it), comment
   * (`null` removes it), then a rename. The `existing*` options record the previous values, so the downgrade
   * can be derived (as Alembic's `existing_type` and friends).
   */
  async alterColumn(table: string, column: string, options: AlterColumnOptions): Promise<void> {
    requireName(table, "alterColumn: the table name");
    requireName(column, "alterColumn: the column name", ` (table "${table}")`);
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
      nullable: change(options.nullable, options.existingNullable),
      default: change(alterDefault(options.default, where), alterDefault(options.existingDefault, where)),
      comment: change(options.comment, options.existingComment),
      newName: options.newName,
    };
    if (
      op.type === undefined &&
      op.nullable === undefined &&
      op.default === undefined &&
      op.comment === undefined &&
      op.newName === undefined
    ) {
      throw schemaError(where, "alterColumn was given nothing to change", "Pass type, nullable, default, comment or newName.");
    }
    if (op.newName !== undefined) requireName(op.newName, "alterColumn: newName", ` (column "${table}.${column}")`);
    await this.emit(op);
  }

  /** Runs SQL as written (data fixes, anything the other methods do not cover). Cannot be reversed. */
  async execute(sql: string | SqlExpression): Promise<void> {
    const text = sqlText(sql);
    if (typeof text !== "string" || text.trim().length === 0) {
      throw new SchemaError("execute: the SQL is empty", { hint: "Pass the statement to run." });
    }
    await this.emit({ kind: "execute", sql: text });
  }
}

/** Options of `op.alterColumn`. */
export interface AlterColumnOptions extends SchemaOption {
  /** The new type, as a bare builder: `text()`, `varchar(500)`, `integer().array()`. */
  readonly type?: ColumnBuilder;
  /** How to convert existing values: `sql\`title::integer\``. */
  readonly using?: string | SqlExpression;
  /** How the downgrade converts them back. */
  readonly reverseUsing?: string | SqlExpression;
  readonly nullable?: boolean;
  /** The new server default; `null` drops it. */
  readonly default?: LiteralDefault | SqlExpression | null;
  /** The new comment; `null` removes it. */
  readonly comment?: string | null;
  readonly newName?: string;
  readonly existingType?: ColumnBuilder;
  readonly existingNullable?: boolean;
  readonly existingDefault?: LiteralDefault | SqlExpression | null;
  readonly existingComment?: string | null;
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
    spec.comment !== undefined
  ) {
    throw schemaError(
      where,
      "alterColumn: type takes a bare type builder",
      "Change nullability, default and comment with the nullable, default and comment options.",
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
