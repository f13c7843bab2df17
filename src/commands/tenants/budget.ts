import os from "node:os";
import type { ResolvedConfig } from "../../config/load-config.js";
import { parseDatabaseUrl } from "../../engines/connect.js";
import { withDatabase } from "../../runtime/database.js";
import type { Tenant } from "./sources.js";

/** The default number of tenants run at once: a few per CPU (the work is mostly waiting on the database). */
export function defaultConcurrency(): number {
  return 4 * (typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length);
}

/** A server's connections as it reports them. */
export interface ConnectionBudget {
  readonly max: number;
  readonly reserved: number;
  readonly used: number;
}

/**
 * How many tenants may run at once on a server: what is free of its connections (beyond those reserved for
 * administrators and a margin of 2 for other clients), divided by what one tenant may hold at once; at least 1.
 */
export function tenantsWithin(budget: ConnectionBudget, perTenant: number): number {
  const free = budget.max - budget.reserved - budget.used - 2;
  return Math.max(1, Math.floor(free / perTenant));
}

/** What limited the number of tenants run at once, for the log. */
export interface WorkerLimit {
  readonly limit: number;
  /** Set when the servers' connections lowered the requested number. */
  readonly cappedBy?: { readonly server: string; readonly free: number } | undefined;
}

/**
 * The number of tenants to run at once: the requested number, lowered to what every server involved can hold
 * (asked once per server). A tenant holds one connection for its run and may open a second to watch a statement
 * that waits for a lock; on the embedded engine a third keeps its server up between the version check and the run.
 * PGlite runs in this process on one connection: its schema tenants run one at a time.
 */
export async function workerLimit(
  config: ResolvedConfig,
  tenants: readonly Tenant[],
  requested: number,
  log: (line: string) => void,
): Promise<WorkerLimit> {
  const servers = new Map<string, { url: string; perTenant: number }>();
  for (const tenant of tenants) {
    const location = parseDatabaseUrl(tenant.url, config.rootDirectory);
    if (location.engine === "pglite") {
      if (tenant.kind === "schema") return { limit: 1 };
      continue;
    }
    // An SQLite file is written by one connection at a time.
    if (location.engine === "sqlite") return { limit: 1 };
    // The mysql dialect reports no connection budget: its tenants run as many at once as asked.
    if (location.engine === "mysql") continue;
    // Each embedded database is a server of its own; its schema tenants share it.
    const key = location.engine === "server" ? serverKey(location.url) : tenant.kind === "schema" ? location.directory : undefined;
    if (key !== undefined && !servers.has(key)) servers.set(key, { url: tenant.url, perTenant: location.engine === "server" ? 2 : 3 });
  }
  let limit = requested;
  let cappedBy: WorkerLimit["cappedBy"];
  for (const [key, { url, perTenant }] of servers) {
    const budget = await readBudget({ ...config, url, tenantSchema: undefined }, log).catch(() => undefined);
    if (budget === undefined) continue;
    const within = tenantsWithin(budget, perTenant);
    if (within < limit) {
      limit = within;
      cappedBy = { server: key, free: budget.max - budget.reserved - budget.used };
    }
  }
  return { limit: Math.max(1, limit), cappedBy };
}

async function readBudget(config: ResolvedConfig, log: (line: string) => void): Promise<ConnectionBudget | undefined> {
  return withDatabase(config, { log }, async (db) => {
    const sql = db.dialect.tenants;
    if (sql === undefined) return undefined;
    const [row] = await db.session.query<{ max: number; reserved: number; used: number }>(sql.connectionBudget);
    return row === undefined ? undefined : { max: Number(row.max), reserved: Number(row.reserved), used: Number(row.used) };
  });
}

/** `host:port` of a server URL (tenants of one server share its connections). */
function serverKey(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || parsed.searchParams.get("host") || "localhost"}:${parsed.port || "5432"}`;
  } catch {
    return url;
  }
}
