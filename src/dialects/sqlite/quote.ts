import { SchemaError } from "../../errors.js";

/** SQLite keeps names of any length; this bound only guards against a runaway generated name. */
export const MAX_IDENTIFIER_BYTES = 65_536;

/** Quotes an identifier for SQLite, always: `"name"`, with `"` doubled. */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new SchemaError("An identifier cannot be empty", { hint: "Give the table, column or constraint a name." });
  if (name.includes("\u0000")) {
    throw new SchemaError(`The identifier ${JSON.stringify(name)} contains a NUL character`, { details: { name } });
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"` (a schema is an attached database on SQLite), or `"name"`. */
export function qualifiedName(name: string, schema?: string | undefined): string {
  return schema === undefined ? quoteIdentifier(name) : `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** `"a", "b"`. */
export function columnList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(", ");
}

/** A value SQLite reads back as a literal. */
export type LiteralValue = string | number | bigint | boolean | null | Date;

/**
 * A literal as SQLite reads it: strings in single quotes (`''` for `'`; a backslash is an ordinary character),
 * booleans as 1 and 0 (SQLite stores them so), dates as ISO-8601 text.
 */
export function quoteLiteral(value: LiteralValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NULL";
    if (!Number.isFinite(value)) return value > 0 ? "9e999" : "-9e999";
    return String(value);
  }
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  if (value.includes("\u0000")) throw new SchemaError("A string literal cannot contain a NUL character", { details: { value } });
  return `'${value.replaceAll("'", "''")}'`;
}
