/**
 * Names as autogenerate compares them: a table or type in the default schema may carry `schema: undefined`
 * (models) or `"public"` (a catalog), and both mean the same object.
 */

/** The schema objects live in when none is named. */
export const DEFAULT_SCHEMA = "public";

/** The schema as compared: `undefined` and `"public"` are the same. */
export function schemaKey(schema: string | undefined): string {
  return schema ?? DEFAULT_SCHEMA;
}

/** The schema as written into operations and files: absent for the default schema. */
export function explicitSchema(schema: string | undefined): string | undefined {
  return schema === DEFAULT_SCHEMA ? undefined : schema;
}

/** A stable key for a table, enum or sequence: `public.movies`. */
export function objectKey(schema: string | undefined, name: string): string {
  return `${schemaKey(schema)}.${name}`;
}

/** The name a person reads: `movies`, or `inventory.items` outside the default schema. */
export function displayName(schema: string | undefined, name: string): string {
  const explicit = explicitSchema(schema);
  return explicit === undefined ? name : `${explicit}.${name}`;
}

/** Compares two strings by code unit, for deterministic sorting independent of the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
