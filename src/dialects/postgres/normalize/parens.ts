/**
 * Removes parentheses that do not change how PostgreSQL groups an expression, by its operator precedence
 * (https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-PRECEDENCE): `(a > 0) AND (b > 0)` is
 * `a > 0 AND b > 0`, `(x)::text` is `x::text`, but `(a OR b) AND c` and `(a + b) * c` keep theirs.
 */
import { matchClose } from "./scan.js";
import { isToken, type Token } from "./tokens.js";

/** Precedence of an operand that is not an operation (a name, a literal, a call). */
const ATOM = 100;
/** A neighbour after which parentheses always stay (`(row).field`, `(array)[1]`). */
const KEEP = 99;
/** Content or a neighbour whose grouping is not modelled (BETWEEN, row constructors): only atoms are unwrapped. */
const OPAQUE = -1;

const WORD_PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  not: 3,
  is: 4,
  in: 6,
  like: 6,
  ilike: 6,
  similar: 6,
  at: 11,
  collate: 12,
};

const BOUNDARY_WORDS: ReadonlySet<string> = new Set(["when", "then", "else", "case", "end"]);

/** Words after which `(` groups an expression (rather than opening a call or a list). */
const GROUPING_AFTER: ReadonlySet<string> = new Set([
  "and",
  "or",
  "not",
  "when",
  "then",
  "else",
  "case",
  "like",
  "ilike",
  "similar",
  "to",
  "escape",
  "from",
  "is",
  "between",
]);

function binaryPrecedence(op: string): number {
  if (op === "::") return 13;
  if (op === "^") return 10;
  if (op === "*" || op === "/" || op === "%") return 9;
  if (op === "+" || op === "-") return 8;
  if (["=", "<", ">", "<=", ">=", "<>"].includes(op)) return 5;
  return 7;
}

function startsOperand(token: Token | undefined): boolean {
  if (token === undefined || token.kind === "op") return true;
  if (token.kind === "punct") return token.text === "(" || token.text === "[" || token.text === ",";
  return token.kind === "word" && GROUPING_AFTER.has(token.text);
}

/** Precedence of the operator token at `i` (prefix or binary, decided by what precedes it); undefined for none. */
function operatorAt(tokens: readonly Token[], i: number, from: number): number | undefined {
  const token = tokens[i]!;
  const previous = i > from ? tokens[i - 1] : undefined;
  if (token.kind === "op") {
    if (startsOperand(previous)) return token.text === "-" || token.text === "+" ? 11 : 7;
    return binaryPrecedence(token.text);
  }
  if (token.kind === "number" && token.text.startsWith("-")) return 11;
  if (token.kind !== "word") return undefined;
  if (token.text === "between") return OPAQUE;
  if (token.text === "not") {
    const next = tokens[i + 1];
    if (isToken(previous, "is") || ["like", "ilike", "similar", "in", "between"].some((w) => isToken(next, w))) return undefined;
  }
  return WORD_PRECEDENCE[token.text];
}

/** The loosest-binding operator directly inside the group `(open … close)`; ATOM when there is none. */
function innerPrecedence(tokens: readonly Token[], open: number, close: number): number {
  let lowest = ATOM;
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i]!;
    if (isToken(token, "(") || isToken(token, "[") || isToken(token, "case")) depth++;
    else if (isToken(token, ")") || isToken(token, "]") || isToken(token, "end")) depth--;
    else if (depth === 0) {
      if (isToken(token, ",")) return OPAQUE;
      const precedence = operatorAt(tokens, i, open + 1);
      if (precedence !== undefined) lowest = Math.min(lowest, precedence);
    }
  }
  return lowest;
}

function leftPrecedence(tokens: readonly Token[], open: number): number {
  const token = tokens[open - 1];
  if (token === undefined || token.kind === "punct") return 0;
  if (token.kind === "op")
    return startsOperand(tokens[open - 2]) ? (token.text === "-" || token.text === "+" ? 11 : 7) : binaryPrecedence(token.text);
  if (token.kind !== "word" || BOUNDARY_WORDS.has(token.text)) return 0;
  if (token.text === "between" || (token.text === "and" && hasBetween(tokens))) return OPAQUE;
  if (token.text === "from") return 4;
  if (token.text === "to" || token.text === "escape") return 6;
  return WORD_PRECEDENCE[token.text] ?? KEEP;
}

function rightPrecedence(tokens: readonly Token[], close: number): number {
  const token = tokens[close + 1];
  if (token === undefined) return 0;
  if (isToken(token, "[") || isToken(token, ".")) return KEEP;
  if (token.kind === "punct") return 0;
  if (token.kind === "op") return binaryPrecedence(token.text);
  if (token.kind !== "word") return KEEP;
  if (BOUNDARY_WORDS.has(token.text)) return 0;
  if (token.text === "between" || (token.text === "and" && hasBetween(tokens))) return OPAQUE;
  if (token.text === "not") return 6;
  return WORD_PRECEDENCE[token.text] ?? KEEP;
}

function hasBetween(tokens: readonly Token[]): boolean {
  return tokens.some((token) => isToken(token, "between"));
}

function isGrouping(tokens: readonly Token[], open: number): boolean {
  return startsOperand(tokens[open - 1]) && !isToken(tokens[open - 1], "::");
}

function removable(tokens: readonly Token[], open: number, close: number): boolean {
  const inner = innerPrecedence(tokens, open, close);
  const left = leftPrecedence(tokens, open);
  const right = rightPrecedence(tokens, close);
  if (inner === OPAQUE || right === KEEP || left === KEEP) return false;
  if (inner === ATOM) return true;
  if (left === OPAQUE || right === OPAQUE) return false;
  if (inner > left && inner > right) return true;
  // Left-associative operators: (a - b) + c is a - b + c.
  // Casts chain from the left too: ('now'::text)::date is 'now'::text::date.
  if (((inner >= 7 && inner <= 10) || inner === 13) && inner === right && inner > left) return true;
  // AND and OR are associative: a AND (b AND c) is a AND b AND c.
  return (inner === 1 || inner === 2) && inner >= left && inner >= right;
}

/** The tokens without one pair of redundant parentheses per call site, until none is left. */
export function removeRedundantParens(tokens: readonly Token[]): Token[] {
  let current = [...tokens];
  for (let i = 0; i < current.length; i++) {
    if (!isToken(current[i], "(") || !isGrouping(current, i)) continue;
    const close = matchClose(current, i);
    if (close < 0 || close === i + 1 || !removable(current, i, close)) continue;
    current = [...current.slice(0, i), ...current.slice(i + 1, close), ...current.slice(close + 1)];
    i = -1;
  }
  return current;
}
