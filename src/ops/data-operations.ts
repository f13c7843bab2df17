/**
 * `op` methods that work on data or run SQL as written: `execute` and `bulkInsert`. Neither can be reversed.
 */
import { SchemaError } from "../errors.js";
import { isSqlExpression, type SqlExpression, sqlText } from "../schema/sql.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";
import type { BulkValue } from "./operation.js";

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
  };
}

/** The raw SQL and data methods of `op`. */
export type DataOperations = ReturnType<typeof dataOperations>;
