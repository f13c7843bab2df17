import { SchemaError } from "../errors.js";

/**
 * Names for constraints declared without one, as SQLAlchemy's `naming_convention` gives them, so that a model and
 * the database it was migrated into agree on every name and autogenerate can compare constraints by name.
 *
 * Templates may use `{table}`, `{columns}` (column names joined with `_`), `{column_0}`, `{referred_table}`,
 * `{referred_columns}` and `{referred_column_0}`. The default follows PostgreSQL's own names
 * (`movies_pkey`, `movies_title_key`, `movies_director_id_fkey`, `movies_check`).
 */
export interface NamingConvention {
  /** Primary keys. */
  readonly pk?: string;
  /** Unique constraints. */
  readonly uq?: string;
  /** Foreign keys. */
  readonly fk?: string;
  /** Check constraints. */
  readonly ck?: string;
}

/** PostgreSQL's own default constraint names. */
export const defaultNamingConvention: Required<NamingConvention> = Object.freeze({
  pk: "{table}_pkey",
  uq: "{table}_{columns}_key",
  fk: "{table}_{columns}_fkey",
  ck: "{table}_check",
});

/** What a template can refer to. */
export interface NamingContext {
  readonly table: string;
  readonly columns: readonly string[];
  readonly referredTable?: string;
  readonly referredColumns?: readonly string[];
}

const TOKEN = /\{([a-z_0-9]+)\}/g;

/** Fills one template of the convention (merged over the default) for a constraint of `type`. */
export function conventionName(convention: NamingConvention | undefined, type: keyof NamingConvention, context: NamingContext): string {
  const template = convention?.[type] ?? defaultNamingConvention[type];
  const values: Record<string, string | undefined> = {
    table: context.table,
    columns: context.columns.join("_"),
    column_0: context.columns[0],
    referred_table: context.referredTable,
    referred_columns: context.referredColumns?.join("_"),
    referred_column_0: context.referredColumns?.[0],
  };
  return template.replace(TOKEN, (whole, token: string) => {
    const value = values[token];
    if (value === undefined) {
      throw new SchemaError(`Naming convention "${template}" for ${type} uses ${whole}, which table "${context.table}" cannot fill`, {
        hint: "Use {table}, {columns}, {column_0}, {referred_table}, {referred_columns} or {referred_column_0}, or name the constraint.",
        details: { template, token },
      });
    }
    return value;
  });
}
