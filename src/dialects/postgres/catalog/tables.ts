/**
 * Builds tables from the rows of the catalog queries: columns (types, defaults, identity, serial), the
 * constraints, the indexes. Pure: rows in, neutral model out.
 */
import { frozen } from "../../../schema/freeze.js";
import type {
  ColumnDefault,
  CheckConstraint,
  Column,
  ColumnType,
  Deferrable,
  ExclusionConstraint,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../../../schema/model.js";
import type { ColumnRow, ConstraintRow, IndexRow, SequenceRow } from "./queries.js";
import { catalogColumnType } from "./types.js";
import { normalizeDefault } from "../normalize/default.js";
import { canonicalSchema, identityWithoutDefaults } from "../normalize/index.js";

/** A key for a table, or for one of its columns. */
export const tableKey = (schema: string, table: string): string => `${schema}\u0000${table}`;
const columnKey = (schema: string, table: string, column: string): string => `${schema}\u0000${table}\u0000${column}`;

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const SERIAL_OF: Readonly<Record<string, ColumnType>> = {
  smallint: { kind: "smallserial" },
  integer: { kind: "serial" },
  bigint: { kind: "bigserial" },
};

const ACTIONS: Readonly<Record<string, ReferentialAction | undefined>> = {
  a: undefined,
  r: "restrict",
  c: "cascade",
  n: "set null",
  d: "set default",
};

/** Sequences by the column that owns them (a column may own several), for identity options and serial detection. */
export function sequencesByOwner(rows: readonly SequenceRow[]): Map<string, SequenceRow[]> {
  const owned = new Map<string, SequenceRow[]>();
  for (const row of rows) {
    if (row.owner_schema !== null && row.owner_table !== null && row.owner_column !== null) {
      const key = columnKey(row.owner_schema, row.owner_table, row.owner_column);
      owned.set(key, [...(owned.get(key) ?? []), row]);
    }
  }
  return owned;
}

function columnOf(
  row: ColumnRow & { column: string },
  owned: ReadonlyMap<string, SequenceRow[]>,
  serialSequences: Set<SequenceRow>,
): Column {
  const element =
    row.is_array && row.element_name !== null
      ? {
          name: row.element_name,
          schema: row.element_schema ?? "",
          typtype: row.element_type ?? "",
          formatted: row.element_formatted ?? "",
        }
      : undefined;
  let type = catalogColumnType(
    { name: row.type_name, schema: row.type_schema, typtype: row.type_type, formatted: row.formatted },
    element,
    row.typmod,
    row.ndims,
  );
  const ownedHere = owned.get(columnKey(row.schema, row.table, row.column)) ?? [];
  let expression = row.generated === "" ? (row.default ?? undefined) : undefined;
  const generatedAs = row.generated === "s" ? (row.default ?? undefined) : undefined;
  const sequence =
    ownedHere.find((s) => s.owner_kind === "i") ??
    ownedHere.find((s) => expression === `nextval('${s.regclass.replaceAll("'", "''")}'::regclass)`) ??
    ownedHere[0];
  if (
    expression !== undefined &&
    sequence?.owner_kind === "a" &&
    SERIAL_OF[type.kind] !== undefined &&
    expression === `nextval('${sequence.regclass.replaceAll("'", "''")}'::regclass)`
  ) {
    type = SERIAL_OF[type.kind]!;
    expression = undefined;
    serialSequences.add(sequence);
  }
  const identity =
    row.identity === "a" || row.identity === "d"
      ? identityWithoutDefaults(
          {
            always: row.identity === "a",
            ...(sequence?.owner_kind === "i"
              ? {
                  start: Number(sequence.start),
                  increment: Number(sequence.increment),
                  minValue: Number(sequence.min),
                  maxValue: Number(sequence.max),
                  cache: Number(sequence.cache),
                  cycle: sequence.cycle,
                }
              : {}),
          },
          type.kind,
        )
      : undefined;
  return frozen({
    name: row.column,
    type,
    nullable: !row.not_null,
    default: expression === undefined ? undefined : catalogDefault(expression, type),
    identity,
    generatedAs,
    collation: row.collation ?? undefined,
    comment: row.column_comment ?? undefined,
  });
}

/**
 * A default as the database holds it: a constant as a literal (written back, PostgreSQL stores it as it was), any
 * other expression as `pg_get_expr` wrote it, not in the normal form autogenerate compares with (`now()` stays
 * `now()`), so that what a downgrade restores is what was there.
 */
export function catalogDefault(expression: string, type: ColumnType): ColumnDefault | undefined {
  const normal = normalizeDefault({ kind: "expression", sql: expression }, type);
  return normal?.kind === "expression" ? frozen({ kind: "expression", sql: expression }) : normal;
}

/** The expression of `CHECK (…) [NOT VALID]` as pg_get_constraintdef writes it. */
export function checkExpression(definition: string): string {
  const open = definition.indexOf("(");
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < definition.length; i++) {
    const ch = definition[i]!;
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")" && --depth === 0) {
      return definition.slice(open + 1, i);
    }
  }
  return definition;
}

function deferrable(row: ConstraintRow): Deferrable | undefined {
  if (!row.deferrable) return undefined;
  return row.deferred ? "deferred" : "immediate";
}

/** The constraints of one table, by kind. */
interface TableConstraints {
  primaryKey?: PrimaryKey;
  readonly uniques: UniqueConstraint[];
  readonly foreignKeys: ForeignKey[];
  readonly checks: CheckConstraint[];
  readonly exclusions: ExclusionConstraint[];
}

/** An exclusion constraint from its index (as an index reads) and its operators. */
export function exclusionOf(row: ConstraintRow): ExclusionConstraint {
  const index = indexOf({ ...row.exclusion_index!, name: row.name });
  const operators = row.exclusion_operators ?? [];
  return frozen({
    kind: "exclude",
    name: row.name,
    method: row.exclusion_index?.method ?? "btree",
    elements: index.elements.map((element, k) => frozen({ ...element, operator: operators[k] ?? "=" })),
    where: index.where,
    deferrable: deferrable(row),
  });
}

function addConstraint(into: TableConstraints, row: ConstraintRow): void {
  switch (row.type) {
    case "p":
      into.primaryKey = { kind: "primaryKey", name: row.name, columns: [...row.columns] };
      return;
    case "u":
      into.uniques.push({
        kind: "unique",
        name: row.name,
        columns: [...row.columns],
        deferrable: deferrable(row),
        nullsNotDistinct: row.nulls_not_distinct ? true : undefined,
      });
      return;
    case "f":
      into.foreignKeys.push({
        kind: "foreignKey",
        name: row.name,
        columns: [...row.columns],
        referredTable: row.referred_table ?? "",
        referredSchema: canonicalSchema(row.referred_schema ?? undefined),
        referredColumns: [...(row.referred_columns ?? [])],
        onDelete: ACTIONS[row.on_delete],
        onUpdate: ACTIONS[row.on_update],
        deferrable: deferrable(row),
      });
      return;
    case "c":
      into.checks.push({ kind: "check", name: row.name, expression: checkExpression(row.definition ?? "") });
      return;
    case "x":
      if (row.exclusion_index !== null) into.exclusions.push(exclusionOf(row));
      return;
  }
}

export function indexOf(row: IndexRow): Index {
  const elements: IndexElement[] = [];
  for (let k = 0; k < row.key_count; k++) {
    const option = row.options[k] ?? 0;
    const desc = (option & 1) !== 0;
    const nullsFirst = (option & 2) !== 0;
    const extra = {
      opclass: row.opclasses[k] ?? undefined,
      order: desc ? ("desc" as const) : undefined,
      nulls: desc && !nullsFirst ? ("last" as const) : !desc && nullsFirst ? ("first" as const) : undefined,
    };
    const column = row.columns[k];
    elements.push(
      column !== null && column !== undefined
        ? { kind: "column", name: column, ...extra }
        : { kind: "expression", sql: row.definitions[k] ?? "", ...extra },
    );
  }
  const include = row.columns.slice(row.key_count).filter((name): name is string => name !== null);
  return frozen({
    name: row.name,
    elements,
    unique: row.unique,
    method: row.method === "btree" ? undefined : row.method,
    where: row.predicate ?? undefined,
    include: include.length === 0 ? undefined : include,
    nullsNotDistinct: row.nulls_not_distinct ? true : undefined,
  });
}

/** The catalog rows introspection read. */
export interface TableRows {
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly sequences: readonly SequenceRow[];
}

/**
 * The tables whose key `keep` accepts, with columns, constraints and indexes, each list sorted by name
 * (columns in table order). Returns the sequences that serial columns own, which are not reported apart.
 */
export function buildTables(
  rows: TableRows,
  keep: (schema: string, table: string) => boolean,
): { tables: Table[]; serialSequences: Set<SequenceRow> } {
  const owned = sequencesByOwner(rows.sequences);
  const serialSequences = new Set<SequenceRow>();
  const columns = new Map<string, { schema: string; table: string; comment: string | null; columns: Column[] }>();
  for (const row of rows.columns) {
    if (!keep(row.schema, row.table)) continue;
    const key = tableKey(row.schema, row.table);
    let entry = columns.get(key);
    if (entry === undefined) {
      entry = { schema: row.schema, table: row.table, comment: row.table_comment, columns: [] };
      columns.set(key, entry);
    }
    if (row.column !== null) entry.columns.push(columnOf(row as ColumnRow & { column: string }, owned, serialSequences));
  }
  const constraints = new Map<string, TableConstraints>();
  for (const row of rows.constraints) {
    const key = tableKey(row.schema, row.table);
    if (!columns.has(key)) continue;
    let entry = constraints.get(key);
    if (entry === undefined) {
      entry = { uniques: [], foreignKeys: [], checks: [], exclusions: [] };
      constraints.set(key, entry);
    }
    addConstraint(entry, row);
  }
  const indexes = new Map<string, Index[]>();
  for (const row of rows.indexes) {
    const key = tableKey(row.schema, row.table);
    if (!columns.has(key)) continue;
    indexes.set(key, [...(indexes.get(key) ?? []), indexOf(row)]);
  }
  const tables = [...columns.entries()].map(([key, entry]): Table => {
    const found = constraints.get(key) ?? { uniques: [], foreignKeys: [], checks: [], exclusions: [] };
    return frozen({
      name: entry.table,
      schema: canonicalSchema(entry.schema),
      columns: entry.columns,
      primaryKey: found.primaryKey,
      uniqueConstraints: found.uniques.sort(byName),
      foreignKeys: found.foreignKeys.sort(byName),
      checkConstraints: found.checks.sort(byName),
      ...(found.exclusions.length === 0 ? {} : { exclusionConstraints: found.exclusions.sort(byName) }),
      indexes: (indexes.get(key) ?? []).sort(byName),
      comment: entry.comment ?? undefined,
    });
  });
  return { tables, serialSequences };
}
