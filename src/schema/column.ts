import type { ArrayValues, ColumnValues, Refine, RetypedValues, ScalarValues } from "./column-values.js";
import type { ColumnType, Deferrable, Identity, LiteralDefault, ReferentialAction } from "./model.js";
import { checkOptions } from "./options.js";
import type { SqlExpression } from "./sql.js";

/** A reference to one column of a table defined with `table()`: what `movies.id` evaluates to. */
export interface ColumnRef {
  readonly kind: "columnRef";
  readonly table: string;
  readonly schema?: string;
  readonly column: string;
}

/**
 * What `.references()` points at: a function returning another table's column (`() => directors.id`, resolved
 * lazily so tables may refer to each other or to themselves), a `"table.column"` / `"schema.table.column"`
 * string (in revision files), or an explicit object for names that contain dots.
 */
export type ReferenceTarget = (() => ColumnRef) | string | { readonly table: string; readonly column: string; readonly schema?: string };

/** A referential action as written in options; `"no action"` is PostgreSQL's default and is stored as absent. */
export type ReferentialActionOption = ReferentialAction | "no action";

/** Options of a foreign key. `deferrable: true` means `DEFERRABLE INITIALLY IMMEDIATE`. */
export interface ReferenceOptions {
  readonly name?: string;
  readonly onDelete?: ReferentialActionOption;
  readonly onUpdate?: ReferentialActionOption;
  readonly deferrable?: boolean | Deferrable;
}

/** The keys of {@link ReferenceOptions}, checked at run time. */
export const REFERENCE_OPTIONS: readonly (keyof ReferenceOptions)[] = ["name", "onDelete", "onUpdate", "deferrable"];

/**
 * Options of an identity column's sequence (`GENERATED … AS IDENTITY (START WITH … INCREMENT BY … MINVALUE …
 * MAXVALUE … CACHE … CYCLE)`); absent ones are PostgreSQL's defaults.
 */
export interface IdentityOptions {
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
}

/** The keys of {@link IdentityOptions}, checked at run time. */
export const IDENTITY_OPTIONS: readonly (keyof IdentityOptions)[] = ["start", "increment", "minValue", "maxValue", "cache", "cycle"];

/** Everything a column builder has recorded. Validated, with the table and column names, when the table is built. */
export interface ColumnSpec {
  readonly type: ColumnType;
  readonly notNull: boolean;
  readonly primaryKey?: { readonly name?: string };
  readonly unique?: { readonly name?: string; readonly deferrable?: boolean | Deferrable; readonly nullsNotDistinct?: boolean };
  readonly default?: LiteralDefault | SqlExpression;
  readonly identity?: Identity;
  readonly generatedAs?: SqlExpression;
  readonly collation?: string;
  readonly comment?: string;
  readonly references?: { readonly target: ReferenceTarget; readonly options: ReferenceOptions };
}

declare const VALUES: unique symbol;

/** The TypeScript types of a builder's column (types only: no builder has this property at run time). */
export interface ColumnBuilder<T extends ColumnValues = ColumnValues> {
  readonly [VALUES]?: T;
}

/**
 * An immutable column builder: every modifier returns a new frozen builder, so a builder can be shared
 * (`const id = integer().primaryKey()`) without one table changing another. Its type parameter records the
 * column's TypeScript types for typed rows (`Selectable<typeof movies>`).
 */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface adds a types-only property
export class ColumnBuilder<T extends ColumnValues = ColumnValues> {
  /** The recorded column, for the table builder and the `op` methods. */
  readonly spec: ColumnSpec;

  constructor(spec: ColumnSpec) {
    this.spec = Object.freeze({ ...spec });
    Object.freeze(this);
  }

  private with<U extends ColumnValues>(change: Partial<ColumnSpec>): ColumnBuilder<U> {
    return new ColumnBuilder<U>({ ...this.spec, ...change });
  }

  /** Makes the column (part of) the primary key; it becomes NOT NULL. A table has one primary key. */
  primaryKey(options: { readonly name?: string } = {}): ColumnBuilder<Refine<T, { nullable: false }>> {
    checkOptions(".primaryKey()", options, ["name"]);
    return this.with({ primaryKey: Object.freeze({ ...options }) });
  }

  /** `NOT NULL`. Columns are nullable otherwise. */
  notNull(): ColumnBuilder<Refine<T, { nullable: false }>> {
    return this.with({ notNull: true });
  }

  /** A unique constraint on this column alone (named by the naming convention unless `name` is given). */
  unique(
    options: { readonly name?: string; readonly deferrable?: boolean | Deferrable; readonly nullsNotDistinct?: boolean } = {},
  ): ColumnBuilder<T> {
    checkOptions(".unique()", options, ["name", "deferrable", "nullsNotDistinct"]);
    return this.with({ unique: Object.freeze({ ...options }) });
  }

  /** A server default: a literal (`0`, `"draft"`, `true`) or an SQL expression (`sql\`now()\``). */
  default(value: LiteralDefault | SqlExpression): ColumnBuilder<Refine<T, { generated: "default" }>> {
    return this.with({ default: value });
  }

  /**
   * A foreign key from this column to `target` (`() => directors.id`, or `"directors.id"` in revision files).
   * A reference to the table being declared needs its return type written, as TypeScript cannot infer a type
   * from itself: `parent_id: integer().references((): ColumnRef => categories.id)`.
   */
  references(target: ReferenceTarget, options: ReferenceOptions = {}): ColumnBuilder<T> {
    checkOptions(".references()", options, REFERENCE_OPTIONS);
    return this.with({ references: Object.freeze({ target, options: Object.freeze({ ...options }) }) });
  }

  /** The column's comment (`COMMENT ON COLUMN`). */
  comment(text: string): ColumnBuilder<T> {
    return this.with({ comment: text });
  }

  /** An array of this type: `integer().array()` is `integer[]`, `text().array(2)` is `text[][]`. */
  array<D extends number = 1>(dimensions: D = 1 as D): ColumnBuilder<ArrayValues<T, D, T["nullable"], T["generated"]>> {
    return this.with({ type: Object.freeze({ kind: "array", element: this.spec.type, dimensions }) });
  }

  /** `GENERATED ALWAYS AS IDENTITY` (integer types only). */
  generatedAlwaysAsIdentity(options: IdentityOptions = {}): ColumnBuilder<Refine<T, { nullable: false; generated: "always" }>> {
    checkOptions(".generatedAlwaysAsIdentity()", options, IDENTITY_OPTIONS);
    return this.with({ identity: Object.freeze({ always: true, ...options }) });
  }

  /** `GENERATED BY DEFAULT AS IDENTITY` (integer types only). */
  generatedByDefaultAsIdentity(options: IdentityOptions = {}): ColumnBuilder<Refine<T, { nullable: false; generated: "default" }>> {
    checkOptions(".generatedByDefaultAsIdentity()", options, IDENTITY_OPTIONS);
    return this.with({ identity: Object.freeze({ always: false, ...options }) });
  }

  /**
   * An identity column with every option in one object: `bigint().identity({ always: true, start: 1000, cache: 20 })`
   * is `GENERATED ALWAYS AS IDENTITY (START WITH 1000 CACHE 20)`. `always` defaults to true; `always: false` is
   * `GENERATED BY DEFAULT`.
   */
  identity<const O extends IdentityOptions & { readonly always?: boolean } = {}>(
    options: O = {} as O,
  ): ColumnBuilder<Refine<T, { nullable: false; generated: O extends { readonly always: false } ? "default" : "always" }>> {
    checkOptions(".identity()", options, ["always", ...IDENTITY_OPTIONS]);
    const { always, ...rest } = options;
    return this.with({ identity: Object.freeze({ always: always ?? true, ...rest }) });
  }

  /**
   * A stored generated column: `integer().generatedAlwaysAs(sql\`price * qty\`)` is
   * `GENERATED ALWAYS AS (price * qty) STORED`. PostgreSQL computes the value; rows cannot write it.
   */
  generatedAlwaysAs(expression: SqlExpression): ColumnBuilder<Refine<T, { generated: "always" }>> {
    return this.with({ generatedAs: expression });
  }

  /** The column's collation: `text().collate("C")` is `text COLLATE "C"`. */
  collate(collation: string): ColumnBuilder<T> {
    return this.with({ collation });
  }

  /**
   * The TypeScript type of the column's values, for typed rows: `jsonb().$type<{ tags: string[] }>()`, or a
   * `customType` the application parses. Types only: it returns this same builder.
   */
  $type<U>(): ColumnBuilder<RetypedValues<T, U>> {
    return this as unknown as ColumnBuilder<RetypedValues<T, U>>;
  }
}

/** A builder for a column of `type`; the type builders (`integer()`, `varchar(200)`, …) are built on this. */
export function column<T extends ColumnValues = ScalarValues<unknown, unknown, unknown>>(type: ColumnType): ColumnBuilder<T> {
  return new ColumnBuilder<T>({ type: Object.freeze(type), notNull: false });
}
