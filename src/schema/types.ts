/**
 * Column builders for PostgreSQL's common types. Each returns a fresh {@link ColumnBuilder}; parameters are
 * validated when the table is built, so errors name the table and the column.
 */
import { column, type ColumnBuilder } from "./column.js";
import type { EnumType } from "./model.js";
import { checkOptions } from "./options.js";

/** `smallint` (2 bytes). */
export const smallint = (): ColumnBuilder => column({ kind: "smallint" });
/** `integer` (4 bytes). */
export const integer = (): ColumnBuilder => column({ kind: "integer" });
/** `bigint` (8 bytes). */
export const bigint = (): ColumnBuilder => column({ kind: "bigint" });
/** `smallserial`: a smallint with an owned sequence as its default. */
export const smallserial = (): ColumnBuilder => column({ kind: "smallserial" });
/** `serial`: an integer with an owned sequence as its default. Prefer identity columns in new schemas. */
export const serial = (): ColumnBuilder => column({ kind: "serial" });
/** `bigserial`: a bigint with an owned sequence as its default. */
export const bigserial = (): ColumnBuilder => column({ kind: "bigserial" });
/** `boolean`. */
export const boolean = (): ColumnBuilder => column({ kind: "boolean" });
/** `text`. */
export const text = (): ColumnBuilder => column({ kind: "text" });
/** `varchar(length)`, or unbounded `varchar` without a length. */
export const varchar = (length?: number): ColumnBuilder => column(length === undefined ? { kind: "varchar" } : { kind: "varchar", length });
/** `char(length)` (`char` alone is `char(1)`). */
export const char = (length?: number): ColumnBuilder => column(length === undefined ? { kind: "char" } : { kind: "char", length });
/** `numeric(precision, scale)`; `numeric` alone is arbitrary precision. */
export const numeric = (precision?: number, scale?: number): ColumnBuilder =>
  column({ kind: "numeric", ...(precision === undefined ? {} : { precision }), ...(scale === undefined ? {} : { scale }) });
/** `real` (4-byte float). */
export const real = (): ColumnBuilder => column({ kind: "real" });
/** `double precision` (8-byte float). */
export const doublePrecision = (): ColumnBuilder => column({ kind: "doublePrecision" });
/** `date`. */
export const date = (): ColumnBuilder => column({ kind: "date" });

/** Options of `time` and `timestamp`. */
export interface TimeOptions {
  /** `with time zone` (`timestamptz`); default false. */
  readonly withTimeZone?: boolean;
  /** Fractional-second digits, 0 to 6. */
  readonly precision?: number;
}

function timeType<K extends "time" | "timestamp">(kind: K, options: TimeOptions): ColumnBuilder {
  checkOptions(`${kind}()`, options, ["withTimeZone", "precision"]);
  const withTimeZone = options.withTimeZone ?? false;
  return column(options.precision === undefined ? { kind, withTimeZone } : { kind, withTimeZone, precision: options.precision });
}
/** `time [with time zone]`. */
export const time = (options: TimeOptions = {}): ColumnBuilder => timeType("time", options);
/** `timestamp [with time zone]`. */
export const timestamp = (options: TimeOptions = {}): ColumnBuilder => timeType("timestamp", options);
/** `timestamp with time zone`. */
export const timestamptz = (options: Omit<TimeOptions, "withTimeZone"> = {}): ColumnBuilder => {
  checkOptions("timestamptz()", options, ["precision"]);
  return timeType("timestamp", { ...options, withTimeZone: true });
};
/** `interval`. */
export const interval = (): ColumnBuilder => column({ kind: "interval" });
/** `uuid`. */
export const uuid = (): ColumnBuilder => column({ kind: "uuid" });
/** `json`. */
export const json = (): ColumnBuilder => column({ kind: "json" });
/** `jsonb`. */
export const jsonb = (): ColumnBuilder => column({ kind: "jsonb" });
/** `bytea`. */
export const bytea = (): ColumnBuilder => column({ kind: "bytea" });

/** An array of the element builder's type: `array(integer())` is `integer[]` (same as `integer().array()`). */
export const array = (element: ColumnBuilder, dimensions = 1): ColumnBuilder =>
  column({ kind: "array", element: element.spec.type, dimensions });

/**
 * A column of an enum type: `enumColumn(genre)` with an {@link EnumType} from `enumType()`, or
 * `enumColumn("genre", { schema })` by name in revision files.
 */
export function enumColumn(type: EnumType | string, options: { readonly schema?: string } = {}): ColumnBuilder {
  checkOptions("enumColumn()", options, ["schema"]);
  if (typeof type === "string") {
    return column(options.schema === undefined ? { kind: "enum", name: type } : { kind: "enum", name: type, schema: options.schema });
  }
  return column(type.schema === undefined ? { kind: "enum", name: type.name } : { kind: "enum", name: type.name, schema: type.schema });
}

/** A type the DSL has no builder for, as SQL text: `customType("tsvector")`, `customType("citext")`. */
export const customType = (sqlType: string): ColumnBuilder => column({ kind: "custom", sql: sqlType });
