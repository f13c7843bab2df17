import { describe, expect, it } from "vitest";

// The benchmark's pure pieces (plain .mjs, loaded as the benchmark loads them).
interface Sample {
  due: number;
  done: number;
  kind: string;
  error: string | null;
}
interface WriterLib {
  latencyStats(samples: Sample[]): { count: number; worst: number; p99: number; median: number; errors: number; firstError: string | null };
  describeStatements(text: string): string;
}
interface CasesLib {
  CASES: { name: string; title: string; reader?: boolean }[];
  modelsSource(applied: number): string;
}
const writer: WriterLib = await import(new URL("../../bench/lib/writer.mjs", import.meta.url).href);
const cases: CasesLib = await import(new URL("../../bench/lib/stall-cases.mjs", import.meta.url).href);

const sample = (latency: number, error: string | null = null): Sample => ({ due: 1000, done: 1000 + latency, kind: "insert", error });

describe("latencyStats", () => {
  it("reports the worst, the nearest-rank p99 and median, and the failed queries", () => {
    const samples = Array.from({ length: 200 }, (_, i) => sample(i + 1));
    samples[7] = sample(5000, "deadlock detected");
    const stats = writer.latencyStats(samples);
    expect(stats).toEqual({ count: 200, worst: 5000, p99: 199, median: 101, errors: 1, firstError: "deadlock detected" });
  });

  it("has no figures without samples", () => {
    expect(writer.latencyStats([])).toMatchObject({ count: 0, worst: null, p99: null });
  });
});

describe("describeStatements", () => {
  it("keeps the statements that touch the tables, not the transaction control or Retort's bookkeeping", () => {
    const message = [
      "BEGIN",
      "SET LOCAL lock_timeout = '30s'",
      'CREATE TABLE IF NOT EXISTS "retort_version" (version_num VARCHAR(32) NOT NULL)',
      'ALTER TABLE "items" ADD CONSTRAINT "ck_items_amount" CHECK (amount >= 0) NOT VALID',
      'ALTER TABLE "items" VALIDATE CONSTRAINT "ck_items_amount"',
      "UPDATE retort_version SET version_num = 'b'",
      "INSERT INTO retort_log (revision) VALUES ('b')",
      "COMMIT",
    ].join(";\n");
    expect(writer.describeStatements(message)).toBe(
      'ALTER TABLE "items" ADD CONSTRAINT "ck_items_amount" CHECK (amount >= 0) NOT VALID; ALTER TABLE "items" VALIDATE CONSTRAINT "ck_items_amount"',
    );
  });
});

describe("the cases' models", () => {
  it("change something at every step, and the last step holds every change", () => {
    for (let step = 1; step <= cases.CASES.length; step++) expect(cases.modelsSource(step)).not.toBe(cases.modelsSource(step - 1));
    const first = cases.modelsSource(0);
    const last = cases.modelsSource(cases.CASES.length);
    const changes = [
      'status: text().default("new")',
      "priority: integer().notNull().default(0)",
      "ix_items_amount",
      "uq_items_code",
      "fk_items_account_id",
      "ck_items_amount",
      "qty: integer().notNull()",
      "note: varchar(200)",
      "extra: text()",
    ];
    for (const change of changes) {
      expect(first).not.toContain(change);
      expect(last).toContain(change);
    }
  });
});
