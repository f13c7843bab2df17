import { readFile } from "node:fs/promises";
import { RetortError } from "../../errors.js";
import type { TenantOutcome, TenantRunResult } from "./outcome.js";

/** `retort report`: the shards' results as one, and what the merge noticed (a missing shard, a tenant twice). */
export interface MergedReport {
  readonly result: TenantRunResult;
  readonly warnings: readonly string[];
}

/** Reads the `--json` documents of tenant runs (one per shard) and merges them. */
export async function report(files: readonly string[]): Promise<MergedReport> {
  if (files.length === 0) throw new RetortError("usage", "retort report needs the JSON result of at least one run.");
  const documents: { file: string; result: TenantRunResult }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (cause) {
      throw new RetortError("report_invalid", `Cannot read ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, {
        hint: "Pass the files that `retort upgrade head --tenants … --json > FILE` wrote.",
        cause,
      });
    }
    documents.push({ file, result: parseResult(file, text) });
  }
  return mergeResults(documents);
}

/** Merges results (pure): tenants sorted, a tenant reported twice kept from the later file, with warnings. */
export function mergeResults(documents: readonly { readonly file: string; readonly result: TenantRunResult }[]): MergedReport {
  const warnings: string[] = [];
  const first = documents[0]!.result;
  const byTenant = new Map<string, { outcome: TenantOutcome; file: string }>();
  for (const { file, result } of documents) {
    if (result.command !== first.command || result.target !== first.target)
      warnings.push(`${file} ran '${describe(result)}', the first file '${describe(first)}'.`);
    for (const outcome of result.tenants) {
      const seen = byTenant.get(outcome.tenant);
      if (seen !== undefined) warnings.push(`Tenant ${outcome.tenant} is in ${seen.file} and ${file}; the result of ${file} is kept.`);
      byTenant.set(outcome.tenant, { outcome, file });
    }
  }
  const shards = documents.map((d) => d.result.shard).filter((shard) => shard !== null);
  if (shards.length > 0) {
    const counts = new Set(shards.map((shard) => shard.count));
    if (counts.size > 1 || shards.length !== documents.length)
      warnings.push("The files come from runs split into different numbers of shards.");
    else {
      const count = shards[0]!.count;
      const present = new Set(shards.map((shard) => shard.index));
      const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !present.has(index));
      if (missing.length > 0)
        warnings.push(
          `Shard${missing.length > 1 ? "s" : ""} ${missing.map((i) => `${i}/${count}`).join(", ")} missing: their tenants are not in this report.`,
        );
    }
  }
  const tenants = [...byTenant.values()]
    .map((entry) => entry.outcome)
    .sort((a, b) => (a.tenant < b.tenant ? -1 : a.tenant > b.tenant ? 1 : 0));
  const total = Math.max(...documents.map((d) => d.result.total));
  return {
    result: { command: first.command, target: first.target, shard: null, total, concurrency: first.concurrency, tenants },
    warnings,
  };
}

function describe(result: TenantRunResult): string {
  return result.target === null ? result.command : `${result.command} ${result.target}`;
}

function parseResult(file: string, text: string): TenantRunResult {
  const bad = (problem: string) =>
    new RetortError("report_invalid", `${file} is not the JSON result of a tenant run: ${problem}.`, {
      hint: "Pass the files that `retort upgrade head --tenants … --json > FILE` wrote.",
      details: { file },
    });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw bad("it is not JSON");
  }
  if (typeof value !== "object" || value === null) throw bad("it is not an object");
  const doc = value as Record<string, unknown>;
  if ("error" in doc && !("tenants" in doc)) throw bad("it holds the error of a run that stopped before running any tenant");
  if (typeof doc["command"] !== "string" || !Array.isArray(doc["tenants"])) throw bad("it has no 'command' and 'tenants'");
  for (const outcome of doc["tenants"] as unknown[]) {
    const entry = outcome as Record<string, unknown> | null;
    if (typeof entry?.["tenant"] !== "string" || typeof entry["status"] !== "string") throw bad("a tenant has no 'tenant' or 'status'");
  }
  const shard = doc["shard"] as { index?: unknown; count?: unknown } | null | undefined;
  return {
    command: doc["command"],
    target: typeof doc["target"] === "string" ? doc["target"] : null,
    shard: shard && typeof shard.index === "number" && typeof shard.count === "number" ? { index: shard.index, count: shard.count } : null,
    total: typeof doc["total"] === "number" ? doc["total"] : (doc["tenants"] as unknown[]).length,
    concurrency: typeof doc["concurrency"] === "number" ? doc["concurrency"] : 1,
    tenants: doc["tenants"] as TenantOutcome[],
  };
}
