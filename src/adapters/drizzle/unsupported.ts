import { UnsupportedModelError } from "../../errors.js";

/** Where in a Drizzle schema a construct sits, for messages. */
export type DrizzleWhere = { readonly table: string; readonly column?: string } | { readonly export: string };

/** The error for a Drizzle construct Retort cannot express: it names the table, the column and the construct. */
export function unsupported(where: DrizzleWhere, construct: string, hint?: string): UnsupportedModelError {
  const subject =
    "export" in where
      ? `export "${where.export}"`
      : where.column === undefined
        ? `table "${where.table}"`
        : `column "${where.table}.${where.column}"`;
  return new UnsupportedModelError(`Drizzle ${subject}: ${construct} is not supported by Retort yet.`, {
    hint: hint ?? "Remove it from the Drizzle schema, or manage it with op.execute in a revision and exclude the object from autogenerate.",
    details: { ...where, construct },
  });
}
