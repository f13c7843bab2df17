import { describe, expect, it } from "vitest";
import { executes, recordingSink, runner, step } from "../../test/helpers/runtime-steps.js";
import { MigrationError } from "../errors.js";
import { runSteps } from "./run-steps.js";
import type { DataStatementFailure, StepRunner } from "./sequential.js";

/** A replay's tolerance of failing data statements: undone to a savepoint, reported, and the revision goes on. */

const FAILING = "INSERT INTO t SELECT 1 / count(*) FROM t";
const SAVEPOINT = 'SAVEPOINT "retort_data_statement"';
const VERSION = "INSERT INTO \"retort_version\" (version_num) VALUES ('a1')";

function tolerant(sink: ReturnType<typeof recordingSink>, transactional: boolean, failures: DataStatementFailure[]): StepRunner {
  const module = { ...executes("CREATE TABLE t (id int)", FAILING, "CREATE TABLE u (id int)"), transactional };
  return { ...runner(sink, { a1: module }), onDataStatementFailure: (failure) => failures.push(failure) };
}

describe("data statements that fail during a replay", () => {
  it("run inside a savepoint, and on failure are rolled back to it, reported, and the revision carries on", async () => {
    const sink = recordingSink(FAILING);
    const failures: DataStatementFailure[] = [];
    await runSteps(tolerant(sink, true, failures), [step("a1", [])], { createVersionTable: false });
    // The message fails, is rolled back, and the revision runs again statement by statement.
    // Every op.execute runs as written, so each is wrapped; the message fails, is rolled back, and the revision
    // runs again statement by statement, where the failing one is rolled back to its savepoint.
    const RELEASE = 'RELEASE SAVEPOINT "retort_data_statement"';
    const wrapped = (sql: string) => [SAVEPOINT, sql, RELEASE];
    expect(sink.messages).toEqual([
      ["BEGIN", ...wrapped("CREATE TABLE t (id int)"), ...wrapped(FAILING), ...wrapped("CREATE TABLE u (id int)"), VERSION, "COMMIT"],
      ["ROLLBACK"],
      ["BEGIN", SAVEPOINT],
      ["CREATE TABLE t (id int)"],
      [RELEASE],
      [SAVEPOINT],
      [FAILING],
      ['ROLLBACK TO SAVEPOINT "retort_data_statement"'],
      [SAVEPOINT],
      ["CREATE TABLE u (id int)"],
      [RELEASE],
      [VERSION, "COMMIT"],
    ]);
    expect(failures).toEqual([{ revision: "a1", file: "/v/a1.ts", statement: FAILING, error: expect.any(Error) }]);
  });

  it("outside a transaction need no savepoint", async () => {
    const sink = recordingSink(FAILING);
    const failures: DataStatementFailure[] = [];
    await runSteps(tolerant(sink, false, failures), [step("a1", [])], { createVersionTable: false });
    expect(sink.messages.flat()).not.toContain(SAVEPOINT);
    expect(sink.messages.flat()).toContain("CREATE TABLE u (id int)");
    expect(failures.map((failure) => failure.statement)).toEqual([FAILING]);
  });

  it("fail the revision when nobody asked to tolerate them (upgrade)", async () => {
    const sink = recordingSink(FAILING);
    const module = executes("CREATE TABLE t (id int)", FAILING);
    await expect(runSteps(runner(sink, { a1: module }), [step("a1", [])], { createVersionTable: false })).rejects.toThrow(MigrationError);
    expect(sink.messages.flat()).not.toContain(SAVEPOINT);
  });
});
