import type { Shard } from "./shard.js";

/**
 * How a tenant came out: `applied` (the command changed it), `current` (already at the target; for `current`
 * and `check`: at the heads, matching the models), `pending` (`current`: behind the heads; `check`: the models
 * differ), `failed`.
 */
export type TenantStatus = "applied" | "current" | "pending" | "failed";

/** Why a tenant failed: the error's code, message and hint, and the revision that failed (when one did). */
export interface TenantFailure {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly revision: string | null;
}

/** A step applied to a tenant. */
export interface TenantStep {
  readonly direction: string;
  readonly revision: string;
  readonly message: string;
  readonly durationMs: number;
}

export interface TenantOutcome {
  /** The schema's name, or the database's URL without its password. */
  readonly tenant: string;
  readonly kind: "schema" | "database";
  readonly status: TenantStatus;
  /** The version table's rows before and after the run (`null` where they could not be read). */
  readonly from: readonly string[] | null;
  readonly to: readonly string[] | null;
  readonly steps: readonly TenantStep[];
  /** `check`: the pending changes. */
  readonly changes: readonly string[];
  readonly error: TenantFailure | null;
  readonly durationMs: number;
}

/** A run over many tenants: what it ran, which share of the tenants, and each tenant's outcome. */
export interface TenantRunResult {
  readonly command: string;
  readonly target: string | null;
  readonly shard: Shard | null;
  /** Tenants of the source before the shard took its share. */
  readonly total: number;
  readonly concurrency: number;
  /** Sorted by tenant. */
  readonly tenants: readonly TenantOutcome[];
}

export interface TenantSummary {
  readonly total: number;
  readonly applied: number;
  readonly current: number;
  readonly pending: number;
  readonly failed: number;
}

export function summarize(outcomes: readonly TenantOutcome[]): TenantSummary {
  const count = (status: TenantStatus) => outcomes.filter((outcome) => outcome.status === status).length;
  return {
    total: outcomes.length,
    applied: count("applied"),
    current: count("current"),
    pending: count("pending"),
    failed: count("failed"),
  };
}
