/**
 * Building blocks of the bad-input fuzz tests: a seeded PRNG, the valid project the
 * mutations start from, the database fingerprint, and the checks every failing run must pass.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { renderRevisionFile } from "../../src/revisions/template.js";

/** mulberry32: small, fast, and the same sequence for the same seed on every platform. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The valid project: five linear revisions, the first labelled, the last also depending on the second.

export const IDS = ["1975ea83b712", "27c6a30d7c24", "3b1f0e9d4c55", "4ad2c8e1f066", "5e0b7a3c9d17"] as const;
export const LABEL = "films";

export interface RevisionDef {
  readonly index: number;
  readonly id: string;
  readonly fileName: string;
  readonly text: string;
}

export function validRevisions(): RevisionDef[] {
  return IDS.map((id, index) => {
    const text = renderRevisionFile({
      revision: id,
      downRevisions: index === 0 ? [] : [IDS[index - 1] as string],
      branchLabels: index === 0 ? [LABEL] : [],
      dependsOn: index === 4 ? [IDS[1]] : [],
      message: `create fz_t${index + 1}`,
      createDate: new Date(2026, 10, 28, 10, index, 0),
      upgrade: [`await op.execute("CREATE TABLE fz_t${index + 1} (id integer PRIMARY KEY)");`],
      downgrade: [`await op.execute("DROP TABLE fz_t${index + 1}");`],
    });
    return { index, id, fileName: `${id}_create_fz_t${index + 1}.ts`, text };
  });
}

/** A config file without imports: loading `retort` through jiti costs ~0.5 s per run from source. */
export function plainConfig(url: string, extra = ""): string {
  return `export default { url: ${JSON.stringify(url)}, migrations: "migrations"${extra} };\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Text surgery on rendered revision files.

/** Replaces the line that starts with `prefix` (the whole line) by `replacement` (may be several lines or ""). */
export function replaceLine(text: string, prefix: string, replacement: string): string {
  const lines = text.split("\n");
  const index = lines.findIndex((line) => line.startsWith(prefix));
  if (index < 0) throw new Error(`fuzz-kit: no line starts with ${JSON.stringify(prefix)}`);
  lines[index] = replacement;
  return lines.join("\n");
}

/** The lines of a function `export async function NAME(...) {` through its closing `}`. */
export function functionRange(text: string, name: string): { start: number; end: number } {
  const start = text.indexOf(`export async function ${name}(`);
  if (start < 0) throw new Error(`fuzz-kit: no function ${name}`);
  const end = text.indexOf("\n}", start) + 2;
  return { start, end };
}

export function replaceFunction(text: string, name: string, replacement: string): string {
  const { start, end } = functionRange(text, name);
  return text.slice(0, start) + replacement + text.slice(end);
}

/** Inserts statements at the top of a function's body. */
export function prependToBody(text: string, name: string, statement: string): string {
  const { start } = functionRange(text, name);
  const brace = text.indexOf("{\n", start) + 2;
  return `${text.slice(0, brace)}  ${statement}\n${text.slice(brace)}`;
}

/** Offsets in code (after the doc comment, outside string literals) where inserted garbage is code. */
export function codeOffsets(text: string): number[] {
  const out: number[] = [];
  let i = text.indexOf("*/") + 2;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    out.push(i);
    i++;
  }
  return out;
}

/**
 * Garbage that cannot be valid TypeScript wherever it lands in code: random bytes without quotes, slashes,
 * backslashes or line breaks (which could open a string or comment and hide the rest), plus one control
 * character that no tokenizer accepts outside a literal.
 */
export function codeGarbage(rng: Rng): Buffer {
  const banned = new Set([0x22, 0x27, 0x60, 0x2f, 0x5c, 0x0a, 0x0d, 0x2a]);
  const body = [...rng.bytes(rng.int(0, 12))].filter((b) => !banned.has(b) && b < 0x80);
  const poison = rng.pick([0x00, 0x01, 0x02, 0x07, 0x08, 0x0e, 0x1b, 0x7f]);
  body.splice(rng.int(0, body.length), 0, poison);
  return Buffer.from(body);
}

export function insertBytes(text: string, offset: number, bytes: Buffer): Buffer {
  const buffer = Buffer.from(text, "utf8");
  const at = Buffer.byteLength(text.slice(0, offset), "utf8");
  return Buffer.concat([buffer.subarray(0, at), bytes, buffer.subarray(at)]);
}

// ---------------------------------------------------------------------------------------------------------
// The database fingerprint: everything a run could have changed.

export async function fingerprint(client: pg.Client): Promise<string> {
  const { rows } = await client.query<Record<string, string | null>>(`
    SELECT
      (SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ',' ORDER BY n.nspname, c.relname, c.relkind)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)') AS objects,
      (SELECT string_agg(c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY c.relname, a.attnum)
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
      (SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname !~ '^pg_(toast|temp)') AS schemas,
      (SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public') AS functions,
      (SELECT string_agg(version_num, ',' ORDER BY version_num) FROM retort_version) AS versions,
      (SELECT count(*)::text FROM retort_log) AS log_rows
  `);
  const row = rows[0] ?? {};
  const digest = createHash("sha256").update(JSON.stringify(row)).digest("hex").slice(0, 16);
  return `${row.versions ?? "(no version rows)"} / ${row.log_rows ?? "?"} log rows / ${digest}`;
}

// ---------------------------------------------------------------------------------------------------------
// The checks.

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** How a non-zero run ended: Retort's `FAILED:` line, or commander's `error:` for a usage mistake. */
export type FailureShape = "failed" | "usage";

/** Control characters as escapes: how a value that holds them may appear on the FAILED line. */
export function escapeControls(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}

/**
 * Problems with a run that had to fail (empty when it is fine): non-zero exit; on stderr exactly one
 * `FAILED:` line naming one of `names`, followed by at most one indented hint line and nothing else; no stack
 * trace unless `debug`; never "This is unexpected". A commander usage error (exit 2, `error: …` naming the
 * value) is accepted as the other shape.
 */
export function checkFailure(
  result: RunResult,
  names: readonly string[],
  debug = false,
  valueParts?: string,
): { problems: string[]; shape?: FailureShape } {
  const problems: string[] = [];
  if (result.code === 0) return { problems: ["exited 0 (accepted a broken input)"] };
  const lines = result.stderr.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (result.code === 2 && lines[0]?.startsWith("error: ")) {
    if (!names.some((name) => lines[0]?.includes(name) || lines[0]?.includes(escapeControls(name))))
      problems.push(`usage error does not name ${names.map((n) => JSON.stringify(n)).join(" or ")}`);
    return { problems, shape: "usage" };
  }
  const failedAt = lines.findIndex((line) => line.startsWith("FAILED: "));
  if (failedAt < 0) return { problems: ["no FAILED: line"] };
  const failed = lines[failedAt] as string;
  if (lines.filter((line) => line.startsWith("FAILED: ")).length > 1) problems.push("more than one FAILED: line");
  if (result.stderr.includes("This is unexpected")) problems.push("unexpected (untyped) error");
  // Any quoted stretch ('…', which may itself hold a quote) that is a part of the value.
  const quotes = [...failed].flatMap((ch, i) => (ch === "'" ? [i] : []));
  const quotesPart =
    valueParts !== undefined &&
    quotes.some((i, n) => quotes.slice(n + 1).some((j) => j > i + 1 && escapeControls(valueParts).includes(failed.slice(i + 1, j))));
  if (!quotesPart && !names.some((name) => failed.includes(name) || failed.includes(escapeControls(name)))) {
    problems.push(`FAILED line does not name ${names.map((n) => JSON.stringify(n)).join(" or ")}`);
  }
  // A failed migration adds the statement as an indented detail line of its message.
  const after = lines.slice(failedAt + 1).filter((line) => !line.startsWith("  while running: "));
  if (debug) {
    if (!after.some((line) => /^\s+at /.test(line))) problems.push("--debug printed no stack trace");
  } else {
    if (lines.some((line) => /^\s+at /.test(line))) problems.push("stack trace without --debug");
    if (after.length > 1) problems.push(`${after.length} lines after FAILED (one hint line at most)`);
    if (after.length === 1 && !/^ {2}\S/.test(after[0] as string)) problems.push("the line after FAILED is not an indented hint");
  }
  return { problems, shape: "failed" };
}

/** For runs that may succeed: if they fail, they fail cleanly. */
export function checkCleanIfFailed(result: RunResult, debug = false): string[] {
  if (result.code === 0) return [];
  const lines = result.stderr.split("\n");
  if (result.code === 2 && lines[0]?.startsWith("error: ")) return [];
  const problems: string[] = [];
  const failedAt = lines.findIndex((line) => line.startsWith("FAILED: "));
  if (failedAt < 0) problems.push("failed without a FAILED: line");
  if (result.stderr.includes("This is unexpected")) problems.push("unexpected (untyped) error");
  if (!debug && lines.some((line) => /^\s+at /.test(line))) problems.push("stack trace without --debug");
  return problems;
}

/** A one-line excerpt of a run's stderr for failure reports. */
export function excerpt(result: RunResult): string {
  const text = `${result.stderr}${result.stdout ? ` | stdout: ${result.stdout}` : ""}`.replace(/\s+$/, "");
  const escaped = JSON.stringify(text);
  return escaped.length > 400 ? `${escaped.slice(0, 400)}…` : escaped;
}
