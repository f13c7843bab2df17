import { SchemaError } from "../../errors.js";

/** MySQL's and MariaDB's identifier limit: 64 characters (taken as bytes, which is never more lenient). */
export const MAX_IDENTIFIER_BYTES = 64;

/**
 * Quotes an identifier with backticks, always (so `order`, `Order Items` and `фильмы` all work). A name over 64
 * characters is refused: the server refuses it too, but only once earlier statements of the revision have run.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) {
    throw new SchemaError("An identifier cannot be empty", { hint: "Give the table, column or constraint a name." });
  }
  if (name.includes("\u0000")) {
    throw new SchemaError(`The identifier ${JSON.stringify(name)} contains a NUL character`, { details: { name } });
  }
  if ([...name].length > MAX_IDENTIFIER_BYTES) {
    throw new SchemaError(`The name "${name}" is longer than the ${MAX_IDENTIFIER_BYTES} characters MySQL allows`, {
      hint: "Choose a shorter name.",
      details: { name },
    });
  }
  return `\`${name.replaceAll("`", "``")}\``;
}

/** `` `database`.`name` ``, or `` `name` `` when no schema (database) is given. */
export function qualifiedName(name: string, schema?: string | undefined): string {
  return schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** A value MySQL can read back as a literal. */
export type LiteralValue = string | number | bigint | boolean | null | Date;

/** `2026-12-07 10:00:00.123000`: the form DATETIME and TIMESTAMP columns read (they take no zone suffix), in UTC. */
export function dateTimeText(value: Date): string {
  return value.toISOString().replace("T", " ").replace("Z", "000");
}

/**
 * Renders a literal: strings with `'` and `\` doubled (MySQL reads backslash escapes in strings; the sessions
 * Retort opens turn NO_BACKSLASH_ESCAPES off, and a `--sql` script assumes the server's default), numbers as
 * numbers, booleans as TRUE/FALSE, null as NULL, dates as UTC date-time text.
 */
export function quoteLiteral(value: LiteralValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new SchemaError(`MySQL has no literal for ${value}`, { hint: "Use a finite number or NULL." });
    }
    return String(value);
  }
  if (value instanceof Date) return quoteLiteral(dateTimeText(value));
  if (value.includes("\u0000")) {
    throw new SchemaError("A string literal cannot contain a NUL character", { details: { value } });
  }
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}
