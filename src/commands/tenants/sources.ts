import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { TenantSource } from "../../config/define-config.js";
import type { ResolvedConfig } from "../../config/load-config.js";
import { ConfigError, RetortError, UnsupportedOperationError } from "../../errors.js";
import { withDatabase } from "../../runtime/database.js";
import { likePattern, parseTenantLines, parseTenantSelector, type TenantEntry, type TenantSelector } from "./selector.js";

/** One tenant of a run: a schema of the configured database, or a database of its own. */
export type Tenant =
  | { readonly kind: "schema"; readonly id: string; readonly schema: string; readonly url: string }
  | { readonly kind: "database"; readonly id: string; readonly url: string };

/** The tenants `--tenants VALUE` selects, without duplicates, sorted by their identity. */
export async function listTenants(
  config: ResolvedConfig,
  value: string | true,
  options: { readonly log: (line: string) => void; readonly cwd?: string },
): Promise<Tenant[]> {
  const cwd = options.cwd ?? process.cwd();
  const selector = parseTenantSelector(value, Object.keys(config.tenants), (file) => isFile(path.resolve(cwd, file)));
  const entries = await entriesOf(config, selector, cwd, options.log);
  const byId = new Map<string, Tenant>();
  for (const entry of entries) {
    const tenant: Tenant =
      entry.kind === "schema"
        ? { kind: "schema", id: entry.schema, schema: entry.schema, url: config.url }
        : { kind: "database", id: tenantIdentity(entry.url), url: entry.url };
    byId.set(tenant.id, tenant);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A database tenant's identity (for shards, messages and reports): its URL without the password. */
export function tenantIdentity(url: string): string {
  if (!/^postgres(ql)?:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    parsed.password = "";
    parsed.searchParams.delete("password");
    return parsed.toString();
  } catch {
    return url;
  }
}

async function entriesOf(
  config: ResolvedConfig,
  selector: TenantSelector,
  cwd: string,
  log: (line: string) => void,
): Promise<TenantEntry[]> {
  switch (selector.kind) {
    case "config":
      return sourceEntries(config, pickSource(config, selector.name), log);
    case "schemas":
      return (await schemasLike(config, selector.patterns, log)).map((schema) => ({ kind: "schema", schema }));
    case "file":
      return parseTenantLines(await readTenantFile(path.resolve(cwd, selector.path)));
  }
}

function pickSource(config: ResolvedConfig, name: string | undefined): { name: string; source: TenantSource } {
  const names = Object.keys(config.tenants);
  if (name !== undefined) return { name, source: config.tenants[name]! };
  if (names.length === 1) return { name: names[0]!, source: config.tenants[names[0]!]! };
  if (config.tenants["default"] !== undefined) return { name: "default", source: config.tenants["default"] };
  throw new ConfigError(
    "config_invalid",
    names.length === 0
      ? `${config.configPath} has no 'tenants', so --tenants without a value has nothing to run for.`
      : `${config.configPath} has several tenant sources (${names.join(", ")}) and none is named 'default'.`,
    {
      hint:
        names.length === 0
          ? "Add `tenants: { schemas: \"select nspname from pg_namespace where nspname like 'tenant_%'\" }` (or `{ urls: [...] }`) to the config, or pass --tenants schema:PATTERN or --tenants FILE."
          : `Name one: --tenants ${names[0]}.`,
      details: { key: "tenants" },
    },
  );
}

async function sourceEntries(
  config: ResolvedConfig,
  { name, source }: { name: string; source: TenantSource },
  log: (line: string) => void,
): Promise<TenantEntry[]> {
  if ("schemas" in source) {
    if (typeof source.schemas !== "string") return source.schemas.map((schema) => ({ kind: "schema", schema }));
    const query = source.schemas;
    const names = await withDatabase(config, { log }, async (db) => {
      const rows = await db.session.query(query).catch((cause: unknown) => {
        throw new ConfigError("config_invalid", `The tenant query of '${name}' in ${config.configPath} failed: ${messageOf(cause)}`, {
          hint: "Fix the query: it must return the tenant schemas' names in its first column.",
          details: { key: `tenants.${name}.schemas` },
          cause,
        });
      });
      return rows.map((row) => Object.values(row)[0]);
    });
    return names.filter((v): v is string => typeof v === "string" && v !== "").map((schema) => ({ kind: "schema", schema }));
  }
  const { urls } = source;
  if (typeof urls === "string") return parseTenantLines(await readTenantFile(path.resolve(config.rootDirectory, urls)));
  const list = typeof urls === "function" ? await callSource(urls, name, config) : urls;
  return list.map((url) => ({ kind: "database", url }));
}

async function callSource(
  fn: () => readonly string[] | Promise<readonly string[]>,
  name: string,
  config: ResolvedConfig,
): Promise<readonly string[]> {
  let list: unknown;
  try {
    list = await fn();
  } catch (cause) {
    throw new ConfigError("config_invalid", `The tenant function of '${name}' in ${config.configPath} failed: ${messageOf(cause)}`, {
      hint: "Fix the function: it must return (or resolve to) the tenant databases' URLs.",
      details: { key: `tenants.${name}.urls` },
      cause,
    });
  }
  if (!Array.isArray(list) || list.some((url) => typeof url !== "string" || url === ""))
    throw new ConfigError(
      "config_invalid",
      `The tenant function of '${name}' in ${config.configPath} returned something other than a list of URLs.`,
      {
        hint: "Return an array of database URLs (strings).",
        details: { key: `tenants.${name}.urls` },
      },
    );
  return list as string[];
}

async function schemasLike(config: ResolvedConfig, patterns: readonly string[], log: (line: string) => void): Promise<string[]> {
  return withDatabase(config, { log }, async (db) => {
    const sql = db.dialect.tenants;
    if (sql === undefined)
      throw new UnsupportedOperationError(`The ${db.dialect.name} dialect has no schemas to select tenants from.`, {
        hint: "List the tenant databases instead (--tenants FILE, or urls in the config).",
      });
    const rows = await db.session.query<{ name: string }>(sql.schemasLike, [patterns.map(likePattern)]);
    return rows.map((row) => row.name);
  });
}

async function readTenantFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (cause) {
    throw new RetortError("usage", `Cannot read the tenant file ${file}: ${messageOf(cause)}`, {
      hint: "Give a file with one database URL (or schema:NAME) per line.",
      cause,
    });
  }
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
