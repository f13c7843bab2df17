import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { Sequence } from "./model.js";
import { checkOptions } from "./options.js";
import type { SqlExpression } from "./sql.js";

/** Options of {@link sequence}; absent ones take PostgreSQL's defaults. */
export interface SequenceModelOptions {
  readonly schema?: string;
  readonly dataType?: "smallint" | "integer" | "bigint";
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** `OWNED BY table.column` (the table in the sequence's schema): dropping the column drops the sequence. */
  readonly ownedBy?: { readonly table: string; readonly column: string };
}

const KEYS = ["schema", "dataType", "start", "increment", "minValue", "maxValue", "cache", "cycle", "ownedBy"] as const;
const DATA_TYPES: readonly string[] = ["smallint", "integer", "bigint"];

/**
 * Declares a standalone sequence: `export const orderNo = sequence("order_no_seq", { start: 1000 })`. Exported
 * sequences of the models module belong to the target schema; a column takes its values with
 * `integer().default(nextval(orderNo))`. A `serial()` or identity column owns its own sequence and needs none.
 */
export function sequence(name: string, options: SequenceModelOptions = {}): Sequence {
  if (typeof name !== "string" || name.length === 0) throw new SchemaError("A sequence needs a name");
  const builder = `sequence("${name}")`;
  checkOptions(builder, options, KEYS);
  checkOptions(`${builder} ownedBy`, options.ownedBy, ["table", "column"]);
  if (options.dataType !== undefined && !DATA_TYPES.includes(options.dataType)) {
    throw new SchemaError(`${builder}: dataType must be smallint, integer or bigint, not ${JSON.stringify(options.dataType)}`, {
      details: { sequence: name },
    });
  }
  for (const key of ["start", "increment", "minValue", "maxValue", "cache"] as const) {
    const value = options[key];
    if (value !== undefined && !Number.isSafeInteger(value)) {
      throw new SchemaError(`${builder}: ${key} must be an integer, got ${String(value)}`, { details: { sequence: name } });
    }
  }
  if (options.increment === 0) throw new SchemaError(`${builder}: increment cannot be zero`, { details: { sequence: name } });
  if (options.cache !== undefined && options.cache < 1) {
    throw new SchemaError(`${builder}: cache must be at least 1, got ${options.cache}`, { details: { sequence: name } });
  }
  if (options.ownedBy !== undefined && (!options.ownedBy.table || !options.ownedBy.column)) {
    throw new SchemaError(`${builder}: ownedBy needs a table and a column`, { details: { sequence: name } });
  }
  return frozen({
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
    ownedBy: options.ownedBy === undefined ? undefined : { table: options.ownedBy.table, column: options.ownedBy.column },
  });
}

/** True for a value returned by `sequence()`. */
export function isSequence(value: unknown): value is Sequence {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "sequence";
}

/** A name as it is written inside a `regclass` literal: bare when PostgreSQL would fold it to itself, else quoted. */
function regclassPart(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * The default that takes a column's values from a sequence: `integer().default(nextval(orderNo))`, the
 * `nextval('order_no_seq')` PostgreSQL stores (as `nextval('order_no_seq'::regclass)`). Also takes the name.
 */
export function nextval(target: Sequence | string, options: { readonly schema?: string } = {}): SqlExpression {
  checkOptions("nextval()", options, ["schema"]);
  const name = typeof target === "string" ? target : target.name;
  const schema = typeof target === "string" ? options.schema : target.schema;
  if (name.length === 0) throw new SchemaError("nextval(): the sequence needs a name");
  const text = schema === undefined ? regclassPart(name) : `${regclassPart(schema)}.${regclassPart(name)}`;
  return Object.freeze({ kind: "sql", sql: `nextval('${text.replaceAll("'", "''")}')` });
}
