import { beforeEach, describe, expect, it } from "vitest";
import { DOCS_HEADERS, MERGED_HEADERS } from "../../test/fixtures/revisions.js";
import { RevisionGraphError } from "../errors.js";
import { buildRevisionGraph, type RevisionGraph } from "./graph.js";
import { iterateHistory } from "./plan.js";
import type { RevisionHeader } from "./revision.js";
import { parseRange } from "./target-syntax.js";

// Built before each test, not at module load (a broken graph builder then fails tests, not the import) nor once per
// file (Stryker counts work outside a test as static and reruns every test for it).
let DOCS: RevisionGraph;
let MERGED: RevisionGraph;
beforeEach(() => {
  DOCS = buildRevisionGraph(DOCS_HEADERS);
  MERGED = buildRevisionGraph(MERGED_HEADERS);
});

describe("iterateHistory", () => {
  it("lists a merge like Alembic's docs", () => {
    expect(iterateHistory(MERGED, undefined, [])).toEqual(["53fffde5ad5", "ae1027a6acf", "27c6a30d7c24", "1975ea83b712"]);
  });

  it("lists the whole graph newest first, one branch at a time", () => {
    expect(iterateHistory(DOCS, undefined, [])).toEqual([
      "2a95102259be",
      "29f859a13ea",
      "109ec7d132bf",
      "3cac04ae8714",
      "55af2cb1c267",
      "ae1027a6acf",
      "d747a8a8879",
      "27c6a30d7c24",
      "1975ea83b712",
    ]);
  });

  it("matches Alembic's docs for :networking@head (dependencies included) and networking@base:", () => {
    expect(iterateHistory(DOCS, parseRange(":networking@head"), [])).toEqual([
      "2a95102259be",
      "29f859a13ea",
      "109ec7d132bf",
      "3cac04ae8714",
      "55af2cb1c267",
      "ae1027a6acf",
      "1975ea83b712",
    ]);
    expect(iterateHistory(DOCS, parseRange("networking@base:"), [])).toEqual([
      "2a95102259be",
      "29f859a13ea",
      "109ec7d132bf",
      "3cac04ae8714",
    ]);
  });

  it("bounds by START: a label's own revisions, a shared base, and `current`", () => {
    expect(iterateHistory(DOCS, parseRange("shoppingcart:"), [])).toEqual(["d747a8a8879", "27c6a30d7c24"]);
    expect(iterateHistory(DOCS, parseRange(":shoppingcart@head"), [])).toEqual(["d747a8a8879", "27c6a30d7c24", "1975ea83b712"]);
    // The shared base: everything reverting it would revert, including the revision that depends on 55af.
    expect(iterateHistory(DOCS, parseRange("shoppingcart@base:"), [])).toEqual([
      "2a95102259be",
      "55af2cb1c267",
      "ae1027a6acf",
      "d747a8a8879",
      "27c6a30d7c24",
      "1975ea83b712",
    ]);
    expect(iterateHistory(DOCS, parseRange("current:"), ["ae1027a6acf"])).toEqual(["2a95102259be", "55af2cb1c267", "ae1027a6acf"]);
    expect(iterateHistory(DOCS, parseRange("current:"), [])).toHaveLength(9);
    expect(iterateHistory(DOCS, parseRange("1975:ae10"), [])).toEqual(["ae1027a6acf", "1975ea83b712"]);
    expect(iterateHistory(DOCS, parseRange(":base"), [])).toEqual([]);
  });

  it("rejects a START that is not below END, and a malformed range", () => {
    let error: unknown;
    try {
      iterateHistory(DOCS, parseRange("d747:ae10"), []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RevisionGraphError);
    expect((error as RevisionGraphError).code).toBe("invalid_target");
    expect((error as RevisionGraphError).message).toBe(
      "Requested range d747:ae10 does not refer to ancestor/descendant revisions along the same branch",
    );
    expect((error as RevisionGraphError).hint).toBe("START must be an ancestor of END; `retort history` without -r shows the whole graph.");
    expect((error as RevisionGraphError).details).toEqual({ range: "d747:ae10", start: ["d747a8a8879"], end: ["ae1027a6acf"] });
    expect(() => iterateHistory(DOCS, parseRange("heads"), [])).toThrow(/History range requires/);
  });
});
