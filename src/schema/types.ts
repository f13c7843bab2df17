/**
 * Column builders for PostgreSQL's common types. Each returns a fresh {@link ColumnBuilder}; parameters are
 * validated when the table is built, so errors name the table and the column. Each builder's type states what
 * the `pg` driver returns for the type by default (`bigint` and `numeric` as strings, dates as `Date`).
 */
import { column, type ColumnBuilder } from "./column.js";
import type { ArrayAsText, ArrayValues, ColumnValues, PostgresInterval, ScalarValues, SerialValues } from "./column-values.js";
import type { EnumType } from "./model.js";
import { checkOptions } from "./options.js";

/** What an insert into a `bigint` column accepts; a select returns a string, as `pg` does. */
type BigintInput = string | number | bigint;
/** `numeric` arrives as a string (exact); `pg` parses an array of it into numbers. */
type NumericValues = ScalarValues<string, string | number | bigint, number>;
/** `date` and `timestamp` arrive as `Date`; an insert also takes their text. */
type DateValues = ScalarValues<Date, Date | string>;

/** `smallint` (2 bytes). */
export const smallint = (): ColumnBuilder<ScalarValues<number>> => column({ kind: "smallint" });
/** `integer` (4 bytes). */
export const integer = (): ColumnBuilder<ScalarValues<number>> => column({ kind: "integer" });
/** `bigint` (8 bytes). */
export const bigint = (): ColumnBuilder<ScalarValues<string, BigintInput>> => column({ kind: "bigint" });
/** `smallserial`: a smallint with an owned sequence as its default. */
export const smallserial = (): ColumnBuilder<SerialValues<number, number>> => column({ kind: "smallserial" });
/** `serial`: an integer with an owned sequence as its default. Prefer identity columns in new schemas. */
export const serial = (): ColumnBuilder<SerialValues<number, number>> => column({ kind: "serial" });
/** `bigserial`: a bigint with an owned sequence as its default. */
export const bigserial = (): ColumnBuilder<SerialValues<string, BigintInput>> => column({ kind: "bigserial" });
/** `boolean`. */
export const boolean = (): ColumnBuilder<ScalarValues<boolean>> => column({ kind: "boolean" });
/** `text`. */
export const text = (): ColumnBuilder<ScalarValues<string>> => column({ kind: "text" });
/** `varchar(length)`, or unbounded `varchar` without a length. */
export const varchar = (length?: number): ColumnBuilder<ScalarValues<string>> =>
  column(length === undefined ? { kind: "varchar" } : { kind: "varchar", length });
/** `char(length)` (`char` alone is `char(1)`). */
export const char = (length?: number): ColumnBuilder<ScalarValues<string>> =>
  column(length === undefined ? { kind: "char" } : { kind: "char", length });
/** `numeric(precision, scale)`; `numeric` alone is arbitrary precision. */
export const numeric = (precision?: number, scale?: number): ColumnBuilder<NumericValues> =>
  column({ kind: "numeric", ...(precision === undefined ? {} : { precision }), ...(scale === undefined ? {} : { scale }) });
/** `real` (4-byte float). */
export const real = (): ColumnBuilder<ScalarValues<number>> => column({ kind: "real" });
/** `double precision` (8-byte float). */
export const doublePrecision = (): ColumnBuilder<ScalarValues<number>> => column({ kind: "doublePrecision" });
/** `date`. */
export const date = (): ColumnBuilder<DateValues> => column({ kind: "date" });

/** Options of `time` and `timestamp`. */
export interface TimeOptions {
  /** `with time zone` (`timestamptz`); default false. */
  readonly withTimeZone?: boolean;
  /** Fractional-second digits, 0 to 6. */
  readonly precision?: number;
}

function timeType<K extends "time" | "timestamp">(kind: K, options: TimeOptions): ColumnBuilder<never> {
  checkOptions(`${kind}()`, options, ["withTimeZone", "precision"]);
  const withTimeZone = options.withTimeZone ?? false;
  return column(options.precision === undefined ? { kind, withTimeZone } : { kind, withTimeZone, precision: options.precision });
}
/** `time [with time zone]`. */
export const time = (options: TimeOptions = {}): ColumnBuilder<ScalarValues<string>> => timeType("time", options);
/** `timestamp [with time zone]`. */
export const timestamp = (options: TimeOptions = {}): ColumnBuilder<DateValues> => timeType("timestamp", options);
/** `timestamp with time zone`. */
export const timestamptz = (options: Omit<TimeOptions, "withTimeZone"> = {}): ColumnBuilder<DateValues> => {
  checkOptions("timestamptz()", options, ["precision"]);
  return timeType("timestamp", { ...options, withTimeZone: true });
};
/** `interval`: `pg` returns a {@link PostgresInterval} object; an insert also takes interval text (`"2 hours"`). */
export const interval = (): ColumnBuilder<ScalarValues<PostgresInterval, PostgresInterval | string>> => column({ kind: "interval" });
/** `uuid`. */
export const uuid = (): ColumnBuilder<ScalarValues<string>> => column({ kind: "uuid" });
/** `json`: its values are `unknown` to TypeScript unless given with `.$type<T>()`. */
export const json = (): ColumnBuilder<ScalarValues<unknown>> => column({ kind: "json" });
/** `jsonb`: its values are `unknown` to TypeScript unless given with `.$type<T>()`. */
export const jsonb = (): ColumnBuilder<ScalarValues<unknown>> => column({ kind: "jsonb" });
/** `bytea`. */
export const bytea = (): ColumnBuilder<ScalarValues<Buffer, Uint8Array>> => column({ kind: "bytea" });

/** An array of the element builder's type: `array(integer())` is `integer[]` (same as `integer().array()`). */
export const array = <T extends ColumnValues, D extends number = 1>(
  element: ColumnBuilder<T>,
  dimensions: D = 1 as D,
): ColumnBuilder<ArrayValues<T, D, true, "no">> => column({ kind: "array", element: element.spec.type, dimensions });

/**
 * A column of an enum type: `enumColumn(genre)` with an {@link EnumType} from `enumType()`, or
 * `enumColumn("genre", { schema })` by name in revision files.
 */
export function enumColumn<L extends string = string>(
  type: EnumType<L> | string,
  options: { readonly schema?: string } = {},
): ColumnBuilder<ScalarValues<L, L, ArrayAsText>> {
  checkOptions("enumColumn()", options, ["schema"]);
  if (typeof type === "string") {
    return column(options.schema === undefined ? { kind: "enum", name: type } : { kind: "enum", name: type, schema: options.schema });
  }
  return column(type.schema === undefined ? { kind: "enum", name: type.name } : { kind: "enum", name: type.name, schema: type.schema });
}

/**
 * A type the DSL has no builder for, as SQL text: `customType("tsvector")`, `customType("citext")`. Its values
 * are `unknown` to TypeScript unless given with `.$type<T>()`.
 */
export const customType = (sqlType: string): ColumnBuilder<ScalarValues<unknown, unknown, ArrayAsText>> =>
  column({ kind: "custom", sql: sqlType });
