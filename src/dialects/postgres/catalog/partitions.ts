/**
 * Partitioning in the catalog: each partitioned table's key (`pg_partitioned_table`, `pg_get_partkeydef`), each
 * partition's parent and bound (`relispartition`, `pg_get_expr(relpartbound)`), and what a partition inherits
 * (its columns, the constraints and indexes cloned from its parent's), which its table leaves out.
 */
import { frozen } from "../../../schema/freeze.js";
import type { PartitionKey, PartitionKeyElement, Table } from "../../../schema/model.js";
import { canonicalSchema } from "../normalize/index.js";

/** One row per partitioned table or partition in the included schemas (`$1`). */
export interface PartitionRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  /** `pg_get_partkeydef`: `RANGE (created_at)`; null when the table is not partitioned. */
  readonly key: string | null;
  /** Per key part: the column's name, or null for an expression. */
  readonly key_columns: readonly (string | null)[] | null;
  readonly parent_schema: string | null;
  readonly parent_table: string | null;
  /** `FOR VALUES …` or `DEFAULT`; null when the table is no partition. */
  readonly bound: string | null;
  /** Constraints the partition has from its parent. */
  readonly inherited_constraints: readonly string[];
  /** Indexes of the partition attached to an index of its parent. */
  readonly inherited_indexes: readonly string[];
}

/** The query, for tables matching `tables` (the catalog's filter of included tables, on `c` and `n`). */
export function partitionsQuery(tables: string): string {
  return `SELECT n.nspname AS schema, c.relname AS table,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS key,
  CASE WHEN c.relkind = 'p' THEN ARRAY(SELECT a.attname FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(num, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.num ORDER BY k.ord)::text[] END AS key_columns,
  pn.nspname AS parent_schema, pc.relname AS parent_table,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound,
  ARRAY(SELECT con.conname FROM pg_constraint con WHERE con.conrelid = c.oid AND c.relispartition
    AND (NOT con.conislocal OR con.conparentid <> 0) ORDER BY 1)::text[] AS inherited_constraints,
  ARRAY(SELECT ic.relname FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid
    JOIN pg_inherits ii ON ii.inhrelid = x.indexrelid WHERE x.indrelid = c.oid ORDER BY 1)::text[] AS inherited_indexes
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_partitioned_table pt ON pt.partrelid = c.oid
LEFT JOIN pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
LEFT JOIN pg_class pc ON pc.oid = i.inhparent
LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE (c.relkind = 'p' OR c.relispartition) AND ${tables}`;
}

/** The parts of a comma-separated list, split at the top level (outside parentheses and quotes). */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
    } else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

/** The key of `RANGE (a, lower(b))` with its column parts named by `columns` (null: an expression). */
export function partitionKeyOfDefinition(definition: string, columns: readonly (string | null)[]): PartitionKey {
  const open = definition.indexOf("(");
  const strategy = definition.slice(0, open).trim().toLowerCase() as PartitionKey["strategy"];
  const texts = splitTopLevel(definition.slice(open + 1, definition.lastIndexOf(")")));
  const elements = columns.map((column, i): PartitionKeyElement => {
    if (column !== null) return { kind: "column", name: column };
    const text = texts[i] ?? "";
    // PostgreSQL wraps an expression that is not a function call in parentheses: they are not part of it.
    return { kind: "expression", sql: text.startsWith("(") && text.endsWith(")") ? text.slice(1, -1) : text };
  });
  return frozen({ strategy, elements });
}

const key = (schema: string | undefined, table: string): string => `${schema ?? ""}\u0000${table}`;

/**
 * The tables with their partitioning: a partitioned table's key, a partition's parent and bound; a partition's
 * columns and what it inherits from its parent are left out (they are its parent's).
 */
export function withPartitions(tables: readonly Table[], rows: readonly PartitionRow[]): Table[] {
  const byTable = new Map(rows.map((row) => [key(canonicalSchema(row.schema), row.table), row]));
  return tables.map((table) => {
    const row = byTable.get(key(table.schema, table.name));
    if (row === undefined) return table;
    const partitionBy = row.key === null || row.key_columns === null ? undefined : partitionKeyOfDefinition(row.key, row.key_columns);
    if (row.bound === null || row.parent_table === null) return frozen({ ...table, partitionBy });
    const inheritedConstraints = new Set(row.inherited_constraints);
    const inheritedIndexes = new Set(row.inherited_indexes);
    const own = <T extends { readonly name: string }>(list: readonly T[]) => list.filter((item) => !inheritedConstraints.has(item.name));
    return frozen({
      ...table,
      columns: [],
      primaryKey: table.primaryKey === undefined || inheritedConstraints.has(table.primaryKey.name) ? undefined : table.primaryKey,
      uniqueConstraints: own(table.uniqueConstraints),
      foreignKeys: own(table.foreignKeys),
      checkConstraints: own(table.checkConstraints),
      ...(table.exclusionConstraints === undefined ? {} : { exclusionConstraints: own(table.exclusionConstraints) }),
      indexes: table.indexes.filter((index) => !inheritedIndexes.has(index.name)),
      partitionBy,
      partitionOf: { table: row.parent_table, schema: canonicalSchema(row.parent_schema ?? undefined), bound: row.bound },
    });
  });
}
