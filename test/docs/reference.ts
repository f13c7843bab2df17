/**
 * Runs the examples of the DSL and `op.` reference (docs/models.md, docs/operations.md). A fenced block
 * opened with ```` ```ts check:model ```` or ```` ```ts check:op ```` is an example; the ```` ```sql ```` block right
 * after it is the PostgreSQL Retort emits for it.
 *
 * - `check:model`: a models module. Its exported extensions, enum types, sequences, domains, tables, functions
 *   and triggers, in the order written, compile to their create statements.
 * - `check:model`: a models module. Its exported enum types, tables and views, in the order written, compile to
 *   `createEnum` / `createTable` / `createView` statements.
 * - `check:model`: a models module. Its exported enum types and tables, in the order written, compile to
 *   `createEnum` / `createTable` / `createPolicy` statements.
 * - `check:op`: the body of an `upgrade(op)`. Its operations compile to their statements; then a line
 *   `-- downgrade` and the statements of the operations that undo them (each reversed, in reverse order; a note
 *   for one whose downgrade is nothing), or
 *   `-- downgrade: <why not>` when one cannot be reversed.
 */
import ts from "typescript";
import { IrreversibleOperationError, RetortError } from "../../src/errors.js";
import { compileOperation } from "../../src/dialects/postgres/compile/index.js";
import type { Operation, RevisionOperation } from "../../src/ops/operation.js";
import type { Operations as PublicOperations } from "../../src/library.js";
import { Operations } from "../../src/ops/operations.js";
import { reversalOf } from "../../src/ops/reverse.js";
import * as schema from "../../src/schema/index.js";

export type ExampleKind = "model" | "op";

/** One checked example of a reference file. */
export interface Example {
  readonly file: string;
  /** 1-based line of the opening fence of the ts block. */
  readonly line: number;
  readonly kind: ExampleKind;
  readonly code: string;
  /** The SQL block shown after it; undefined when there is none. */
  readonly sql?: { readonly text: string; readonly startLine: number; readonly endLine: number };
}

const FENCE = /^```(\S*)\s*(.*)$/;

/** The checked examples of a markdown text, with the SQL block following each. */
export function extractExamples(file: string, markdown: string): Example[] {
  const lines = markdown.split("\n");
  const blocks: { lang: string; info: string; start: number; end: number; body: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? "");
    if (open === null) continue;
    let end = i + 1;
    while (end < lines.length && lines[end] !== "```") end++;
    blocks.push({ lang: open[1] ?? "", info: (open[2] ?? "").trim(), start: i, end, body: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  const examples: Example[] = [];
  blocks.forEach((block, n) => {
    if (block.lang !== "ts" || !block.info.startsWith("check")) return;
    const kind = block.info === "check:model" ? "model" : block.info === "check:op" ? "op" : undefined;
    if (kind === undefined) throw new Error(`${file}:${block.start + 1}: unknown marker "${block.info}" (check:model or check:op)`);
    const next = blocks[n + 1];
    const between = next === undefined ? [] : lines.slice(block.end + 1, next.start);
    const adjacent = next !== undefined && next.lang === "sql" && between.every((line) => line.trim() === "");
    examples.push({
      file,
      line: block.start + 1,
      kind,
      code: block.body,
      sql: adjacent ? { text: next.body, startLine: next.start + 1, endLine: next.end } : undefined,
    });
  });
  return examples;
}

/** Statements as shown in the reference: each ends with `;`, one after the other. */
function script(operations: readonly RevisionOperation[]): string[] {
  return operations.flatMap((operation) => compileOperation(operation).map((statement) => `${statement};`));
}

function downgrade(operations: readonly RevisionOperation[]): string[] {
  try {
    const backfill = operations.find((operation) => operation.kind === "backfill");
    if (backfill) return [`-- downgrade: op.backfill of "${backfill.table}" is not reversed: write the downgrade's data move by hand`];
    const reversals = (operations as readonly Operation[]).map(reversalOf).reverse();
    const lines = reversals.flatMap((reversal) => (reversal.kind === "operation" ? script([reversal.operation]) : [`-- ${reversal.note}`]));
    return ["-- downgrade", ...lines];
  } catch (error) {
    if (error instanceof IrreversibleOperationError) return [`-- downgrade: ${error.message}`];
    throw error;
  }
}

const modules: Record<string, unknown> = { "retort/schema": schema, retort: {} };

/** The exported names of a snippet, in the order they are declared. */
function exportedNames(code: string): string[] {
  const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    }
  }
  return names;
}

/** Runs an example and returns the SQL it produces, or the error it throws as `-- error: …`. */
export async function runExample(example: Pick<Example, "kind" | "code">): Promise<string> {
  const js = ts.transpileModule(example.code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: false },
  }).outputText;
  const recorded: RevisionOperation[] = [];
  // Typed as `retort` exports it, so that the repository's typecheck fails when the examples' import would.
  const op: PublicOperations = new Operations(async (operation) => {
    recorded.push(operation);
  });
  const exports: Record<string, unknown> = {};
  const require = (specifier: string): unknown => {
    const found = modules[specifier];
    if (found === undefined) throw new Error(`an example imports "${specifier}"; use "retort/schema" or "retort"`);
    return found;
  };
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
  try {
    await new AsyncFunction("require", "exports", "op", js)(require, exports, op);
    if (example.kind === "op") return [...script(recorded), ...downgrade(recorded)].join("\n");
    const operations: RevisionOperation[] = [];
    for (const name of exportedNames(example.code)) {
      const value = exports[name];
      if (schema.isEnumType(value)) operations.push({ kind: "createEnum", enumType: value });
      else if (schema.isExtension(value)) operations.push({ kind: "createExtension", extension: value });
      else if (schema.isSequence(value)) operations.push({ kind: "createSequence", sequence: value });
      else if (schema.isDomain(value)) operations.push({ kind: "createDomain", domain: value });
      else if (schema.isTableDefinition(value)) operations.push({ kind: "createTable", table: schema.tableModel(value) });
      else if (schema.isRoutine(value)) operations.push({ kind: "createFunction", function: value });
      else if (schema.isTrigger(value)) operations.push({ kind: "createTrigger", trigger: value });
      else if (schema.isView(value)) operations.push({ kind: "createView", view: value });
      else if (schema.isPolicy(value)) operations.push({ kind: "createPolicy", policy: value });
    }
    return script(operations).join("\n");
  } catch (error) {
    if (error instanceof RetortError) return `-- error: ${error.message}`;
    throw error;
  }
}

/**
 * Type errors of the examples, checked together against Retort's sources: `retort/schema` is its index, and
 * `retort` (of which the examples use only the `Operations` type) the module that defines `Operations`.
 */
export function typeErrors(root: string, examples: readonly Example[]): string[] {
  const virtual = new Map<string, { example: Example; prefix: number }>();
  const texts = new Map<string, string>();
  examples.forEach((example, n) => {
    const path = `${root}/test/docs/__examples__/example${n}.ts`;
    const prefix = example.kind === "op" ? 'import type { Operations } from "retort";\ndeclare const op: Operations;\n' : "";
    // Each example is a module of its own, so that two examples may declare the same names.
    texts.set(path, `${prefix}${example.code}\nexport {};\n`);
    virtual.set(path, { example, prefix: prefix.split("\n").length - 1 });
  });
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2023.d.ts"],
    types: ["node"],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths: { "retort/schema": ["src/schema/index.ts"], retort: ["src/ops/operations.ts"] },
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => texts.has(name) || fileExists.call(host, name);
  host.readFile = (name) => texts.get(name) ?? readFile.call(host, name);
  host.getSourceFile = (name, target, onError, create) => {
    const text = texts.get(name);
    return text === undefined ? getSourceFile.call(host, name, target, onError, create) : ts.createSourceFile(name, text, target);
  };
  const program = ts.createProgram([...texts.keys()], options, host);
  const errors: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName;
    const entry = file === undefined ? undefined : virtual.get(file);
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    if (entry === undefined || diagnostic.file === undefined || diagnostic.start === undefined) {
      errors.push(`${file ?? "?"}: ${message}`);
      continue;
    }
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    errors.push(`${entry.example.file}:${entry.example.line + 1 + line - entry.prefix}: ${message}`);
  }
  return errors;
}
