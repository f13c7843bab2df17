/**
 * `op` methods for domains, extensions and sequence alterations.
 */
import { SchemaError } from "../errors.js";
import type { ColumnValues } from "../schema/column-values.js";
import type { ColumnBuilder } from "../schema/column.js";
import { type DomainOptions, domain, extension } from "../schema/domain.js";
import type { CheckConstraint, ColumnDefault, LiteralDefault } from "../schema/model.js";
import { isSqlExpression, type SqlExpression } from "../schema/sql.js";
import {
  checkMethodOptions,
  type Emit,
  type IfNotExistsOptions,
  ifNotExistsFields,
  optionKeys,
  requireName,
  type SchemaOption,
} from "./emit.js";
import type { AlterDomainOp, AlterSequenceOp, Change, SequenceOwner } from "./operation.js";

/** The options `op.alterSequence` changes; `null` sets PostgreSQL's default (`NO MINVALUE`, `OWNED BY NONE`). */
export interface SequenceChanges {
  readonly dataType?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly cache?: number;
  readonly cycle?: boolean;
  readonly ownedBy?: SequenceOwner | null;
}

/** Options of `op.alterSequence`: the new values, and in `existing` the old ones, which make it reversible. */
export interface AlterSequenceOptions extends SchemaOption, SequenceChanges {
  readonly existing?: SequenceChanges;
}

/** Options of `op.createDomain`: those of `domain()` from `retort/schema`. */
export type CreateDomainOptions = DomainOptions;

/** Options of `op.dropDomain`. */
export interface DropDomainOptions extends SchemaOption {
  readonly ifExists?: boolean;
}

/** Options of `op.alterDomain`; `existingDefault` and `existingNotNull` make a default or NOT NULL change reversible. */
export interface AlterDomainOptions extends SchemaOption {
  /** The new default; `null` drops it. */
  readonly default?: LiteralDefault | SqlExpression | null;
  readonly existingDefault?: LiteralDefault | SqlExpression | null;
  readonly notNull?: boolean;
  readonly existingNotNull?: boolean;
  /** Checks to add, by name. */
  readonly addChecks?: Readonly<Record<string, SqlExpression | string>>;
  /** Checks to drop, by name, with the expression they had (which the downgrade adds back). */
  readonly dropChecks?: Readonly<Record<string, SqlExpression | string>>;
}

/** Options of `op.createExtension`. */
export interface CreateExtensionOptions extends IfNotExistsOptions {
  readonly schema?: string;
  readonly version?: string;
}

/** Options of `op.dropExtension`; `existingSchema` and `existingVersion` are what the downgrade creates it with. */
export interface DropExtensionOptions {
  readonly ifExists?: boolean;
  readonly existingSchema?: string;
  readonly existingVersion?: string;
}

const CHANGE_KEYS = optionKeys<SequenceChanges>({
  dataType: true,
  start: true,
  increment: true,
  minValue: true,
  maxValue: true,
  cache: true,
  cycle: true,
  ownedBy: true,
});
const ALTER_SEQUENCE = optionKeys<AlterSequenceOptions>({
  schema: true,
  existing: true,
  dataType: true,
  start: true,
  increment: true,
  minValue: true,
  maxValue: true,
  cache: true,
  cycle: true,
  ownedBy: true,
});
const CREATE_DOMAIN = optionKeys<CreateDomainOptions>({
  schema: true,
  check: true,
  checks: true,
  notNull: true,
  default: true,
  collate: true,
});
const DROP_DOMAIN = optionKeys<DropDomainOptions>({ schema: true, ifExists: true });
const ALTER_DOMAIN = optionKeys<AlterDomainOptions>({
  schema: true,
  default: true,
  existingDefault: true,
  notNull: true,
  existingNotNull: true,
  addChecks: true,
  dropChecks: true,
});
const CREATE_EXTENSION = optionKeys<CreateExtensionOptions>({ schema: true, version: true, ifNotExists: true, dropOnDowngrade: true });
const DROP_EXTENSION = optionKeys<DropExtensionOptions>({ ifExists: true, existingSchema: true, existingVersion: true });

function checkSequenceValues(name: string, values: SequenceChanges): void {
  for (const key of ["start", "increment", "minValue", "maxValue", "cache"] as const) {
    const value = values[key];
    if (value !== undefined && value !== null && !Number.isSafeInteger(value)) {
      throw new SchemaError(`alterSequence "${name}": ${key} must be an integer, got ${value}`, { details: { sequence: name } });
    }
  }
  if (values.increment === 0) throw new SchemaError(`alterSequence "${name}": increment cannot be zero`);
}

function change<T>(to: T | undefined, from: T | undefined): Change<T> | undefined {
  if (to === undefined) return undefined;
  return from === undefined ? { to } : { from, to };
}

function defaultOf(value: LiteralDefault | SqlExpression | null | undefined, name: string): ColumnDefault | null | undefined {
  if (value === undefined || value === null) return value;
  if (isSqlExpression(value)) return { kind: "expression", sql: value.sql };
  if (["string", "number", "bigint", "boolean"].includes(typeof value)) return { kind: "literal", value };
  throw new SchemaError(`alterDomain "${name}": a default must be a literal or sql\`…\`, got ${typeof value}`);
}

function checksOf(record: Readonly<Record<string, SqlExpression | string>> | undefined, name: string): CheckConstraint[] | undefined {
  if (record === undefined) return undefined;
  return Object.entries(record).map(([checkName, value]) => {
    const expression = typeof value === "string" ? value : isSqlExpression(value) ? value.sql : "";
    if (expression.trim().length === 0) throw new SchemaError(`alterDomain "${name}": check ${checkName} needs sql\`…\` on VALUE`);
    return { kind: "check", name: checkName, expression };
  });
}

/** The domain, extension and sequence-alteration methods of `op`, emitting through `emit`. */
export function domainOperations(emit: Emit) {
  return {
    /** `ALTER SEQUENCE`: changes options in place. Pass `existing` (the old values) to make it reversible. */
    async alterSequence(name: string, options: AlterSequenceOptions): Promise<void> {
      requireName(name, "alterSequence: the sequence name");
      checkMethodOptions("alterSequence", name, options, ALTER_SEQUENCE);
      checkMethodOptions("alterSequence", name, options.existing, CHANGE_KEYS);
      checkSequenceValues(name, options);
      const existing = options.existing ?? {};
      checkSequenceValues(name, existing);
      const op: AlterSequenceOp = {
        kind: "alterSequence",
        name,
        schema: options.schema,
        dataType: change(options.dataType, existing.dataType),
        start: change(options.start, existing.start),
        increment: change(options.increment, existing.increment),
        minValue: change(options.minValue, existing.minValue),
        maxValue: change(options.maxValue, existing.maxValue),
        cache: change(options.cache, existing.cache),
        cycle: change(options.cycle, existing.cycle),
        ownedBy: change(options.ownedBy, existing.ownedBy),
      };
      if (CHANGE_KEYS.every((key) => op[key as keyof SequenceChanges] === undefined)) {
        throw new SchemaError(`alterSequence "${name}" was given nothing to change`, {
          hint: "Pass dataType, start, increment, minValue, maxValue, cache, cycle or ownedBy.",
        });
      }
      await emit(op);
    },

    /** `CREATE DOMAIN name AS type …`, with the options of `domain()`. */
    async createDomain<T extends ColumnValues>(name: string, type: ColumnBuilder<T>, options: CreateDomainOptions = {}): Promise<void> {
      requireName(name, "createDomain: the domain name");
      checkMethodOptions("createDomain", name, options, CREATE_DOMAIN);
      const { __values: _types, ...definition } = domain(name, type, options);
      await emit({ kind: "createDomain", domain: definition });
    },

    /** `DROP DOMAIN`. Irreversible (the downgrade of an autogenerated revision recreates it from the models). */
    async dropDomain(name: string, options: DropDomainOptions = {}): Promise<void> {
      requireName(name, "dropDomain: the domain name");
      checkMethodOptions("dropDomain", name, options, DROP_DOMAIN);
      await emit({ kind: "dropDomain", name, schema: options.schema, ifExists: options.ifExists || undefined });
    },

    /** `ALTER DOMAIN`: default, NOT NULL, checks dropped and added. */
    async alterDomain(name: string, options: AlterDomainOptions): Promise<void> {
      requireName(name, "alterDomain: the domain name");
      checkMethodOptions("alterDomain", name, options, ALTER_DOMAIN);
      const op: AlterDomainOp = {
        kind: "alterDomain",
        name,
        schema: options.schema,
        default: change(defaultOf(options.default, name), defaultOf(options.existingDefault, name)),
        notNull: change(options.notNull, options.existingNotNull),
        dropChecks: checksOf(options.dropChecks, name),
        addChecks: checksOf(options.addChecks, name),
      };
      if (op.default === undefined && op.notNull === undefined && !op.dropChecks?.length && !op.addChecks?.length) {
        throw new SchemaError(`alterDomain "${name}" was given nothing to change`, {
          hint: "Pass default, notNull, addChecks or dropChecks.",
        });
      }
      await emit(op);
    },

    /** `CREATE EXTENSION [IF NOT EXISTS] … [WITH SCHEMA …] [VERSION …]`. */
    async createExtension(name: string, options: CreateExtensionOptions = {}): Promise<void> {
      requireName(name, "createExtension: the extension name");
      checkMethodOptions("createExtension", name, options, CREATE_EXTENSION);
      const created = ifNotExistsFields("createExtension", name, options);
      await emit({ kind: "createExtension", extension: extension(name, { schema: options.schema, version: options.version }), ...created });
    },

    /** `DROP EXTENSION [IF EXISTS]`; its downgrade creates it again (in `existingSchema`, at `existingVersion`). */
    async dropExtension(name: string, options: DropExtensionOptions = {}): Promise<void> {
      requireName(name, "dropExtension: the extension name");
      checkMethodOptions("dropExtension", name, options, DROP_EXTENSION);
      const existing = extension(name, { schema: options.existingSchema, version: options.existingVersion });
      await emit({ kind: "dropExtension", name, ifExists: options.ifExists || undefined, existing });
    },
  };
}

/** The domain, extension and sequence-alteration methods of `op`. */
export type DomainOperations = ReturnType<typeof domainOperations>;
