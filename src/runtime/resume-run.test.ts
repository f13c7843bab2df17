import { describe, expect, it } from "vitest";
import { recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import type { Operations } from "../ops/operations.js";
import type { ResumePoint } from "./resume.js";
import type { RevisionModule } from "./revision-module.js";
import { runSteps } from "./run-steps.js";

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

const ran = (sent: readonly string[]) => sent.filter((text) => /^CREATE (TABLE|INDEX)/.test(text) && !text.includes("retort_log"));

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
    expect(sent.filter((text) => text.includes("'running', ")).map((text) => /, (\d+)\)\nCOMMIT$/.exec(text)?.[1])).toEqual(["2", "3", "4"]);
  });

  it("asks the catalog only at the resume point, and only for an index built concurrently", async () => {
    expect((await run({ completed: 2 })).queries).toEqual([]);
    expect((await run({ completed: 0 })).queries).toEqual([]);
    expect((await run({ completed: 3 })).queries).toHaveLength(1);
  });
});
