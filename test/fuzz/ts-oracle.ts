/**
 * An oracle for random edits of revision headers that does not use Retort's header parser: the TypeScript
 * compiler's parser reads the edited file, and DESIGN §1.4's rules say what its header exports mean.
 */
import ts from "typescript";

const HEADER_NAMES = ["revision", "downRevision", "branchLabels", "dependsOn", "message"] as const;
type Value = string | null | readonly string[];

export type Verdict =
  /** Not valid TypeScript: loading the module must fail (the header may or may not still be readable). */
  | { readonly kind: "syntax-error" }
  /** Same header as before, written as plain literals: a valid file that every command must accept. */
  | { readonly kind: "unchanged" }
  /** A header export that is missing, repeated, not a plain literal, or of the wrong type: every command must fail. */
  | { readonly kind: "broken-header"; readonly why: string }
  /** Other well-formed values (another id, another parent): valid or not depending on the graph; not judged. */
  | { readonly kind: "changed" };

export function judgeRevisionFile(text: string, original: string): Verdict {
  const source = ts.createSourceFile("revision.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  if (diagnostics.length > 0) return { kind: "syntax-error" };
  const header = readHeader(source);
  // `export const x: T;` parses, but Babel (and so loading) refuses a const without a value, like a syntax error.
  if (header === NO_INITIALIZER) return { kind: "syntax-error" };
  if (typeof header === "string") return { kind: "broken-header", why: header };
  const revision = header.get("revision");
  if (typeof revision !== "string") return { kind: "broken-header", why: "revision is missing or not a string" };
  if (!/^[A-Za-z0-9_]{1,32}$/.test(revision)) return { kind: "broken-header", why: `revision id ${JSON.stringify(revision)}` };
  const message = header.get("message");
  if (message !== undefined && message !== null && typeof message !== "string") return { kind: "broken-header", why: "message is a list" };
  for (const name of ["downRevision", "branchLabels", "dependsOn"] as const) {
    const value = header.get(name);
    const items = value === undefined || value === null ? [] : typeof value === "string" ? [value] : value;
    if (items.includes("")) return { kind: "broken-header", why: `${name} holds an empty id` };
  }
  const before = readHeader(ts.createSourceFile("original.ts", original, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  if (typeof before === "string") throw new Error(`ts-oracle: the original file is not valid: ${before}`);
  return normalise(header) === normalise(before) ? { kind: "unchanged" } : { kind: "changed" };
}

/** The header exports (`export const NAME = literal`), or why they are not plain literals. */
const NO_INITIALIZER = "a header const without an initializer";

function readHeader(source: ts.SourceFile): Map<string, Value> | string {
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement) && (statement.declarationList.flags & ts.NodeFlags.Const) !== 0) {
      if (statement.declarationList.declarations.some((d) => d.initializer === undefined)) return NO_INITIALIZER;
    }
  }
  const values = new Map<string, Value>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const exported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    if (!exported || !isConst) continue;
    const declarations = statement.declarationList.declarations;
    for (const declaration of declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const name = declaration.name.text;
      if (!(HEADER_NAMES as readonly string[]).includes(name)) continue;
      if (values.has(name)) return `${name} is exported twice`;
      if (declarations.length > 1) return `${name} shares its declaration`;
      const value = literal(declaration.initializer);
      if (value === undefined) return `${name} is not a plain literal`;
      values.set(name, value);
    }
  }
  return values;
}

function literal(node: ts.Expression | undefined): Value | undefined {
  if (node === undefined) return undefined;
  let expression = node;
  if (ts.isAsExpression(expression) && ts.isTypeReferenceNode(expression.type) && expression.type.typeName.getText() === "const")
    expression = expression.expression;
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
  if (expression.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isArrayLiteralExpression(expression)) {
    const items: string[] = [];
    for (const element of expression.elements) {
      if (!ts.isStringLiteral(element) && !ts.isNoSubstitutionTemplateLiteral(element)) return undefined;
      items.push(element.text);
    }
    return items;
  }
  return undefined;
}

function normalise(header: ReadonlyMap<string, Value>): string {
  const list = (value: Value | undefined) =>
    value === undefined || value === null ? [] : typeof value === "string" ? [value] : [...value];
  return JSON.stringify({
    revision: header.get("revision"),
    downRevision: list(header.get("downRevision")),
    branchLabels: list(header.get("branchLabels")),
    dependsOn: list(header.get("dependsOn")),
    message: header.get("message") ?? "",
  });
}
