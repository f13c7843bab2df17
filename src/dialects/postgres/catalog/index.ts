/**
 * `introspect`: reads a PostgreSQL database into a {@link SchemaSnapshot}, the same model the DSL produces,
 * for autogenerate to compare with the models. Six catalog queries for the whole database, whatever the
 * number of tables (tables and columns, constraints, indexes, enums, sequences, schemas), sent in one message.
 *
 * The result describes the catalog as it is: the default schema (`public`) as absent, defaults as literals
 * where they are constants, serial columns as serial types (their sequences not listed apart), identity
 * and sequence options only where they differ from PostgreSQL's defaults, check and predicate text as
 * PostgreSQL renders it. Pass it through `normalizeSnapshot` before comparing.
 */
import { frozen } from "../../../schema/freeze.js";
import type { EnumType, Sequence } from "../../../schema/model.js";
import type { SchemaSnapshot, SnapshotFilter } from "../../../schema/snapshot.js";
import type { DatabaseSession } from "../../session.js";
import {
  introspectionSql,
  type ColumnRow,
  type ConstraintRow,
  type EnumRow,
  type IndexRow,
  type SchemasRow,
  type SequenceRow,
} from "./queries.js";
import { buildTables, tableKey } from "./tables.js";
import { type PartitionRow, withPartitions } from "./partitions.js";
import { canonicalSchema, sequenceWithoutDefaults } from "../normalize/index.js";

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const bySchemaAndName = <T extends { readonly name: string; readonly schema?: string | undefined }>(a: T, b: T): number =>
  byCodeUnit(`${a.schema ?? "public"}\u0000${a.name}`, `${b.schema ?? "public"}\u0000${b.name}`);

/** Which tables the filter keeps: not excluded (`name` or `schema.name`), not the version table. */
function tableFilter(filter: SnapshotFilter, currentSchema: string): (schema: string, table: string) => boolean {
  const excluded = new Set(filter.excludeTables);
  const version = tableKey(filter.versionTable.schema ?? currentSchema, filter.versionTable.table);
  return (schema, table) => !excluded.has(table) && !excluded.has(`${schema}.${table}`) && tableKey(schema, table) !== version;
}

function enumOf(row: EnumRow): EnumType {
  return frozen({ kind: "enumType", name: row.name, schema: canonicalSchema(row.schema), values: [...row.values] });
}

const SEQUENCE_TYPES: ReadonlySet<string> = new Set(["smallint", "integer", "bigint"]);

function sequenceOf(row: SequenceRow): Sequence {
  return sequenceWithoutDefaults({
    kind: "sequence",
    name: row.name,
    schema: row.schema,
    dataType: SEQUENCE_TYPES.has(row.data_type) ? (row.data_type as "smallint" | "integer" | "bigint") : undefined,
    start: Number(row.start),
    increment: Number(row.increment),
    minValue: Number(row.min),
    maxValue: Number(row.max),
    cache: Number(row.cache),
    cycle: row.cycle,
    ownedBy:
      row.owner_kind === "a" && row.owner_table !== null && row.owner_column !== null
        ? { table: row.owner_table, column: row.owner_column }
        : undefined,
  });
}

/**
 * Reads the schemas `filter.includeSchemas` (default `public`) of the database behind `session`, leaving out
 * `filter.excludeTables` and the version table. One message of seven queries, whatever the size of the
 * database; it is sent before this function first yields, so a caller may do other work (load the models)
 * while the server reads its catalog. Lists are sorted (tables, enums and sequences by schema then name;
 * constraints and indexes by name; columns in table order).
 */
export async function introspect(session: DatabaseSession, filter: SnapshotFilter): Promise<SchemaSnapshot> {
  const schemas = [...new Set(filter.includeSchemas.length === 0 ? ["public"] : filter.includeSchemas)];
  const results = await session.queryMany(introspectionSql(schemas));
  const [columns, constraints, indexes, enums, sequences, found, partitions] = results as [
    ColumnRow[],
    ConstraintRow[],
    IndexRow[],
    EnumRow[],
    SequenceRow[],
    SchemasRow[],
    PartitionRow[],
  ];
  const current = found[0]?.current ?? "public";
  const keep = tableFilter(filter, current);
  const { tables, serialSequences } = buildTables({ columns, constraints, indexes, sequences }, keep);
  const listed = sequences.filter((row) => {
    if (row.owner_kind === "i" || serialSequences.has(row)) return false;
    // A sequence owned by a column goes with its table: left out with it.
    return (
      row.owner_kind !== "a" ||
      row.owner_schema === null ||
      row.owner_table === null ||
      (schemas.includes(row.owner_schema) && keep(row.owner_schema, row.owner_table))
    );
  });
  return frozen({
    tables: withPartitions(tables, partitions).sort(bySchemaAndName),
    enums: enums.map(enumOf).sort(bySchemaAndName),
    sequences: listed.map(sequenceOf).sort(bySchemaAndName),
    schemas: (found[0]?.existing ?? []).filter((schema) => canonicalSchema(schema) !== undefined).sort(byCodeUnit),
  });
}
