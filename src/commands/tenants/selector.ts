import { RetortError } from "../../errors.js";

/**
 * What `--tenants` selects: the config's source (by name, or the only/`default` one), schemas by name pattern
 * (`schema:tenant_*`), or a file of tenants (`file:tenants.txt`, or the path of an existing file).
 */
export type TenantSelector =
  | { readonly kind: "config"; readonly name: string | undefined }
  | { readonly kind: "schemas"; readonly patterns: readonly string[] }
  | { readonly kind: "file"; readonly path: string };

/**
 * Reads the value of `--tenants` (`true` when the flag has none). A bare word is a source of the config when it
 * has one of that name, else a file; `isFile` says whether a path names an existing file.
 */
export function parseTenantSelector(
  value: string | true,
  sourceNames: readonly string[],
  isFile: (path: string) => boolean,
): TenantSelector {
  if (value === true) return { kind: "config", name: undefined };
  const text = value.trim();
  const schema = /^schemas?:(.*)$/s.exec(text);
  if (schema) {
    const patterns = schema[1]!
      .split(",")
      .map((p) => p.trim())
      .filter((p) => p !== "");
    if (patterns.length === 0) throw usage(value, "'schema:' needs at least one schema name or pattern, e.g. schema:tenant_*");
    return { kind: "schemas", patterns };
  }
  const file = /^file:(.+)$/s.exec(text);
  if (file) return { kind: "file", path: file[1]!.trim() };
  if (sourceNames.includes(text)) return { kind: "config", name: text };
  if (text !== "" && isFile(text)) return { kind: "file", path: text };
  const named = sourceNames.length > 0 ? ` The config's sources: ${sourceNames.join(", ")}.` : "";
  throw usage(value, `it is neither a tenant source of the config nor an existing file.${named}`);
}

function usage(value: string, problem: string): RetortError {
  return new RetortError("usage", `--tenants '${value}': ${problem}`, {
    hint: "Use --tenants alone (the config's tenants), --tenants NAME (a named source of the config), --tenants schema:PATTERN[,PATTERN] or --tenants FILE (one database URL or schema:NAME per line).",
  });
}

/**
 * A schema pattern as a LIKE pattern: `*` and `%` match any run of characters, every other character only
 * itself (`_` included, which LIKE would take for any one character).
 */
export function likePattern(pattern: string): string {
  return pattern.replace(/[\\_]/g, (ch) => `\\${ch}`).replace(/\*/g, "%");
}

/** One line of a tenant file: a database URL, or `schema:NAME` for a schema of the configured database. */
export type TenantEntry = { readonly kind: "database"; readonly url: string } | { readonly kind: "schema"; readonly schema: string };

/** The entries of a tenant file: one per line; blank lines and lines starting with `#` are skipped. */
export function parseTenantLines(text: string): TenantEntry[] {
  const entries: TenantEntry[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const schema = /^schema:(.+)$/.exec(line);
    entries.push(schema ? { kind: "schema", schema: schema[1]!.trim() } : { kind: "database", url: line });
  }
  return entries;
}
