/**
 * Typed rows from model tables (types only): `Selectable<typeof movies>`, `Insertable<…>`, `Updateable<…>`, and
 * `DatabaseOf<typeof models>` in the shape of Kysely's database interface, without depending on Kysely.
 */
import type { ColumnBuilder } from "./column.js";
import type { ColumnValues, Refine } from "./column-values.js";
import type { TABLE_SOURCE, TableSource } from "./table.js";

/**
 * A column whose select, insert and update types differ: the same shape as Kysely's `ColumnType`, so a
 * `Kysely<DB>` reads it as its own.
 */
export type TypedColumn<SelectType, InsertType = SelectType, UpdateType = SelectType> = {
  readonly __select__: SelectType;
  readonly __insert__: InsertType;
  readonly __update__: UpdateType;
};

/** A column an insert may leave out (default, serial, identity by default): Kysely's `Generated<S>`. */
export type Generated<S> = TypedColumn<S, S | undefined, S>;

/** A column no insert or update writes (`GENERATED ALWAYS AS IDENTITY`): Kysely's `GeneratedAlways<S>`. */
export type GeneratedAlways<S> = TypedColumn<S, never, never>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type OrNull<V extends ColumnValues, T> = V["nullable"] extends false ? T : T | null;

/** The column type of a table interface for a builder's values: a plain type, {@link TypedColumn} or {@link Generated}. */
export type ColumnInterface<V extends ColumnValues> = V["generated"] extends "always"
  ? GeneratedAlways<V["select"]>
  : V["generated"] extends "default"
    ? Same<V["select"], V["insert"]> extends true
      ? Generated<OrNull<V, V["select"]>>
      : TypedColumn<OrNull<V, V["select"]>, OrNull<V, V["insert"]> | undefined, OrNull<V, V["insert"]>>
    : Same<V["select"], V["insert"]> extends true
      ? OrNull<V, V["select"]>
      : OrNull<V, TypedColumn<V["select"], V["insert"], V["insert"]>>;

/** Any value returned by `table()`. */
// biome-ignore lint/suspicious/noExplicitAny: any table, whatever its columns and names
type AnyTable = { readonly [TABLE_SOURCE]: TableSource<any, any, any, any> };

type ValuesOf<B> = B extends ColumnBuilder<infer V> ? V : never;

/**
 * The table interface of a model table, as Kysely expects one: a column per property, nullable columns
 * `| null`, columns with a default (or serial, or identity) {@link Generated}.
 */
export type TableInterface<D extends AnyTable> =
  // biome-ignore lint/suspicious/noExplicitAny: the names do not matter here
  D[typeof TABLE_SOURCE] extends TableSource<infer C, any, any, infer P>
    ? { -readonly [K in keyof C]: ColumnInterface<K extends P ? Refine<ValuesOf<C[K]>, { nullable: false }> : ValuesOf<C[K]>> }
    : never;

type SelectOf<T> = T extends TypedColumn<infer S, unknown, unknown> ? S : T;
type InsertOf<T> = T extends TypedColumn<unknown, infer I, unknown> ? I : T;
type UpdateOf<T> = T extends TypedColumn<unknown, unknown, infer U> ? U : T;
type IsNever<T> = [T] extends [never] ? true : false;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** A row as a select returns it through `pg`: `Selectable<typeof movies>`. */
export type Selectable<D extends AnyTable> = Simplify<{ [K in keyof TableInterface<D>]: SelectOf<TableInterface<D>[K]> }>;

/**
 * A row for an insert: columns that are nullable, have a default, or are serial or identity by default are
 * optional; identity columns generated always are absent.
 */
export type Insertable<D extends AnyTable> = InsertableOf<TableInterface<D>>;

type InsertableOf<R> = Simplify<
  {
    [K in keyof R as IsNever<InsertOf<R[K]>> extends true
      ? never
      : null extends InsertOf<R[K]>
        ? never
        : undefined extends InsertOf<R[K]>
          ? never
          : K]: InsertOf<R[K]>;
  } & {
    [K in keyof R as IsNever<InsertOf<R[K]>> extends true
      ? never
      : null extends InsertOf<R[K]>
        ? K
        : undefined extends InsertOf<R[K]>
          ? K
          : never]?: InsertOf<R[K]>;
  }
>;

/** The changes of an update: every column optional; identity columns generated always are absent. */
export type Updateable<D extends AnyTable> = UpdateableOf<TableInterface<D>>;

type UpdateableOf<R> = Simplify<{ [K in keyof R as IsNever<UpdateOf<R[K]>> extends true ? never : K]?: UpdateOf<R[K]> }>;

/** The key of a table in a database interface: its name, schema-qualified outside `public` (the default schema). */
type TableKey<D extends AnyTable> =
  // biome-ignore lint/suspicious/noExplicitAny: the columns do not matter here
  D[typeof TABLE_SOURCE] extends TableSource<any, infer N, infer S, any>
    ? S extends undefined | "public"
      ? N
      : `${S & string}.${N}`
    : never;

/**
 * The database interface of a models module, for `new Kysely<DatabaseOf<typeof models>>(…)`: each exported
 * table under its name (`"audit.events"` outside the default schema); exports that are not tables are ignored.
 */
export type DatabaseOf<M> = {
  [K in keyof M as M[K] extends AnyTable ? TableKey<M[K]> : never]: M[K] extends AnyTable ? TableInterface<M[K]> : never;
};
