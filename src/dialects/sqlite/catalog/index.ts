/**
 * Introspection of an SQLite database into the neutral model: sqlite_schema for the statements, and the pragma
 * table functions (table_xinfo, index_list, index_xinfo, foreign_key_list) for what SQLite resolved of them.
 * Constraint names and check expressions come from the CREATE TABLE text (create-sql.ts).
 */
import type { SnapshotFilter, SchemaSnapshot } from "../../../schema/snapshot.js";
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../../../schema/model.js";
import type { DatabaseSession } from "../../session.js";
import { quoteLiteral } from "../quote.js";
import { catalogOf } from "../compile/version-table.js";
import { readCreateIndex, readCreateTable } from "./create-sql.js";
import { readDefault, readType } from "./types.js";

/** Runs one catalog query. */
export type CatalogQuery = (sql: string) => Promise<readonly Record<string, unknown>[]>;

/** A table as it is now, with the statements that go with it and that a rebuild must create again. */
export interface LiveTable {
  readonly table: Table;
  /** CREATE TRIGGER statements on the table. */
  readonly triggers: readonly string[];
  /** The table's options (`STRICT`, `WITHOUT ROWID`), which a rebuild keeps. */
  readonly options: string;
}

function schemaArgument(schema: string | undefined): string {
  return schema === undefined ? "" : `, ${quoteLiteral(schema)}`;
}

const ACTIONS: Record<string, ReferentialAction | undefined> = {
  CASCADE: "cascade",
  RESTRICT: "restrict",
  "SET NULL": "set null",
  "SET DEFAULT": "set default",
  "NO ACTION": undefined,
};

const byName = (a: { readonly name: string }, b: { readonly name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Reads one table; undefined when there is none of that name. */
export async function readTable(query: CatalogQuery, name: string, schema: string | undefined): Promise<LiveTable | undefined> {
  const [row] = await query(`SELECT sql FROM ${catalogOf(schema)} WHERE type = 'table' AND name = ${quoteLiteral(name)}`);
  if (row === undefined) return undefined;
  const createSql = String(row.sql);
  const declared = readCreateTable(createSql);
  const s = schemaArgument(schema);
  const columnRows = await query(
    `SELECT name, type, "notnull" AS not_null, dflt_value, pk, hidden FROM pragma_table_xinfo(${quoteLiteral(name)}${s}) ORDER BY cid`,
  );
  const columns: Column[] = [];
  const pkColumns: [number, string][] = [];
  for (const c of columnRows) {
    const columnName = String(c.name);
    const fromText = declared.columns.find((d) => d.name === columnName);
    const hidden = Number(c.hidden);
    if (hidden === 1) continue;
    const dflt = readDefault(c.dflt_value === null ? null : String(c.dflt_value));
    const pk = Number(c.pk);
    if (pk > 0) pkColumns.push([pk, columnName]);
    columns.push({
      name: columnName,
      type: readType(String(c.type ?? "")),
      nullable: Number(c.not_null) === 0 && pk === 0,
      ...(dflt === undefined ? {} : { default: dflt }),
      ...(fromText?.collation === undefined ? {} : { collation: fromText.collation }),
      ...(hidden >= 2 && fromText?.generatedAs !== undefined ? { generatedAs: fromText.generatedAs } : {}),
    });
  }
  const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  const declaredNamed = (kind: "primaryKey" | "unique" | "foreignKey", cols: readonly string[]) =>
    declared.constraints.find((d) => d.kind === kind && sameColumns(d.columns, cols))?.name;

  let primaryKey: PrimaryKey | undefined;
  if (pkColumns.length > 0) {
    const cols = pkColumns.sort((a, b) => a[0] - b[0]).map(([, c]) => c);
    primaryKey = { kind: "primaryKey", name: declaredNamed("primaryKey", cols) ?? `${name}_pkey`, columns: cols };
  }

  const fkRows = await query(
    `SELECT id, seq, "table" AS referred, "from" AS col, "to" AS referred_col, on_update, on_delete FROM pragma_foreign_key_list(${quoteLiteral(name)}${s}) ORDER BY id, seq`,
  );
  const fkById = new Map<number, Record<string, unknown>[]>();
  for (const r of fkRows) fkById.set(Number(r.id), [...(fkById.get(Number(r.id)) ?? []), r]);
  const foreignKeys: ForeignKey[] = [];
  // pragma_foreign_key_list numbers foreign keys from the last declared.
  for (const id of [...fkById.keys()].sort((a, b) => b - a)) {
    const parts = fkById.get(id)!;
    const cols = parts.map((p) => String(p.col));
    const first = parts[0]!;
    let referredColumns = parts.map((p) => (p.referred_col === null ? undefined : String(p.referred_col)));
    if (referredColumns.some((c) => c === undefined)) {
      const referredPk = await query(
        `SELECT name FROM pragma_table_info(${quoteLiteral(String(first.referred))}${s}) WHERE pk > 0 ORDER BY pk`,
      );
      referredColumns = referredPk.map((p) => String(p.name));
    }
    const onDelete = ACTIONS[String(first.on_delete).toUpperCase()];
    const onUpdate = ACTIONS[String(first.on_update).toUpperCase()];
    foreignKeys.push({
      kind: "foreignKey",
      name: declaredNamed("foreignKey", cols) ?? `${name}_${cols.join("_")}_fkey`,
      columns: cols,
      referredTable: String(first.referred),
      referredColumns: referredColumns as string[],
      ...(onDelete === undefined ? {} : { onDelete }),
      ...(onUpdate === undefined ? {} : { onUpdate }),
      ...(/DEFERRABLE\s+INITIALLY\s+DEFERRED/i.test(fkClause(createSql, cols)) ? { deferrable: "deferred" as const } : {}),
    });
  }

  const checkConstraints: CheckConstraint[] = [];
  let unnamedChecks = 0;
  for (const d of declared.constraints) {
    if (d.kind !== "check") continue;
    const checkName = d.name ?? `${name}_check${unnamedChecks++ === 0 ? "" : unnamedChecks}`;
    checkConstraints.push({ kind: "check", name: checkName, expression: d.expression });
  }

  const indexRows = await query(
    `SELECT l.name, l."unique" AS is_unique, l.origin, l.partial, m.sql FROM pragma_index_list(${quoteLiteral(name)}${s}) AS l LEFT JOIN ${catalogOf(schema)} AS m ON m.type = 'index' AND m.name = l.name ORDER BY l.name`,
  );
  const uniqueConstraints: UniqueConstraint[] = [];
  const indexes: Index[] = [];
  for (const ix of indexRows) {
    const ixName = String(ix.name);
    const origin = String(ix.origin);
    if (origin === "pk") continue;
    const keyRows = await query(
      `SELECT name, "desc" AS descending, cid FROM pragma_index_xinfo(${quoteLiteral(ixName)}${s}) WHERE key = 1 ORDER BY seqno`,
    );
    if (origin === "u") {
      const cols = keyRows.map((k) => String(k.name));
      uniqueConstraints.push({ kind: "unique", name: declaredNamed("unique", cols) ?? `${name}_${cols.join("_")}_key`, columns: cols });
      continue;
    }
    const text = ix.sql === null ? undefined : readCreateIndex(String(ix.sql));
    const elements: IndexElement[] = keyRows.map((k, i) => {
      const order = Number(k.descending) === 1 ? ({ order: "desc" } as const) : {};
      if (Number(k.cid) === -2) {
        const raw = (text?.elements[i] ?? "").replace(/\s+(ASC|DESC)$/i, "").trim();
        const sql = raw.startsWith("(") && raw.endsWith(")") ? raw.slice(1, -1).trim() : raw;
        return { kind: "expression", sql, ...order };
      }
      return { kind: "column", name: String(k.name), ...order };
    });
    indexes.push({
      name: ixName,
      elements,
      unique: Number(ix.is_unique) === 1,
      ...(Number(ix.partial) === 1 && text?.where !== undefined ? { where: text.where } : {}),
    });
  }
  const triggers = await query(
    `SELECT sql FROM ${catalogOf(schema)} WHERE type = 'trigger' AND tbl_name = ${quoteLiteral(name)} AND sql IS NOT NULL ORDER BY name`,
  );
  return {
    table: {
      name,
      ...(schema === undefined ? {} : { schema }),
      columns,
      ...(primaryKey === undefined ? {} : { primaryKey }),
      uniqueConstraints: uniqueConstraints.sort(byName),
      foreignKeys: foreignKeys.sort(byName),
      checkConstraints: checkConstraints.sort(byName),
      indexes: indexes.sort(byName),
    },
    triggers: triggers.map((t) => String(t.sql)),
    options: declared.options,
  };
}

/** The text of the FOREIGN KEY clause over `cols`, for what the pragma leaves out (deferrability). */
function fkClause(createSql: string, cols: readonly string[]): string {
  const pattern = new RegExp(`FOREIGN\\s+KEY\\s*\\(\\s*"?${cols[0]?.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") ?? ""}"?[^)]*\\)[^,]*`, "i");
  return pattern.exec(createSql)?.[0] ?? "";
}

/** The tables of the main database (or the included attached ones) as a snapshot, version table and log left out. */
export async function introspect(session: DatabaseSession, filter: SnapshotFilter): Promise<SchemaSnapshot> {
  const query: CatalogQuery = (sql) => session.query(sql);
  const rows = await query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
  const excluded = new Set(filter.excludeTables);
  const tables: Table[] = [];
  for (const row of rows) {
    const name = String(row.name);
    if (name === filter.versionTable.table || excluded.has(name) || excluded.has(`main.${name}`)) continue;
    const live = await readTable(query, name, undefined);
    if (live) tables.push(live.table);
  }
  return { tables, enums: [], sequences: [], schemas: [] };
}
