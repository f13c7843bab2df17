import { assertNever, SchemaError } from "../errors.js";

/**
 * Names for constraints declared without one, as SQLAlchemy's `naming_convention` gives them, so that a model and
 * the database it was migrated into agree on every name and autogenerate can compare constraints by name.
 *
 * Templates may use `{table}`, `{columns}` (column names joined with `_`), `{column_0}`, `{referred_table}`,
 * `{referred_columns}` and `{referred_column_0}`. The default follows PostgreSQL's own names
 * (`movies_pkey`, `movies_title_key`, `movies_director_id_fkey`, `movies_check`), shortened for long table and
 * column names as PostgreSQL shortens them ({@link shortenedObjectName}).
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

/**
 * PostgreSQL's identifier limit (NAMEDATALEN - 1), in UTF-8 bytes. The default convention is PostgreSQL's, so it
 * shortens names to PostgreSQL's limit; it lives here rather than in the dialect because names are given when a
 * table is declared, before any dialect is known.
 */
export const DEFAULT_CONVENTION_MAX_BYTES = 63;

/**
 * `<name1>_<name2>_<label>` (or `<name1>_<label>` without `name2`) shortened to `maxBytes` UTF-8 bytes as
 * PostgreSQL names a constraint or index it is not given a name for: the label is kept whole, and bytes are
 * taken off the longer of the two names (off `name2` when they are equally long) until the whole fits, then each
 * part is cut back to a character boundary. The server may still add a digit to avoid a name already taken,
 * which a convention cannot foresee.
 */
export function shortenedObjectName(
  name1: string,
  name2: string | undefined,
  label: string,
  maxBytes: number = DEFAULT_CONVENTION_MAX_BYTES,
): string {
  const whole = name2 === undefined ? `${name1}_${label}` : `${name1}_${name2}_${label}`;
  if (whole.length <= maxBytes && Buffer.byteLength(whole, "utf8") <= maxBytes) return whole;
  const bytes1 = Buffer.from(name1, "utf8");
  const bytes2 = name2 === undefined ? undefined : Buffer.from(name2, "utf8");
  const overhead = (bytes2 === undefined ? 0 : 1) + Buffer.byteLength(label, "utf8") + 1;
  const available = Math.max(0, maxBytes - overhead);
  let keep1 = bytes1.length;
  let keep2 = bytes2?.length ?? 0;
  while (keep1 + keep2 > available) {
    if (keep1 > keep2) keep1--;
    else keep2--;
  }
  const part1 = characterPrefix(bytes1, keep1);
  return bytes2 === undefined ? `${part1}_${label}` : `${part1}_${characterPrefix(bytes2, keep2)}_${label}`;
}

/** The longest prefix of whole UTF-8 characters of `bytes` that is at most `limit` bytes long. */
function characterPrefix(bytes: Buffer, limit: number): string {
  let end = Math.min(limit, bytes.length);
  // A continuation byte (10xxxxxx) at the cut means the cut falls inside a character: move back to its start.
  while (end > 0 && end < bytes.length && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/** The default convention's names: PostgreSQL's own, shortened as the server shortens them. */
function defaultName(type: keyof NamingConvention, context: NamingContext): string {
  switch (type) {
    case "pk":
      return shortenedObjectName(context.table, undefined, "pkey");
    case "uq":
      return shortenedObjectName(context.table, context.columns.join("_"), "key");
    case "fk":
      return shortenedObjectName(context.table, context.columns.join("_"), "fkey");
    case "ck":
      return shortenedObjectName(context.table, undefined, "check");
    default:
      return assertNever(type, "constraint type");
  }
}

const TOKEN = /\{([a-z_0-9]+)\}/g;

/** Fills one template of the convention (merged over the default) for a constraint of `type`. */
export function conventionName(convention: NamingConvention | undefined, type: keyof NamingConvention, context: NamingContext): string {
  const template = convention?.[type] ?? defaultNamingConvention[type];
  if (template === defaultNamingConvention[type]) return defaultName(type, context);
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
