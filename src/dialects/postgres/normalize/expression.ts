/**
 * SQL expressions in one canonical text, so that what a model writes (`price > 0`, `status IN ('a', 'b')`,
 * `(a > 0) AND (b > 0)`) and what PostgreSQL stores and re-renders (`price > 0::numeric`,
 * `status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])`, `a > 0 AND b > 0`)
 * land on the same text. Every rewrite keeps the expression's meaning, because the canonical model text is
 * what autogenerate writes into revision files.
 */
import type { ColumnType } from "../../../schema/model.js";
import { removeRedundantParens } from "./parens.js";
import { isToken, renderTokens, textOf, tokenize, type Token } from "./tokens.js";
import { formatTypeName, normalizeType, parseTypeName } from "./type.js";
import { castTypeAt, matchClose, matchOpen, primaryEnd, primaryStart } from "./scan.js";

/** What an expression can know about its table: column types, to drop casts PostgreSQL adds to text columns. */
export interface ExpressionContext {
  readonly columns?: ReadonlyMap<string, ColumnType>;
}

/** Words after which an operand is expected (so a following `-1` is a negative number, `(` a grouping). */
const OPERAND_AFTER: ReadonlySet<string> = new Set([
  "and",
  "or",
  "not",
  "when",
  "then",
  "else",
  "case",
  "like",
  "ilike",
  "between",
  "similar",
  "to",
  "escape",
  "from",
  "is",
]);

const TYPED_LITERAL_WORDS: ReadonlySet<string> = new Set([
  "interval",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "boolean",
  "bool",
  "integer",
  "int",
  "int2",
  "int4",
  "int8",
  "bigint",
  "smallint",
  "numeric",
  "decimal",
  "text",
  "varchar",
  "uuid",
  "json",
  "jsonb",
  "bytea",
  "real",
  "float4",
  "float8",
]);

const TEXT_TYPE = /^(text|character varying(\(\d+\))?|character\(\d+\)|bpchar|name)$/;
const NUMERIC_TYPE = /^(smallint|integer|bigint|numeric(\(\d+,-?\d+\))?|real|double precision)$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ARITHMETIC: ReadonlySet<string> = new Set(["+", "-", "*", "/", "%", "^"]);

function expectsOperand(token: Token | undefined): boolean {
  if (token === undefined) return true;
  if (token.kind === "op") return true;
  if (token.kind === "punct") return token.text === "(" || token.text === "[" || token.text === ",";
  return token.kind === "word" && OPERAND_AFTER.has(token.text);
}

/** Signs that belong to a number: `-1` after an operator or at the start. */
function signPass(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (
      token.kind === "op" &&
      (token.text === "-" || token.text === "+") &&
      next?.kind === "number" &&
      expectsOperand(out[out.length - 1])
    ) {
      out.push({ kind: "number", text: token.text === "-" ? `-${next.text}` : next.text });
      i++;
    } else {
      out.push(token);
    }
  }
  return out;
}

function typeToken(text: string): Token {
  return { kind: "type", text: formatTypeName(normalizeType(parseTypeName(text))) };
}

/** Casts in one form: `x::int4`, `CAST(x AS int)` and `integer '5'` all become `x::integer` with a canonical type. */
function castPass(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isToken(token, "::")) {
      const cast = castTypeAt(tokens, i + 1);
      if (cast !== undefined) {
        out.push(token, typeToken(cast.text));
        i = cast.end - 1;
        continue;
      }
    }
    if (isToken(token, "cast") && isToken(tokens[i + 1], "(")) {
      const close = matchClose(tokens, i + 1);
      const as = tokens.findIndex((t, j) => j > i + 1 && j < close && isToken(t, "as") && depthAt(tokens, i + 2, j) === 0);
      const cast = as < 0 ? undefined : castTypeAt(tokens, as + 1);
      if (close > 0 && cast !== undefined && cast.end === close) {
        out.push(
          { kind: "punct", text: "(" },
          ...castPass(tokens.slice(i + 2, as)),
          { kind: "punct", text: ")" },
          { kind: "op", text: "::" },
          typeToken(cast.text),
        );
        i = close;
        continue;
      }
    }
    if (
      token.kind === "word" &&
      TYPED_LITERAL_WORDS.has(token.text) &&
      tokens[i + 1]?.kind === "string" &&
      !isToken(out[out.length - 1], "::")
    ) {
      out.push(tokens[i + 1]!, { kind: "op", text: "::" }, typeToken(token.text));
      i++;
      continue;
    }
    out.push(token);
  }
  return out;
}

/** Nesting depth of parentheses and brackets from `from` up to (not including) `to`. */
function depthAt(tokens: readonly Token[], from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    if (isToken(tokens[i], "(") || isToken(tokens[i], "[")) depth++;
    else if (isToken(tokens[i], ")") || isToken(tokens[i], "]")) depth--;
  }
  return depth;
}

const OPERATOR_WORDS: Readonly<Record<string, readonly Token[]>> = {
  "~~": [{ kind: "word", text: "like" }],
  "~~*": [{ kind: "word", text: "ilike" }],
  "!~~": [
    { kind: "word", text: "not" },
    { kind: "word", text: "like" },
  ],
  "!~~*": [
    { kind: "word", text: "not" },
    { kind: "word", text: "ilike" },
  ],
  "!=": [{ kind: "op", text: "<>" }],
};

/** One spelling for things written several ways: `!=`, `~~`, `ISNULL`, `now()`, `SOME`, `pg_catalog.` prefixes. */
function spellingPass(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === "op" && OPERATOR_WORDS[token.text] !== undefined) {
      out.push(...OPERATOR_WORDS[token.text]!);
    } else if (isToken(token, "isnull")) {
      out.push({ kind: "word", text: "is" }, { kind: "word", text: "null" });
    } else if (isToken(token, "notnull")) {
      out.push({ kind: "word", text: "is" }, { kind: "word", text: "not" }, { kind: "word", text: "null" });
    } else if (isToken(token, "some")) {
      out.push({ kind: "word", text: "any" });
    } else if (isToken(token, "pg_catalog") && isToken(tokens[i + 1], ".") && tokens[i + 2]?.kind === "word") {
      i++;
    } else if (
      (isToken(token, "now") || isToken(token, "transaction_timestamp")) &&
      isToken(tokens[i + 1], "(") &&
      isToken(tokens[i + 2], ")") &&
      !isToken(out[out.length - 1], ".")
    ) {
      out.push({ kind: "word", text: "current_timestamp" });
      i += 2;
    } else {
      out.push(token);
    }
  }
  return out;
}

/** `a BETWEEN b AND c` as PostgreSQL stores it: `(a >= b AND a <= c)`, when a, b and c are simple operands. */
function betweenPass(tokens: readonly Token[]): Token[] {
  let result = [...tokens];
  for (let at = result.findIndex((t) => isToken(t, "between")); at >= 0; at = result.findIndex((t, j) => j > at && isToken(t, "between"))) {
    if (isToken(result[at - 1], "not") || isToken(result[at + 1], "symmetric")) continue;
    const start = primaryStart(result, at);
    const lowEnd = primaryEnd(result, at + 1);
    if (start < 0 || lowEnd < 0 || !isToken(result[lowEnd], "and")) continue;
    const highEnd = primaryEnd(result, lowEnd + 1);
    const before = result[start - 1];
    const after = result[highEnd];
    if (highEnd < 0 || !(before === undefined || (expectsOperand(before) && before.kind !== "op"))) continue;
    if (
      !(
        after === undefined ||
        isToken(after, ")") ||
        isToken(after, ",") ||
        ["and", "or", "then", "when", "else", "end"].some((w) => isToken(after, w))
      )
    )
      continue;
    const operand = result.slice(start, at);
    const replacement: Token[] = [
      { kind: "punct", text: "(" },
      ...operand,
      { kind: "op", text: ">=" },
      ...result.slice(at + 1, lowEnd),
      { kind: "word", text: "and" },
      ...operand,
      { kind: "op", text: "<=" },
      ...result.slice(lowEnd + 1, highEnd),
      { kind: "punct", text: ")" },
    ];
    result = [...result.slice(0, start), ...replacement, ...result.slice(highEnd)];
    at = start;
  }
  return result;
}

const VARCHAR_CAST = /^(text|character varying(\(\d+\))?)$/;
const CHAR_CAST = /^(bpchar|character(\(\d+\))?)$/;

/**
 * Whether a cast to `target` is one PostgreSQL adds to a column of `type` and changes nothing: `::text` or
 * `::character varying` on a text or varchar column, `::bpchar` on a char column (a char column cast to text
 * loses its trailing spaces, so that cast stays), and the same for arrays of them; a cast to the column's own
 * type (PostgreSQL drops those when it stores the expression).
 */
function noOpColumnCast(target: string, type: ColumnType | undefined): boolean {
  if (type === undefined) return false;
  if (target === formatTypeName(normalizeType(type))) return true;
  if (type.kind === "array") return target.endsWith("[]") && noOpColumnCast(target.slice(0, -2), type.element);
  if (type.kind === "text" || type.kind === "varchar") return VARCHAR_CAST.test(target);
  return type.kind === "char" && CHAR_CAST.test(target);
}

const COMPARISON: ReadonlySet<string> = new Set(["=", "<>", "!=", "<", ">", "<=", ">="]);
const DECIMAL = /^-?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/;

/**
 * Whether the cast at `at` is the `::numeric` PostgreSQL adds to an integer column compared with a decimal
 * literal (`qty > 0.5` is stored as `qty::numeric > 0.5`): the comparison casts the column to numeric anyway.
 */
function comparedWithDecimal(tokens: readonly Token[], at: number, target: string, type: ColumnType | undefined): boolean {
  if (target !== "numeric" || !(type?.kind === "smallint" || type?.kind === "integer" || type?.kind === "bigint")) return false;
  const operand = at - 1;
  const decimal = (token: Token | undefined) => token?.kind === "number" && DECIMAL.test(token.text);
  const loose = (token: Token | undefined) =>
    token === undefined ||
    isToken(token, ")") ||
    isToken(token, "(") ||
    isToken(token, ",") ||
    ["and", "or", "not", "then", "when", "else", "end"].some((w) => isToken(token, w));
  const comparison = (token: Token | undefined) => token?.kind === "op" && COMPARISON.has(token.text);
  // column::numeric <op> 0.5
  if (comparison(tokens[at + 2]) && decimal(tokens[at + 3]) && loose(tokens[at + 4]) && loose(tokens[operand - 1])) return true;
  // 0.5 <op> column::numeric
  return comparison(tokens[operand - 1]) && decimal(tokens[operand - 2]) && loose(tokens[operand - 3]) && loose(tokens[at + 2]);
}

/**
 * Whether the cast at `at` is the `::numeric` PostgreSQL adds to an integer literal next to a decimal literal
 * or a numeric column in arithmetic (`0.5 + 1` is stored as `0.5 + 1::numeric`, `price * 2` as
 * `price * 2::numeric`): the operator casts it anyway.
 */
function integerWithDecimal(tokens: readonly Token[], at: number, target: string, context: ExpressionContext): boolean {
  const operand = tokens[at - 1];
  if (target !== "numeric" || operand?.kind !== "number" || DECIMAL.test(operand.text)) return false;
  const arithmetic = (token: Token | undefined) => token?.kind === "op" && ARITHMETIC.has(token.text);
  const decimal = (token: Token | undefined) =>
    (token?.kind === "number" && DECIMAL.test(token.text)) ||
    ((token?.kind === "word" || token?.kind === "quoted") && context.columns?.get(token.text)?.kind === "numeric");
  const outer = (token: Token | undefined) => !arithmetic(token) && !isToken(token, "::");
  if (arithmetic(tokens[at - 2]) && decimal(tokens[at - 3]) && outer(tokens[at - 4]) && outer(tokens[at + 2])) return true;
  return arithmetic(tokens[at + 2]) && decimal(tokens[at + 3]) && outer(tokens[at + 4]) && outer(tokens[at - 2]);
}

/** Whether the cast at `at` (the `::`) can go: one PostgreSQL adds to a text column or to a literal. */
function droppableCast(tokens: readonly Token[], at: number, context: ExpressionContext): boolean {
  const target = textOf(tokens[at + 1]) ?? "";
  const operand = tokens[at - 1];
  if (operand === undefined) return false;
  if ((operand.kind === "word" || operand.kind === "quoted") && !isToken(tokens[at - 2], ".")) {
    const type = context.columns?.get(operand.text);
    return noOpColumnCast(target, type) || comparedWithDecimal(tokens, at, target, type);
  }
  if (isToken(operand, "]") && target.endsWith("[]") && TEXT_TYPE.test(target.slice(0, -2))) {
    const open = matchOpen(tokens, at - 1);
    return isToken(tokens[open - 1], "array") && tokens.slice(open + 1, at - 1).every((t) => t.kind === "string" || isToken(t, ","));
  }
  const literal =
    operand.kind === "string" ||
    operand.kind === "number" ||
    isToken(operand, "null") ||
    isToken(operand, "true") ||
    isToken(operand, "false");
  if (!literal || target.startsWith("interval") || isToken(tokens[at + 2], "::")) return false;
  // `('now'::text)::date` converts when evaluated (a default of today), `'now'::date` when stored.
  if (isToken(tokens[at - 2], "(") && isToken(tokens[at + 2], ")") && isToken(tokens[at + 3], "::")) return false;
  const before = tokens[at - 2];
  const after = tokens[at + 2];
  if (integerWithDecimal(tokens, at, target, context)) return true;
  return (
    !(before?.kind === "op" && ARITHMETIC.has(before.text)) &&
    !(after?.kind === "op" && ARITHMETIC.has(after.text)) &&
    !isToken(after, "at") &&
    !isToken(after, "collate")
  );
}

/** Drops casts PostgreSQL adds (`'a'::text`, `0::numeric`, `title::text` on a varchar column); `'-1'::integer` becomes `-1`. */
function stripCasts(tokens: readonly Token[], context: ExpressionContext): Token[] {
  const out = [...tokens];
  for (let i = out.length - 2; i >= 1; i--) {
    if (!isToken(out[i], "::") || out[i + 1]?.kind !== "type" || !droppableCast(out, i, context)) continue;
    const operand = out[i - 1]!;
    const numeric = NUMERIC_TYPE.test(textOf(out[i + 1]) ?? "");
    out.splice(i, 2);
    if (operand.kind === "string" && numeric && NUMBER.test(operand.value.trim()))
      out[i - 1] = { kind: "number", text: operand.value.trim() };
  }
  return out;
}

/** `x = ANY (ARRAY[a, b])` as `x IN (a, b)`, and `x <> ALL (ARRAY[a, b])` as `x NOT IN (a, b)`. */
function inListPass(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const negated = isToken(token, "<>") && isToken(tokens[i + 1], "all");
    if ((isToken(token, "=") && isToken(tokens[i + 1], "any")) || negated) {
      if (isToken(tokens[i + 2], "(") && isToken(tokens[i + 3], "array") && isToken(tokens[i + 4], "[")) {
        const closeBracket = matchClose(tokens, i + 4);
        if (closeBracket > 0 && isToken(tokens[closeBracket + 1], ")")) {
          if (negated) out.push({ kind: "word", text: "not" });
          out.push({ kind: "word", text: "in" }, { kind: "punct", text: "(" }, ...tokens.slice(i + 5, closeBracket), {
            kind: "punct",
            text: ")",
          });
          i = closeBracket + 1;
          continue;
        }
      }
    }
    out.push(token);
  }
  return out;
}

/** The canonical tokens of an expression. */
export function canonicalTokens(sql: string, context: ExpressionContext = {}): Token[] {
  let tokens = betweenPass(spellingPass(castPass(signPass(tokenize(sql)))));
  for (let round = 0; round < 50; round++) {
    const next = removeRedundantParens(inListPass(stripCasts(tokens, context)));
    if (renderTokens(next) === renderTokens(tokens)) break;
    tokens = next;
  }
  return tokens;
}

/**
 * The canonical text of an SQL expression: keywords upper case, identifiers lower case and unquoted where
 * PostgreSQL would, redundant parentheses and added casts removed, `IN` lists, `LIKE` and `CURRENT_TIMESTAMP`
 * spelled one way. `context` gives the table's columns (casts on text columns are dropped only for them).
 */
export function normalizeExpression(sql: string, context: ExpressionContext = {}): string {
  return renderTokens(canonicalTokens(sql, context));
}
