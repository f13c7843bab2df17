/**
 * Partition bounds as PostgreSQL stores them. A bound's values are converted to the key's types and written
 * back in their output form (`FROM ('2026-01-01')` on a timestamptz key reads `FROM ('2026-01-01 00:00:00+00')`),
 * so the models' text is compared with the catalog's only after the database has canonicalised it: each model
 * partition is created, in a scratch schema, as a partition of a copy of its parent (the root's columns, the
 * parent's key), and its bound read back with `pg_get_expr(relpartbound)`. A bound the database refuses (a type
 * that does not exist yet) is kept as written.
 */
import { frozen } from "../../../schema/freeze.js";
import type { Table } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";
import { partitionByClause } from "../compile/partitions.js";
import { compileType } from "../compile/types.js";
import { collateClause } from "../compile/table.js";
import { quoteIdentifier, quoteLiteral } from "../quote.js";
import { withScratchSchema } from "./scratch.js";

const keyOf = (schema: string | undefined, name: string): string => `${schema ?? "public"}\u0000${name}`;

/** The table whose columns a partition has: its parent's, up the chain to the table that is no partition. */
function rootOf(table: Table, tables: ReadonlyMap<string, Table>): Table | undefined {
  let current: Table | undefined = table;
  for (let depth = 0; current?.partitionOf !== undefined && depth < 32; depth++) {
    current = tables.get(keyOf(current.partitionOf.schema, current.partitionOf.table));
  }
  return current?.partitionOf === undefined ? current : undefined;
}

/** `snapshot` with each partition's bound as the database stores it. */
export async function canonicalPartitionBounds(session: DatabaseSession, snapshot: SchemaSnapshot): Promise<SchemaSnapshot> {
  const partitions = snapshot.tables.filter((table) => table.partitionOf !== undefined && table.partitionOf.bound !== "DEFAULT");
  if (partitions.length === 0) return snapshot;
  const tables = new Map(snapshot.tables.map((table) => [keyOf(table.schema, table.name), table]));
  const bounds = new Map<Table, string>();
  await withScratchSchema(session, async (scratch) => {
    for (const [i, partition] of partitions.entries()) {
      const of = partition.partitionOf!;
      const parent = tables.get(keyOf(of.schema, of.table));
      const root = parent === undefined ? undefined : rootOf(parent, tables);
      if (parent?.partitionBy === undefined || root === undefined || root.columns.length === 0) continue;
      const columns = root.columns.map(
        (column) =>
          `${quoteIdentifier(column.name)} ${compileType(column.type)}${column.collation === undefined ? "" : ` ${collateClause(column.collation)}`}`,
      );
      const copy = `${scratch.schema}.${quoteIdentifier(`p${i}`)}`;
      const child = `${scratch.schema}.${quoteIdentifier(`c${i}`)}`;
      const rows = await scratch.attempt<{ bound: string }>(
        [
          `CREATE TABLE ${copy} (${columns.join(", ")}) ${partitionByClause(parent.partitionBy)}`,
          `CREATE TABLE ${child} PARTITION OF ${copy} ${of.bound}`,
        ],
        `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE oid = ${quoteLiteral(child)}::regclass`,
      );
      const bound = rows?.[0]?.bound;
      if (bound !== undefined) bounds.set(partition, bound);
    }
  });
  if (bounds.size === 0) return snapshot;
  return frozen({
    ...snapshot,
    tables: snapshot.tables.map((table) => {
      const bound = bounds.get(table);
      return bound === undefined ? table : { ...table, partitionOf: { ...table.partitionOf!, bound } };
    }),
  });
}
