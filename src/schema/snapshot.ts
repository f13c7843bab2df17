import type { Domain, EnumType, Extension, Policy, Routine, Sequence, Table, Trigger, View } from "./model.js";

/**
 * A whole schema as plain data: what the models declare, or what introspection reads from a database.
 * Autogenerate compares two of these (from = database, to = models). Lists are sorted by schema, then name.
 */
export interface SchemaSnapshot {
  readonly tables: readonly Table[];
  readonly enums: readonly EnumType[];
  readonly sequences: readonly Sequence[];
  /** Domains; absent: none. */
  readonly domains?: readonly Domain[];
  /** Extensions; absent: none. */
  readonly extensions?: readonly Extension[];
  /** Views and materialized views; absent: none. */
  readonly views?: readonly View[];
  /** Schemas other than the default one (`public`) that hold or should hold objects. */
  readonly schemas: readonly string[];
  /** Functions and procedures; absent means none. */
  readonly routines?: readonly Routine[];
  /** Triggers on the tables; absent means none. */
  readonly triggers?: readonly Trigger[];
  /** Row-level security policies, sorted by schema, table, then name. Absent means none. */
  readonly policies?: readonly Policy[];
}

/** Which objects autogenerate looks at (from the config's filters). */
export interface SnapshotFilter {
  /** Schemas compared; default `["public"]`. */
  readonly includeSchemas: readonly string[];
  /** Table names (optionally `schema.table`) left alone. */
  readonly excludeTables: readonly string[];
  /** The version table, always ignored. */
  readonly versionTable: { readonly table: string; readonly schema?: string | undefined };
}
