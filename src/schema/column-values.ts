/**
 * The TypeScript types a column builder carries, for typed rows: types only, nothing here exists at run time.
 * Each type builder states what the `pg` driver returns for its type by default and what an insert accepts.
 */

/**
 * The element type of a type whose arrays `pg` does not parse (enums, custom types): an array of it arrives as
 * its text, `'{drama,comedy}'`, unless the application registers a type parser. A marker: no value has it.
 */
export interface ArrayAsText {
  readonly "~arrayAsText": true;
}

/** How a column's value is produced when an insert leaves it out. */
export type Generation = "no" | "default" | "always";

/** The types of one column: what a select returns and an insert accepts (`null` aside), nullability, defaults. */
export interface ColumnValues {
  /** What a select returns through `pg`, without `null`. */
  readonly select: unknown;
  /** What an insert or update accepts, without `null`. */
  readonly insert: unknown;
  /** What `pg` returns for each element of an array of this type, or {@link ArrayAsText}. */
  readonly arrayElement: unknown;
  readonly nullable: boolean;
  /** `"default"`: a default, serial or identity by default (insert may omit it); `"always"`: never written. */
  readonly generated: Generation;
}

/** A nullable column without a default whose arrays `pg` parses into `E[]`. */
export interface ScalarValues<S, I = S, E = S> {
  readonly select: S;
  readonly insert: I;
  readonly arrayElement: E;
  readonly nullable: true;
  readonly generated: "no";
}

/** A serial column: NOT NULL with a sequence default. */
export interface SerialValues<S, I> {
  readonly select: S;
  readonly insert: I;
  readonly arrayElement: S;
  readonly nullable: false;
  readonly generated: "default";
}

/** `T` with the fields of `C` replaced. */
export type Refine<T extends ColumnValues, C extends Partial<ColumnValues>> = {
  readonly [K in keyof ColumnValues]: K extends keyof C ? C[K] : T[K];
};

type Nest<E, D extends number, Depth extends unknown[] = []> = Depth["length"] extends D
  ? E
  : Depth["length"] extends 6
    ? unknown[]
    : Nest<E[], D, [...Depth, unknown]>;

/** `E` nested `D` times (`E[]`, `E[][]`, …); `unknown[]` when the number of dimensions is not a literal. */
export type NestedArray<E, D extends number> = number extends D ? unknown[] : D extends 0 ? E[] : Nest<E, D>;

/** The values of an array of `T` with `D` dimensions. */
export type ArrayValues<T extends ColumnValues, D extends number, Nullable extends boolean, G extends Generation> = {
  readonly select: [T["arrayElement"]] extends [ArrayAsText] ? string : NestedArray<T["arrayElement"], D>;
  readonly insert: NestedArray<T["insert"], D>;
  readonly arrayElement: [T["arrayElement"]] extends [ArrayAsText] ? ArrayAsText : NestedArray<T["arrayElement"], D>;
  readonly nullable: Nullable;
  readonly generated: G;
};

/** The values of `T` retyped by `.$type<U>()`. */
export type RetypedValues<T extends ColumnValues, U> = Refine<
  T,
  { select: U; insert: U; arrayElement: [T["arrayElement"]] extends [ArrayAsText] ? ArrayAsText : U }
>;

/**
 * An `interval` as `pg` returns it (the `postgres-interval` object): absent fields are zero. An insert also
 * accepts PostgreSQL's interval text (`"1 day 02:00:00"`).
 */
export interface PostgresInterval {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
  toPostgres(): string;
  toISO(): string;
  toISOString(): string;
}
