/**
 * `Operations`: the `op` a revision's `upgrade(op)` / `downgrade(op)` receives. Each method validates its
 * arguments, builds one frozen {@link Operation} and hands it to the runtime's `run`, which compiles and
 * executes it (online) or prints it (`--sql`).
 */
import { SchemaError } from "../errors.js";
import { OperationsBase, requireName, type SchemaOption } from "./operations-base.js";
import type { ColumnBuilder } from "../schema/column.js";
import type { SqlExpression } from "../schema/sql.js";
import { sqlText } from "../schema/sql.js";
import type { Constraint } from "../schema/model.js";
import { conventionName } from "../schema/naming.js";
import { resolveColumn } from "../schema/resolve-column.js";
import { buildTable, type TableOptions } from "../schema/table.js";

/**
 * The `op` object. Names and arguments follow Alembic's `op.*` (camelCase); column builders come from
 * `retort/schema`, as in models.
 * ```ts
 * await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });
 * await op.addColumn("movies", "release_date", date());
 * ```
 */
export class Operations extends OperationsBase {
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

  /** Runs SQL as written (data fixes, anything the other methods do not cover). Cannot be reversed. */
  async execute(sql: string | SqlExpression): Promise<void> {
    const text = sqlText(sql);
    if (typeof text !== "string" || text.trim().length === 0) {
      throw new SchemaError("execute: the SQL is empty", { hint: "Pass the statement to run." });
    }
    await this.emit({ kind: "execute", sql: text });
  }
}
