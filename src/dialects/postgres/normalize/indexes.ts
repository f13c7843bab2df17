/**
 * Indexes in canonical form: default access method, ordering, NULLS placement and operator classes left
 * out; expressions in canonical text; an expression that is just a column name as that column.
 */
import { frozen } from "../../../schema/freeze.js";
import type { ColumnType, ExclusionConstraint, Index, IndexElement } from "../../../schema/model.js";
import { canonicalTokens, type ExpressionContext } from "./expression.js";
import { renderTokens } from "./tokens.js";

const BTREE_OPCLASS: Readonly<Record<string, string>> = {
  smallint: "int2_ops",
  smallserial: "int2_ops",
  integer: "int4_ops",
  serial: "int4_ops",
  bigint: "int8_ops",
  bigserial: "int8_ops",
  boolean: "bool_ops",
  text: "text_ops",
  varchar: "text_ops",
  char: "bpchar_ops",
  numeric: "numeric_ops",
  real: "float4_ops",
  doublePrecision: "float8_ops",
  date: "date_ops",
  interval: "interval_ops",
  uuid: "uuid_ops",
  jsonb: "jsonb_ops",
  bytea: "bytea_ops",
  array: "array_ops",
  enum: "enum_ops",
};

/** The operator class PostgreSQL picks when none is written, for the methods whose defaults are known. */
export function defaultOpclass(method: string, type: ColumnType): string | undefined {
  if (method === "btree" || method === "hash") {
    if (type.kind === "time") return type.withTimeZone ? "timetz_ops" : "time_ops";
    if (type.kind === "timestamp") return type.withTimeZone ? "timestamptz_ops" : "timestamp_ops";
    return BTREE_OPCLASS[type.kind];
  }
  if (method === "gin") return type.kind === "jsonb" ? "jsonb_ops" : type.kind === "array" ? "array_ops" : undefined;
  return undefined;
}

function canonicalOpclass(opclass: string | undefined): string | undefined {
  if (opclass === undefined) return undefined;
  return opclass
    .trim()
    .toLowerCase()
    .replace(/^(pg_catalog|public)\./, "");
}

function element(part: IndexElement, method: string, columns: ReadonlyMap<string, ColumnType>, context: ExpressionContext): IndexElement {
  const order: "desc" | undefined = part.order === "desc" ? "desc" : undefined;
  const nulls = part.nulls === undefined || part.nulls === (order === "desc" ? "first" : "last") ? undefined : part.nulls;
  let name = part.kind === "column" ? part.name : undefined;
  let sql: string | undefined;
  if (part.kind === "expression") {
    const tokens = canonicalTokens(part.sql, context);
    const only = tokens.length === 1 ? tokens[0] : undefined;
    if ((only?.kind === "word" || only?.kind === "quoted") && columns.has(only.text)) name = only.text;
    else sql = renderTokens(tokens);
  }
  const type = name === undefined ? undefined : columns.get(name);
  let opclass = canonicalOpclass(part.opclass);
  if (opclass !== undefined && type !== undefined && opclass === defaultOpclass(method, type)) opclass = undefined;
  const extra = { opclass, order, nulls };
  return name !== undefined ? { kind: "column", name, ...extra } : { kind: "expression", sql: sql!, ...extra };
}

/** The canonical form of an index of a table whose (canonical) column types are `columns`. */
export function normalizeIndex(index: Index, columns: ReadonlyMap<string, ColumnType>, name: string): Index {
  const method = (index.method ?? "btree").toLowerCase();
  const context: ExpressionContext = { columns };
  return frozen({
    name,
    elements: index.elements.map((part) => element(part, method, columns, context)),
    unique: index.unique,
    method: method === "btree" ? undefined : method,
    where: index.where === undefined ? undefined : renderTokens(canonicalTokens(index.where, context)),
    include: index.include === undefined || index.include.length === 0 ? undefined : [...index.include],
    nullsNotDistinct: index.unique && index.nullsNotDistinct ? true : undefined,
  });
}

/** The index an exclusion constraint builds (its elements without their operators), under the constraint's name. */
export function exclusionIndex(constraint: ExclusionConstraint): Index {
  return frozen({
    name: constraint.name,
    elements: constraint.elements.map(({ operator: _, ...element }): IndexElement => element),
    unique: false,
    method: constraint.method,
    where: constraint.where,
  });
}

/** An operator as written (`=`, `OPERATOR(pg_catalog.&&)`) in the catalog's spelling: built-in ones bare. */
export function canonicalOperator(operator: string): string {
  const text = operator.replace(/\s+/g, "");
  const qualified = /^OPERATOR\(pg_catalog\.(.+)\)$/i.exec(text);
  return qualified === null ? text : qualified[1]!;
}

/** The canonical form of an exclusion constraint: its index's, with each element's operator. */
export function normalizeExclusion(
  constraint: ExclusionConstraint,
  columns: ReadonlyMap<string, ColumnType>,
  name: string,
): ExclusionConstraint {
  const index = normalizeIndex(exclusionIndex(constraint), columns, name);
  return frozen({
    kind: "exclude",
    name,
    method: index.method ?? "btree",
    elements: index.elements.map((element, k) =>
      frozen({ ...element, operator: canonicalOperator(constraint.elements[k]?.operator ?? "") }),
    ),
    where: index.where,
    deferrable: constraint.deferrable,
  });
}
