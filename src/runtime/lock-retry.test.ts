import { describe, expect, it } from "vitest";
import { recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { DdlLockTimeoutError } from "../errors.js";
import type { Operations } from "../ops/operations.js";
import { describeLockRetry, lockRetryDelayMs, lockTimeoutOf, withLockRetries } from "./lock-retry.js";
import { StatementLockTimeout } from "./lock-wait.js";
import type { RevisionModule } from "./revision-module.js";
import { runSteps } from "./run-steps.js";
import type { SqlSink } from "./sql-sink.js";

const timeout = (tables = "movies"): StatementLockTimeout =>
  new StatementLockTimeout(
    100,
    {
      tables,
      blockers: [
        { pid: 7, applicationName: "psql", clientAddress: null, state: "idle in transaction", query: "LOCK movies", transactionSeconds: 1 },
      ],
    },
    Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" }),
  );

/** A sink whose statements holding `slow` fail as lock timeouts the first `times` times they are sent. */
function busySink(slow: string, times: number): SqlSink & { readonly messages: string[][] } {
  const messages: string[][] = [];
  let left = times;
  const send = async (statements: readonly string[]) => {
    messages.push([...statements]);
    if (left > 0 && statements.some((s) => s.includes(slow))) {
      left--;
      throw timeout();
    }
  };
  return { online: true, messages, run: (s) => send([s]), runAll: send, comment: () => undefined };
}

describe("lockRetryDelayMs", () => {
  it("doubles from 250 ms, capped at 5 s, with the jitter between half and all of it", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((retry) => lockRetryDelayMs(retry, () => 1))).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    expect([1, 2, 3].map((retry) => lockRetryDelayMs(retry, () => 0))).toEqual([125, 250, 500]);
    expect(lockRetryDelayMs(2, () => 0.5)).toBe(375);
  });
});

describe("describeLockRetry", () => {
  it("names the table, the blocker and its query, the attempt and the pause", () => {
    expect(describeLockRetry(timeout().wait, 2, 4, 1234)).toBe("Lock on movies busy (held by pid 7: LOCK movies), retry 2/4 in 1.2 s.");
    expect(describeLockRetry(undefined, 3, 3, 500)).toBe("Lock busy, retry 3/3 in 0.5 s.");
  });
});

describe("lockTimeoutOf", () => {
  it("recognises the sink's timeout and the runner's error, and nothing else", () => {
    expect(lockTimeoutOf(timeout())?.wait?.tables).toBe("movies");
    const error = new DdlLockTimeoutError("ddl_lock_timeout", "x", { details: { tables: "t", blockers: [] } });
    expect(lockTimeoutOf(error)).toEqual({ wait: { tables: "t", blockers: [] } });
    expect(lockTimeoutOf(new DdlLockTimeoutError("ddl_lock_timeout", "x"))).toEqual({ wait: undefined });
    expect(lockTimeoutOf(new Error("other"))).toBeUndefined();
  });
});

describe("withLockRetries", () => {
  const options = (lines: string[], retries: number) => ({
    retries,
    log: (line: string) => lines.push(line),
    delayMs: (retry: number) => retry * 10,
    sleep: async () => undefined,
  });

  it("retries a lock timeout until it succeeds, undoing each failed attempt", async () => {
    const lines: string[] = [];
    const seen: string[] = [];
    let undone = 0;
    const result = await withLockRetries(
      options(lines, 3),
      async (number, of) => {
        seen.push(`${number}/${of}`);
        if (number < 3) throw timeout();
        return "done";
      },
      async () => void undone++,
    );
    expect(result).toBe("done");
    expect(seen).toEqual(["1/4", "2/4", "3/4"]);
    expect(undone).toBe(2);
    expect(lines).toEqual([
      "Lock on movies busy (held by pid 7: LOCK movies), retry 2/4 in 0.0 s.",
      "Lock on movies busy (held by pid 7: LOCK movies), retry 3/4 in 0.0 s.",
    ]);
  });

  it("throws the last timeout once the attempts are used, and other errors at once", async () => {
    let calls = 0;
    const last = timeout("last");
    await expect(
      withLockRetries(options([], 2), async (number) => {
        calls++;
        throw number === 3 ? last : timeout();
      }),
    ).rejects.toBe(last);
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      withLockRetries(options([], 5), async () => {
        calls++;
        throw new Error("syntax error");
      }),
    ).rejects.toThrow("syntax error");
    expect(calls).toBe(1);
  });
});

const alters = (transactional: boolean): RevisionModule => ({
  transactional,
  upgrade: async (op: Operations) => {
    await op.execute("CREATE TABLE a (id int)");
    await op.execute("ALTER TABLE movies ADD x int");
  },
  downgrade: async () => undefined,
});

describe("runSteps after a lock timeout", () => {
  it("runs a transactional revision again whole, after rolling it back, and commits it once", async () => {
    const sink = busySink("ALTER", 2);
    const lines: string[] = [];
    await runSteps(
      { ...runner(sink, { a1: alters(true) }), ddlLockRetries: 3, lockRetryDelayMs: () => 1, log: (line) => lines.push(line) },
      [step("a1", [])],
      { createVersionTable: false },
    );
    const flat = sink.messages.flat();
    expect(flat.filter((s) => s === "CREATE TABLE a (id int)")).toHaveLength(3);
    expect(flat.filter((s) => s === "ROLLBACK")).toHaveLength(2);
    // After the last rollback: the revision once more, and its version row with COMMIT.
    const last = flat.slice(flat.lastIndexOf("ROLLBACK") + 1);
    expect(last.filter((s) => s.startsWith("INSERT INTO"))).toHaveLength(1);
    expect(last.at(-1)).toBe("COMMIT");
    expect(lines.filter((line) => line.startsWith("Lock on movies busy"))).toEqual([
      "Lock on movies busy (held by pid 7: LOCK movies), retry 2/4 in 0.0 s.",
      "Lock on movies busy (held by pid 7: LOCK movies), retry 3/4 in 0.0 s.",
    ]);
  });

  it("fails with ddl_lock_timeout saying how many attempts, and never retries with retries 0", async () => {
    const sink = busySink("ALTER", 10);
    const error = (await runSteps({ ...runner(sink, { a1: alters(true) }), ddlLockRetries: 0 }, [step("a1", [])], {
      createVersionTable: false,
    }).catch((e: unknown) => e)) as DdlLockTimeoutError;
    expect(error).toBeInstanceOf(DdlLockTimeoutError);
    expect(error.message).toContain("and gave up after 1 attempt (canceling statement due to lock timeout)");
    expect(sink.messages.flat().filter((s) => s.includes("ALTER"))).toHaveLength(1);
    const again = busySink("ALTER", 10);
    const exhausted = (await runSteps(
      { ...runner(again, { a1: alters(true) }), ddlLockRetries: 2, lockRetryDelayMs: () => 1 },
      [step("a1", [])],
      { createVersionTable: false },
    ).catch((e: unknown) => e)) as DdlLockTimeoutError;
    expect(exhausted.message).toContain("gave up after 3 attempts");
    expect(exhausted.details.attempts).toBe(3);
    expect(again.messages.flat().filter((s) => s.includes("ALTER"))).toHaveLength(3);
  });

  it("runs only the timed-out statement again in a revision outside a transaction", async () => {
    const sink = busySink("ALTER", 2);
    await runSteps({ ...runner(sink, { a1: alters(false) }), ddlLockRetries: 3, lockRetryDelayMs: () => 1 }, [step("a1", [])], {
      createVersionTable: false,
    });
    const flat = sink.messages.flat();
    expect(flat.filter((s) => s === "CREATE TABLE a (id int)")).toHaveLength(1);
    expect(flat.filter((s) => s === "ALTER TABLE movies ADD x int")).toHaveLength(3);
  });

  it("does not retry when the whole run is one transaction", async () => {
    const sink = recordingSink();
    const busy = busySink("ALTER", 1);
    const error = await runSteps(
      { ...runner(busy, { a1: alters(true) }), transactionPerMigration: false, ddlLockRetries: 3, lockRetryDelayMs: () => 1 },
      [step("a1", [])],
      { createVersionTable: false },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DdlLockTimeoutError);
    expect(busy.messages.flat().filter((s) => s.includes("ALTER"))).toHaveLength(1);
    expect(sink.messages).toEqual([]);
  });
});
