import { describe, expect, it } from "vitest";
import type { TenantOutcome, TenantRunResult } from "../commands/tenants/outcome.js";
import { formatTenantRun, tenantProgress, tenantRunJson } from "./tenants.js";

const outcome = (tenant: string, status: TenantOutcome["status"], extra: Partial<TenantOutcome> = {}): TenantOutcome => ({
  tenant,
  kind: "schema",
  status,
  from: [],
  to: ["b2"],
  steps: [],
  changes: [],
  error: null,
  durationMs: 1,
  ...extra,
});
const failure = {
  code: "migration_failed",
  message: 'Upgrade of revision b2 failed: relation "w" already exists\n  while running: x',
  hint: null,
  revision: "b2",
};

describe("tenant output", () => {
  it("prints the summary and each failure with its revision; current and check get a line per tenant", () => {
    const result: TenantRunResult = {
      command: "upgrade",
      target: "head",
      shard: { index: 2, count: 3 },
      total: 9,
      concurrency: 2,
      tenants: [outcome("a", "applied"), outcome("b", "failed", { error: failure }), outcome("c", "current")],
    };
    expect(formatTenantRun(result)).toBe(
      'Tenants: 3 (shard 2/3 of 9): 1 applied, 1 already current, 1 failed.\nFAILED b at b2: Upgrade of revision b2 failed: relation "w" already exists\n',
    );
    expect(
      formatTenantRun({
        ...result,
        command: "current",
        shard: null,
        tenants: [outcome("a", "current"), outcome("b", "pending", { to: [] })],
      }),
    ).toBe("a: b2 (head)\nb: <base> (behind the heads)\nTenants: 2: 1 at the heads, 1 behind the heads.\n");
    expect(
      formatTenantRun({
        ...result,
        command: "check",
        shard: null,
        tenants: [outcome("a", "current"), outcome("b", "pending", { changes: ["drop column t.x"] })],
      }),
    ).toBe("a: up to date\nb: 1 pending: drop column t.x\nTenants: 2: 1 up to date, 1 with pending changes.\n");
    expect(tenantRunJson(result)).toMatchObject({
      summary: { total: 3, applied: 1, current: 1, pending: 0, failed: 1 },
      shard: { index: 2, count: 3 },
    });
  });

  it("keeps a live line on a terminal, logs failures above it, and prints no live line elsewhere", () => {
    let terminal = "";
    const live = tenantProgress((text) => (terminal += text), true, "upgrade");
    live.tenant(outcome("a", "applied"), 1, 3);
    live.tenant(outcome("b", "failed", { error: failure }), 2, 3);
    live.done();
    expect(terminal).toBe(
      '\r\u001b[K[1/3] 1 applied\r\u001b[KFAILED: b at b2: Upgrade of revision b2 failed: relation "w" already exists\n[1/3] 1 applied\r\u001b[K[2/3] 1 applied, 1 failed\r\u001b[K',
    );
    let piped = "";
    const plain = tenantProgress((text) => (piped += text), false, "upgrade");
    plain.tenant(outcome("a", "applied"), 1, 2);
    plain.tenant(outcome("b", "failed", { error: failure }), 2, 2);
    plain.done();
    expect(piped).toBe('FAILED: b at b2: Upgrade of revision b2 failed: relation "w" already exists\n');
  });
});
