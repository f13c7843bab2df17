/**
 * Server defaults in one canonical form: a literal whenever the default is a constant (`'a'::text`,
 * `'1'::integer`, `'true'::boolean`, `'{}'::jsonb`, `'1 day'::interval` are literals), typed by the column
 * (`1` on a text column is `"1"`, `'1'` on an integer column is `1`), `NULL` as no default, and any other
 * expression in canonical text (`now()` is `CURRENT_TIMESTAMP`).
 */
import { frozen } from "../../../schema/freeze.js";
import type { ColumnDefault, ColumnType, LiteralDefault } from "../../../schema/model.js";
import { canonicalTokens } from "./expression.js";
import { isToken, renderTokens, type Token } from "./tokens.js";
import { normalizeType } from "./type.js";

const INTEGER_KINDS: ReadonlySet<string> = new Set(["smallint", "integer", "bigint", "smallserial", "serial", "bigserial"]);
const DECIMAL_KINDS: ReadonlySet<string> = new Set(["numeric", "real", "doublePrecision"]);
const TRUE_WORDS: ReadonlySet<string> = new Set(["t", "true", "y", "yes", "on", "1"]);
const FALSE_WORDS: ReadonlySet<string> = new Set(["f", "false", "n", "no", "off", "0"]);

/** `1.50` → `1.5`, `007` → `7`: the shortest decimal spelling, to compare with a JavaScript number. */
function shortestDecimal(text: string): string {
  let [whole = "", fraction = ""] = text.replace(/^\+/, "").split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  whole = whole.replace(/^-/, "").replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const result = `${sign}${whole === "" ? "0" : whole}${fraction === "" ? "" : `.${fraction}`}`;
  return result === "-0" ? "0" : result;
}

function numericValue(text: string, integer: boolean): LiteralDefault {
  const trimmed = text.trim();
  if (/^[+-]?\d+$/.test(trimmed)) {
    const value = BigInt(trimmed);
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (integer || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return trimmed;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return trimmed;
  if (/[eE]/.test(trimmed) || String(value) === shortestDecimal(trimmed)) return value;
  return shortestDecimal(trimmed);
}

/** A literal default as the column's type reads it. */
export function typedLiteral(value: Exclude<LiteralDefault, null>, type: ColumnType): LiteralDefault {
  if (INTEGER_KINDS.has(type.kind) || DECIMAL_KINDS.has(type.kind)) {
    if (typeof value === "boolean") return value;
    if (typeof value === "bigint") return numericValue(value.toString(), true);
    return numericValue(String(value), INTEGER_KINDS.has(type.kind));
  }
  if (type.kind === "boolean") {
    if (typeof value === "boolean") return value;
    const word = String(value).trim().toLowerCase();
    return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : String(value);
  }
  const text = typeof value === "string" ? value : String(value);
  return type.kind === "char" ? text.replace(/ +$/, "") : text;
}

/** The constant a default's canonical tokens hold, or undefined for an expression. `null` means `NULL`. */
function constantOf(tokens: readonly Token[]): { value: Exclude<LiteralDefault, null> } | null | undefined {
  const [first] = tokens;
  const literalCast = tokens.length === 3 && isToken(tokens[1], "::") && tokens[2]?.kind === "type";
  if (first === undefined || !(tokens.length === 1 || literalCast)) return undefined;
  if (first.kind === "string") return { value: first.value };
  if (first.kind === "number") return { value: first.text };
  if (isToken(first, "true") || isToken(first, "false")) return { value: first.text === "true" };
  if (isToken(first, "null")) return null;
  return undefined;
}

/**
 * The canonical form of a column's default for a column of `type`: constants as typed literals, `NULL`
 * (literal or expression) as no default, other expressions as canonical SQL text.
 */
export function normalizeDefault(value: ColumnDefault | undefined, type: ColumnType): ColumnDefault | undefined {
  if (value === undefined) return undefined;
  const columnType = normalizeType(type);
  if (value.kind === "literal") {
    return value.value === null ? undefined : frozen({ kind: "literal", value: typedLiteral(value.value, columnType) });
  }
  const { constant, sql } = canonicalExpression(value.sql);
  if (constant === null) return undefined;
  if (constant !== undefined) return frozen({ kind: "literal", value: typedLiteral(constant.value, columnType) });
  return frozen({ kind: "expression", sql });
}

interface CanonicalExpression {
  readonly constant: ReturnType<typeof constantOf>;
  readonly sql: string;
}

const expressions = new Map<string, CanonicalExpression>();

/**
 * A default expression's constant and canonical text, remembered by its text: a catalog repeats a few defaults
 * (`now()`, `true`, `0`) on thousands of columns, and tokenizing them dominated reading a large database.
 */
function canonicalExpression(text: string): CanonicalExpression {
  const known = expressions.get(text);
  if (known !== undefined) return known;
  const tokens = canonicalTokens(text);
  const found = { constant: constantOf(tokens), sql: renderTokens(tokens) };
  if (expressions.size >= 10_000) expressions.clear();
  expressions.set(text, found);
  return found;
}
