import { describe, expect, it } from "vitest";
import { executes, recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { statementLockSql } from "../dialects/postgres/compile/lock-wait.js";
import type { DatabaseSession } from "../dialects/session.js";
import { DdlLockTimeoutError } from "../errors.js";
import { describeBlocker, describeWait, StatementLockTimeout, watchLockWaits } from "./lock-wait.js";
import type { RevisionModule } from "./revision-module.js";
import { runSteps } from "./run-steps.js";
import type { SqlSink } from "./sql-sink.js";

const lockTimeout = (): Error => Object.assign(new Error("canceling statement due to lock timeout"), { code: "55P03" });

const blockerRow = {
  pid: 4242,
  application_name: "psql",
  client_addr: "10.0.0.7",
  state: "idle in transaction",
  query: "LOCK TABLE movies;",
  transaction_seconds: 12.4,
  waiting_for: "movies",
};

/** A sink whose statements holding `slow` wait `ms` and then fail as a lock timeout would. */
function blockedSink(slow: string, ms: number): SqlSink & { readonly messages: string[][] } {
  const messages: string[][] = [];
  const send = async (statements: readonly string[]) => {
    messages.push([...statements]);
    if (!statements.some((s) => s.includes(slow))) return;
    await new Promise((resolve) => setTimeout(resolve, ms));
    throw lockTimeout();
  };
  return { online: true, messages, run: (s) => send([s]), runAll: send, comment: () => undefined };
}

/** A second session that answers the blockers query with `rows`, and counts its questions. */
function watcherSession(rows: Record<string, unknown>[]): DatabaseSession & { asked: number; closed: boolean } {
  const session = {
    asked: 0,
    closed: false,
    async query<Row>(): Promise<Row[]> {
      session.asked++;
      return rows as Row[];
    },
    execute: async () => undefined,
    queryMany: async () => [],
    async close() {
      session.closed = true;
    },
  };
  return session;
}

describe("PostgreSQL's lock limit statements", () => {
  it("write whole seconds as seconds and anything else in milliseconds", () => {
    expect(statementLockSql.setLocal(5000)).toBe("SET LOCAL lock_timeout = '5s'");
    expect(statementLockSql.setLocal(1500)).toBe("SET LOCAL lock_timeout = '1500ms'");
    expect(statementLockSql.setSession(30000)).toBe("SET lock_timeout = '30s'");
    expect(statementLockSql.reset).toBe("RESET lock_timeout");
  });
});

describe("the revision's lock limit", () => {
  it("goes first in a transactional revision's message, and nowhere without a limit", async () => {
    const sink = recordingSink();
    await runSteps({ ...runner(sink, { a1: executes("ALTER TABLE a ADD b int") }), ddlLockTimeoutMs: 1500 }, [step("a1", [])], {
      createVersionTable: false,
    });
    expect(sink.messages).toEqual([
      [
        "BEGIN",
        "SET LOCAL lock_timeout = '1500ms'",
        "ALTER TABLE a ADD b int",
        "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')",
        "COMMIT",
      ],
    ]);
    const unlimited = recordingSink();
    await runSteps({ ...runner(unlimited, { a1: executes("SELECT 1") }), ddlLockTimeoutMs: 0 }, [step("a1", [])], {
      createVersionTable: false,
    });
    expect(unlimited.messages.flat().join("\n")).not.toContain("lock_timeout");
  });

  it("is set for the session around a revision outside a transaction, and reset even when it fails", async () => {
    const outside: RevisionModule = { ...executes("CREATE INDEX CONCURRENTLY ix ON a (id)"), transactional: false };
    const sink = recordingSink("CONCURRENTLY");
    const run = runSteps({ ...runner(sink, { a1: outside }), ddlLockTimeoutMs: 2000 }, [step("a1", [])], { createVersionTable: false });
    await expect(run).rejects.toThrow(/simulated failure/);
    expect(sink.messages.flat()).toEqual(["SET lock_timeout = '2s'", "CREATE INDEX CONCURRENTLY ix ON a (id)", "RESET lock_timeout"]);
  });

  it("is left out of a stamp, which runs no revision code", async () => {
    const sink = recordingSink();
    await runSteps({ ...runner(sink, {}), ddlLockTimeoutMs: 1000 }, [step("a1", [])], { createVersionTable: false, stampOnly: true });
    expect(sink.messages.flat().join("\n")).not.toContain("lock_timeout");
  });
});

describe("watchLockWaits", () => {
  it("reports who blocks a waiting statement and keeps it for the error", async () => {
    const lines: string[] = [];
    const watcher = watcherSession([blockerRow]);
    const sink = watchLockWaits(blockedSink("ALTER", 120), {
      sql: statementLockSql,
      pid: 99,
      openSession: async () => watcher,
      log: (line) => lines.push(line),
      firstLookMs: 20,
      everyMs: 20,
    });
    const error = await sink.run("ALTER TABLE movies ADD x int").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementLockTimeout);
    const timeout = error as StatementLockTimeout;
    expect(timeout.code).toBe("55P03");
    expect(timeout.wait?.tables).toBe("movies");
    expect(timeout.wait?.blockers.map((b) => b.pid)).toEqual([4242]);
    expect(timeout.waitedMs).toBeGreaterThanOrEqual(100);
    expect(lines).toEqual([
      "Waiting for a lock on movies held by pid 4242 ('psql' from 10.0.0.7, idle in transaction, transaction open 12s, last query: LOCK TABLE movies;).",
    ]);
    await sink.close();
    expect(watcher.closed).toBe(true);
  });

  it("names the blocker of a lock timeout shorter than opening a connection when it opens the second session at once", async () => {
    const timedOut = async (openAtOnce: boolean) => {
      // As on a server: the blocker shows only while the statement waits.
      let waiting = false;
      const blocked: SqlSink = {
        online: true,
        run: async () => {
          waiting = true;
          await new Promise((resolve) => setTimeout(resolve, 60));
          waiting = false;
          throw lockTimeout();
        },
        runAll: async () => undefined,
        comment: () => undefined,
      };
      const watcher = { ...watcherSession([]), query: async <Row>() => (waiting ? [blockerRow] : []) as Row[] };
      const sink = watchLockWaits(blocked, {
        sql: statementLockSql,
        pid: 99,
        openSession: () => new Promise<DatabaseSession>((resolve) => setTimeout(() => resolve(watcher), 40)),
        log: () => undefined,
        firstLookMs: 25,
        openAtOnce,
      });
      const error = (await sink.run("ALTER TABLE movies ADD x int").catch((e: unknown) => e)) as StatementLockTimeout;
      await sink.close();
      return error.wait;
    };
    expect((await timedOut(true))?.blockers.map((b) => b.pid)).toEqual([4242]);
    expect(await timedOut(false)).toBeUndefined();
  });

  it("does not open the second session for statements that finish quickly", async () => {
    let opened = 0;
    const sink = watchLockWaits(recordingSink(), {
      sql: statementLockSql,
      pid: 99,
      openSession: async () => {
        opened++;
        return watcherSession([]);
      },
      log: () => undefined,
      firstLookMs: 200,
    });
    await sink.runAll(["SELECT 1", "SELECT 2"]);
    await sink.close();
    expect(opened).toBe(0);
  });

  it("does without a second session that does not open in time, and the run's end does not wait for it", async () => {
    const sink = watchLockWaits(blockedSink("ALTER", 80), {
      sql: statementLockSql,
      pid: 99,
      openSession: () => new Promise<DatabaseSession>(() => undefined),
      log: () => undefined,
      firstLookMs: 5,
      openWithinMs: 20,
    });
    const error = await sink.run("ALTER TABLE movies ADD x int").catch((e: unknown) => e);
    expect((error as StatementLockTimeout).wait).toBeUndefined();
    await sink.close();
  });

  it("still names the lock timeout without a second session (a single-connection engine)", async () => {
    const sink = watchLockWaits(blockedSink("ALTER", 1), { sql: statementLockSql, log: () => undefined, firstLookMs: 1 });
    const error = await sink.run("ALTER TABLE movies ADD x int").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatementLockTimeout);
    expect((error as StatementLockTimeout).wait).toBeUndefined();
  });

  it("leaves other errors as they are", async () => {
    const sink = watchLockWaits(recordingSink("ALTER"), { sql: statementLockSql, log: () => undefined, firstLookMs: 1 });
    await expect(sink.run("ALTER TABLE movies ADD x int")).rejects.toThrow("simulated failure at ALTER");
    await expect(sink.run("ALTER TABLE movies ADD x int")).rejects.not.toBeInstanceOf(StatementLockTimeout);
  });

  it("makes a failed revision a ddl_lock_timeout error naming the revision, the statement and the blocker", async () => {
    const blocked = blockedSink("ALTER", 60);
    const sink = watchLockWaits(blocked, {
      sql: statementLockSql,
      pid: 99,
      openSession: async () => watcherSession([blockerRow]),
      log: () => undefined,
      firstLookMs: 10,
      everyMs: 10,
    });
    const lines: string[] = [];
    const run = runSteps(
      {
        ...runner(sink, { a1: executes("ALTER TABLE movies ADD x int") }),
        ddlLockTimeoutMs: 50,
        ddlLockRetries: 1,
        lockRetryDelayMs: () => 5,
        log: (line) => lines.push(line),
      },
      [step("a1", [])],
      { createVersionTable: false },
    );
    const error = (await run.catch((e: unknown) => e)) as DdlLockTimeoutError;
    await sink.close();
    expect(error).toBeInstanceOf(DdlLockTimeoutError);
    expect(error.code).toBe("ddl_lock_timeout");
    expect(error.message).toMatch(
      /^Upgrade of revision a1 \(\/v\/a1\.ts\) waited [\d.]+s for a lock on movies, held by pid 4242 \('psql' from 10\.0\.0\.7, .*\), and gave up after 2 attempts \(canceling statement due to lock timeout\)\.\n {2}while running: ALTER TABLE movies ADD x int$/,
    );
    expect(error.hint).toContain("ddlLockTimeout");
    expect(error.details).toMatchObject({ revision: "a1", tables: "movies", statement: "ALTER TABLE movies ADD x int", attempts: 2 });
    // The message failed first; the retry ran statement by statement, which names the statement.
    expect(lines).toContain("Lock on movies busy (held by pid 4242: LOCK TABLE movies;), retry 2/2 in 0.0 s.");
    expect(blocked.messages.filter((m) => m.some((s) => s.includes("ALTER"))).map((m) => m.length > 2)).toEqual([true, false]);
  });
});

describe("describeWait", () => {
  it("says how long it has waited when it reports again, and shortens long queries", () => {
    const query = `UPDATE movies SET title = ${"'x' || ".repeat(40)}title`;
    const line = describeWait({ tables: "public.movies", blockers: [{ ...toBlocker(blockerRow), query, state: "active" }] }, 6200);
    expect(line).toMatch(
      /^Still waiting for a lock on public\.movies \(6s\), held by pid 4242 \(.*running: UPDATE movies SET title = .*\.\.\.\)\.$/,
    );
    expect(describeBlocker({ ...toBlocker(blockerRow), clientAddress: null, applicationName: "", transactionSeconds: null })).toBe(
      "pid 4242 (no application name (local), idle in transaction, last query: LOCK TABLE movies;)",
    );
  });
});

function toBlocker(row: typeof blockerRow) {
  return {
    pid: row.pid,
    applicationName: row.application_name,
    clientAddress: row.client_addr,
    state: row.state,
    query: row.query,
    transactionSeconds: row.transaction_seconds,
  };
}
