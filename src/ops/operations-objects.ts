/**
 * `op` methods for objects beside tables and columns: enum types, sequences, schemas, table comments, and
 * bulk inserts.
 */
import { SchemaError } from "../errors.js";
import { enumType } from "../schema/enum.js";
import type { Sequence } from "../schema/model.js";
import { isSqlExpression, type SqlExpression } from "../schema/sql.js";
import type { BulkValue } from "./operation.js";
import { OperationsBase, requireName, type SchemaOption } from "./operations-base.js";

/** A cell of `op.bulkInsert`: a literal, a date, `sql\`…\``, or JSON data (plain objects and arrays). */
export type BulkInsertValue = string | number | bigint | boolean | null | Date | SqlExpression | object;

/** Options of `op.createSequence` (PostgreSQL's defaults when absent). */
export interface SequenceOptions extends SchemaOption {
  readonly dataType?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** `OWNED BY table.column` (the table in the sequence's schema). */
  readonly ownedBy?: { readonly table: string; readonly column: string };
  readonly ifNotExists?: boolean;
}

function bulkValue(value: BulkInsertValue | undefined, where: string): BulkValue | undefined {
  if (value === undefined || value === null || value instanceof Date) return value;
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return value;
  if (isSqlExpression(value)) return { kind: "sql", sql: value.sql };
  if (typeof value === "object") return { kind: "json", value: structuredClone(value) };
  throw new SchemaError(`bulkInsert into ${where}: cannot insert a ${typeof value}`, { details: { table: where } });
}

/** Enum, sequence, schema, comment and data methods of `op`. */
export class ObjectOperations extends OperationsBase {
  /** `COMMENT ON TABLE … IS '…'`; `existingComment` (default: none) lets the downgrade restore the old one. */
  async createTableComment(
    table: string,
    comment: string,
    options: SchemaOption & { readonly existingComment?: string | null } = {},
  ): Promise<void> {
    requireName(table, "createTableComment: the table name");
    if (typeof comment !== "string") throw new SchemaError(`createTableComment on "${table}": the comment must be a string`);
    await this.emit({ kind: "createTableComment", table, schema: options.schema, comment, existing: options.existingComment ?? null });
  }

  /** `COMMENT ON TABLE … IS NULL`; `existingComment` lets the downgrade put it back. */
  async dropTableComment(table: string, options: SchemaOption & { readonly existingComment?: string } = {}): Promise<void> {
    requireName(table, "dropTableComment: the table name");
    await this.emit({ kind: "dropTableComment", table, schema: options.schema, existing: options.existingComment });
  }

  /** `CREATE TYPE name AS ENUM (…)`. */
  async createEnum(name: string, values: readonly string[], options: SchemaOption = {}): Promise<void> {
    await this.emit({ kind: "createEnum", enumType: enumType(name, values, options) });
  }

  /** `DROP TYPE`. Pass `existingValues` to make it reversible. */
  async dropEnum(
    name: string,
    options: SchemaOption & { readonly ifExists?: boolean; readonly existingValues?: readonly string[] } = {},
  ): Promise<void> {
    requireName(name, "dropEnum: the enum name");
    const existing = options.existingValues === undefined ? undefined : enumType(name, options.existingValues, { schema: options.schema });
    await this.emit({ kind: "dropEnum", name, schema: options.schema, ifExists: options.ifExists || undefined, existing });
  }

  /** `ALTER TYPE … ADD VALUE … [BEFORE | AFTER …]`. PostgreSQL cannot remove it again. */
  async addEnumValue(
    enumName: string,
    value: string,
    options: SchemaOption & { readonly before?: string; readonly after?: string; readonly ifNotExists?: boolean } = {},
  ): Promise<void> {
    requireName(enumName, "addEnumValue: the enum name");
    requireName(value, "addEnumValue: the value", ` (enum "${enumName}")`);
    if (options.before !== undefined && options.after !== undefined) {
      throw new SchemaError(`addEnumValue "${enumName}.${value}": give before or after, not both`, { details: { enum: enumName, value } });
    }
    await this.emit({
      kind: "addEnumValue",
      enumName,
      schema: options.schema,
      value,
      before: options.before,
      after: options.after,
      ifNotExists: options.ifNotExists || undefined,
    });
  }

  /** `ALTER TYPE … RENAME VALUE 'from' TO 'to'`. */
  async renameEnumValue(enumName: string, from: string, to: string, options: SchemaOption = {}): Promise<void> {
    requireName(enumName, "renameEnumValue: the enum name");
    requireName(from, "renameEnumValue: the old value", ` (enum "${enumName}")`);
    requireName(to, "renameEnumValue: the new value", ` (enum "${enumName}")`);
    await this.emit({ kind: "renameEnumValue", enumName, schema: options.schema, from, to });
  }

  /** `CREATE SEQUENCE`. */
  async createSequence(name: string, options: SequenceOptions = {}): Promise<void> {
    requireName(name, "createSequence: the sequence name");
    for (const key of ["start", "increment", "minValue", "maxValue", "cache"] as const) {
      const value = options[key];
      if (value !== undefined && !Number.isSafeInteger(value)) {
        throw new SchemaError(`createSequence "${name}": ${key} must be an integer, got ${value}`, { details: { sequence: name } });
      }
    }
    if (options.increment === 0) throw new SchemaError(`createSequence "${name}": increment cannot be zero`);
    const sequence: Sequence = {
      kind: "sequence",
      name,
      schema: options.schema,
      dataType: options.dataType,
      start: options.start,
      increment: options.increment,
      minValue: options.minValue,
      maxValue: options.maxValue,
      cache: options.cache,
      cycle: options.cycle || undefined,
      ownedBy: options.ownedBy === undefined ? undefined : { ...options.ownedBy },
    };
    await this.emit({ kind: "createSequence", sequence, ifNotExists: options.ifNotExists || undefined });
  }

  /** `DROP SEQUENCE`. */
  async dropSequence(name: string, options: SchemaOption & { readonly ifExists?: boolean } = {}): Promise<void> {
    requireName(name, "dropSequence: the sequence name");
    await this.emit({ kind: "dropSequence", name, schema: options.schema, ifExists: options.ifExists || undefined });
  }

  /** `CREATE SCHEMA`. */
  async createSchema(name: string, options: { readonly ifNotExists?: boolean; readonly authorization?: string } = {}): Promise<void> {
    requireName(name, "createSchema: the schema name");
    await this.emit({ kind: "createSchema", name, ifNotExists: options.ifNotExists || undefined, authorization: options.authorization });
  }

  /** `DROP SCHEMA` (`cascade` drops everything in it, and makes the drop irreversible). */
  async dropSchema(name: string, options: { readonly ifExists?: boolean; readonly cascade?: boolean } = {}): Promise<void> {
    requireName(name, "dropSchema: the schema name");
    await this.emit({ kind: "dropSchema", name, ifExists: options.ifExists || undefined, cascade: options.cascade || undefined });
  }

  /**
   * `INSERT INTO table (…) VALUES …` for seed and reference data. Columns are taken in order of first
   * appearance; a row without a column gets the column's default. Irreversible.
   */
  async bulkInsert(table: string, rows: readonly Readonly<Record<string, BulkInsertValue>>[], options: SchemaOption = {}): Promise<void> {
    requireName(table, "bulkInsert: the table name");
    const columns: string[] = [];
    for (const row of rows) {
      for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    }
    const values = rows.map((row) => columns.map((column) => bulkValue(row[column], `"${table}"."${column}"`)));
    await this.emit({ kind: "bulkInsert", table, schema: options.schema, columns, rows: values });
  }
}
