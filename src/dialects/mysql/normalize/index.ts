/**
 * MySQL's normal forms, applied to both the models and the database before comparing, so a round trip gives no
 * spurious operation: serial and identity columns as AUTO_INCREMENT integers, uuid as char(36), numeric's
 * defaults (10,0) stated, a custom type read as MySQL reads it (`int(11)` is integer, `bool` boolean), literal
 * defaults in the column type's own form (`1.50` is 1.5, `0` on a boolean is false), expressions in one spelling,
 * the primary key named PRIMARY (MySQL has no other name), unique indexes of plain columns as unique
 * constraints (MySQL keeps both as the same thing), RESTRICT and NO ACTION as the default they are.
 */
import { frozen } from "../../../schema/freeze.js";
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, IndexElement, Table, UniqueConstraint } from "../../../schema/model.js";
import type { SchemaSnapshot } from "../../../schema/snapshot.js";
import { typeOf } from "../catalog/types.js";
import { PREFIX_PART } from "../compile/indexes.js";
import { normalizeExpression } from "./expression.js";

export function normalizeSnapshot(snapshot: SchemaSnapshot): SchemaSnapshot {
  return frozen({ ...snapshot, tables: snapshot.tables.map(normalizeTable) });
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function normalizeTable(table: Table): Table {
  const keyColumns = new Set(table.primaryKey?.columns ?? []);
  const uniqueIndexes = table.indexes.filter(isPlainUnique);
  const uniques: UniqueConstraint[] = [
    ...table.uniqueConstraints,
    ...uniqueIndexes.map((index): UniqueConstraint => ({ kind: "unique", name: index.name, columns: index.elements.map(columnName) })),
  ];
  return {
    ...table,
    columns: table.columns.map((column) => normalizeColumn(column, keyColumns.has(column.name))),
    ...(table.primaryKey ? { primaryKey: { ...table.primaryKey, name: "PRIMARY" } } : {}),
    uniqueConstraints: uniques.sort(byName),
    foreignKeys: table.foreignKeys.map(normalizeForeignKey),
    checkConstraints: table.checkConstraints.map((check) => ({ ...check, expression: normalizeExpression(check.expression) })),
    indexes: table.indexes.filter((index) => !isPlainUnique(index)).map(normalizeIndex),
    comment: table.comment === "" ? undefined : table.comment,
  };
}

function isPlainUnique(index: Index): boolean {
  const method = index.method?.toLowerCase();
  return (
    index.unique &&
    (method === undefined || method === "btree") &&
    index.where === undefined &&
    index.elements.every((element) => element.kind === "column" && element.order !== "desc" && element.opclass === undefined)
  );
}

function columnName(element: IndexElement): string {
  return element.kind === "column" ? element.name : element.sql;
}

function normalizeIndex(index: Index): Index {
  const method = index.method?.toLowerCase();
  return {
    ...index,
    method: method === "btree" ? undefined : method,
    elements: index.elements.map((element): IndexElement => {
      const order = element.order === "asc" ? undefined : element.order;
      if (element.kind === "column") return { ...element, order };
      const prefix = PREFIX_PART.exec(element.sql);
      return { ...element, order, sql: prefix ? `${prefix[1]}(${prefix[2]})` : normalizeExpression(element.sql) };
    }),
  };
}

function normalizeForeignKey(fk: ForeignKey): ForeignKey {
  const action = (value: ForeignKey["onDelete"]) => (value === "restrict" ? undefined : value);
  return { ...fk, onDelete: action(fk.onDelete), onUpdate: action(fk.onUpdate) };
}

const SERIAL_BASE = { smallserial: "smallint", serial: "integer", bigserial: "bigint" } as const;

function normalizeColumn(column: Column, inPrimaryKey: boolean): Column {
  const serial = column.type.kind === "smallserial" || column.type.kind === "serial" || column.type.kind === "bigserial";
  const type = normalizeType(column.type);
  const autoIncrement = serial || column.identity !== undefined;
  const defaultValue = column.default === undefined ? undefined : normalizeDefault(type, column.default);
  return {
    ...column,
    type,
    nullable: column.nullable && !inPrimaryKey && !autoIncrement,
    default: defaultValue,
    identity: autoIncrement ? { always: false } : undefined,
    generatedAs: column.generatedAs === undefined ? undefined : normalizeExpression(column.generatedAs),
    comment: column.comment === "" ? undefined : column.comment,
  };
}

/** One neutral type per MySQL type. */
export function normalizeType(type: ColumnType): ColumnType {
  switch (type.kind) {
    case "smallserial":
    case "serial":
    case "bigserial":
      return { kind: SERIAL_BASE[type.kind] };
    case "uuid":
      return { kind: "char", length: 36 };
    case "char":
      return { kind: "char", length: type.length ?? 1 };
    case "numeric":
      return { kind: "numeric", precision: type.precision ?? 10, scale: type.scale ?? 0 };
    case "time":
    case "timestamp":
      return type.precision === 0 ? { kind: type.kind, withTimeZone: type.withTimeZone } : type;
    case "custom": {
      const sql = type.sql.trim().toLowerCase();
      if (sql === "bool" || sql === "boolean") return { kind: "boolean" };
      const read = typeOf(sql);
      return read.kind === "custom" ? { kind: "custom", sql: read.sql.replace(/\s+/g, " ") } : normalizeType(read);
    }
    default:
      return type;
  }
}

const NUMERIC: ReadonlySet<ColumnType["kind"]> = new Set(["smallint", "integer", "bigint", "numeric", "real", "doublePrecision"]);

/** A default in one form: a literal in the column type's own form, an expression in one spelling. */
export function normalizeDefault(type: ColumnType, value: ColumnDefault): ColumnDefault | undefined {
  if (value.kind === "expression") {
    const sql = normalizeExpression(value.sql);
    const quoted = /^'((?:[^']|'')*)'$/.exec(sql);
    if (quoted) return normalizeDefault(type, { kind: "literal", value: quoted[1]!.replaceAll("''", "'") });
    if (/^-?\d+(\.\d+)?$/.test(sql)) return normalizeDefault(type, { kind: "literal", value: sql });
    if (sql === "true" || sql === "false") return normalizeDefault(type, { kind: "literal", value: sql === "true" });
    if (sql === "null") return undefined;
    return { kind: "expression", sql };
  }
  const literal = value.value;
  if (literal === null) return undefined;
  if (type.kind === "boolean") {
    if (literal === true || literal === 1 || literal === "1" || literal === "true") return { kind: "literal", value: true };
    if (literal === false || literal === 0 || literal === "0" || literal === "false") return { kind: "literal", value: false };
  }
  if (NUMERIC.has(type.kind)) {
    const number = Number(typeof literal === "boolean" ? Number(literal) : literal);
    if (Number.isFinite(number)) return { kind: "literal", value: number };
  }
  return { kind: "literal", value: typeof literal === "boolean" ? (literal ? "1" : "0") : String(literal) };
}
