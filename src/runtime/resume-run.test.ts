import { describe, expect, it } from "vitest";
import { recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import type { Operations } from "../ops/operations.js";
import type { ResumePoint } from "./resume.js";
import type { RevisionModule } from "./revision-module.js";
import { runSteps } from "./run-steps.js";
import type { SqlSink } from "./sql-sink.js";

/** A non-transactional revision: a table, two indexes built concurrently, and a statement between them. */
const indexes: RevisionModule = {
  transactional: false,
  upgrade: async (op: Operations) => {
    await op.execute("CREATE TABLE t (id int)");
    await op.createIndex("ix_one", "t", ["id"], { concurrently: true });
    await op.dropTable("scratch");
    await op.createIndex("ix_two", "t", ["id"], { concurrently: true });
  },
  downgrade: async () => undefined,
};

const log = { table: "retort_log" };
const point = (completed: number): ResumePoint => ({
  revision: "a1",
  direction: "upgrade",
  completed,
  checksum: null,
  recordedAt: "2026-12-07 10:00:00+00",
  cause: "interrupted",
});

async function run(options: { completed?: number; state?: string } = {}) {
  const sink = recordingSink();
  const lines: string[] = [];
  const queries: string[] = [];
  await runSteps(
    {
      ...runner(sink, { a1: indexes }, { auditLog: log, log: (line) => lines.push(line) }),
      resumePoints: options.completed === undefined ? undefined : new Map([["a1", point(options.completed)]]),
      query: async (sql) => {
        queries.push(sql);
        return [{ state: options.state ?? "missing" }];
      },
    },
    [step("a1", [])],
    { createVersionTable: false },
  );
  const sent = sink.messages.map((message) => message.join("\n"));
  return { sent, lines, queries };
}

/** The revision's own statements that reached the database, in order (alone or inside a message). */
const ran = (sent: readonly string[]) =>
  sent.flatMap((text) => text.split("\n")).filter((line) => /^CREATE (TABLE|INDEX)/.test(line) && !line.includes("retort_log"));

describe("a non-transactional revision's progress", () => {
  it("records each completed statement, and clears the progress with the applied row", async () => {
    const { sent, queries } = await run();
    expect(ran(sent)).toEqual([
      "CREATE TABLE t (id int)",
      'CREATE INDEX CONCURRENTLY "ix_one" ON "t" ("id")',
      'CREATE INDEX CONCURRENTLY "ix_two" ON "t" ("id")',
    ]);
    const progress = sent.filter((text) => text.includes("'running', "));
    expect(progress.map((text) => /, (\d+)\)\nCOMMIT$/.exec(text)?.[1])).toEqual(["1", "2", "3", "4"]);
    // An index built concurrently cannot share a transaction with its record: the record follows it.
    expect(sent[sent.indexOf(progress[1]!) - 1]).toBe('CREATE INDEX CONCURRENTLY "ix_one" ON "t" ("id")');
    // A statement that can run in a transaction commits together with its record.
    expect(progress[2]).toMatch(
      /^BEGIN\nDROP TABLE "scratch"\nDELETE FROM "retort_log" .*\nINSERT INTO "retort_log" .*'running'.*, 3\)\nCOMMIT$/s,
    );
    expect(sent.at(-1)).toMatch(/DELETE FROM "retort_log" WHERE revision = 'a1' AND status = 'running'[\s\S]*'applied'/);
    expect(queries).toEqual([]);
  });

  it("skips the statements an interrupted run recorded complete, and says so", async () => {
    const { sent, lines } = await run({ completed: 1 });
    expect(ran(sent)).toEqual(['CREATE INDEX CONCURRENTLY "ix_one" ON "t" ("id")', 'CREATE INDEX CONCURRENTLY "ix_two" ON "t" ("id")']);
    expect(lines).toContain("Resuming a1 after statement 1 of 4, recorded by an interrupted run at 2026-12-07 10:00:00+00");
  });

  it("drops the invalid index an interrupted build left, then builds it again", async () => {
    const { sent, queries } = await run({ completed: 1, state: "invalid" });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain("'\"ix_one\"'");
    const drop = sent.indexOf('DROP INDEX CONCURRENTLY IF EXISTS "ix_one"');
    expect(drop).toBeGreaterThan(-1);
    expect(sent[drop + 1]).toBe('CREATE INDEX CONCURRENTLY "ix_one" ON "t" ("id")');
  });

  it("counts a valid index built before the kill as done, recording it without building it", async () => {
    const { sent } = await run({ completed: 1, state: "valid" });
    expect(ran(sent)).toEqual(['CREATE INDEX CONCURRENTLY "ix_two" ON "t" ("id")']);
    expect(sent.filter((text) => text.includes("'running', ")).map((text) => /, (\d+)\)\nCOMMIT$/.exec(text)?.[1])).toEqual([
      "2",
      "3",
      "4",
    ]);
  });

  it("asks the catalog only at the resume point, and only for an index built concurrently", async () => {
    expect((await run({ completed: 2 })).queries).toEqual([]);
    expect((await run({ completed: 0 })).queries).toEqual([]);
    expect((await run({ completed: 3 })).queries).toHaveLength(1);
  });
});

describe("SQL of op.execute that refuses a transaction block", () => {
  it("runs on its own after the database refused it in one, and its record follows it", async () => {
    const messages: string[] = [];
    const send = async (statements: readonly string[]) => {
      const text = statements.join("\n");
      messages.push(text);
      if (text.startsWith("BEGIN\nVACUUM"))
        throw Object.assign(new Error("VACUUM cannot run inside a transaction block"), { code: "25001" });
    };
    const sink: SqlSink = { online: true, run: (statement) => send([statement]), runAll: send, comment: () => undefined };
    const vacuum: RevisionModule = {
      transactional: false,
      upgrade: async (op: Operations) => op.execute("VACUUM t"),
      downgrade: async () => undefined,
    };
    await runSteps(runner(sink, { a1: vacuum }, { auditLog: log }), [step("a1", [])], { createVersionTable: false });
    const at = messages.findIndex((text) => text.startsWith("BEGIN\nVACUUM t\n"));
    expect(messages.slice(at + 1, at + 3)).toEqual(["ROLLBACK", "VACUUM t"]);
    expect(messages[at + 3]).toMatch(/^BEGIN\nDELETE FROM "retort_log" .*\nINSERT INTO .*'running'.*, 1\)\nCOMMIT$/s);
  });

  it("fails as any statement does when the database refuses it for another reason", async () => {
    const sink = recordingSink("VACUUM");
    const vacuum: RevisionModule = {
      transactional: false,
      upgrade: async (op: Operations) => op.execute("VACUUM t"),
      downgrade: async () => undefined,
    };
    await expect(
      runSteps(runner(sink, { a1: vacuum }, { auditLog: log }), [step("a1", [])], { createVersionTable: false }),
    ).rejects.toThrow(/simulated failure at VACUUM/);
    expect(sink.messages.filter((message) => message.join("\n") === "VACUUM t")).toEqual([]);
  });
});
