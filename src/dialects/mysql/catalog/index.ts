/**
 * `introspect`: reads MySQL or MariaDB databases into a {@link SchemaSnapshot}, the model the DSL produces. One
 * message of four catalog queries for all the tables read, after one query for the server's flavour.
 *
 * The schema `public` of the filter (the default schema) is the connection's database, whose tables come back
 * without a schema; other names are other databases. What MySQL keeps as indexes comes back as the model declares
 * it: the primary key, unique keys as unique constraints, foreign keys (without the index MySQL made for one),
 * the rest as indexes (a key part on a column prefix as `name(10)`). MariaDB's json, a longtext with a
 * `json_valid` check named after the column, comes back as json without that check.
 */
import { frozen } from "../../../schema/freeze.js";
import type {
  CheckConstraint,
  Column,
  ColumnDefault,
  ColumnType,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../../../schema/model.js";
import type { SchemaSnapshot, SnapshotFilter } from "../../../schema/snapshot.js";
import type { UnmodelledCounts } from "../../dialect.js";
import type { DatabaseSession } from "../../session.js";
import { type CheckRow, type ColumnRow, type IndexRow, introspectionSql, type KeyRow } from "./queries.js";
import { normalizeDefault } from "../normalize/index.js";
import { typeOf } from "./types.js";

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = <T extends { readonly name: string }>(a: T, b: T): number => byCodeUnit(a.name, b.name);

/** Reads the databases `filter.includeSchemas` names (`public`: the connection's), leaving out excluded tables. */
export async function introspect(session: DatabaseSession, filter: SnapshotFilter): Promise<SchemaSnapshot> {
  const schemas = [...new Set(filter.includeSchemas.length === 0 ? ["public"] : filter.includeSchemas)];
  const [version] = await session.query<{ version: string }>("SELECT VERSION() AS version");
  const mariadb = /mariadb/i.test(version?.version ?? "");
  const [columns, indexes, keys, checks, found] = (await session.queryMany(introspectionSql(schemas, mariadb))) as [
    ColumnRow[],
    IndexRow[],
    KeyRow[],
    CheckRow[],
    { current: string | null }[],
  ];
  const current = found[0]?.current ?? "";
  const excluded = new Set(filter.excludeTables);
  const versionSchema = filter.versionTable.schema ?? current;
  const keep = (schema: string, table: string) =>
    !excluded.has(table) && !excluded.has(`${schema}.${table}`) && !(schema === versionSchema && table === filter.versionTable.table);
  const tables = new Map<string, { schema: string; name: string; rows: ColumnRow[] }>();
  for (const row of columns) {
    if (!keep(row.table_schema, row.table_name)) continue;
    const key = `${row.table_schema}\u0000${row.table_name}`;
    const entry = tables.get(key) ?? { schema: row.table_schema, name: row.table_name, rows: [] };
    entry.rows.push(row);
    tables.set(key, entry);
  }
  const group = <T extends { table_schema: string; table_name: string }>(rows: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const key = `${row.table_schema}\u0000${row.table_name}`;
      map.set(key, [...(map.get(key) ?? []), row]);
    }
    return map;
  };
  const indexesOf = group(indexes);
  const keysOf = group(keys);
  const checksOf = group(checks);
  const built = [...tables.entries()].map(([key, table]) =>
    buildTable(table, current, mariadb, indexesOf.get(key) ?? [], keysOf.get(key) ?? [], checksOf.get(key) ?? []),
  );
  return frozen({
    tables: built.sort((a, b) => byCodeUnit(`${a.schema ?? ""}\u0000${a.name}`, `${b.schema ?? ""}\u0000${b.name}`)),
    enums: [],
    sequences: [],
    schemas: [],
  });
}

/** MySQL has no views, routines or triggers a snapshot carries; `pull` reports none of them yet. */
export async function countUnmodelled(_session: DatabaseSession, _schemas: readonly string[]): Promise<UnmodelledCounts> {
  return {};
}

function buildTable(
  table: { schema: string; name: string; rows: ColumnRow[] },
  current: string,
  mariadb: boolean,
  indexRows: readonly IndexRow[],
  keyRows: readonly KeyRow[],
  checkRows: readonly CheckRow[],
): Table {
  const jsonChecks = new Set(checkRows.filter((row) => row.name === normalizedJsonCheck(row.clause)).map((row) => row.name));
  const columns = table.rows.map((row) => columnOf(row, mariadb, jsonChecks.has(row.name)));
  const foreignKeys = foreignKeysOf(keyRows, current);
  const fkNames = new Set(foreignKeys.map((fk) => fk.name));
  const { primaryKey, uniques, indexes } = indexesOf(indexRows, fkNames);
  const checkConstraints: CheckConstraint[] = checkRows
    .filter((row) => !jsonChecks.has(row.name))
    .map((row) => ({ kind: "check" as const, name: row.name, expression: row.clause }))
    .sort(byName);
  const comment = table.rows[0]?.table_comment;
  return {
    name: table.name,
    ...(table.schema === current ? {} : { schema: table.schema }),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    uniqueConstraints: uniques,
    foreignKeys,
    checkConstraints,
    indexes,
    ...(comment ? { comment } : {}),
  };
}

/** The column a `json_valid(`col`)` check guards, or undefined. */
function normalizedJsonCheck(clause: string): string | undefined {
  return /^\s*json_valid\(\s*`([^`]+)`\s*\)\s*$/i.exec(clause)?.[1];
}

function columnOf(row: ColumnRow, mariadb: boolean, json: boolean): Column {
  const type: ColumnType = json ? { kind: "json" } : typeOf(row.column_type);
  const extra = row.extra.toLowerCase();
  const generated = row.generation !== null && row.generation !== "" && /generated|persistent|virtual|stored/.test(extra);
  const read = generated ? undefined : defaultOf(row, mariadb, extra);
  // Literals in the column type's own form (`0` on an int is the number 0, on a tinyint(1) false).
  const defaultValue = read?.kind === "literal" ? normalizeDefault(type, read) : read;
  // MariaDB's json is a longtext in utf8mb4_bin, which the type implies.
  const collation = !json && row.collation !== null && row.collation !== row.table_collation ? row.collation : undefined;
  return {
    name: row.name,
    type,
    nullable: row.nullable === "YES",
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(extra.includes("auto_increment") ? { identity: { always: false } } : {}),
    ...(generated ? { generatedAs: row.generation! } : {}),
    ...(collation === undefined ? {} : { collation }),
    ...(row.comment ? { comment: row.comment } : {}),
  };
}

/**
 * The default as MySQL keeps it. MariaDB writes literals as SQL (`'text'`, `5`, `NULL`) and expressions as they
 * read (`current_timestamp()`); MySQL 8 writes literals as their bare text and marks expressions DEFAULT_GENERATED.
 */
function defaultOf(row: ColumnRow, mariadb: boolean, extra: string): ColumnDefault | undefined {
  const text = row.column_default;
  if (text === null) return undefined;
  if (mariadb) {
    if (text === "NULL") return undefined;
    if (text.startsWith("'") && text.endsWith("'")) return { kind: "literal", value: unquote(text.slice(1, -1)) };
    if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(text)) return { kind: "literal", value: text };
    return { kind: "expression", sql: text };
  }
  if (extra.includes("default_generated")) return { kind: "expression", sql: text };
  return { kind: "literal", value: text };
}

function unquote(text: string): string {
  return text.replace(/''|\\(.)/g, (match, escaped: string | undefined) => {
    if (match === "''") return "'";
    switch (escaped) {
      case "n":
        return "\n";
      case "t":
        return "\t";
      case "r":
        return "\r";
      case "0":
        return "\u0000";
      default:
        return escaped ?? "";
    }
  });
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  CASCADE: "cascade",
  "SET NULL": "set null",
  "SET DEFAULT": "set default",
  RESTRICT: "restrict",
};

function foreignKeysOf(rows: readonly KeyRow[], current: string): ForeignKey[] {
  const byName = new Map<string, KeyRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  return [...byName.entries()]
    .map(([name, parts]): ForeignKey => {
      const first = parts[0]!;
      const onDelete = ACTIONS[first.delete_rule ?? ""];
      const onUpdate = ACTIONS[first.update_rule ?? ""];
      return {
        kind: "foreignKey",
        name,
        columns: parts.map((part) => part.column_name),
        referredTable: first.referenced_table!,
        ...(first.referenced_schema && first.referenced_schema !== current ? { referredSchema: first.referenced_schema } : {}),
        referredColumns: parts.map((part) => part.referenced_column!),
        ...(onDelete ? { onDelete } : {}),
        ...(onUpdate ? { onUpdate } : {}),
      };
    })
    .sort((a, b) => byCodeUnit(a.name, b.name));
}

/**
 * The table's keys and indexes from its index rows: PRIMARY, unique keys of plain columns (as constraints), and the
 * other indexes; an index named as a foreign key, not unique, is the one MySQL made for that key and left out.
 */
function indexesOf(
  rows: readonly IndexRow[],
  foreignKeys: ReadonlySet<string>,
): { primaryKey: PrimaryKey | undefined; uniques: UniqueConstraint[]; indexes: Index[] } {
  const byName = new Map<string, IndexRow[]>();
  for (const row of rows) byName.set(row.name, [...(byName.get(row.name) ?? []), row]);
  let primaryKey: PrimaryKey | undefined;
  const uniques: UniqueConstraint[] = [];
  const indexes: Index[] = [];
  for (const [name, parts] of byName) {
    const unique = Number(parts[0]!.non_unique) === 0;
    if (parts.some((part) => part.column_name === null)) continue;
    const elements = parts.map(elementOf);
    const plain = elements.every((element) => element.kind === "column" && element.order === undefined);
    const method = parts[0]!.index_type.toLowerCase();
    if (name === "PRIMARY") {
      primaryKey = { kind: "primaryKey", name, columns: parts.map((part) => part.column_name!) };
    } else if (unique && plain && method === "btree") {
      uniques.push({ kind: "unique", name, columns: parts.map((part) => part.column_name!) });
    } else if (!unique && foreignKeys.has(name)) {
      continue;
    } else {
      indexes.push({ name, elements, unique, ...(method === "btree" ? {} : { method }) });
    }
  }
  return {
    primaryKey,
    uniques: uniques.sort((a, b) => byCodeUnit(a.name, b.name)),
    indexes: indexes.sort((a, b) => byCodeUnit(a.name, b.name)),
  };
}

function elementOf(row: IndexRow): IndexElement {
  const order = row.collation === "D" ? ({ order: "desc" } as const) : {};
  if (row.sub_part !== null) return { kind: "expression", sql: `${row.column_name}(${Number(row.sub_part)})`, ...order };
  return { kind: "column", name: row.column_name!, ...order };
}
