/**
 * Describes why a TypeScript module (config, models, revision file) failed to load, in one line that names
 * the file and, for a syntax error, the line and column: `file.ts:5:0: Unexpected token, expected ","`.
 */
export function describeLoadError(error: unknown, file: string): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const first = (lines[0] ?? "unknown error").replace(/^(Error|ParseError|SyntaxError):\s*/, "").replace(/^ParseError:\s*/, "");
  // jiti reports a parse error's location on its own line: "/path/file.ts:5:0".
  const location = lines.slice(1).find((line) => /:\d+:\d+$/.test(line));
  if (location) return `${location}: ${first.trim()}`;
  // sucrase: "Error transforming /path/file.ts: Unexpected token, expected "," (5:1)".
  const transformError = /^Error transforming (.+?): (.*) \((\d+):(\d+)\)$/.exec(first.trim());
  if (transformError) return `${transformError[1]}:${transformError[3]}:${transformError[4]}: ${transformError[2]}`;
  // An error thrown while the module ran: its stack names the file and line.
  const frame = error instanceof Error ? error.stack?.split("\n").find((line) => line.includes(file)) : undefined;
  const at = frame ? /:(\d+):(\d+)\)?$/.exec(frame.trim()) : null;
  return at ? `${file}:${at[1]}:${at[2]}: ${first.trim()}` : `${file}: ${first.trim()}`;
}
