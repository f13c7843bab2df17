/**
 * The parts of Drizzle's PostgreSQL objects the adapter reads, written structurally: Retort does not depend on
 * drizzle-orm at run time, and the project's own copy (whatever its version) provides the functions.
 */

/** An SQL fragment (`sql\`now()\``); rendered to text through the project's {@link PgCore} dialect. */
export interface DrizzleSql {
  readonly queryChunks: readonly unknown[];
}

/** A column of a Drizzle table, as `getTableConfig` lists it. */
export interface DrizzleColumn {
  readonly name: string;
  /** Declared without a name of its own: `name` is the property key, which a `casing` converts. */
  readonly keyAsName?: boolean;
  readonly columnType: string;
  readonly notNull: boolean;
  readonly primary: boolean;
  readonly default?: unknown;
  readonly hasDefault?: boolean;
  readonly isUnique: boolean;
  readonly uniqueName?: string;
  readonly uniqueType?: string;
  readonly generated?: unknown;
  readonly generatedIdentity?: {
    readonly type: "always" | "byDefault";
    readonly sequenceName?: string;
    readonly sequenceOptions?: Readonly<Record<string, unknown>>;
  };
  readonly getSQLType: () => string;
  /** Type parameters, present on the column types that take them. */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly withTimezone?: boolean;
  readonly fields?: string;
  readonly baseColumn?: DrizzleColumn;
  readonly enum?: DrizzleEnum;
}

/** What `pgEnum()` returns (a function carrying the type's name and labels). */
export interface DrizzleEnum {
  readonly enumName: string;
  readonly enumValues: readonly string[];
  readonly schema?: string;
}

/** A column as an index lists it, with its ordering. */
export interface DrizzleIndexedColumn {
  readonly name: string;
  readonly keyAsName?: boolean;
  readonly indexConfig?: { readonly order?: "asc" | "desc"; readonly nulls?: "first" | "last"; readonly opClass?: string };
}

/** An index from `index()` / `uniqueIndex()`. */
export interface DrizzleIndex {
  readonly config: {
    readonly name?: string;
    readonly columns: readonly (DrizzleIndexedColumn | DrizzleSql)[];
    readonly unique: boolean;
    readonly method?: string;
    readonly where?: DrizzleSql;
    readonly with?: Readonly<Record<string, unknown>>;
  };
}

/** A foreign key, declared on a column (`.references()`) or in the table's extra config. */
export interface DrizzleForeignKey {
  readonly onDelete?: string;
  readonly onUpdate?: string;
  readonly reference: () => {
    readonly name?: string;
    readonly columns: readonly DrizzleColumn[];
    readonly foreignTable: object;
    readonly foreignColumns: readonly DrizzleColumn[];
  };
  readonly getName: () => string;
}

/** What `getTableConfig(table)` returns. */
export interface DrizzleTableConfig {
  readonly name: string;
  readonly schema?: string;
  readonly columns: readonly DrizzleColumn[];
  readonly indexes: readonly DrizzleIndex[];
  readonly foreignKeys: readonly DrizzleForeignKey[];
  readonly checks: readonly { readonly name: string; readonly value: DrizzleSql }[];
  readonly primaryKeys: readonly { readonly columns: readonly DrizzleColumn[]; readonly getName: () => string }[];
  readonly uniqueConstraints: readonly {
    readonly name?: string;
    readonly columns: readonly DrizzleColumn[];
    readonly nullsNotDistinct?: boolean;
  }[];
  readonly policies?: readonly unknown[];
  readonly enableRLS?: boolean;
}

/** The functions of the project's `drizzle-orm/pg-core` the adapter calls. */
export interface PgCore {
  readonly getTableConfig: (table: object) => DrizzleTableConfig;
  readonly PgDialect: new (config?: {
    readonly casing?: DrizzleCasingName;
  }) => { sqlToQuery(sql: DrizzleSql, invokeSource?: "indexes"): { sql: string; params: unknown[] } };
}

/** Drizzle's `casing` option: how a column declared only by its property key is named in the database. */
export type DrizzleCasingName = "snake_case" | "camelCase";

/** A `casing` and the project's own conversion for it (`toSnakeCase` / `toCamelCase` of `drizzle-orm/casing`). */
export interface DrizzleCasing {
  readonly name: DrizzleCasingName;
  readonly convert: (key: string) => string;
}
