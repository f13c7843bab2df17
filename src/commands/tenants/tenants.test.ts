import { describe, expect, it } from "vitest";
import { tenantsWithin } from "./budget.js";
import type { TenantOutcome, TenantRunResult } from "./outcome.js";
import { summarize } from "./outcome.js";
import { runPool } from "./pool.js";
import { mergeResults } from "./report.js";
import { likePattern, parseTenantLines, parseTenantSelector } from "./selector.js";
import { inShard, parseShard, shardOf } from "./shard.js";
import { tenantIdentity } from "./sources.js";

describe("--tenants selector", () => {
  it("reads the flag alone, a config source, schema patterns, file: and an existing file", () => {
    const isFile = (p: string) => p === "tenants.txt";
    expect(parseTenantSelector(true, [], isFile)).toEqual({ kind: "config", name: undefined });
    expect(parseTenantSelector("eu", ["eu", "us"], isFile)).toEqual({ kind: "config", name: "eu" });
    expect(parseTenantSelector("schema:tenant_*, acme ,", [], isFile)).toEqual({ kind: "schemas", patterns: ["tenant_*", "acme"] });
    expect(parseTenantSelector("schemas:a", [], isFile)).toEqual({ kind: "schemas", patterns: ["a"] });
    expect(parseTenantSelector("file:other.txt", ["eu"], isFile)).toEqual({ kind: "file", path: "other.txt" });
    expect(parseTenantSelector("tenants.txt", ["eu"], isFile)).toEqual({ kind: "file", path: "tenants.txt" });
  });

  it("refuses a word that is neither a source nor a file, and an empty pattern list, as usage errors", () => {
    expect(() => parseTenantSelector("asia", ["eu", "us"], () => false)).toThrow(
      "--tenants 'asia': it is neither a tenant source of the config nor an existing file. The config's sources: eu, us.",
    );
    expect(() => parseTenantSelector("schema: ,", [], () => false)).toThrow("'schema:' needs at least one schema name");
    try {
      parseTenantSelector("nope", [], () => false);
    } catch (error) {
      expect((error as { code: string }).code).toBe("usage");
    }
  });

  it("turns * into LIKE's % and keeps _ and \\ literal", () => {
    expect(likePattern("tenant_*")).toBe("tenant\\_%");
    expect(likePattern("a%b")).toBe("a%b");
    expect(likePattern("x\\y")).toBe("x\\\\y");
  });

  it("reads a tenant file: URLs and schema:NAME, skipping blanks and comments", () => {
    expect(parseTenantLines("# tenants\npostgres://db/a\r\n\n  schema:acme \nembedded:./t1\n")).toEqual([
      { kind: "database", url: "postgres://db/a" },
      { kind: "schema", schema: "acme" },
      { kind: "database", url: "embedded:./t1" },
    ]);
  });

  it("identifies a database tenant by its URL without the password", () => {
    expect(tenantIdentity("postgres://app:s3cret@db:5432/t1")).toBe("postgres://app@db:5432/t1");
    expect(tenantIdentity("postgres://app@db/t1?password=x&sslmode=require")).toBe("postgres://app@db/t1?sslmode=require");
    expect(tenantIdentity("embedded:./t1")).toBe("embedded:./t1");
  });
});

describe("--shard", () => {
  it("parses K/N with 1 <= K <= N and refuses anything else", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect(parseShard(" 1 / 1 ")).toEqual({ index: 1, count: 1 });
    for (const bad of ["0/3", "4/3", "1/0", "3", "a/b", "-1/2", "1/2/3"]) expect(() => parseShard(bad)).toThrow("--shard takes K/N");
  });

  it("puts every tenant in exactly one share, stably, and spreads them", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `tenant_${i}`);
    const shares = [1, 2, 3].map((index) => ids.filter((id) => inShard(id, { index, count: 3 })));
    expect(shares.flat().sort()).toEqual([...ids].sort());
    for (const share of shares) expect(share.length).toBeGreaterThan(70);
    expect(shardOf("tenant_7", 3)).toBe(shardOf("tenant_7", 3));
    expect(inShard("anything", undefined)).toBe(true);
  });
});

describe("runPool", () => {
  it("runs every item with at most `limit` at once", async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      seen.push(item);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it("stops taking items after a throw and rejects with it", async () => {
    const seen: number[] = [];
    await expect(
      runPool([1, 2, 3, 4], 1, async (item) => {
        seen.push(item);
        if (item === 2) throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(seen).toEqual([1, 2]);
  });
});

describe("connection budget", () => {
  it("divides the free connections (less reserved and a margin) by what a tenant holds, at least 1", () => {
    expect(tenantsWithin({ max: 100, reserved: 3, used: 10 }, 2)).toBe(42);
    expect(tenantsWithin({ max: 100, reserved: 3, used: 10 }, 3)).toBe(28);
    expect(tenantsWithin({ max: 10, reserved: 3, used: 9 }, 2)).toBe(1);
  });
});

const outcome = (tenant: string, status: TenantOutcome["status"]): TenantOutcome => ({
  tenant,
  kind: "schema",
  status,
  from: [],
  to: [],
  steps: [],
  changes: [],
  error: status === "failed" ? { code: "migration_failed", message: "boom", hint: null, revision: "r2" } : null,
  durationMs: 1,
});

const run = (shard: TenantRunResult["shard"], tenants: TenantOutcome[]): TenantRunResult => ({
  command: "upgrade",
  target: "head",
  shard,
  total: 5,
  concurrency: 4,
  tenants,
});

describe("report", () => {
  it("merges shards into one sorted result and says nothing when they are all there", () => {
    const merged = mergeResults([
      { file: "b.json", result: run({ index: 2, count: 2 }, [outcome("t3", "failed"), outcome("t1", "applied")]) },
      {
        file: "a.json",
        result: run({ index: 1, count: 2 }, [outcome("t2", "current"), outcome("t4", "applied"), outcome("t5", "applied")]),
      },
    ]);
    expect(merged.warnings).toEqual([]);
    expect(merged.result.tenants.map((t) => t.tenant)).toEqual(["t1", "t2", "t3", "t4", "t5"]);
    expect(merged.result.total).toBe(5);
    expect(merged.result.shard).toBeNull();
    expect(summarize(merged.result.tenants)).toEqual({ total: 5, applied: 3, current: 1, pending: 0, failed: 1 });
  });

  it("warns of a missing shard, a tenant in two files and another command", () => {
    const merged = mergeResults([
      { file: "a.json", result: run({ index: 1, count: 3 }, [outcome("t1", "failed")]) },
      { file: "c.json", result: { ...run({ index: 3, count: 3 }, [outcome("t1", "applied")]), target: "-1", command: "downgrade" } },
    ]);
    expect(merged.warnings).toEqual([
      "c.json ran 'downgrade -1', the first file 'upgrade head'.",
      "Tenant t1 is in a.json and c.json; the result of c.json is kept.",
      "Shard 2/3 missing: their tenants are not in this report.",
    ]);
    expect(merged.result.tenants).toEqual([outcome("t1", "applied")]);
  });
});
