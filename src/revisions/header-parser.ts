import { RevisionFileError } from "../errors.js";
import type { RevisionHeader } from "./revision.js";
import { blankComments, skipString } from "../project/source-text.js";

type Literal = string | null | readonly string[];
const HEADER_EXPORTS = ["revision", "downRevision", "branchLabels", "dependsOn", "message", "replaces"] as const;
type HeaderExport = (typeof HEADER_EXPORTS)[number];

/**
 * Reads a revision file's header exports (DESIGN §1.4) from its text, without executing it: the graph
 * commands must work on thousands of files, and on files whose imports would fail.
 */
export function parseRevisionHeader(source: string, filePath: string): RevisionHeader {
  const code = blankComments(source);
  const values = new Map<HeaderExport, Literal>();
  const pattern = /\bexport\s+const\s+(revision|downRevision|branchLabels|dependsOn|message|replaces)\b/g;
  for (let match = pattern.exec(code); match; match = pattern.exec(code)) {
    const name = match[1] as HeaderExport;
    if (values.has(name)) throw fileError(filePath, source, match.index, `exports '${name}' twice`);
    const equals = findAssignment(code, pattern.lastIndex);
    if (equals < 0) throw fileError(filePath, source, match.index, `'${name}' has no value`);
    values.set(name, new LiteralReader(code, equals + 1, filePath, source, name).readValue());
  }
  const revision = values.get("revision");
  if (typeof revision !== "string" || revision === "") {
    throw new RevisionFileError("revision_file_invalid", `${filePath}: missing \`export const revision = "<id>"\`.`, {
      hint: "Every file in versions/ must be a revision file; move other files elsewhere.",
      details: { file: filePath },
    });
  }
  if (!/^[A-Za-z0-9_]+$/.test(revision) || revision.length > 32) {
    throw new RevisionFileError("revision_file_invalid", `${filePath}: revision id '${revision}' must be 1–32 letters, digits or '_'.`, {
      details: { file: filePath },
    });
  }
  const message = values.get("message");
  if (message !== undefined && message !== null && typeof message !== "string") {
    throw new RevisionFileError("revision_file_invalid", `${filePath}: 'message' must be a string, not a list.`, {
      hint: 'Revision files keep their header exports as plain literals: `export const revision = "1975ea83b712";` (README "The workflow" shows a whole file).',
      details: { file: filePath },
    });
  }
  const createDate = /^\s*\*?\s*Create Date:\s*(.+?)\s*$/m.exec(source)?.[1];
  const replaces = list(values.get("replaces"), "replaces", filePath);
  return {
    revision,
    downRevisions: list(values.get("downRevision"), "downRevision", filePath),
    branchLabels: list(values.get("branchLabels"), "branchLabels", filePath),
    dependsOn: list(values.get("dependsOn"), "dependsOn", filePath),
    message: message ?? "",
    path: filePath,
    createDate,
    ...(replaces.length > 0 ? { replaces } : {}),
  };
}

function list(value: Literal | undefined, name: string, filePath: string): readonly string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === "string" ? [value] : value;
  for (const item of items) {
    if (item === "")
      throw new RevisionFileError("revision_file_invalid", `${filePath}: '${name}' holds an empty revision id.`, {
        details: { file: filePath },
      });
  }
  return items;
}

/** Skips an optional type annotation (`: string | readonly string[] | null`) up to the `=`. */
function findAssignment(code: string, from: number): number {
  for (let i = from; i < code.length; i++) {
    const ch = code[i];
    if (ch === "=" && code[i + 1] !== ">") return i;
    if (ch === ";") return -1;
    // No annotation holds `export`: without a `;` (commented out), the next export's `=` is not this one's.
    if (ch === "e" && code.startsWith("export", i) && !/\w/.test(code[i - 1] ?? "") && !/\w/.test(code[i + 6] ?? "")) return -1;
  }
  return -1;
}

class LiteralReader {
  constructor(
    private readonly code: string,
    private position: number,
    private readonly filePath: string,
    private readonly source: string,
    private readonly name: string,
  ) {}

  readValue(): Literal {
    const value = this.readLiteral();
    this.skipSpace();
    if (this.code.startsWith("as const", this.position)) this.position += "as const".length;
    this.skipSpace();
    const next = this.code[this.position];
    if (next !== undefined && next !== ";" && next !== "\n" && !this.code.startsWith("export", this.position)) {
      throw this.error("must be a literal: a string, null, or a list of strings");
    }
    return value;
  }

  private readLiteral(): Literal {
    this.skipSpace();
    const ch = this.code[this.position];
    if (ch === '"' || ch === "'" || ch === "`") return this.readString();
    if (this.code.startsWith("null", this.position)) {
      this.position += 4;
      return null;
    }
    if (ch === "[") {
      this.position++;
      const items: string[] = [];
      for (;;) {
        this.skipSpace();
        if (this.code[this.position] === "]") {
          this.position++;
          return items;
        }
        const quote = this.code[this.position];
        if (quote !== '"' && quote !== "'" && quote !== "`") throw this.error("must list revision ids as string literals");
        items.push(this.readString());
        this.skipSpace();
        if (this.code[this.position] === ",") this.position++;
        else if (this.code[this.position] !== "]") throw this.error("has a malformed list");
      }
    }
    throw this.error("must be a literal: a string, null, or a list of strings");
  }

  private readString(): string {
    const start = this.position;
    const end = skipString(this.code, start);
    const raw = this.code.slice(start, end);
    if (raw.length < 2 || raw[raw.length - 1] !== raw[0]) throw this.error("has an unterminated string");
    if (raw[0] === "`" && raw.includes("${")) throw this.error("must not use template expressions");
    this.position = end;
    const body = raw.slice(1, -1);
    if (raw[0] === '"') {
      try {
        return JSON.parse(raw) as string;
      } catch {
        // Fall through to the simple unescaping below for escapes JSON does not know (\').
      }
    }
    return body.replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t", r: "\r" })[c] ?? c);
  }

  private skipSpace(): void {
    while (this.position < this.code.length && /\s/.test(this.code[this.position] ?? "")) this.position++;
  }

  private error(problem: string): RevisionFileError {
    return fileError(this.filePath, this.source, this.position, `'${this.name}' ${problem}`);
  }
}

function fileError(filePath: string, source: string, offset: number, problem: string): RevisionFileError {
  const line = source.slice(0, offset).split("\n").length;
  return new RevisionFileError("revision_file_invalid", `${filePath}:${line}: ${problem}.`, {
    hint: 'Revision files keep their header exports as plain literals: `export const revision = "1975ea83b712";` (README "The workflow" shows a whole file).',
    details: { file: filePath, line },
  });
}
