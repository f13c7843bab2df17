import type { ResolvedConfig } from "../../config/load-config.js";
import { parseDatabaseUrl } from "../../engines/connect.js";
import { RetortError } from "../../errors.js";
import { planDowngrade, planStamp, planUpgrade } from "../../revisions/plan.js";
import type { MigrationStep } from "../../revisions/revision.js";
import { parseTarget, type Target } from "../../revisions/target-syntax.js";
import {
  type ConnectedDatabase,
  connect,
  type DatabaseSettings,
  readVersionRows,
  versionTableOf,
  withDatabase,
} from "../../runtime/database.js";
import { current } from "../inspect.js";
import { downgrade, type MigrateResult, stamp, type StampOptions, upgrade } from "../migrate.js";
import { type CommandHooks, loadProjectRevisions, logOf, type ProjectRevisions } from "../script.js";
import { defaultConcurrency, workerLimit } from "./budget.js";
import type { TenantFailure, TenantOutcome, TenantRunResult, TenantStep } from "./outcome.js";
import { runPool } from "./pool.js";
import { inShard, type Shard } from "./shard.js";
import { listTenants, type Tenant } from "./sources.js";

export type TenantCommand = "upgrade" | "downgrade" | "stamp" | "current" | "check";

export interface TenantRunOptions extends CommandHooks {
  /** The value of `--tenants` (`true` for the flag alone: the config's source). */
  readonly tenants: string | true;
  /** Tenants run at once; default a few per CPU; always lowered to what the servers' connections allow. */
  readonly concurrency?: number | undefined;
  readonly shard?: Shard | undefined;
  /** The options of each tenant's upgrade/downgrade/stamp (their `log` and `onStep` are not used). */
  readonly migrate?: Omit<StampOptions, "log" | "onStep" | "sql"> | undefined;
  /** Called as each tenant finishes, with how many have finished and how many there are. */
  readonly onTenant?: ((outcome: TenantOutcome, finished: number, total: number) => void) | undefined;
  /** Called once the tenants are known, before any runs. */
  readonly onStart?: ((info: { readonly selected: number; readonly total: number; readonly concurrency: number }) => void) | undefined;
  /** A tenant's own log lines (its `Running upgrade …`). */
  readonly tenantLog?: ((tenant: string, line: string) => void) | undefined;
  /** Resolves a relative tenant file (default: the working directory). */
  readonly cwd?: string | undefined;
}

/**
 * Runs `command` for every tenant `--tenants` selects (the shard's share of them), a bounded number at once. Each
 * tenant runs the ordinary library command with its own connection, migration lock and transactions, so one
 * tenant's failure neither stops nor rolls back another: it is that tenant's outcome. A tenant already at the
 * target costs one look at its version table.
 */
export async function runForTenants(
  config: ResolvedConfig,
  command: TenantCommand,
  target: string | null,
  options: TenantRunOptions,
): Promise<TenantRunResult> {
  const log = logOf(options);
  if (options.concurrency !== undefined && (!Number.isInteger(options.concurrency) || options.concurrency < 1))
    throw new RetortError("usage", `--concurrency takes a whole number of 1 or more, not ${options.concurrency}.`);
  const parsedTarget = target === null ? undefined : parseTarget(target);
  const script = await loadProjectRevisions(config);
  const all = await listTenants(config, options.tenants, { log, cwd: options.cwd });
  const selected = all.filter((tenant) => inShard(tenant.id, options.shard));
  const requested = options.concurrency ?? defaultConcurrency();
  const { limit, cappedBy } = await workerLimit(config, selected, requested, log);
  if (cappedBy !== undefined)
    log(`Running ${limit} tenants at once instead of ${requested}: the server ${cappedBy.server} has ${cappedBy.free} connections free.`);
  const concurrency = Math.min(limit, Math.max(selected.length, 1));
  options.onStart?.({ selected: selected.length, total: all.length, concurrency });
  const anchor = await holdSharedServer(config, selected, log);
  const outcomes: TenantOutcome[] = [];
  // Schema tenants: one connection per worker, reused from tenant to tenant (each points it at its schema).
  const connections: (ConnectedDatabase | undefined)[] = [];
  const release = async (worker: number) => {
    const db = connections[worker];
    connections[worker] = undefined;
    await db?.session.close().catch(() => undefined);
  };
  try {
    await runPool(selected, limit, async (tenant, _, worker) => {
      let outcome: TenantOutcome;
      if (tenant.kind === "schema") {
        const lease = async () => (connections[worker] ??= await connect({ ...config, tenantSchema: undefined }, { log }));
        outcome = await runTenant(config, script, tenant, command, target, parsedTarget, options, lease);
        // A failure may have left the session in any state: the next tenant gets a fresh one.
        if (outcome.status === "failed") await release(worker);
      } else {
        // One connection for the tenant's version check and its run.
        let db: ConnectedDatabase | undefined;
        const lease = async () => (db ??= await connect(tenantConfig(config, tenant), { log }));
        try {
          outcome = await runTenant(config, script, tenant, command, target, parsedTarget, options, lease);
        } finally {
          await db?.session.close().catch(() => undefined);
        }
      }
      outcomes.push(outcome);
      options.onTenant?.(outcome, outcomes.length, selected.length);
    });
  } finally {
    for (let worker = 0; worker < connections.length; worker++) await release(worker);
    await anchor?.session.close();
  }
  outcomes.sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  return { command, target, shard: options.shard ?? null, total: all.length, concurrency, tenants: outcomes };
}

/**
 * Schema tenants on the embedded engine share its server: holding a session for the whole run keeps it up, so
 * each tenant attaches to it instead of starting and stopping it.
 */
async function holdSharedServer(
  config: ResolvedConfig,
  tenants: readonly Tenant[],
  log: (line: string) => void,
): Promise<ConnectedDatabase | undefined> {
  if (!tenants.some((tenant) => tenant.kind === "schema")) return undefined;
  if (parseDatabaseUrl(config.url, config.rootDirectory).engine !== "embedded") return undefined;
  return connect(config, { log });
}

/** The config one tenant runs with: its database, or its schema as the default schema and the version table's. */
export function tenantConfig(config: ResolvedConfig, tenant: Tenant): ResolvedConfig {
  if (tenant.kind === "database") return { ...config, url: tenant.url, tenantSchema: undefined };
  return { ...config, url: tenant.url, tenantSchema: tenant.schema, versionTableSchema: tenant.schema };
}

type Planner = (script: ProjectRevisions, rows: readonly string[], target: Target) => MigrationStep[];

async function runTenant(
  config: ResolvedConfig,
  script: ProjectRevisions,
  tenant: Tenant,
  command: TenantCommand,
  target: string | null,
  parsedTarget: Target | undefined,
  options: TenantRunOptions,
  lease: () => Promise<ConnectedDatabase>,
): Promise<TenantOutcome> {
  const started = performance.now();
  // The library commands take a ResolvedConfig and hand it on to withDatabase, which reads `sharedDatabase`.
  let own: ResolvedConfig & DatabaseSettings = tenantConfig(config, tenant);
  const log = (line: string) => options.tenantLog?.(tenant.id, line);
  const base = { tenant: tenant.id, kind: tenant.kind, steps: [], changes: [], error: null };
  const done = (
    rest: Omit<TenantOutcome, "tenant" | "kind" | "durationMs" | "steps" | "changes" | "error"> & Partial<TenantOutcome>,
  ): TenantOutcome => ({
    ...base,
    ...rest,
    durationMs: round(performance.now() - started),
  });
  let from: string[] | null = null;
  try {
    own = { ...own, sharedDatabase: await lease() };
    switch (command) {
      case "current": {
        const result = await current(own, { log });
        const rows = result.revisions.map((view) => view.header.revision).sort();
        const heads = [...script.graph.heads].sort();
        const atHeads = rows.length === heads.length && rows.every((row, i) => row === heads[i]);
        return done({ status: atHeads ? "current" : "pending", from: rows, to: rows });
      }
      case "check": {
        const { check } = await import("../autogenerate.js");
        const result = await check(own, { log });
        return done({ status: result.pending ? "pending" : "current", from: null, to: null, changes: result.changes });
      }
      case "upgrade":
      case "downgrade":
      case "stamp": {
        const planner: Planner =
          command === "upgrade"
            ? (s, rows, t) => planUpgrade(s.graph, rows, t)
            : command === "downgrade"
              ? (s, rows, t) => planDowngrade(s.graph, rows, t)
              : (s, rows, t) => planStamp(s.graph, rows, t, { purge: options.migrate?.purge ?? false });
        const run = (): Promise<MigrateResult> => {
          const migrateOptions = { ...options.migrate, log };
          if (command === "upgrade") return upgrade(own, target!, migrateOptions);
          if (command === "downgrade") return downgrade(own, target!, migrateOptions);
          return stamp(own, target!, migrateOptions);
        };
        const outcome = await withVersionRows(own, log, async (rows) => {
          from = rows;
          if (!(options.migrate?.purge ?? false) && nothingToDo(script, rows, parsedTarget!, planner)) return undefined;
          return run();
        });
        if (outcome === undefined) return done({ status: "current", from, to: from });
        const to = applySteps(from ?? [], outcome.steps);
        const steps: TenantStep[] = (outcome.applied ?? []).map((applied) => ({
          direction: applied.step.direction,
          revision: applied.step.revision,
          message: applied.message,
          durationMs: round(applied.durationMs),
        }));
        return done({ status: outcome.steps.length === 0 ? "current" : "applied", from, to, steps });
      }
    }
  } catch (error) {
    // Where the tenant was left: the revisions before the failing one stay applied.
    const fresh = { ...own, sharedDatabase: undefined };
    const to = await withDatabase(fresh, { log }, (db) => readVersionRows(db, versionTableOf(fresh))).catch(() => null);
    return done({ status: "failed", from, to, error: failureOf(error) });
  }
}

/** Reads the tenant's version table (on the tenant's shared connection), then calls `work` with its rows. */
async function withVersionRows<T>(config: ResolvedConfig, log: (line: string) => void, work: (rows: string[]) => Promise<T>): Promise<T> {
  return work(await withDatabase(config, { log }, (db) => readVersionRows(db, versionTableOf(config))));
}

/** True when the plan from these rows is empty; a plan that fails is left to the command, which reports it. */
function nothingToDo(script: ProjectRevisions, rows: readonly string[], target: Target, planner: Planner): boolean {
  try {
    return planner(script, rows, target).length === 0;
  } catch {
    return false;
  }
}

/** The version table's rows after the steps. */
function applySteps(rows: readonly string[], steps: readonly MigrationStep[]): string[] {
  const applied = new Set(rows);
  for (const step of steps) {
    for (const row of step.deleteRows) applied.delete(row);
    for (const row of step.insertRows) applied.add(row);
  }
  return [...applied].sort();
}

function failureOf(error: unknown): TenantFailure {
  if (error instanceof RetortError) {
    const revision = error.details["revision"];
    return { code: error.code, message: error.message, hint: error.hint ?? null, revision: typeof revision === "string" ? revision : null };
  }
  return { code: "unexpected", message: error instanceof Error ? error.message : String(error), hint: null, revision: null };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
