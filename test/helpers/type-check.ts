import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The TypeScript compiler's diagnostics for rendered files (revisions, models) as a project would compile them,
 * with `retort` and `retort/schema` resolved to this checkout's sources. Empty when they type-check.
 */
export function typeCheckDiagnostics(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2023.d.ts"],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ["node"],
    skipLibCheck: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    allowImportingTsExtensions: true,
    baseUrl: ROOT,
    paths: { retort: ["src/index.ts"], "retort/schema": ["src/schema/index.ts"] },
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + (d.file ? ` (${path.basename(d.file.fileName)})` : ""));
}
