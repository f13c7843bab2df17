/**
 * The names a database migrated by drizzle-kit has. drizzle-kit names unnamed constraints and indexes itself
 * (`<table>_<columns>_unique`, `<table>_<columns>_<table>_<columns>_fk`, `<table>_<columns>_pk`,
 * `<table>_<columns>_index`) and PostgreSQL cuts any name to 63 bytes; a column's `.primaryKey()` is written
 * inline, so the server names it `<table>_pkey`.
 */

/** PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** `name` as PostgreSQL stores it: cut to 63 bytes at a character boundary. */
export function serverIdentifier(name: string): string {
  const bytes = Buffer.from(name, "utf8");
  if (bytes.length <= MAX_IDENTIFIER_BYTES) return name;
  let end = MAX_IDENTIFIER_BYTES;
  // A continuation byte (10xxxxxx) at the cut means the cut falls inside a character.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString("utf8");
}

/** drizzle-kit's name for an index declared without one. */
export function drizzleIndexName(table: string, columns: readonly string[]): string {
  return `${table}_${columns.join("_")}_index`;
}

/** How a column is named in the database: its own name, or (under a `casing`) its converted property key. */
export type ColumnNamer = (column: { readonly name: string; readonly keyAsName?: boolean }) => string;

/**
 * A name Drizzle made from property keys (`users_firstName_pk`) with each key replaced by its cased column name,
 * once and in order, as drizzle-kit renames primary and foreign keys under a `casing`.
 */
export function renamedColumns(
  name: string,
  columns: readonly { readonly name: string; readonly keyAsName?: boolean }[],
  nameOf: ColumnNamer,
): string {
  return columns.reduce((result, column) => result.replace(column.name, nameOf(column)), name);
}
