import { describe, expect, it } from "vitest";
import { executes, recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import { overlapped, runPipelined } from "./pipeline.js";
import { StatementLockTimeout } from "./lock-wait.js";
import type { RevisionModule } from "./revision-module.js";
import { type PlannedStep, type StepRunner, Transaction } from "./sequential.js";
import type { SqlSink } from "./sql-sink.js";

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

describe("overlapped", () => {
  it("prepares the next item while the previous one finishes, and finishes items one at a time, in order", async () => {
    const events: string[] = [];
    await overlapped(
      ["a", "b", "c"],
      async (item) => {
        events.push(`prepare ${item}`);
        return item.toUpperCase();
      },
      async (item, prepared) => {
        events.push(`start ${prepared}`);
        await tick();
        events.push(`end ${item}`);
      },
    );
    expect(events).toEqual(["prepare a", "start A", "prepare b", "end a", "start B", "prepare c", "end b", "start C", "end c"]);
  });

  it("finishes nothing after a failure, and throws it once the item being prepared is done", async () => {
    const events: string[] = [];
    const run = overlapped(
      ["a", "b", "c"],
      async (item) => {
        await tick();
        events.push(`prepared ${item}`);
        return item;
      },
      async (item) => {
        events.push(`finish ${item}`);
        if (item === "a") throw new Error("a failed");
      },
    );
    await expect(run).rejects.toThrow("a failed");
    expect(events).toEqual(["prepared a", "finish a", "prepared b"]);
  });

  it("waits for the previous item to finish before it reports a failed preparation", async () => {
    const events: string[] = [];
    const run = overlapped(
      ["a", "b"],
      async (item) => {
        if (item === "b") throw new Error("b cannot be prepared");
        return item;
      },
      async (item) => {
        await tick();
        events.push(`finished ${item}`);
      },
    );
    await expect(run).rejects.toThrow("b cannot be prepared");
    expect(events).toEqual(["finished a"]);
  });
});

function plan(run: StepRunner, modules: Record<string, RevisionModule>): PlannedStep[] {
  const revisions = Object.keys(modules);
  return revisions.map((revision, index) => ({
    step: step(revision, index === 0 ? [] : [revisions[index - 1]!]),
    header: run.headers.get(revision),
    module: modules[revision],
    createsVersionTable: false,
  }));
}

async function pipelined(sink: SqlSink, modules: Record<string, RevisionModule>, log?: (line: string) => void): Promise<Transaction> {
  const run = { ...runner(sink, modules), ...(log ? { log } : {}) };
  const transaction = new Transaction(sink, postgresDialect.transaction);
  await runPipelined(run, { createVersionTable: false }, transaction, plan(run, modules));
  return transaction;
}

describe("runPipelined", () => {
  it("sends each transactional revision as one message, built while the previous message runs", async () => {
    const events: string[] = [];
    const sink: SqlSink = {
      online: true,
      run: async (statement) => void events.push(`sent ${statement}`),
      runAll: async (statements) => {
        events.push(`sent ${statements.length} statements`);
        await tick();
        events.push("answered");
      },
      comment: () => undefined,
    };
    const noting = (name: string): RevisionModule => ({
      ...executes(`CREATE TABLE ${name} (id int)`),
      upgrade: async (op) => {
        events.push(`code ${name}`);
        await op.execute(`CREATE TABLE ${name} (id int)`);
      },
    });
    const logged: string[] = [];
    await pipelined(sink, { a1: noting("a"), b2: noting("b") }, (line) => logged.push(line));
    expect(events).toEqual(["code a", "sent 4 statements", "code b", "answered", "sent 4 statements", "answered"]);
    expect(logged).toEqual(["Running upgrade  -> a1, m a1", "Running upgrade a1 -> b2, m b2"]);
  });

  it("sends a revision whose lock timed out again as one message, and only its last attempt statement by statement", async () => {
    const messages: string[][] = [];
    let timeouts = 3;
    const sink: SqlSink = {
      online: true,
      run: async (statement) => void messages.push([statement]),
      runAll: async (statements) => {
        messages.push([...statements]);
        if (statements.some((s) => s.includes("CREATE TABLE b")) && timeouts-- > 0)
          throw new StatementLockTimeout(10, undefined, new Error("lock timeout"));
      },
      comment: () => undefined,
    };
    const modules = { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)") };
    const run = { ...runner(sink, modules), ddlLockRetries: 3, lockRetryDelayMs: () => 0 };
    await runPipelined(run, { createVersionTable: false }, new Transaction(sink, postgresDialect.transaction), plan(run, modules));
    const whole = [
      "BEGIN",
      "CREATE TABLE a (id int)",
      "CREATE TABLE b (id int)",
      "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')",
      "COMMIT",
    ];
    // Three attempts as one message each (a granted lock is not held across round trips), then the last one
    // statement by statement, the statement that waited on its own.
    expect(messages.slice(0, 6)).toEqual([whole, ["ROLLBACK"], whole, ["ROLLBACK"], whole, ["ROLLBACK"]]);
    const last = messages.slice(6);
    expect(last.some((m) => m.length === 1 && m[0] === "CREATE TABLE b (id int)")).toBe(true);
    expect(last.flat()).toEqual(whole);
  });

  it("runs a non-transactional revision through the sequential runner once the message before it is answered", async () => {
    const sink = recordingSink();
    const outside: RevisionModule = { ...executes("CREATE INDEX CONCURRENTLY ix ON a (id)"), transactional: false };
    await pipelined(sink, { a1: executes("CREATE TABLE a (id int)"), b2: outside });
    expect(sink.messages).toEqual([
      ["BEGIN", "CREATE TABLE a (id int)", "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')", "COMMIT"],
      ["CREATE INDEX CONCURRENTLY ix ON a (id)"],
      ["BEGIN", postgresDialect.versionTable.checkedUpdate({ table: "retort_version" }, "a1", "b2"), "COMMIT"],
    ]);
  });

  it("rolls a failed message back and runs that revision again statement by statement, never sending the next", async () => {
    const sink = recordingSink("CREATE TABLE b");
    const modules = { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)"), b2: executes("CREATE TABLE c (id int)") };
    const run = pipelined(sink, modules);
    await expect(run).rejects.toThrow(/while running: CREATE TABLE b \(id int\)/);
    expect(sink.messages.slice(1)).toEqual([["ROLLBACK"], ["BEGIN", "CREATE TABLE a (id int)"], ["CREATE TABLE b (id int)"]]);
    expect(sink.messages.flat().some((statement) => statement.includes("CREATE TABLE c"))).toBe(false);
  });

  it("runs a revision whose code threw while its message was built statement by statement, after the message before it", async () => {
    const sink = recordingSink();
    let attempts = 0;
    const throwsOnce: RevisionModule = {
      ...executes(),
      upgrade: async (op) => {
        attempts++;
        await op.execute("CREATE TABLE b (id int)");
        if (attempts === 1) throw new Error("not this time");
      },
    };
    await pipelined(sink, { a1: executes("CREATE TABLE a (id int)"), b2: throwsOnce });
    expect(attempts).toBe(2);
    expect(sink.messages.slice(1)).toEqual([
      ["BEGIN", "CREATE TABLE b (id int)"],
      [postgresDialect.versionTable.checkedUpdate({ table: "retort_version" }, "a1", "b2"), "COMMIT"],
    ]);
  });
});
