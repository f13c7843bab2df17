import { describe, expect, it } from "vitest";
import { dialectWith, executes, recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import { MigrationError } from "../errors.js";
import type { RevisionModule } from "./revision-module.js";
import { runSteps, sendsMessages } from "./run-steps.js";
import { offlineSink, type SqlSink, transactionSink } from "./sql-sink.js";

describe("runSteps", () => {
  it("sends a transactional revision, its version-table change and COMMIT in one message", async () => {
    const sink = recordingSink();
    await runSteps(runner(sink, { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)") }), [step("a1", [])], {
      createVersionTable: false,
    });
    expect(sink.messages).toEqual([
      [
        "BEGIN",
        "CREATE TABLE a (id int)",
        "CREATE TABLE b (id int)",
        "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')",
        "COMMIT",
      ],
    ]);
  });

  it("runs a revision again statement by statement when its message fails, and reports the statement", async () => {
    const sink = recordingSink("CREATE TABLE b");
    const run = runSteps(
      runner(sink, { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "CREATE TABLE c (id int)") }),
      [step("a1", [])],
      {
        createVersionTable: false,
      },
    );
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/simulated failure at CREATE TABLE b[\s\S]*while running: CREATE TABLE b \(id int\)/);
    expect(sink.messages).toEqual([
      [
        "BEGIN",
        "CREATE TABLE a (id int)",
        "CREATE TABLE b (id int)",
        "CREATE TABLE c (id int)",
        "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')",
        "COMMIT",
      ],
      ["ROLLBACK"],
      ["BEGIN", "CREATE TABLE a (id int)"],
      ["CREATE TABLE b (id int)"],
      ["ROLLBACK"],
    ]);
  });

  it("creates the version table again when the first revision's message failed", async () => {
    const sink = recordingSink("only once");
    let attempts = 0;
    const flaky: RevisionModule = {
      transactional: true,
      upgrade: async (op) => {
        attempts++;
        await op.execute(attempts === 1 ? "SELECT 'only once'" : "SELECT 2");
      },
      downgrade: async () => undefined,
    };
    await runSteps(runner(sink, { a1: flaky }), [step("a1", [])], { createVersionTable: true });
    const replay = sink.messages.slice(2).flat();
    expect(replay[0]).toBe("BEGIN");
    expect(replay[1]).toMatch(/^CREATE TABLE IF NOT EXISTS "retort_version"/);
    expect(replay).toContain("SELECT 2");
    expect(replay.at(-1)).toBe("COMMIT");
  });

  it("runs the next revision's code while the database answers, and sends its message only after the answer", async () => {
    const events: string[] = [];
    let answer: (() => void) | undefined;
    const sink: SqlSink = {
      online: true,
      run: async (statement) => void events.push(`sent ${statement}`),
      runAll: (statements) => {
        events.push(`sent ${statements.find((statement) => statement.startsWith("CREATE"))}`);
        return new Promise<void>((resolve) => {
          answer = () => {
            events.push("answered");
            resolve();
          };
          // Answer only once the run has moved on to the next revision's code (or to the end).
          setTimeout(answer, 5);
        });
      },
      comment: () => undefined,
    };
    const noting = (name: string): RevisionModule => ({
      transactional: true,
      upgrade: async (op) => {
        events.push(`code ${name}`);
        await op.execute(`CREATE TABLE ${name} (id int)`);
      },
      downgrade: async () => undefined,
    });
    const logged: string[] = [];
    await runSteps(
      { ...runner(sink, { a1: noting("a"), b2: noting("b") }), log: (line) => logged.push(line) },
      [step("a1", []), step("b2", ["a1"])],
      {
        createVersionTable: false,
      },
    );
    expect(events).toEqual(["code a", "sent CREATE TABLE a (id int)", "code b", "answered", "sent CREATE TABLE b (id int)", "answered"]);
    expect(logged).toEqual(["Running upgrade  -> a1, m a1", "Running upgrade a1 -> b2, m b2"]);
  });

  it("waits for the message in flight before a non-transactional revision runs its statements", async () => {
    const events: string[] = [];
    const sink: SqlSink = {
      online: true,
      run: async (statement) => void events.push(`sent ${statement}`),
      runAll: (statements) => {
        events.push(`sent message ${statements.length}`);
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            events.push("answered");
            resolve();
          }, 5),
        );
      },
      comment: () => undefined,
    };
    const outside: RevisionModule = { ...executes("CREATE INDEX CONCURRENTLY ix ON a (id)"), transactional: false };
    await runSteps(runner(sink, { a1: executes("CREATE TABLE a (id int)"), b2: outside }), [step("a1", []), step("b2", ["a1"])], {
      createVersionTable: false,
    });
    expect(events.slice(0, 3)).toEqual(["sent message 4", "answered", "sent CREATE INDEX CONCURRENTLY ix ON a (id)"]);
  });

  it("stops at a failed message although the next revision's code has run, and never sends the next one", async () => {
    const sink = recordingSink("CREATE TABLE a");
    const run = runSteps(
      runner(sink, { a1: executes("CREATE TABLE a (id int)"), b2: executes("CREATE TABLE b (id int)") }),
      [step("a1", []), step("b2", ["a1"])],
      {
        createVersionTable: false,
      },
    );
    await expect(run).rejects.toThrow(/Upgrade of revision a1 .*simulated failure at CREATE TABLE a[\s\S]*while running: CREATE TABLE a/);
    expect(sink.messages.flat().some((statement) => statement.includes("CREATE TABLE b"))).toBe(false);
    expect(sink.messages.at(-1)).toEqual(["ROLLBACK"]);
  });

  it("runs statement by statement when the whole run is one transaction", async () => {
    const sink = recordingSink();
    await runSteps(
      runner(
        sink,
        { a1: executes("CREATE TABLE a (id int)"), b2: executes("CREATE TABLE b (id int)") },
        { transactionPerMigration: false },
      ),
      [step("a1", []), step("b2", ["a1"])],
      {
        createVersionTable: false,
      },
    );
    expect(sink.messages).toEqual([
      ["BEGIN", "CREATE TABLE a (id int)"],
      ["INSERT INTO \"retort_version\" (version_num) VALUES ('a1')"],
      ["CREATE TABLE b (id int)"],
      [postgresDialect.versionTable.checkedUpdate({ table: "retort_version" }, "a1", "b2")],
      ["COMMIT"],
    ]);
  });
});

describe("runSteps decides by the dialect's capabilities", () => {
  const twoTables = () => ({ a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)") });

  it("pipelines messages only online, with a transaction per revision, multi-statement messages and transactional DDL", () => {
    const online = recordingSink();
    const offline = offlineSink(() => undefined);
    expect(sendsMessages(runner(online, {}))).toBe(true);
    expect(sendsMessages(runner(offline, {}))).toBe(false);
    expect(sendsMessages(runner(online, {}, { transactionPerMigration: false }))).toBe(false);
    expect(sendsMessages(runner(online, {}, { dialect: dialectWith({ multiStatementMessages: false }) }))).toBe(false);
    expect(sendsMessages(runner(online, {}, { dialect: dialectWith({ transactionalDdl: false }) }))).toBe(false);
    expect(sendsMessages(runner(online, {}, { dialect: dialectWith({ savepoints: false, sessionLocks: false }) }))).toBe(true);
  });

  it("sends every statement on its own, BEGIN and COMMIT too, without multi-statement messages", async () => {
    const sink = recordingSink();
    const dialect = dialectWith({ multiStatementMessages: false });
    await runSteps(runner(sink, twoTables(), { dialect }), [step("a1", [])], { createVersionTable: false });
    expect(sink.messages).toEqual([
      ["BEGIN"],
      ["CREATE TABLE a (id int)"],
      ["CREATE TABLE b (id int)"],
      ["INSERT INTO \"retort_version\" (version_num) VALUES ('a1')"],
      ["COMMIT"],
    ]);
  });

  it("runs revisions without a surrounding transaction when DDL is not transactional", async () => {
    const sink = recordingSink();
    const dialect = dialectWith({ transactionalDdl: false });
    await runSteps(runner(sink, twoTables(), { dialect }), [step("a1", [])], { createVersionTable: false });
    expect(sink.messages).toEqual([
      ["CREATE TABLE a (id int)"],
      ["CREATE TABLE b (id int)"],
      ["BEGIN", "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')", "COMMIT"],
    ]);
  });

  it("reports and records a failure as partial when DDL is not transactional", async () => {
    const sink = recordingSink("CREATE TABLE b");
    const dialect = dialectWith({ transactionalDdl: false });
    const run = runSteps(runner(sink, twoTables(), { dialect, auditLog: { table: "retort_log" } }), [step("a1", [])], {
      createVersionTable: false,
    });
    const error = await run.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).details.failedStatement).toBe(2);
    expect((error as MigrationError).hint).toMatch(/stopped at statement 2/);
    expect(sink.messages.flat()).not.toContain("ROLLBACK");
    // Each statement runs on its own (DDL would not roll back), and its progress is recorded after it.
    const statements = sink.messages.slice(1, 4);
    expect(statements[0]).toEqual(["CREATE TABLE a (id int)"]);
    expect(statements[1]!.join("\n")).toMatch(/^BEGIN\nDELETE FROM "retort_log".*\nINSERT INTO "retort_log" .*'running'.*, 1\)\nCOMMIT$/s);
    expect(statements[2]).toEqual(["CREATE TABLE b (id int)"]);
    const recorded = sink.messages.at(-1)!.join("\n");
    expect(recorded).toMatch(/INSERT INTO "retort_log"/);
    expect(recorded).toContain("'failed'");
  });

  it("refuses CREATE INDEX CONCURRENTLY in a transactional revision only where revisions run in transactions", async () => {
    const concurrently: RevisionModule = {
      transactional: true,
      upgrade: (op) => op.createIndex("ix_a", "a", ["id"], { concurrently: true }),
      downgrade: async () => undefined,
    };
    const refused = recordingSink();
    await expect(runSteps(runner(refused, { a1: concurrently }), [step("a1", [])], { createVersionTable: false })).rejects.toThrow(
      /createIndex cannot run inside a transaction/,
    );
    expect(refused.messages.flat().some((statement) => statement.includes("CONCURRENTLY"))).toBe(false);
    const sink = recordingSink();
    const dialect = dialectWith({ transactionalDdl: false });
    await runSteps(runner(sink, { a1: concurrently }, { dialect }), [step("a1", [])], { createVersionTable: false });
    expect(sink.messages[0]).toEqual([expect.stringMatching(/^CREATE INDEX CONCURRENTLY/)]);
  });

  it("reports a failed message as the database gave it, without running the revision again, when there are no savepoints", async () => {
    const sink = recordingSink("CREATE TABLE b");
    const dialect = dialectWith({ savepoints: false });
    const run = runSteps(runner(sink, twoTables(), { dialect }), [step("a1", [])], { createVersionTable: false });
    await expect(run).rejects.toThrow(/Upgrade of revision a1 .*simulated failure at CREATE TABLE b/);
    expect(sink.messages).toEqual([
      [
        "BEGIN",
        "CREATE TABLE a (id int)",
        "CREATE TABLE b (id int)",
        "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')",
        "COMMIT",
      ],
      ["ROLLBACK"],
    ]);
  });
});

describe("transactionSink", () => {
  it("holds BEGIN back online and sends it with the next statement", async () => {
    const sink = recordingSink();
    const transaction = transactionSink(sink, "BEGIN");
    await transaction.begin();
    expect(transaction.beginPending).toBe(true);
    expect(sink.messages).toEqual([]);
    await transaction.run("CREATE TABLE a (id int)");
    await transaction.run("CREATE TABLE b (id int)");
    expect(transaction.beginPending).toBe(false);
    expect(sink.messages).toEqual([["BEGIN", "CREATE TABLE a (id int)"], ["CREATE TABLE b (id int)"]]);
  });

  it("writes BEGIN on its own line in an offline script", async () => {
    let script = "";
    const transaction = transactionSink(
      offlineSink((text) => (script += text)),
      "BEGIN",
    );
    await transaction.begin();
    await transaction.run("CREATE TABLE a (id int)");
    expect(script).toBe("BEGIN;\n\nCREATE TABLE a (id int);\n\n");
  });
});
