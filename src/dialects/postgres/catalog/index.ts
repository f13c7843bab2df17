/**
 * `introspect`: reads a PostgreSQL database into a {@link SchemaSnapshot}, the same model the DSL produces,
 * for autogenerate to compare with the models. Eight catalog queries for the whole database, whatever the
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
import { DOMAINS_QUERY, type DomainRow, domainOf, EXTENSIONS_QUERY, type ExtensionRow, extensionOf } from "./domains.js";
import { type RoutineRow, routineOf, type TriggerRow, triggerOf } from "./routines.js";
import { buildTables, indexOf, tableKey } from "./tables.js";
import { buildViews, indexesByView, type ViewRow } from "./views.js";
import { type PolicyRow, policiesOf, type TableSecurityRow, withTableSecurity } from "./security.js";
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

/** The snapshot's `routines` and `triggers`, each left out when there is none. */
function routinesAndTriggers(
  routines: readonly RoutineRow[],
  triggers: readonly TriggerRow[],
  keep: (schema: string, table: string) => boolean,
): Pick<SchemaSnapshot, "routines" | "triggers"> {
  const kept = triggers.filter((row) => keep(row.schema, row.table));
  return {
    ...(routines.length === 0 ? {} : { routines: routines.map((row) => routineOf(row)) }),
    ...(kept.length === 0 ? {} : { triggers: kept.map((row) => triggerOf(row)) }),
  };
}

/**
 * Reads the schemas `filter.includeSchemas` (default `public`) of the database behind `session`, leaving out
 * `filter.excludeTables` and the version table. One message of several queries, whatever the size of the
 * database; it is sent before this function first yields, so a caller may do other work (load the models)
 * while the server reads its catalog. Lists are sorted (tables, enums and sequences by schema then name;
 * constraints and indexes by name; columns in table order).
 */
export async function introspect(session: DatabaseSession, filter: SnapshotFilter): Promise<SchemaSnapshot> {
  const schemas = [...new Set(filter.includeSchemas.length === 0 ? ["public"] : filter.includeSchemas)];
  const results = await session.queryMany(introspectionSql(schemas, [DOMAINS_QUERY, EXTENSIONS_QUERY]));
  const [
    columns,
    constraints,
    indexes,
    enums,
    sequences,
    found,
    routines,
    triggers,
    viewRows,
    viewIndexes,
    security,
    policies,
    domains,
    extensions,
    partitions,
  ] = results as [
    ColumnRow[],
    ConstraintRow[],
    IndexRow[],
    EnumRow[],
    SequenceRow[],
    SchemasRow[],
    RoutineRow[],
    TriggerRow[],
    ViewRow[],
    IndexRow[],
    TableSecurityRow[],
    PolicyRow[],
    DomainRow[],
    ExtensionRow[],
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
  const views = buildViews(
    viewRows.filter((row) => keep(row.schema, row.name)),
    indexesByView(viewIndexes, indexOf),
  ).sort(bySchemaAndName);
  const policyList = policiesOf(policies, keep);
  return frozen({
    tables: withPartitions(withTableSecurity(tables, security), partitions).sort(bySchemaAndName),
    ...(views.length === 0 ? {} : { views }),
    enums: enums.map(enumOf).sort(bySchemaAndName),
    sequences: listed.map(sequenceOf).sort(bySchemaAndName),
    // Absent when there are none, as a snapshot built from models without them.
    ...(domains.length === 0 ? {} : { domains: domains.map(domainOf).sort(bySchemaAndName) }),
    ...(extensions.length === 0 ? {} : { extensions: extensions.map(extensionOf).sort((a, b) => byCodeUnit(a.name, b.name)) }),
    schemas: (found[0]?.existing ?? []).filter((schema) => canonicalSchema(schema) !== undefined).sort(byCodeUnit),
    ...routinesAndTriggers(routines, triggers, keep),
    ...(policyList.length === 0 ? {} : { policies: policyList }),
  });
}
