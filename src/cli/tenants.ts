import type { TenantOutcome, TenantRunResult, TenantSummary } from "../commands/tenants/outcome.js";
import { summarize } from "../commands/tenants/outcome.js";
import type { Json } from "./json.js";
import { printable } from "./output.js";

const CLEAR_LINE = "\r\u001b[K";

type Counts = Omit<TenantSummary, "total">;

/** The words of each status in the summary line, by command. */
function statusWords(command: string): Record<keyof Counts, string> {
  if (command === "current") return { applied: "applied", current: "at the heads", pending: "behind the heads", failed: "failed" };
  if (command === "check") return { applied: "applied", current: "up to date", pending: "with pending changes", failed: "failed" };
  return { applied: "applied", current: "already current", pending: "pending", failed: "failed" };
}

/**
 * The live line of a tenant run on a terminal (`[37/1000] 30 applied, 5 already current, 2 failed`), rewritten in
 * place below the log lines; off a terminal, only the log lines. A failing tenant is logged as it fails.
 */
export function tenantProgress(write: (text: string) => void, terminal: boolean, command: string) {
  let shown: string | undefined;
  const counts = { applied: 0, current: 0, pending: 0, failed: 0 };
  const log = (line: string) => write(shown === undefined ? `${line}\n` : `${CLEAR_LINE}${line}\n${shown}`);
  return {
    log,
    tenant(outcome: TenantOutcome, finished: number, total: number) {
      counts[outcome.status]++;
      if (outcome.error !== null) log(`FAILED: ${failureLine(outcome)}`);
      if (!terminal) return;
      shown = `[${finished}/${total}] ${countsText(counts, command)}`;
      write(`${CLEAR_LINE}${shown}`);
    },
    done() {
      if (shown !== undefined) write(CLEAR_LINE);
      shown = undefined;
    },
  };
}

function countsText(counts: Counts, command: string): string {
  const words = statusWords(command);
  const parts = (["applied", "current", "pending", "failed"] as const).filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${words[s]}`);
  return parts.length > 0 ? parts.join(", ") : "nothing yet";
}

/** `tenant_b at 2a95102259be: relation "widgets" already exists`. */
export function failureLine(outcome: TenantOutcome): string {
  const error = outcome.error;
  if (error === null) return outcome.tenant;
  const at = error.revision === null ? "" : ` at ${error.revision}`;
  return printable(`${outcome.tenant}${at}: ${error.message.split("\n")[0] ?? ""}`);
}

/**
 * The result as text: for `current` and `check` a line per tenant, then the summary and each failure with its
 * revision and message.
 */
export function formatTenantRun(result: TenantRunResult): string {
  const lines: string[] = [];
  for (const outcome of result.tenants) {
    if (outcome.status === "failed") continue;
    if (result.command === "current")
      lines.push(
        `${outcome.tenant}: ${(outcome.to ?? []).join(", ") || "<base>"}${outcome.status === "pending" ? " (behind the heads)" : " (head)"}`,
      );
    if (result.command === "check")
      lines.push(
        outcome.status === "pending"
          ? `${outcome.tenant}: ${outcome.changes.length} pending: ${outcome.changes.join("; ")}`
          : `${outcome.tenant}: up to date`,
      );
  }
  const summary = summarize(result.tenants);
  const share = result.shard === null ? "" : ` (shard ${result.shard.index}/${result.shard.count} of ${result.total})`;
  lines.push(`Tenants: ${summary.total}${share}: ${countsText(summary, result.command)}.`);
  for (const outcome of result.tenants) if (outcome.status === "failed") lines.push(`FAILED ${failureLine(outcome)}`);
  return `${lines.join("\n")}\n`;
}

/** `--json` of a tenant run, and what `retort report` reads back and prints. */
export function tenantRunJson(result: TenantRunResult): Json {
  const summary = summarize(result.tenants);
  return {
    command: result.command,
    target: result.target,
    shard: result.shard === null ? null : { index: result.shard.index, count: result.shard.count },
    total: result.total,
    concurrency: result.concurrency,
    summary: { ...summary },
    tenants: result.tenants.map((outcome) => ({
      tenant: outcome.tenant,
      kind: outcome.kind,
      status: outcome.status,
      from: outcome.from === null ? null : [...outcome.from],
      to: outcome.to === null ? null : [...outcome.to],
      steps: outcome.steps.map((step) => ({ ...step })),
      changes: [...outcome.changes],
      error: outcome.error === null ? null : { ...outcome.error },
      durationMs: outcome.durationMs,
    })),
  };
}
