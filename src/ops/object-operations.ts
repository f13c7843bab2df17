/**
 * `op` methods for objects beside tables: enum types, sequences, schemas.
 */
import { SchemaError } from "../errors.js";
import { enumType } from "../schema/enum.js";
import type { Sequence } from "../schema/model.js";
import {
  checkMethodOptions,
  type Emit,
  type IfNotExistsOptions,
  ifNotExistsFields,
  optionKeys,
  requireName,
  type SchemaOption,
} from "./emit.js";

/** Options of `op.createSequence` (PostgreSQL's defaults when absent). */
export interface SequenceOptions extends SchemaOption, IfNotExistsOptions {
  readonly dataType?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** `OWNED BY table.column` (the table in the sequence's schema). */
  readonly ownedBy?: { readonly table: string; readonly column: string };
}

/** Options of `op.dropEnum`. */
export interface DropEnumOptions extends SchemaOption {
  readonly ifExists?: boolean;
  /** The enum's values, which the downgrade recreates it with. */
  readonly existingValues?: readonly string[];
}

/** Options of `op.addEnumValue`. */
export interface AddEnumValueOptions extends SchemaOption {
  readonly before?: string;
  readonly after?: string;
  readonly ifNotExists?: boolean;
}

/** Options of `op.createSchema`. */
export interface CreateSchemaOptions extends IfNotExistsOptions {
  readonly authorization?: string;
}

/** Options of `op.dropSchema`. */
export interface DropSchemaOptions {
  readonly ifExists?: boolean;
  readonly cascade?: boolean;
}

const SCHEMA_ONLY = optionKeys<SchemaOption>({ schema: true });
const DROP_ENUM = optionKeys<DropEnumOptions>({ schema: true, ifExists: true, existingValues: true });
const ADD_ENUM_VALUE = optionKeys<AddEnumValueOptions>({ schema: true, before: true, after: true, ifNotExists: true });
const CREATE_SEQUENCE = optionKeys<SequenceOptions>({
  schema: true,
  dataType: true,
  start: true,
  increment: true,
  minValue: true,
  maxValue: true,
  cache: true,
  cycle: true,
  ownedBy: true,
  ifNotExists: true,
  dropOnDowngrade: true,
});
const DROP_SEQUENCE = optionKeys<SchemaOption & { ifExists?: boolean }>({ schema: true, ifExists: true });
const CREATE_SCHEMA = optionKeys<CreateSchemaOptions>({ ifNotExists: true, dropOnDowngrade: true, authorization: true });
const DROP_SCHEMA = optionKeys<DropSchemaOptions>({ ifExists: true, cascade: true });

/** The enum, sequence and schema methods of `op`, emitting through `emit`. */
export function objectOperations(emit: Emit) {
  return {
    /** `CREATE TYPE name AS ENUM (…)`. */
    async createEnum(name: string, values: readonly string[], options: SchemaOption = {}): Promise<void> {
      requireName(name, "createEnum: the enum name");
      checkMethodOptions("createEnum", name, options, SCHEMA_ONLY);
      await emit({ kind: "createEnum", enumType: enumType(name, values, options) });
    },

    /** `DROP TYPE`. Pass `existingValues` to make it reversible. */
    async dropEnum(name: string, options: DropEnumOptions = {}): Promise<void> {
      requireName(name, "dropEnum: the enum name");
      checkMethodOptions("dropEnum", name, options, DROP_ENUM);
      const existing =
        options.existingValues === undefined ? undefined : enumType(name, options.existingValues, { schema: options.schema });
      await emit({ kind: "dropEnum", name, schema: options.schema, ifExists: options.ifExists || undefined, existing });
    },

    /** `ALTER TYPE … ADD VALUE … [BEFORE | AFTER …]`. PostgreSQL cannot remove it again. */
    async addEnumValue(enumName: string, value: string, options: AddEnumValueOptions = {}): Promise<void> {
      requireName(enumName, "addEnumValue: the enum name");
      requireName(value, "addEnumValue: the value", ` (enum "${enumName}")`);
      checkMethodOptions("addEnumValue", enumName, options, ADD_ENUM_VALUE);
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
      checkMethodOptions("renameEnumValue", enumName, options, SCHEMA_ONLY);
      await emit({ kind: "renameEnumValue", enumName, schema: options.schema, from, to });
    },

    /** `CREATE SEQUENCE`. */
    async createSequence(name: string, options: SequenceOptions = {}): Promise<void> {
      requireName(name, "createSequence: the sequence name");
      checkMethodOptions("createSequence", name, options, CREATE_SEQUENCE);
      checkMethodOptions("createSequence", name, options.ownedBy, ["table", "column"]);
      const created = ifNotExistsFields("createSequence", name, options);
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
      await emit({ kind: "createSequence", sequence, ...created });
    },

    /** `DROP SEQUENCE`. */
    async dropSequence(name: string, options: SchemaOption & { readonly ifExists?: boolean } = {}): Promise<void> {
      requireName(name, "dropSequence: the sequence name");
      checkMethodOptions("dropSequence", name, options, DROP_SEQUENCE);
      await emit({ kind: "dropSequence", name, schema: options.schema, ifExists: options.ifExists || undefined });
    },

    /** `CREATE SCHEMA`. */
    async createSchema(name: string, options: CreateSchemaOptions = {}): Promise<void> {
      requireName(name, "createSchema: the schema name");
      checkMethodOptions("createSchema", name, options, CREATE_SCHEMA);
      await emit({ kind: "createSchema", name, ...ifNotExistsFields("createSchema", name, options), authorization: options.authorization });
    },

    /** `DROP SCHEMA` (`cascade` drops everything in it, and makes the drop irreversible). */
    async dropSchema(name: string, options: DropSchemaOptions = {}): Promise<void> {
      requireName(name, "dropSchema: the schema name");
      checkMethodOptions("dropSchema", name, options, DROP_SCHEMA);
      await emit({ kind: "dropSchema", name, ifExists: options.ifExists || undefined, cascade: options.cascade || undefined });
    },
  };
}

/** The enum, sequence and schema methods of `op`. */
export type ObjectOperations = ReturnType<typeof objectOperations>;
