import { describe, expect, it } from "vitest";
import { header, recordingSink, step } from "../../test/helpers/runtime-steps.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import type { BackfillOp } from "../ops/operation.js";
import { runBackfill } from "./backfill.js";

const operation: BackfillOp = { kind: "backfill", table: "items", set: [{ column: "n", value: 1 }], batchSize: 2 };

/** Answers the primary key query with `id`, then each batch with the next of `batches` (an Error is thrown). */
function queries(batches: (Record<string, unknown> | undefined | Error)[]) {
  const asked: string[] = [];
  return {
    asked,
    query: async (sql: string) => {
      asked.push(sql);
      if (sql.includes("indisprimary")) return [{ column: "id" }];
      const next = batches.shift();
      if (next instanceof Error) throw next;
      return next === undefined ? [] : [next];
    },
  };
}

describe("runBackfill", () => {
  it("runs batches after the last key, records each with its progress, and the end as the statement done", async () => {
    const sink = recordingSink();
    const lines: string[] = [];
    const { asked, query } = queries([{ rows: 2, key_0: "2" }, { rows: 1, key_0: "3" }, undefined]);
    const done = await runBackfill(
      { dialect: postgresDialect, sink, log: (line) => lines.push(line), query },
      { table: "retort_log" },
      { step: step("b2", []), header: header("b2") },
      { operation, number: 2, digestBefore: "d1", digest: "d2", resume: undefined },
      { retries: 0, log: () => undefined },
    );
    expect(done).toEqual({ key: ["3"], rows: 3 });
    expect(asked.filter((sql) => sql.startsWith("WITH batch")).map((sql) => /> \('(\d+)'\)/.exec(sql)?.[1] ?? "first")).toEqual([
      "first",
      "2",
      "3",
    ]);
    const records = sink.messages.filter((m) => m.at(-1) === "COMMIT").map((m) => m.find((s) => s.startsWith("INSERT")) ?? "");
    expect(records[0]).toContain(`'{"key":["2"],"rows":2}'`);
    expect(records[1]).toContain(`'{"key":["3"],"rows":3}'`);
    expect(records[2]).not.toContain("backfill_progress");
    expect(records[2]).toMatch(/completed_statements, completed_digest\) VALUES \(.*, 2, 'd2'\)$/);
    expect(records[0]).toMatch(/, 1, 'd1', '\{/);
    expect(lines.at(-1)).toMatch(/^Backfill of items done: 3 rows in \d+\.\d s/);
  });

  it("starts after a resumed key, and retries a batch that timed out on a row lock", async () => {
    const sink = recordingSink();
    const lines: string[] = [];
    const timeout = Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" });
    const { asked, query } = queries([timeout, { rows: 2, key_0: "12" }, undefined]);
    await runBackfill(
      { dialect: postgresDialect, sink, log: (line) => lines.push(line), query },
      undefined,
      { step: step("b2", []), header: header("b2") },
      { operation: { ...operation, key: ["id"] }, number: 1, digestBefore: "d0", digest: "d1", resume: { key: ["10"], rows: 10 } },
      { retries: 2, log: (line) => lines.push(line), delayMs: () => 1 },
    );
    expect(asked.some((sql) => sql.includes("indisprimary"))).toBe(false);
    expect(asked.map((sql) => /> \('(\d+)'\)/.exec(sql)?.[1])).toEqual(["10", "10", "12"]);
    expect(lines).toContain("Lock busy, retry 2/3 in 0.0 s.");
    expect(lines[0]).toBe("Resuming the backfill of items after key (10): 10 rows done before.");
    expect(sink.messages.flat().filter((s) => s === "ROLLBACK")).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^Backfill of items done: 12 rows/);
  });

  it("fails naming the revision when the table has no primary key and no key is given", async () => {
    const run = runBackfill(
      { dialect: postgresDialect, sink: recordingSink(), log: () => undefined, query: async () => [] },
      undefined,
      { step: step("b2", []), header: header("b2") },
      { operation, number: 1, digestBefore: "d0", digest: "d1", resume: undefined },
      { retries: 0, log: () => undefined },
    );
    await expect(run).rejects.toThrow('/v/b2.ts: op.backfill("items"): table items has no primary key (or does not exist).');
  });
});
