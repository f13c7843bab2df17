import { beforeEach, describe, expect, it } from "vitest";
import { rev, thrown } from "../../test/fixtures/revisions.js";
import { assertRowsMatchGraph } from "./applied-state.js";
import { buildRevisionGraph, type RevisionGraph } from "./graph.js";

// a1 <- b2 <- c3, and d4 on a branch from a1.
// Built before each test, not at module load (a broken graph builder then fails tests, not the import) nor once per
// file (Stryker counts work outside a test as static and reruns every test for it).
let GRAPH: RevisionGraph;
beforeEach(() => {
  GRAPH = buildRevisionGraph([rev("a1", null), rev("b2", "a1"), rev("c3", "b2"), rev("d4", "a1")]);
});
const SOURCE = { table: "retort_version", versionsDirectory: "migrations/versions" };

describe("assertRowsMatchGraph", () => {
  it("accepts rows that are heads of what is applied, on one branch or several", () => {
    expect(() => assertRowsMatchGraph(GRAPH, [], SOURCE)).not.toThrow();
    expect(() => assertRowsMatchGraph(GRAPH, ["c3"], SOURCE)).not.toThrow();
    expect(() => assertRowsMatchGraph(GRAPH, ["c3", "d4"], SOURCE)).not.toThrow();
  });

  it("refuses a row that is an ancestor of another row, naming both, ancestor first", () => {
    const error = thrown(() => assertRowsMatchGraph(GRAPH, ["c3", "a1"], SOURCE));
    expect(error.code).toBe("version_table_invalid");
    expect(error.message).toContain("it has rows a1 and c3, but a1 is an ancestor of c3");
    expect(error.hint).toContain("retort stamp --purge c3");
  });

  it("refuses a row no revision file defines, naming it and the folder", () => {
    const error = thrown(() => assertRowsMatchGraph(GRAPH, ["c3", "e5"], SOURCE));
    expect(error.code).toBe("unknown_revision");
    expect(error.message).toContain("the database is at revision e5");
    expect(error.message).toContain("no file in migrations/versions defines it");
  });
});
