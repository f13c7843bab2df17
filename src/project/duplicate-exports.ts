import { blankComments } from "./source-text.js";

/**
 * An ES module that exports a name twice does not load; after the conversion to CommonJS two exported
 * function declarations would, silently keeping the last (a second `upgrade` would replace the first).
 */
export function rejectDuplicateExports(source: string, filename: string | undefined): void {
  const code = blankComments(source);
  const declaration = /^[ \t]*export\s+(?:default\s+)?(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([\w$]+)/gm;
  const seen = new Set<string>();
  for (let match = declaration.exec(code); match; match = declaration.exec(code)) {
    const name = match[1] as string;
    if (seen.has(name)) {
      const before = code.slice(0, match.index + match[0].length - name.length);
      const line = before.split("\n").length;
      const column = before.length - before.lastIndexOf("\n") - 1;
      // The transpiler's own format, which describeLoadError turns into "file:line:column: problem".
      throw new Error(`Error transforming ${filename}: Duplicate export '${name}' (${line}:${column})`);
    }
    seen.add(name);
  }
}
