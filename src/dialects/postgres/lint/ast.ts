/**
 * The PostgreSQL parser (libpg-query: PostgreSQL's own grammar compiled to WebAssembly), loaded only by
 * `retort lint`, and small helpers over its JSON parse trees.
 */
import { UnsupportedOperationError } from "../../../errors.js";

/** A node of the parse tree: `{ NodeType: { field: … } }` or a node's fields. */
export type AstNode = Readonly<Record<string, unknown>>;

/** One statement of a parsed text, with where it is in the text. */
export interface ParsedStatement {
  readonly stmt: AstNode;
  readonly text: string;
}

type Parser = typeof import("libpg-query");

let parser: Parser | undefined;

/** Loads the parser (its WebAssembly module) once; the lint support calls it before describing anything. */
export async function loadParser(): Promise<void> {
  if (parser !== undefined) return;
  let loaded: Parser;
  try {
    loaded = await import("libpg-query");
    await loaded.loadModule();
  } catch (cause) {
    throw new UnsupportedOperationError(`Cannot load the PostgreSQL parser (libpg-query) that retort lint uses.`, {
      hint: "Reinstall Retort's dependencies (npm install); libpg-query is one of them.",
      cause,
    });
  }
  parser = loaded;
}

function requireParser(): Parser {
  if (parser === undefined) throw new Error("The PostgreSQL parser is not loaded: call loadParser() first.");
  return parser;
}

/** The statements of `sql`, or `undefined` when PostgreSQL's grammar rejects it (the error message). */
export function parseStatements(sql: string): { readonly statements: readonly ParsedStatement[] } | { readonly error: string } {
  let result: { stmts?: readonly { stmt: AstNode; stmt_location?: number; stmt_len?: number }[] };
  try {
    result = requireParser().parseSync(sql) as typeof result;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  // Locations are byte offsets into the UTF-8 text.
  const bytes = Buffer.from(sql, "utf8");
  const statements = (result.stmts ?? []).map(({ stmt, stmt_location, stmt_len }) => {
    const start = stmt_location ?? 0;
    const end = stmt_len === undefined || stmt_len === 0 ? bytes.length : start + stmt_len;
    return { stmt, text: bytes.subarray(start, end).toString("utf8").trim() };
  });
  return { statements };
}

/** The parse tree of one statement, or `undefined` when it does not parse. */
export function parseSql(sql: string): AstNode | undefined {
  const parsed = parseStatements(sql);
  return "error" in parsed ? undefined : parsed.statements[0]?.stmt;
}

/** Calls `visit(key, value)` for every property of every object in the tree, depth first. */
export function walk(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node === null || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    visit(key, value);
    walk(value, visit);
  }
}

/** The one `{ Type: fields }` entry of a node. */
export function nodeOf(node: unknown): { readonly type: string; readonly fields: AstNode } | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const entries = Object.entries(node as AstNode);
  if (entries.length !== 1) return undefined;
  const [type, fields] = entries[0] as [string, AstNode];
  return { type, fields };
}

/** The string of a `{ String: { sval } }` node. */
export function stringOf(node: unknown): string | undefined {
  return ((node as AstNode | undefined)?.String as AstNode | undefined)?.sval as string | undefined;
}
