/**
 * Equality of model parts as autogenerate sees it: plain-data equality where an absent field and an
 * `undefined` one are the same, the default schema spelled or not, and SQL text compared after light
 * normalisation (the dialect's `normalizeSnapshot` does the real canonicalisation before comparison).
 */
import type { Column, ColumnDefault, ColumnType, ForeignKey, Index, IndexElement } from "../../schema/model.js";
import { schemaKey } from "../names.js";
import type { ComparisonRules } from "../../dialects/dialect.js";

/** Which attributes are compared (Alembic's `compare_type` / `compare_server_default`; both on by default). */
export interface EqualityOptions {
  /** Column types; default true. */
  readonly compareTypes: boolean;
  /** Server defaults; default true. */
  readonly compareDefaults: boolean;
  /** SQL text of check constraints, index expressions and partial-index predicates; default true. */
  readonly compareExpressions: boolean;
}

/** What the comparison of tables needs: the equality options, and the dialect's rules for type changes. */
export interface CompareSettings extends EqualityOptions {
  readonly rules: ComparisonRules;
}

/** The options with their defaults. */
export const DEFAULT_EQUALITY: EqualityOptions = Object.freeze({ compareTypes: true, compareDefaults: true, compareExpressions: true });

/** Deep equality of plain data; a property whose value is `undefined` counts as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "bigint" || typeof b === "bigint") return isInteger(a) && isInteger(b) && BigInt(a) === BigInt(b);
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  // Stryker disable next-line LogicalOperator: an array against a non-array returned false just above
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!deepEqual(ra[key], rb[key])) return false;
  return true;
}

/** A bigint, or a number `BigInt` accepts (it throws on fractions). */
function isInteger(value: unknown): value is bigint | number {
  return typeof value === "bigint" || Number.isInteger(value);
}

/**
 * SQL text with whitespace collapsed, spaces around punctuation removed and redundant outer parentheses
 * stripped: `(price > 0)` and `price  >  0` compare equal.
 */
export function normalizeSqlText(text: string): string {
  let result = text
    .trim()
    .replace(/\s+/g, " ")
    .replace(/\s*([(),=<>+*/-])\s*/g, "$1");
  while (result.startsWith("(") && result.endsWith(")") && closesAtEnd(result)) result = result.slice(1, -1).trim();
  return result;
}

/** True when the parenthesis opening `text` is the one closing it. */
function closesAtEnd(text: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  // Stryker disable next-line EqualityOperator: one more step reads no character and changes nothing
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Two SQL fragments are the same (or expression comparison is off). */
export function sameSql(a: string | undefined, b: string | undefined, options: EqualityOptions): boolean {
  if (a === undefined || b === undefined) return a === b;
  return !options.compareExpressions || normalizeSqlText(a) === normalizeSqlText(b);
}

/** Column types, the default schema of an enum spelled or not. */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  if (a.kind === "enum" && b.kind === "enum") return a.name === b.name && schemaKey(a.schema) === schemaKey(b.schema);
  if (a.kind === "array" && b.kind === "array") return a.dimensions === b.dimensions && sameType(a.element, b.element);
  if (a.kind === "custom" && b.kind === "custom") return normalizeSqlText(a.sql).toLowerCase() === normalizeSqlText(b.sql).toLowerCase();
  return deepEqual(a, b);
}

/** Server defaults (absent equals absent). */
export function sameDefault(a: ColumnDefault | undefined, b: ColumnDefault | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === "expression" && b.kind === "expression") return normalizeSqlText(a.sql) === normalizeSqlText(b.sql);
  return deepEqual(a, b);
}

const SERIAL_BASE = { smallserial: "smallint", serial: "integer", bigserial: "bigint" } as const;

/**
 * A column with a serial type seen as what the catalog shows (the integer type with a sequence default),
 * so a model's `serial()` and a database's `integer DEFAULT nextval(…)` compare equal.
 */
export function withoutSerial(column: Column): {
  readonly type: ColumnType;
  readonly default: ColumnDefault | undefined;
  readonly serial: boolean;
} {
  const kind = column.type.kind;
  if (kind === "smallserial" || kind === "serial" || kind === "bigserial") {
    return { type: { kind: SERIAL_BASE[kind] }, default: undefined, serial: true };
  }
  if (column.default?.kind === "expression" && /^nextval\(/i.test(column.default.sql.trim())) {
    return { type: column.type, default: undefined, serial: true };
  }
  return { type: column.type, default: column.default, serial: false };
}

/** What makes two columns "the same definition" for rename detection: type, nullability, default, identity. */
export function sameColumnDefinition(a: Column, b: Column): boolean {
  const sa = withoutSerial(a);
  const sb = withoutSerial(b);
  return (
    sa.serial === sb.serial &&
    sameType(sa.type, sb.type) &&
    sameDefault(sa.default, sb.default) &&
    a.nullable === b.nullable &&
    deepEqual(a.identity, b.identity)
  );
}

/** Foreign keys with the same columns, target and actions (names aside). */
export function sameForeignKey(a: ForeignKey, b: ForeignKey): boolean {
  return (
    deepEqual(a.columns, b.columns) &&
    a.referredTable === b.referredTable &&
    schemaKey(a.referredSchema) === schemaKey(b.referredSchema) &&
    deepEqual(a.referredColumns, b.referredColumns) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate &&
    a.deferrable === b.deferrable
  );
}

function sameElement(a: IndexElement, b: IndexElement, options: EqualityOptions): boolean {
  if (a.opclass !== b.opclass || (a.order ?? "asc") !== (b.order ?? "asc") || a.nulls !== b.nulls) return false;
  if (a.kind === "column" && b.kind === "column") return a.name === b.name;
  if (a.kind === "expression" && b.kind === "expression") return sameSql(a.sql, b.sql, options);
  return false;
}

/** Indexes with the same elements, uniqueness (NULLS NOT DISTINCT too), method, predicate and included columns (names aside). */
export function sameIndex(a: Index, b: Index, options: EqualityOptions): boolean {
  return (
    a.unique === b.unique &&
    (a.nullsNotDistinct ?? false) === (b.nullsNotDistinct ?? false) &&
    (a.method ?? "btree") === (b.method ?? "btree") &&
    a.elements.length === b.elements.length &&
    a.elements.every((element, i) => sameElement(element, b.elements[i]!, options)) &&
    sameSql(a.where, b.where, options) &&
    deepEqual(a.include ?? [], b.include ?? [])
  );
}
