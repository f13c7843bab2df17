/**
 * Table options only PostgreSQL has (partitioning, row-level security, grants, exclusion constraints): a dialect without them refuses a
 * table that uses one, naming it, rather than creating the table without it.
 */
import { UnsupportedOperationError } from "../errors.js";
import type { Table } from "../schema/model.js";

/** The PostgreSQL-only options `table` uses, by their name in `table()`'s options; none: []. */
export function postgresOnlyTableOptions(table: Table): string[] {
  return [
    ...(table.partitionBy === undefined ? [] : ["partitionBy"]),
    ...(table.partitionOf === undefined ? [] : ["partitionOf"]),
    ...(table.rowLevelSecurity === undefined ? [] : ["rowLevelSecurity"]),
    ...((table.grants ?? []).length === 0 ? [] : ["grants"]),
    ...((table.exclusionConstraints ?? []).length === 0 ? [] : ["excludes"]),
  ];
}

/** Throws when `table` uses an option `dialect` (its name, for the message) does not have. */
export function refusePostgresOnlyTableOptions(table: Table, dialect: string): void {
  const used = postgresOnlyTableOptions(table);
  if (used.length === 0) return;
  throw new UnsupportedOperationError(`Table ${table.name} uses ${used.join(", ")}, which ${dialect} does not have.`, {
    hint: `Leave ${used.length === 1 ? "this option" : "these options"} out of the table for a ${dialect} database (PostgreSQL only).`,
    details: { table: table.name, options: used, dialect },
  });
}
