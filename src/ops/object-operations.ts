/**
 * `op` methods for objects beside tables: enum types, sequences, schemas.
 */
import { SchemaError } from "../errors.js";
import { enumType } from "../schema/enum.js";
import type { Sequence } from "../schema/model.js";
import { type Emit, requireName, type SchemaOption } from "./emit.js";

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

/** The enum, sequence and schema methods of `op`, emitting through `emit`. */
export function objectOperations(emit: Emit) {
  return {
    /** `CREATE TYPE name AS ENUM (…)`. */
    async createEnum(name: string, values: readonly string[], options: SchemaOption = {}): Promise<void> {
      await emit({ kind: "createEnum", enumType: enumType(name, values, options) });
    },

    /** `DROP TYPE`. Pass `existingValues` to make it reversible. */
    async dropEnum(
      name: string,
      options: SchemaOption & { readonly ifExists?: boolean; readonly existingValues?: readonly string[] } = {},
    ): Promise<void> {
      requireName(name, "dropEnum: the enum name");
      const existing = options.existingValues === undefined ? undefined : enumType(name, options.existingValues, options);
      await emit({ kind: "dropEnum", name, schema: options.schema, ifExists: options.ifExists || undefined, existing });
    },

    /** `ALTER TYPE … ADD VALUE … [BEFORE | AFTER …]`. PostgreSQL cannot remove it again. */
    async addEnumValue(
      enumName: string,
      value: string,
      options: SchemaOption & { readonly before?: string; readonly after?: string; readonly ifNotExists?: boolean } = {},
    ): Promise<void> {
      requireName(enumName, "addEnumValue: the enum name");
      requireName(value, "addEnumValue: the value", ` (enum "${enumName}")`);
      if (options.before !== undefined && options.after !== undefined) {
        throw new SchemaError(`addEnumValue "${enumName}.${value}": give before or after, not both`, {
          details: { enum: enumName, value },
        });
      }
      await emit({
        kind: "addEnumValue",
        enumName,
        schema: options.schema,
        value,
        before: options.before,
        after: options.after,
        ifNotExists: options.ifNotExists || undefined,
      });
    },

    /** `ALTER TYPE … RENAME VALUE 'from' TO 'to'`. */
    async renameEnumValue(enumName: string, from: string, to: string, options: SchemaOption = {}): Promise<void> {
      requireName(enumName, "renameEnumValue: the enum name");
      requireName(from, "renameEnumValue: the old value", ` (enum "${enumName}")`);
      requireName(to, "renameEnumValue: the new value", ` (enum "${enumName}")`);
      await emit({ kind: "renameEnumValue", enumName, schema: options.schema, from, to });
    },

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
      await emit({ kind: "createSequence", sequence, ifNotExists: options.ifNotExists || undefined });
    },

    /** `DROP SEQUENCE`. */
    async dropSequence(name: string, options: SchemaOption & { readonly ifExists?: boolean } = {}): Promise<void> {
      requireName(name, "dropSequence: the sequence name");
      await emit({ kind: "dropSequence", name, schema: options.schema, ifExists: options.ifExists || undefined });
    },

    /** `CREATE SCHEMA`. */
    async createSchema(name: string, options: { readonly ifNotExists?: boolean; readonly authorization?: string } = {}): Promise<void> {
      requireName(name, "createSchema: the schema name");
      await emit({ kind: "createSchema", name, ifNotExists: options.ifNotExists || undefined, authorization: options.authorization });
    },

    /** `DROP SCHEMA` (`cascade` drops everything in it, and makes the drop irreversible). */
    async dropSchema(name: string, options: { readonly ifExists?: boolean; readonly cascade?: boolean } = {}): Promise<void> {
      requireName(name, "dropSchema: the schema name");
      await emit({ kind: "dropSchema", name, ifExists: options.ifExists || undefined, cascade: options.cascade || undefined });
    },
  };
}

/** The enum, sequence and schema methods of `op`. */
export type ObjectOperations = ReturnType<typeof objectOperations>;
