import { SchemaError } from "../../errors.js";

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes of the server encoding (UTF-8 assumed). */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * Quotes an identifier for PostgreSQL, always (so `user`, `Order Items` and `фильмы` all work and case is kept).
 * A name longer than 63 bytes is rejected rather than silently truncated by the server, which would make two
 * long names collide and autogenerate compare the wrong objects.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) {
    throw new SchemaError("An identifier cannot be empty", { hint: "Give the table, column or constraint a name." });
  }
  if (name.includes("\u0000")) {
    throw new SchemaError(`The identifier ${JSON.stringify(name)} contains a NUL character`, { details: { name } });
  }
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_IDENTIFIER_BYTES) {
    throw new SchemaError(`The name "${name}" is ${bytes} bytes long; PostgreSQL allows at most ${MAX_IDENTIFIER_BYTES} bytes`, {
      hint: "Choose a shorter name (PostgreSQL would silently truncate it).",
      details: { name, bytes },
    });
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`, or `"name"` when no schema is given. */
export function qualifiedName(name: string, schema?: string | undefined): string {
  return schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** A value PostgreSQL can read back as a literal. */
export type LiteralValue = string | number | bigint | boolean | null | Date;

/**
 * Renders a literal: strings as standard-conforming string constants (`'it''s'`; an `E'…'` constant when the
 * text holds a backslash, so it reads the same whatever `standard_conforming_strings` is), numbers as numbers,
 * booleans as `true`/`false`, `null` as `NULL`, dates as ISO-8601 strings.
 */
export function quoteLiteral(value: LiteralValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      return Number.isNaN(value) ? "'NaN'" : value > 0 ? "'Infinity'" : "'-Infinity'";
    }
    return String(value);
  }
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  if (value.includes("\u0000")) {
    throw new SchemaError("A string literal cannot contain a NUL character", { details: { value } });
  }
  const escaped = value.replaceAll("'", "''");
  return value.includes("\\") ? `E'${escaped.replaceAll("\\", "\\\\")}'` : `'${escaped}'`;
}
