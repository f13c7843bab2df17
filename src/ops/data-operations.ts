/**
 * `op` methods that work on data or run SQL as written: `execute`, `bulkInsert` and `backfill`. None can be
 * reversed.
 */
import { SchemaError } from "../errors.js";
import { isSqlExpression, type SqlExpression, sqlText } from "../schema/sql.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";
import type { BulkValue } from "./operation.js";

/** Options of `op.backfill`. */
export interface BackfillOptions extends SchemaOption {
  /** The columns to set: a literal, a date, JSON data, or `sql\`…\`` (evaluated per row, may name its columns). */
  readonly set: Readonly<Record<string, BulkInsertValue>>;
  /** Which rows to update, as `sql\`…\``; every row when absent. */
  readonly where?: SqlExpression;
  /** Rows per batch, each batch its own transaction (default 1000). */
  readonly batchSize?: number;
  /** The column(s) the batches follow, unique and not null; default: the table's primary key. */
  readonly key?: string | readonly string[];
}

/** Rows per batch of `op.backfill` unless it says otherwise: short enough that a batch holds its row locks briefly. */
export const DEFAULT_BACKFILL_BATCH_SIZE = 1000;

/** A cell of `op.bulkInsert`: a literal, a date, `sql\`…\``, or JSON data (plain objects and arrays). */
export type BulkInsertValue = string | number | bigint | boolean | null | Date | SqlExpression | object;

function bulkValue(value: BulkInsertValue | undefined, where: string): BulkValue | undefined {
  if (value === undefined || value === null || value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return value;
  if (isSqlExpression(value)) return { kind: "sql", sql: value.sql };
  if (typeof value === "object") return { kind: "json", value: structuredClone(value) };
  throw new SchemaError(`bulkInsert into ${where}: cannot insert a ${typeof value}`, { details: { table: where } });
}

/** The raw SQL and data methods of `op`, emitting through `emit`. */
export function dataOperations(emit: Emit) {
  return {
    /** Runs SQL as written (data fixes, anything the other methods do not cover). Cannot be reversed. */
    async execute(sql: string | SqlExpression): Promise<void> {
      const text = sqlText(sql);
      if (typeof text !== "string" || text.trim().length === 0) {
        throw new SchemaError("execute: the SQL is empty", { hint: "Pass the statement to run." });
      }
      await emit({ kind: "execute", sql: text });
    },

    /**
     * `INSERT INTO table (…) VALUES …` for seed and reference data. Columns are taken in order of first
     * appearance; a row without a column gets the column's default. Irreversible.
     */
    async bulkInsert(table: string, rows: readonly Readonly<Record<string, BulkInsertValue>>[], options: SchemaOption = {}): Promise<void> {
      requireName(table, "bulkInsert: the table name");
      checkMethodOptions("bulkInsert", table, options, optionKeys<SchemaOption>({ schema: true }));
      const columns: string[] = [];
      for (const row of rows) {
        for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
      }
      const values = rows.map((row) => columns.map((column) => bulkValue(row[column], `"${table}"."${column}"`)));
      await emit({ kind: "bulkInsert", table, schema: options.schema, columns, rows: values });
    },

    /**
     * Updates an existing table in batches (`UPDATE … SET … WHERE key IN (the next batchSize rows by key)`), each
     * batch its own short transaction, for expand/contract data moves; only in a revision with
     * `export const transactional = false`. Online it records the last key done, so a run cut off resumes after
     * the last committed batch. Irreversible: a downgrade that needs the old values moves them back itself.
     */
    async backfill(table: string, options: BackfillOptions): Promise<void> {
      requireName(table, "backfill: the table name");
      checkMethodOptions(
        "backfill",
        table,
        options,
        optionKeys<BackfillOptions>({ schema: true, set: true, where: true, batchSize: true, key: true }),
      );
      const where = `op.backfill(${JSON.stringify(table)})`;
      if (options?.set === null || typeof options?.set !== "object" || Object.keys(options.set).length === 0)
        throw new SchemaError(`${where}: set must name at least one column`, {
          hint: "Pass the columns to update and their values: { set: { column: sql`expression` } }.",
          details: { table },
        });
      const set = Object.entries(options.set).map(([column, value]) => {
        requireName(column, `${where}: a column name`);
        const cell = bulkValue(value, `"${table}"."${column}"`);
        if (cell === undefined)
          throw new SchemaError(`${where}: no value for column ${column}`, {
            hint: "Give a value or sql`DEFAULT`.",
            details: { table, column },
          });
        return { column, value: cell };
      });
      if (options.where !== undefined && !isSqlExpression(options.where))
        throw new SchemaError(`${where}: where must be sql\`…\``, {
          hint: "Write the condition as sql`status IS NULL`, imported from retort/schema.",
          details: { table },
        });
      const batchSize = options.batchSize ?? DEFAULT_BACKFILL_BATCH_SIZE;
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new SchemaError(`${where}: batchSize must be a whole number of rows, 1 or more, got ${JSON.stringify(options.batchSize)}`, {
          details: { table },
        });
      const key = options.key === undefined ? undefined : typeof options.key === "string" ? [options.key] : [...options.key];
      if (key !== undefined) {
        if (key.length === 0)
          throw new SchemaError(`${where}: key names no column`, { hint: "Leave key out to use the primary key.", details: { table } });
        for (const column of key) requireName(column, `${where}: a key column`);
      }
      await emit({
        kind: "backfill",
        table,
        schema: options.schema,
        set,
        where: options.where === undefined ? undefined : options.where.sql,
        key,
        batchSize,
      });
    },
  };
}

/** The raw SQL and data methods of `op`. */
export type DataOperations = ReturnType<typeof dataOperations>;
