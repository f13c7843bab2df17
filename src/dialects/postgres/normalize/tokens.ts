/**
 * A small lexer for PostgreSQL expressions (check constraints, partial-index predicates, index expressions,
 * defaults) and the renderer that writes tokens back as canonical text. Used by the expression normaliser;
 * it knows PostgreSQL's lexical rules, not its grammar.
 */

/** One lexical token. Unquoted words are lower-cased (PostgreSQL folds them); strings hold their decoded value. */
export type Token =
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "number"; readonly text: string }
  | { readonly kind: "word"; readonly text: string }
  | { readonly kind: "quoted"; readonly text: string }
  | { readonly kind: "op"; readonly text: string }
  | { readonly kind: "punct"; readonly text: string }
  /** A cast's target type, already in canonical spelling (`character varying(20)`, `integer[]`). */
  | { readonly kind: "type"; readonly text: string };

/** Keywords rendered in upper case, as PostgreSQL's deparser writes them. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  "all",
  "and",
  "any",
  "array",
  "as",
  "asc",
  "at",
  "between",
  "case",
  "cast",
  "collate",
  "current_date",
  "current_role",
  "current_time",
  "current_timestamp",
  "current_user",
  "desc",
  "distinct",
  "else",
  "end",
  "escape",
  "exists",
  "false",
  "first",
  "from",
  "ilike",
  "in",
  "is",
  "last",
  "like",
  "localtime",
  "localtimestamp",
  "not",
  "null",
  "nulls",
  "or",
  "session_user",
  "similar",
  "some",
  "symmetric",
  "then",
  "time",
  "to",
  "true",
  "unknown",
  "user",
  "when",
  "zone",
]);

/** Keywords PostgreSQL accepts as bare identifiers. */
const UNRESERVED: ReadonlySet<string> = new Set(["at", "escape", "first", "last", "nulls", "unknown", "zone"]);

/**
 * Words that PostgreSQL's `quote_ident` keeps quoted (reserved and type/function-name keywords): a quoted
 * identifier spelled like one of these stays quoted; any other lower-case quoted identifier is unquoted.
 */
const NEEDS_QUOTES: ReadonlySet<string> = new Set([
  ...[...KEYWORDS].filter((word) => !UNRESERVED.has(word)),
  "analyse",
  "analyze",
  "authorization",
  "bigint",
  "binary",
  "bit",
  "boolean",
  "both",
  "char",
  "character",
  "check",
  "coalesce",
  "collation",
  "column",
  "concurrently",
  "constraint",
  "create",
  "cross",
  "current_catalog",
  "current_schema",
  "dec",
  "decimal",
  "default",
  "deferrable",
  "do",
  "except",
  "extract",
  "fetch",
  "float",
  "for",
  "foreign",
  "freeze",
  "full",
  "grant",
  "greatest",
  "group",
  "grouping",
  "having",
  "initially",
  "inner",
  "inout",
  "int",
  "integer",
  "intersect",
  "interval",
  "into",
  "isnull",
  "join",
  "lateral",
  "leading",
  "least",
  "left",
  "limit",
  "national",
  "natural",
  "nchar",
  "none",
  "normalize",
  "notnull",
  "nullif",
  "numeric",
  "offset",
  "on",
  "only",
  "order",
  "out",
  "outer",
  "overlaps",
  "overlay",
  "placing",
  "position",
  "precision",
  "primary",
  "real",
  "references",
  "returning",
  "right",
  "row",
  "select",
  "setof",
  "smallint",
  "substring",
  "table",
  "tablesample",
  "timestamp",
  "trailing",
  "treat",
  "trim",
  "union",
  "unique",
  "using",
  "values",
  "varchar",
  "variadic",
  "verbose",
  "where",
  "window",
  "with",
]);

const OP_CHARS = "+-*/<>=~!@#%^&|`?";
const SPECIAL_OP_CHARS = "~!@#%^&|`?";

function isWordStart(ch: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(ch);
}

function isWordPart(ch: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

const ESCAPES: Readonly<Record<string, string>> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** Reads a quoted run starting after the opening `quote`; a doubled quote is one quote. Returns value and end. */
function readQuoted(text: string, start: number, quote: string, backslashes: boolean): { value: string; end: number } {
  let value = "";
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (backslashes && ch === "\\" && i + 1 < text.length) {
      const next = text[i + 1]!;
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  return { value, end: i };
}

function readOperator(text: string, start: number): string {
  let end = start;
  while (end < text.length && OP_CHARS.includes(text[end]!)) {
    if ((text[end] === "-" && text[end + 1] === "-") || (text[end] === "/" && text[end + 1] === "*")) {
      if (end > start) break;
    }
    end++;
  }
  let op = text.slice(start, end);
  // A multi-character operator cannot end in + or - unless it holds one of ~ ! @ # % ^ & | ` ?.
  while (op.length > 1 && /[+-]$/.test(op) && ![...op].some((ch) => SPECIAL_OP_CHARS.includes(ch))) op = op.slice(0, -1);
  return op;
}

/** Splits SQL text into tokens; comments and whitespace are dropped. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "-" && text[i + 1] === "-") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (ch === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (ch === "'") {
      const read = readQuoted(text, i + 1, "'", false);
      tokens.push({ kind: "string", value: read.value });
      i = read.end;
    } else if ((ch === "E" || ch === "e") && text[i + 1] === "'") {
      const read = readQuoted(text, i + 2, "'", true);
      tokens.push({ kind: "string", value: read.value });
      i = read.end;
    } else if (ch === '"') {
      const read = readQuoted(text, i + 1, '"', false);
      tokens.push({ kind: "quoted", text: read.value });
      i = read.end;
    } else if (ch === "$" && /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.test(text.slice(i))) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i))![0];
      const close = text.indexOf(tag, i + tag.length);
      const end = close < 0 ? text.length : close;
      tokens.push({ kind: "string", value: text.slice(i + tag.length, end) });
      i = close < 0 ? text.length : close + tag.length;
    } else if (/[0-9]/.test(ch) || (ch === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const match = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i))!;
      tokens.push({ kind: "number", text: match[0] });
      i += match[0].length;
    } else if (isWordStart(ch)) {
      let end = i + 1;
      while (end < text.length && isWordPart(text[end]!)) end++;
      tokens.push({ kind: "word", text: text.slice(i, end).toLowerCase() });
      i = end;
    } else if (ch === ":" && text[i + 1] === ":") {
      tokens.push({ kind: "op", text: "::" });
      i += 2;
    } else if (OP_CHARS.includes(ch)) {
      const op = readOperator(text, i);
      tokens.push({ kind: "op", text: op });
      i += op.length;
    } else {
      tokens.push({ kind: "punct", text: ch });
      i++;
    }
  }
  return tokens;
}

/** The text of a token (a string's decoded value). */
export function textOf(token: Token | undefined): string | undefined {
  if (token === undefined) return undefined;
  return token.kind === "string" ? token.value : token.text;
}

/** True for a word or a quoted identifier. */
export function isName(token: Token | undefined): token is Extract<Token, { kind: "word" | "quoted" }> {
  return token !== undefined && (token.kind === "word" || token.kind === "quoted");
}

/** True when `token` is the word (or punctuation/operator) `text`. */
export function isToken(token: Token | undefined, text: string): boolean {
  return token !== undefined && (token.kind === "word" || token.kind === "punct" || token.kind === "op") && token.text === text;
}

/** True for a quoted identifier that must stay quoted (upper case, special characters, a keyword). */
export function needsQuotes(name: string): boolean {
  return !/^[a-z_][a-z0-9_$]*$/.test(name) || NEEDS_QUOTES.has(name);
}

/** The SQL text of a string constant (standard-conforming: quotes doubled, backslashes literal). */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function tokenText(token: Token): string {
  switch (token.kind) {
    case "string":
      return stringLiteral(token.value);
    case "quoted":
      return needsQuotes(token.text) ? `"${token.text.replaceAll('"', '""')}"` : token.text;
    case "word":
      return KEYWORDS.has(token.text) ? token.text.toUpperCase() : token.text;
    default:
      return token.text;
  }
}

/** True for a word or quoted identifier directly followed by `(`: a function name. */
function isCallee(token: Token | undefined): boolean {
  return token !== undefined && ((token.kind === "word" && !KEYWORDS.has(token.text)) || token.kind === "quoted");
}

function spaceBetween(previous: Token, current: Token): boolean {
  if (isToken(previous, "(") || isToken(previous, "[") || isToken(previous, "::") || isToken(previous, ".")) return false;
  if (isToken(current, ")") || isToken(current, "]") || isToken(current, ",") || isToken(current, "::") || isToken(current, "."))
    return false;
  if (isToken(current, "(") && isCallee(previous)) return false;
  if (isToken(current, "[") && (isToken(previous, "array") || isCallee(previous) || isToken(previous, ")") || isToken(previous, "]")))
    return false;
  return true;
}

/** Writes tokens back as SQL text: one space between tokens except around `( ) [ ] , . ::` and after a function name. */
export function renderTokens(tokens: readonly Token[]): string {
  let text = "";
  tokens.forEach((token, i) => {
    const previous = tokens[i - 1];
    if (previous !== undefined && spaceBetween(previous, token)) text += " ";
    text += tokenText(token);
  });
  return text;
}
