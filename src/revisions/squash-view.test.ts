import { describe, expect, it } from "vitest";
import { RevisionGraphError } from "../errors.js";
import { buildRevisionGraph } from "./graph.js";
import type { RevisionHeader } from "./revision.js";
import { selectRevisions } from "./squash-view.js";

function h(revision: string, down: string | readonly string[] | null, extra: Partial<RevisionHeader> = {}): RevisionHeader {
  const downRevisions = down === null ? [] : typeof down === "string" ? [down] : down;
  return { revision, downRevisions, branchLabels: [], dependsOn: [], message: revision, path: `/v/${revision}.ts`, ...extra };
}

function ids(headers: readonly RevisionHeader[]): string[] {
  return headers.map((header) => header.revision).sort();
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof RevisionGraphError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("did not throw");
}

describe("selectRevisions", () => {
  // a -> b -> c -> d -> e, s squashes b..d (its parent is a); e builds on d.
  let chain: RevisionHeader[];
  let squash: RevisionHeader;
  const setUp = () => {
    squash = h("s", "a", { replaces: ["b", "c", "d"] });
    chain = [h("a", null), h("b", "a"), h("c", "b"), h("d", "c"), h("e", "d"), squash];
  };

  it("returns the headers and rows as they are when nothing is squashed", () => {
    const headers = [h("a", null), h("b", "a")];
    const view = selectRevisions(headers, ["b"]);
    expect(view.headers).toBe(headers);
    expect(view.rows).toEqual(["b"]);
    expect(view.renamedRows).toEqual([]);
    expect(view.squashes).toEqual([]);
  });

  it("uses the squashed revision for a new database: the replaced ones are left out and END's children build on it", () => {
    setUp();
    const view = selectRevisions(chain, []);
    expect(ids(view.headers)).toEqual(["a", "e", "s"]);
    expect(view.headers.find((x) => x.revision === "e")?.downRevisions).toEqual(["s"]);
    expect(view.headers.find((x) => x.revision === "s")).toBe(squash);
    expect(view.squashes).toEqual([{ revision: "s", replaces: ["b", "c", "d"], uses: "squashed", originalsPresent: true }]);
    const graph = buildRevisionGraph(view.headers);
    expect(graph.topologicalOrder).toEqual(["a", "s", "e"]);
  });

  it("uses the squashed revision for a database below the range or past it", () => {
    setUp();
    expect(ids(selectRevisions(chain, ["a"]).headers)).toEqual(["a", "e", "s"]);
    expect(ids(selectRevisions(chain, ["e"]).headers)).toEqual(["a", "e", "s"]);
    expect(ids(selectRevisions(chain, ["s"]).headers)).toEqual(["a", "e", "s"]);
    expect(selectRevisions(chain, ["e"]).rows).toEqual(["e"]);
  });

  it.each([["b"], ["c"], ["d"]])("uses the replaced revisions for a database at %s, inside the range or at its end", (row) => {
    setUp();
    const view = selectRevisions(chain, [row]);
    expect(ids(view.headers)).toEqual(["a", "b", "c", "d", "e"]);
    expect(view.headers.find((x) => x.revision === "e")?.downRevisions).toEqual(["d"]);
    expect(view.rows).toEqual([row]);
    expect(view.renamedRows).toEqual([]);
    expect(view.squashes).toEqual([{ revision: "s", replaces: ["b", "c", "d"], uses: "originals", originalsPresent: true }]);
  });

  it("uses the replaced revisions when a target names one of them, also for a new database", () => {
    setUp();
    expect(ids(selectRevisions(chain, [], ["c"]).headers)).toEqual(["a", "b", "c", "d", "e"]);
    expect(ids(selectRevisions(chain, ["a"], ["x", "d"]).headers)).toEqual(["a", "b", "c", "d", "e"]);
    expect(ids(selectRevisions(chain, [], ["a", "e"]).headers)).toEqual(["a", "e", "s"]);
  });

  it("reads a database at the squashed revision as at END when a target names a replaced revision", () => {
    setUp();
    const view = selectRevisions(chain, ["s"], ["c"]);
    expect(ids(view.headers)).toEqual(["a", "b", "c", "d", "e"]);
    expect(view.rows).toEqual(["d"]);
    expect(view.renamedRows).toEqual([{ from: "s", to: "d" }]);
  });

  it("refuses rows naming both the squashed revision and one it replaces", () => {
    setUp();
    expect(codeOf(() => selectRevisions(chain, ["s", "c"]))).toMatch(/^version_table_invalid: .*rows s and c/);
  });

  describe("once the replaced files are deleted", () => {
    let rest: RevisionHeader[];
    const setUpDeleted = () => {
      setUp();
      rest = chain.filter((x) => !["b", "c", "d"].includes(x.revision));
    };

    it("always uses the squashed revision, END's children naming it through `replaces`", () => {
      setUpDeleted();
      const view = selectRevisions(rest, []);
      expect(ids(view.headers)).toEqual(["a", "e", "s"]);
      expect(view.headers.find((x) => x.revision === "e")?.downRevisions).toEqual(["s"]);
      expect(view.squashes).toEqual([{ revision: "s", replaces: ["b", "c", "d"], uses: "squashed", originalsPresent: false }]);
      expect(buildRevisionGraph(view.headers).heads).toEqual(["e"]);
    });

    it("reads a row naming END as the squashed revision, and asks for the table to be rewritten", () => {
      setUpDeleted();
      const view = selectRevisions(rest, ["d"]);
      expect(view.rows).toEqual(["s"]);
      expect(view.renamedRows).toEqual([{ from: "d", to: "s" }]);
    });

    it("keeps other rows as they are", () => {
      setUpDeleted();
      const view = selectRevisions(rest, ["e"]);
      expect(view.rows).toEqual(["e"]);
      expect(view.renamedRows).toEqual([]);
    });

    it.each([["b"], ["c"]])("refuses a database at %s, inside the range", (row) => {
      setUpDeleted();
      expect(codeOf(() => selectRevisions(rest, [row]))).toMatch(
        new RegExp(`^squashed_revision_deleted: The database is at revision ${row}, which squashed revision s \\(/v/s.ts\\) replaces`),
      );
    });

    it("renames dependencies on a replaced revision too", () => {
      setUpDeleted();
      const view = selectRevisions([...rest, h("x", null, { dependsOn: ["d", "a"] })], []);
      expect(view.headers.find((x) => x.revision === "x")?.dependsOn).toEqual(["s", "a"]);
    });

    it("merges two parents that both become the squashed revision", () => {
      setUpDeleted();
      const view = selectRevisions([...rest, h("m", ["d", "b"])], []);
      expect(view.headers.find((x) => x.revision === "m")?.downRevisions).toEqual(["s"]);
    });
  });

  it("refuses a squash whose replaced files only partly exist", () => {
    setUp();
    const headers = chain.filter((x) => x.revision !== "c");
    expect(codeOf(() => selectRevisions(headers, []))).toBe(
      "squash_incomplete: Squashed revision s (/v/s.ts) replaces b, c, d, but only some of their files exist: c is missing.",
    );
    expect(
      codeOf(() =>
        selectRevisions(
          headers.filter((x) => x.revision !== "b"),
          [],
        ),
      ),
    ).toMatch(/b, c are missing\.$/);
  });

  describe("refuses a squash that is not a chain", () => {
    it("whose first replaced revision has another parent", () => {
      setUp();
      const headers = [...chain.filter((x) => x.revision !== "s"), h("s", null, { replaces: ["b", "c", "d"] })];
      expect(codeOf(() => selectRevisions(headers, []))).toBe(
        "squash_invalid: Squashed revision s (/v/s.ts) replaces b, whose parent is a, not no parent (a base).",
      );
    });

    it("whose first replaced revision is a base while the squash has a parent", () => {
      const headers = [h("a", null), h("b", null), h("s", "a", { replaces: ["b"] })];
      expect(codeOf(() => selectRevisions(headers, []))).toBe(
        "squash_invalid: Squashed revision s (/v/s.ts) replaces b, whose parent is none (a base), not a.",
      );
    });

    it("whose replaced revisions are out of order", () => {
      setUp();
      const headers = [...chain.filter((x) => x.revision !== "s"), h("s", "a", { replaces: ["b", "d", "c"] })];
      expect(codeOf(() => selectRevisions(headers, []))).toMatch(/replaces d, whose parent is c, not b\.$/);
    });

    it("with a branch off a revision inside", () => {
      setUp();
      expect(codeOf(() => selectRevisions([...chain, h("x", "c")], []))).toMatch(/replaces c, on which x \(\/v\/x.ts\) also builds\.$/);
      expect(codeOf(() => selectRevisions([...chain, h("y", null, { dependsOn: ["b"] })], []))).toMatch(
        /replaces b, on which y \(\/v\/y.ts\) also builds\.$/,
      );
    });

    it("allows any children of the last replaced revision", () => {
      setUp();
      expect(ids(selectRevisions([...chain, h("x", "d")], []).headers)).toEqual(["a", "e", "s", "x"]);
    });

    it("with a replaced revision that has dependencies or branch labels", () => {
      setUp();
      const deps = chain.map((x) => (x.revision === "c" ? { ...x, dependsOn: ["a"] } : x));
      expect(codeOf(() => selectRevisions(deps, []))).toMatch(/replaces c, which has dependencies \(dependsOn\)\.$/);
      const labels = chain.map((x) => (x.revision === "c" ? { ...x, branchLabels: ["net"] } : x));
      expect(codeOf(() => selectRevisions(labels, []))).toMatch(/replaces c, which has branch labels\.$/);
    });

    it("a merge parent set given in another order is the same parents", () => {
      const headers = [h("a", null), h("z", null), h("b", ["a", "z"]), h("s", ["z", "a"], { replaces: ["b"] })];
      expect(ids(selectRevisions(headers, []).headers)).toEqual(["a", "s", "z"]);
      const wrong = [h("a", null), h("z", null), h("b", ["a", "z"]), h("s", ["a"], { replaces: ["b"] })];
      expect(codeOf(() => selectRevisions(wrong, []))).toMatch(/replaces b, whose parent is a, z, not a\.$/);
    });
  });

  it("refuses a revision replaced twice, a squash replacing itself or another squash", () => {
    setUp();
    expect(codeOf(() => selectRevisions([...chain, h("t", "a", { replaces: ["b"] })], []))).toBe(
      "squash_invalid: Squashed revision t (/v/t.ts) replaces b, which s (/v/s.ts) replaces too.",
    );
    expect(codeOf(() => selectRevisions([h("a", null), h("s", null, { replaces: ["s"] })], []))).toMatch(
      /s \(\/v\/s.ts\) replaces itself\.$/,
    );
    expect(codeOf(() => selectRevisions([...chain, h("t", "a", { replaces: ["s"] })], []))).toMatch(
      /replaces s, which is a squashed revision itself\.$/,
    );
  });

  it("handles two squashes independently", () => {
    const headers = [
      h("a", null),
      h("b", "a"),
      h("c", "b"),
      h("d", "c"),
      h("s1", null, { replaces: ["a", "b"] }),
      h("s2", "b", { replaces: ["c", "d"] }),
    ];
    // At b: s1's originals (the row names b); s2 is below nothing applied yet, so s2 is used.
    const view = selectRevisions(headers, ["b"]);
    expect(ids(view.headers)).toEqual(["a", "b", "s2"]);
    expect(view.squashes.map((x) => x.uses)).toEqual(["originals", "squashed"]);
    // A new database: both squashes, s2 built on s1.
    const fresh = selectRevisions(headers, []);
    expect(ids(fresh.headers)).toEqual(["s1", "s2"]);
    expect(fresh.headers.find((x) => x.revision === "s2")?.downRevisions).toEqual(["s1"]);
  });
});
