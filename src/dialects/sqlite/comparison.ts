/**
 * SQLite's rules for autogenerate. SQLite keeps a column's declared type as text but stores values by the type's
 * affinity (INTEGER, TEXT, BLOB, REAL, NUMERIC), so types compare by affinity: varchar(200) against TEXT is no
 * change, integer against text is. Booleans are stored as 1 and 0, and a primary key column is never null.
 */
import type { ComparisonRules, TypeChangeKind } from "../dialect.js";
import type { Column, ColumnDefault, ColumnType, Table } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { type Affinity, affinityOf } from "./catalog/types.js";
import { compileType } from "./compile/types.js";

/** The declared type text of a model type, or its custom text; an unsupported type keeps its kind as text. */
function declared(type: ColumnType): string {
  try {
    return compileType(type, { table: "", column: "" });
  } catch {
    return type.kind;
  }
}

const CANONICAL: Record<Affinity, ColumnType> = {
  INTEGER: { kind: "integer" },
  TEXT: { kind: "text" },
  BLOB: { kind: "bytea" },
  REAL: { kind: "real" },
  NUMERIC: { kind: "numeric" },
};

/** One type per affinity. */
export function affinityType(type: ColumnType): ColumnType {
  return CANONICAL[affinityOf(declared(type))];
}

function normalizeDefault(value: ColumnDefault | undefined): ColumnDefault | undefined {
  if (value === undefined) return undefined;
  if (value.kind === "literal" && typeof value.value === "boolean") return { kind: "literal", value: value.value ? 1 : 0 };
  if (value.kind === "literal" && typeof value.value === "bigint" && Number.isSafeInteger(Number(value.value)))
    return { kind: "literal", value: Number(value.value) };
  if (value.kind === "expression") {
    const sql = value.sql
      .trim()
      .replace(/^\((.*)\)$/s, "$1")
      .trim();
    return { kind: "expression", sql: /^current_(timestamp|date|time)$/i.test(sql) ? sql.toUpperCase() : sql };
  }
  return value;
}

function normalizeColumn(column: Column, primaryKey: readonly string[]): Column {
  const { default: dflt, ...rest } = column;
  const value = normalizeDefault(dflt);
  return {
    ...rest,
    type: affinityType(column.type),
    nullable: column.nullable && !primaryKey.includes(column.name),
    ...(value === undefined ? {} : { default: value }),
  };
}

/** `main` is the database file itself, the schema an unqualified name means. */
function normalizeTable({ schema, ...rest }: Table): Table {
  const table: Table = schema === undefined || schema === "main" ? rest : { ...rest, schema };
  const pk = table.primaryKey?.columns ?? [];
  return {
    ...table,
    columns: table.columns.map((c) => normalizeColumn(c, pk)),
    foreignKeys: table.foreignKeys.map(({ referredSchema: _, ...fk }) => fk),
    indexes: table.indexes.map(({ method, ...index }) => (method === "btree" ? index : { ...index, ...(method ? { method } : {}) })),
  };
}

export function normalizeSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  return { ...snapshot, tables: snapshot.tables.map(normalizeTable), schemas: snapshot.schemas.filter((schema) => schema !== "main") };
}

/** A change of affinity converts values as SQLite can (text to a number where it reads as one); none is refused. */
function classifyTypeChange(from: ColumnType, to: ColumnType): TypeChangeKind {
  return affinityOf(declared(from)) === affinityOf(declared(to)) ? "widening" : "conversion";
}

export const sqliteComparison: ComparisonRules = Object.freeze({
  normalize: normalizeSnapshot,
  classifyTypeChange,
  suggestUsing: () => undefined,
  typeName: (type: ColumnType) => declared(type),
});
