import { describe, expect, it } from "vitest";
import { executes, recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { postgresDialect } from "../dialects/postgres/index.js";
import { MigrationError } from "../errors.js";
import type { RevisionModule } from "./revision-module.js";
import { type PlannedStep, runSequentially, type StepRunner, Transaction } from "./sequential.js";
import { offlineSink, type SqlSink } from "./sql-sink.js";

/** The runner's steps with their modules, the first creating the version table when `createVersionTable`. */
function planned(run: StepRunner, modules: Record<string, RevisionModule>, createVersionTable = false): PlannedStep[] {
  const revisions = Object.keys(modules);
  return revisions.map((revision, index) => ({
    step: step(revision, index === 0 ? [] : [revisions[index - 1]!]),
    header: run.headers.get(revision),
    module: modules[revision],
    createsVersionTable: createVersionTable && index === 0,
  }));
}

async function runAll(sink: SqlSink, modules: Record<string, RevisionModule>, overrides: Parameters<typeof runner>[2] = {}) {
  const run = runner(sink, modules, overrides);
  const transaction = new Transaction(sink, postgresDialect.transaction);
  await runSequentially(run, { createVersionTable: false }, transaction, planned(run, modules));
  await transaction.commit();
}

describe("runSequentially", () => {
  it("runs each revision statement by statement in its own transaction, its bookkeeping with COMMIT", async () => {
    const sink = recordingSink();
    await runAll(sink, { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)"), b2: executes("DROP TABLE b") });
    expect(sink.messages).toEqual([
      ["BEGIN", "CREATE TABLE a (id int)"],
      ["CREATE TABLE b (id int)"],
      ["INSERT INTO \"retort_version\" (version_num) VALUES ('a1')", "COMMIT"],
      ["BEGIN", "DROP TABLE b"],
      [postgresDialect.versionTable.checkedUpdate({ table: "retort_version" }, "a1", "b2"), "COMMIT"],
    ]);
  });

  it("writes a --sql script: a comment per revision, BEGIN and COMMIT on lines of their own, the version table first", async () => {
    let script = "";
    const sink = offlineSink((text) => (script += text));
    const modules = { a1: executes("CREATE TABLE a (id int)") };
    const run = runner(sink, modules);
    const transaction = new Transaction(sink, postgresDialect.transaction);
    await runSequentially(run, { createVersionTable: true }, transaction, planned(run, modules, true));
    const statements = script.split("\n\n").filter(Boolean);
    expect(statements[0]).toBe("-- Running upgrade  -> a1");
    expect(statements[1]).toBe("BEGIN;");
    expect(statements[2]).toMatch(/^CREATE TABLE IF NOT EXISTS "retort_version"/);
    expect(statements.slice(3)).toEqual([
      "CREATE TABLE a (id int);",
      "INSERT INTO \"retort_version\" (version_num) VALUES ('a1');",
      "COMMIT;",
    ]);
  });

  it("stops at a failing statement, names it, and leaves the transaction for the caller to roll back", async () => {
    const sink = recordingSink("CREATE TABLE b");
    const modules = { a1: executes("CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "CREATE TABLE c (id int)") };
    const run = runner(sink, modules);
    const transaction = new Transaction(sink, postgresDialect.transaction);
    const running = runSequentially(run, { createVersionTable: false }, transaction, planned(run, modules));
    await expect(running).rejects.toThrow(MigrationError);
    await expect(running).rejects.toThrow(/while running: CREATE TABLE b \(id int\)/);
    await transaction.rollback();
    expect(sink.messages).toEqual([["BEGIN", "CREATE TABLE a (id int)"], ["CREATE TABLE b (id int)"], ["ROLLBACK"]]);
  });

  it("commits the run's transaction before a non-transactional revision and opens another for its bookkeeping", async () => {
    const sink = recordingSink();
    const outside: RevisionModule = { ...executes("CREATE INDEX CONCURRENTLY ix ON a (id)"), transactional: false };
    await runAll(sink, { a1: executes("CREATE TABLE a (id int)"), b2: outside }, { transactionPerMigration: false });
    expect(sink.messages).toEqual([
      ["BEGIN", "CREATE TABLE a (id int)"],
      ["INSERT INTO \"retort_version\" (version_num) VALUES ('a1')"],
      ["COMMIT"],
      ["CREATE INDEX CONCURRENTLY ix ON a (id)"],
      ["BEGIN", postgresDialect.versionTable.checkedUpdate({ table: "retort_version" }, "a1", "b2")],
      ["COMMIT"],
    ]);
  });

  it("sends no ROLLBACK when BEGIN was held back and nothing followed it", async () => {
    const sink = recordingSink();
    const transaction = new Transaction(sink, postgresDialect.transaction);
    await transaction.begin();
    await transaction.rollback();
    expect(sink.messages).toEqual([]);
  });
});
