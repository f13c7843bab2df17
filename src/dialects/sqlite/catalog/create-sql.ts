/**
 * Reads what SQLite's pragmas do not tell from the text of a CREATE TABLE or CREATE INDEX: constraint names,
 * check expressions, an index's expressions and WHERE clause. SQLite keeps these statements as written, so this
 * is a small tokenizer over SQL text (strings, quoted names, parentheses and comments), not a full parser.
 */

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** An identifier or keyword, unquoted (`"a""b"` → `a"b`). */
  readonly word?: string;
}

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end + 1;
      continue;
    }
    if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
      continue;
    }
    const start = i;
    if (c === "'" || c === '"' || c === "`") {
      i++;
      while (i < sql.length) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else i++;
      }
      i++;
      const text = sql.slice(start, i);
      const inner = text.slice(1, -1).replaceAll(c + c, c);
      tokens.push(c === "'" ? { text, start, end: i } : { text, start, end: i, word: inner });
      continue;
    }
    if (c === "[") {
      const end = sql.indexOf("]", i);
      i = end < 0 ? sql.length : end + 1;
      tokens.push({ text: sql.slice(start, i), start, end: i, word: sql.slice(start + 1, i - 1) });
      continue;
    }
    if (/[A-Za-z_0-9$\u0080-\uffff]/.test(c)) {
      while (i < sql.length && /[A-Za-z_0-9$\u0080-\uffff.]/.test(sql[i]!)) i++;
      const text = sql.slice(start, i);
      tokens.push({ text, start, end: i, word: text });
      continue;
    }
    i++;
    tokens.push({ text: c, start, end: i });
  }
  return tokens;
}

function keyword(token: Token | undefined, ...words: string[]): boolean {
  return token?.word !== undefined && token.text[0] !== '"' && words.includes(token.word.toUpperCase());
}

/** The index of the `)` that closes the `(` at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === "(") depth++;
    else if (tokens[i]!.text === ")" && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** The text between the parentheses that open at token `open`. */
function inside(sql: string, tokens: readonly Token[], open: number): string {
  const close = closing(tokens, open);
  return sql.slice(tokens[open]!.end, tokens[close]!.start).trim();
}

function names(tokens: readonly Token[], open: number): string[] {
  const close = closing(tokens, open);
  const out: string[] = [];
  let depth = 0;
  let expectName = true;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.text === "(") depth++;
    else if (t.text === ")") depth--;
    else if (t.text === "," && depth === 0) expectName = true;
    else if (expectName && depth === 0 && t.word !== undefined) {
      out.push(t.word);
      expectName = false;
    }
  }
  return out;
}

/** A table constraint or a column's constraint as the CREATE TABLE text declares it. */
export type DeclaredConstraint =
  | { readonly kind: "primaryKey" | "unique"; readonly name?: string; readonly columns: readonly string[] }
  | { readonly kind: "foreignKey"; readonly name?: string; readonly columns: readonly string[] }
  | { readonly kind: "check"; readonly name?: string; readonly expression: string };

export interface DeclaredColumn {
  readonly name: string;
  readonly collation?: string;
  readonly generatedAs?: string;
}

export interface DeclaredTable {
  readonly columns: readonly DeclaredColumn[];
  readonly constraints: readonly DeclaredConstraint[];
  /** What follows the column list (`STRICT`, `WITHOUT ROWID`), empty when nothing does. */
  readonly options: string;
}

/** The columns and constraints of `CREATE TABLE name (…)`, in order. */
export function readCreateTable(sql: string): DeclaredTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.text === "(");
  if (open < 0) return { columns: [], constraints: [], options: "" };
  const close = closing(tokens, open);
  const parts: [number, number][] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!.text;
    if (t === "(") depth++;
    else if (t === ")") depth--;
    else if (t === "," && depth === 0) {
      parts.push([from, i]);
      from = i + 1;
    }
  }
  parts.push([from, close]);
  const columns: DeclaredColumn[] = [];
  const constraints: DeclaredConstraint[] = [];
  for (const [start, end] of parts) {
    const part = tokens.slice(start, end);
    const first = part[0];
    if (first === undefined) continue;
    const tableLevel = keyword(first, "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");
    if (tableLevel) {
      constraints.push(...readConstraints(sql, tokens, start, end, undefined));
      continue;
    }
    const name = first.word ?? first.text;
    let collation: string | undefined;
    let generatedAs: string | undefined;
    for (let i = start + 1; i < end; i++) {
      const t = tokens[i]!;
      if (keyword(t, "COLLATE")) collation = tokens[i + 1]?.word;
      if (keyword(t, "AS") && tokens[i + 1]?.text === "(") generatedAs = inside(sql, tokens, i + 1);
    }
    columns.push({ name, ...(collation !== undefined ? { collation } : {}), ...(generatedAs !== undefined ? { generatedAs } : {}) });
    constraints.push(...readConstraints(sql, tokens, start + 1, end, name));
  }
  const after = tokens[close];
  return { columns, constraints, options: after === undefined ? "" : sql.slice(after.end).trim() };
}

/** The constraints between tokens `start` and `end`; `column` for a column's own constraints. */
function readConstraints(
  sql: string,
  tokens: readonly Token[],
  start: number,
  end: number,
  column: string | undefined,
): DeclaredConstraint[] {
  const out: DeclaredConstraint[] = [];
  let name: string | undefined;
  for (let i = start; i < end; i++) {
    const t = tokens[i]!;
    if (t.text === "(") {
      i = closing(tokens, i);
      continue;
    }
    if (keyword(t, "CONSTRAINT")) {
      name = tokens[i + 1]?.word;
      i++;
      continue;
    }
    const named = name === undefined ? {} : { name };
    if (keyword(t, "PRIMARY") || keyword(t, "UNIQUE")) {
      const kind = keyword(t, "PRIMARY") ? "primaryKey" : "unique";
      const paren = tokens.findIndex((x, j) => j > i && j < end && x.text === "(");
      if (column !== undefined) out.push({ kind, ...named, columns: [column] });
      else if (paren > 0) {
        out.push({ kind, ...named, columns: names(tokens, paren) });
        i = closing(tokens, paren);
      }
      name = undefined;
    } else if (keyword(t, "CHECK") && tokens[i + 1]?.text === "(") {
      out.push({ kind: "check", ...named, expression: inside(sql, tokens, i + 1) });
      i = closing(tokens, i + 1);
      name = undefined;
    } else if (keyword(t, "FOREIGN") && column === undefined) {
      const paren = i + 2;
      out.push({ kind: "foreignKey", ...named, columns: names(tokens, paren) });
      i = closing(tokens, paren);
      name = undefined;
    } else if (keyword(t, "REFERENCES") && column !== undefined) {
      out.push({ kind: "foreignKey", ...named, columns: [column] });
      name = undefined;
    }
  }
  return out;
}

/** The key parts (as SQL text) and the WHERE clause of `CREATE [UNIQUE] INDEX … ON t (…) [WHERE …]`. */
export function readCreateIndex(sql: string): { readonly elements: readonly string[]; readonly where?: string } {
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => keyword(t, "ON"));
  const open = tokens.findIndex((t, i) => i > on && t.text === "(");
  if (on < 0 || open < 0) return { elements: [] };
  const close = closing(tokens, open);
  const elements: string[] = [];
  let depth = 0;
  let from = tokens[open]!.end;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!.text;
    if (t === "(") depth++;
    else if (t === ")") depth--;
    else if (t === "," && depth === 0) {
      elements.push(sql.slice(from, tokens[i]!.start).trim());
      from = tokens[i]!.end;
    }
  }
  elements.push(sql.slice(from, tokens[close]!.start).trim());
  const where = tokens.findIndex((t, i) => i > close && keyword(t, "WHERE"));
  return where < 0 ? { elements } : { elements, where: sql.slice(tokens[where]!.end).trim() };
}
