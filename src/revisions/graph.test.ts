import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { RevisionFileError, RevisionGraphError } from "../errors.js";
import { buildRevisionGraph, byId, type RevisionGraph } from "./graph.js";
import type { RevisionHeader } from "./revision.js";

function rev(revision: string, down: string | readonly string[] | null, extra: Partial<RevisionHeader> = {}): RevisionHeader {
  return Object.freeze({
    revision,
    downRevisions: Object.freeze(down === null ? [] : typeof down === "string" ? [down] : [...down]),
    branchLabels: Object.freeze([]),
    dependsOn: Object.freeze([]),
    message: `message of ${revision}`,
    path: `/app/migrations/versions/${revision}_x.ts`,
    ...extra,
  });
}

/** Alembic's branches documentation: account tree, shoppingcart branch, networking base depending on 55af. */
const DOCS = Object.freeze([
  rev("1975ea83b712", null),
  rev("ae1027a6acf", "1975ea83b712"),
  rev("27c6a30d7c24", "1975ea83b712", { branchLabels: ["shoppingcart"] }),
  rev("d747a8a8879", "27c6a30d7c24"),
  rev("55af2cb1c267", "ae1027a6acf"),
  rev("3cac04ae8714", null, { branchLabels: ["networking"] }),
  rev("109ec7d132bf", "3cac04ae8714"),
  rev("29f859a13ea", "109ec7d132bf"),
  rev("2a95102259be", "29f859a13ea", { dependsOn: ["55af2cb1c267"] }),
]);

function thrown(fn: () => unknown): RevisionGraphError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RevisionGraphError || error instanceof RevisionFileError) return error;
    throw error;
  }
  throw new Error("expected an error");
}

describe("buildRevisionGraph: queries", () => {
  let graph: RevisionGraph;
  beforeEach(() => {
    graph = buildRevisionGraph(DOCS);
  });

  it("finds heads, real heads, effective heads and bases", () => {
    expect(graph.heads).toEqual(["2a95102259be", "55af2cb1c267", "d747a8a8879"]);
    expect(graph.realHeads).toEqual(["2a95102259be", "d747a8a8879"]);
    expect(graph.isEffectiveHead("55af2cb1c267")).toBe(true);
    expect(graph.isEffectiveHead("2a95102259be")).toBe(false);
    expect(graph.isHead("55af2cb1c267")).toBe(false);
    expect(graph.isHead("d747a8a8879")).toBe(true);
    expect(graph.bases).toEqual(["1975ea83b712", "3cac04ae8714"]);
    expect(graph.realBases).toEqual(["1975ea83b712", "3cac04ae8714"]);
  });

  it("knows branch points, merge points, children and dependents", () => {
    expect(graph.isBranchPoint("1975ea83b712")).toBe(true);
    expect(graph.isBranchPoint("ae1027a6acf")).toBe(false);
    expect(graph.isMergePoint("2a95102259be")).toBe(false);
    expect(graph.children("1975ea83b712")).toEqual(["27c6a30d7c24", "ae1027a6acf"]);
    const n = graph.get("2a95102259be");
    expect(n.downRevisions).toEqual(["29f859a13ea"]);
    expect(n.dependsOn).toEqual(["55af2cb1c267"]);
    expect(n.parents).toEqual(["29f859a13ea", "55af2cb1c267"]);
    expect(graph.get("55af2cb1c267").dependents).toEqual(["2a95102259be"]);
    expect(graph.get("55af2cb1c267").allChildren).toEqual(["2a95102259be"]);
  });

  it("maps labels and propagates them like Alembic", () => {
    expect([...graph.labels]).toEqual([
      ["networking", "3cac04ae8714"],
      ["shoppingcart", "27c6a30d7c24"],
    ]);
    expect(graph.revisionForLabel("shoppingcart")).toBe("27c6a30d7c24");
    expect(graph.labelsOf("d747a8a8879")).toEqual(["shoppingcart"]);
    expect(graph.labelsOf("2a95102259be")).toEqual(["networking"]);
    expect(graph.labelsOf("1975ea83b712")).toEqual([]); // the branch point stops the propagation downwards
    expect(graph.labelsOf("ae1027a6acf")).toEqual([]);
  });

  it("labels the ancestors of a labelled revision up to the branch point", () => {
    const g = buildRevisionGraph([
      rev("a001", null),
      rev("a002", "a001"),
      rev("b001", "a002"),
      rev("c001", "a002"),
      rev("c002", "c001", { branchLabels: ["feature"] }),
    ]);
    expect(g.labelsOf("c001")).toEqual(["feature"]);
    expect(g.labelsOf("a002")).toEqual([]);
    expect(g.labelsOf("b001")).toEqual([]);
  });

  it("walks ancestors and descendants over both edges, or down revisions only", () => {
    expect(graph.ancestors(["2a95102259be"])).toEqual([
      "109ec7d132bf",
      "1975ea83b712",
      "29f859a13ea",
      "3cac04ae8714",
      "55af2cb1c267",
      "ae1027a6acf",
    ]);
    expect(graph.ancestors(["2a95102259be"], { dependencies: false })).toEqual(["109ec7d132bf", "29f859a13ea", "3cac04ae8714"]);
    expect(graph.descendants(["ae1027a6acf"], { inclusive: true })).toEqual(["2a95102259be", "55af2cb1c267", "ae1027a6acf"]);
    expect(graph.descendants(["ae1027a6acf"], { dependencies: false })).toEqual(["55af2cb1c267"]);
    // A start that is an ancestor of another start is kept without `inclusive`.
    expect(graph.ancestors(["ae1027a6acf", "55af2cb1c267"])).toEqual(["1975ea83b712", "ae1027a6acf"]);
  });

  it("orders newest first like Alembic's history, and oldest first for upgrades", () => {
    expect(graph.newestFirst).toEqual([
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
    expect(graph.topologicalOrder).toEqual([...graph.newestFirst].reverse());
  });

  it("finds ids by prefix", () => {
    expect(graph.idsWithPrefix("2")).toEqual(["27c6a30d7c24", "29f859a13ea", "2a95102259be"]);
    expect(graph.idsWithPrefix("d747")).toEqual(["d747a8a8879"]);
    expect(graph.idsWithPrefix("zz")).toEqual([]);
  });

  it("throws unknown_revision for get() of an unknown id", () => {
    const e = thrown(() => graph.get("nope1234"));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("Can't locate revision identified by 'nope1234'");
    expect(graph.has("nope1234")).toBe(false);
  });

  it("resolves dependsOn given as a branch label, and drops a dependency that is also a down revision", () => {
    const g = buildRevisionGraph([
      rev("a001", null, { branchLabels: ["core"] }),
      rev("b001", null),
      rev("b002", "b001", { dependsOn: ["core", "b001"] }),
    ]);
    expect(g.get("b002").dependsOn).toEqual(["a001"]);
    expect(g.heads).toEqual(["a001", "b002"]);
    expect(g.realHeads).toEqual(["b002"]);
    expect(g.realBases).toEqual(["a001", "b001"]);
  });

  it("handles an empty graph", () => {
    const g = buildRevisionGraph([]);
    expect(g.heads).toEqual([]);
    expect(g.topologicalOrder).toEqual([]);
    expect(g.size).toBe(0);
  });
});

describe("buildRevisionGraph: validation", () => {
  it("rejects a duplicate revision id, naming both files", () => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null), { ...rev("a001", null), path: "/m/versions/a001_other.ts" }]));
    expect(e.code).toBe("duplicate_revision");
    expect(e.message).toBe("Revision a001 is defined twice: in /app/migrations/versions/a001_x.ts and in /m/versions/a001_other.ts");
    expect(e.hint).toMatch(/new revision id/);
  });

  it("rejects a down revision that does not exist, naming the file and the id", () => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null), rev("b001", "zzz999")]));
    expect(e.code).toBe("missing_revision");
    expect(e.message).toBe(
      "Revision b001 (/app/migrations/versions/b001_x.ts) names zzz999 as its down revision, but no revision file defines zzz999",
    );
    expect(e.details).toMatchObject({ revision: "b001", missing: "zzz999" });
  });

  it("rejects a dependsOn that does not exist", () => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null, { dependsOn: ["nolabel"] })]));
    expect(e.code).toBe("missing_revision");
    expect(e.message).toContain("names nolabel as its dependency (dependsOn)");
    expect(e.hint).toContain("dependsOn in /app/migrations/versions/a001_x.ts");
  });

  it("rejects a cycle, naming its revisions and files", () => {
    const e = thrown(() =>
      buildRevisionGraph([
        rev("base01", null),
        rev("a001", ["base01", "c001"]),
        rev("b001", "a001"),
        rev("c001", "b001"),
        rev("d001", "c001"),
      ]),
    );
    expect(e.code).toBe("revision_cycle");
    expect(e.message).toMatch(/^Cycle detected in revisions: /);
    expect(new Set(e.details["revisions"] as string[])).toEqual(new Set(["a001", "b001", "c001"]));
    expect(e.message).toContain("/app/migrations/versions/b001_x.ts");
    expect(e.message).not.toContain("d001");
  });

  it("rejects a self-loop and a cycle through dependsOn", () => {
    expect(thrown(() => buildRevisionGraph([rev("a001", "a001")])).code).toBe("revision_cycle");
    const e = thrown(() => buildRevisionGraph([rev("a001", null, { dependsOn: ["b001"] }), rev("b001", "a001")]));
    expect(e.code).toBe("revision_cycle");
    expect(e.message).toBe(
      "Cycle detected in revisions: a001 -> b001 -> a001; files: a001 (/app/migrations/versions/a001_x.ts), b001 (/app/migrations/versions/b001_x.ts)",
    );
  });

  it("rejects a graph with no base at all as a cycle", () => {
    expect(thrown(() => buildRevisionGraph([rev("a001", "b001"), rev("b001", "a001")])).code).toBe("revision_cycle");
  });

  it("rejects a branch label used twice, or equal to a revision id", () => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null, { branchLabels: ["x"] }), rev("b001", null, { branchLabels: ["x"] })]));
    expect(e.code).toBe("duplicate_branch_label");
    expect(e.message).toBe(
      "Branch label 'x' of revision b001 (/app/migrations/versions/b001_x.ts) is already used by revision a001 (/app/migrations/versions/a001_x.ts)",
    );
    const f = thrown(() => buildRevisionGraph([rev("a001", null), rev("b001", null, { branchLabels: ["a001"] })]));
    expect(f.code).toBe("duplicate_branch_label");
  });

  it("rejects ids and labels that the target syntax cannot express", () => {
    expect(thrown(() => buildRevisionGraph([rev("a-1", null)])).code).toBe("revision_file_invalid");
    expect(thrown(() => buildRevisionGraph([rev("a001", null, { branchLabels: ["a@b"] })])).code).toBe("revision_file_invalid");
    expect(thrown(() => buildRevisionGraph([rev("a001", null, { branchLabels: ["heads"] })])).code).toBe("revision_file_invalid");
  });

  it("does not mutate its input (frozen headers build fine)", () => {
    const input = Object.freeze([...DOCS]);
    const before = JSON.stringify(input);
    buildRevisionGraph(input);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("buildRevisionGraph: errors as users read them", () => {
  type Case = readonly [what: string, headers: () => readonly RevisionHeader[], code: string, message: string, hint: string];
  const cases: readonly Case[] = [
    [
      "a duplicate revision id",
      () => [rev("a001", null), { ...rev("a001", null), path: "/app/migrations/versions/a001_again.ts" }],
      "duplicate_revision",
      "Revision a001 is defined twice: in /app/migrations/versions/a001_again.ts and in /app/migrations/versions/a001_x.ts",
      "Give one of the two files a new revision id (and point any downRevision meant for it at the new id), or delete the duplicate.",
    ],
    [
      "a missing down revision",
      () => [rev("b001", "zzz999")],
      "missing_revision",
      "Revision b001 (/app/migrations/versions/b001_x.ts) names zzz999 as its down revision, but no revision file defines zzz999",
      "Restore the revision file for zzz999, or correct downRevision in /app/migrations/versions/b001_x.ts.",
    ],
    [
      "a missing dependency",
      () => [rev("a001", null, { dependsOn: ["nolabel"] })],
      "missing_revision",
      "Revision a001 (/app/migrations/versions/a001_x.ts) names nolabel as its dependency (dependsOn), but no revision file defines nolabel",
      "Restore the revision file for nolabel, or correct dependsOn in /app/migrations/versions/a001_x.ts.",
    ],
    [
      "a cycle, reported from its smallest id",
      () => [rev("base01", null), rev("c001", ["base01", "b001"]), rev("b001", "a001"), rev("a001", "c001")],
      "revision_cycle",
      "Cycle detected in revisions: a001 -> b001 -> c001 -> a001; files: a001 (/app/migrations/versions/a001_x.ts), b001 (/app/migrations/versions/b001_x.ts), c001 (/app/migrations/versions/c001_x.ts)",
      "A revision cannot be its own ancestor: fix downRevision or dependsOn in one of these files so the chain ends at a base.",
    ],
    [
      "a label used twice",
      () => [rev("a001", null, { branchLabels: ["x"] }), rev("b001", null, { branchLabels: ["x"] })],
      "duplicate_branch_label",
      "Branch label 'x' of revision b001 (/app/migrations/versions/b001_x.ts) is already used by revision a001 (/app/migrations/versions/a001_x.ts)",
      "A branch label names one revision: remove it from one of the files or rename it.",
    ],
    [
      "a label equal to another revision's id",
      () => [rev("a001", null), rev("b001", null, { branchLabels: ["a001"] })],
      "duplicate_branch_label",
      "Branch label 'a001' of revision b001 (/app/migrations/versions/b001_x.ts) is the id of revision a001 (/app/migrations/versions/a001_x.ts)",
      "A branch label names one revision: remove it from one of the files or rename it.",
    ],
    [
      "an id with a character targets reserve",
      () => [rev("a+1", null)],
      "revision_file_invalid",
      "Revision id 'a+1' in /app/migrations/versions/a+1_x.ts is not valid: ids cannot be empty or contain '@', ':', '+', '-' or spaces",
      "Rename the revision (its `revision` export and the file name) to letters, digits and underscores, e.g. 12 hex digits.",
    ],
    [
      "a reserved label",
      () => [rev("a001", null, { branchLabels: ["current"] })],
      "revision_file_invalid",
      "Branch label 'current' of revision a001 (/app/migrations/versions/a001_x.ts) is not valid: labels cannot be empty, contain '@', ':' or spaces, or be one of head, heads, base, current",
      "Choose another branch label in that file.",
    ],
  ];

  it.each(cases)("%s", (_what, headers, code, message, hint) => {
    const e = thrown(() => buildRevisionGraph(headers()));
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.hint).toBe(hint);
  });

  it("names an unknown revision asked of the graph", () => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null)]).get("b001"));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("Can't locate revision identified by 'b001'");
    expect(e.hint).toBe("Run `retort history` to list the revisions that exist.");
  });

  it("lets a label equal its own revision's id", () => {
    expect(buildRevisionGraph([rev("a001", null, { branchLabels: ["a001"] })]).revisionForLabel("a001")).toBe("a001");
  });
});

describe("buildRevisionGraph: edges and orders that input order must not change", () => {
  it("sorts children, dependents and allChildren by id whatever the order of the files", () => {
    const g = buildRevisionGraph([
      rev("base", null),
      rev("zz01", "base"),
      rev("mm01", "base"),
      rev("yy01", null, { dependsOn: ["base"] }),
      rev("aa01", null, { dependsOn: ["base"] }),
    ]);
    const n = g.get("base");
    expect(n.children).toEqual(["mm01", "zz01"]);
    expect(n.dependents).toEqual(["aa01", "yy01"]);
    expect(n.allChildren).toEqual(["aa01", "mm01", "yy01", "zz01"]);
  });

  it("keeps a revision that is both child and dependent once in allChildren", () => {
    const g = buildRevisionGraph([rev("a001", null, { branchLabels: ["core"] }), rev("b001", "a001", { dependsOn: ["a001"] })]);
    expect(g.get("a001").children).toEqual(["b001"]);
    expect(g.get("a001").dependents).toEqual([]);
    expect(g.get("a001").allChildren).toEqual(["b001"]);
  });

  it("resolves a dependency named by id and by label once", () => {
    const g = buildRevisionGraph([
      rev("a001", null, { branchLabels: ["core"] }),
      rev("b001", null),
      rev("b002", "b001", { dependsOn: ["core", "a001", "a001"] }),
    ]);
    expect(g.get("b002").dependsOn).toEqual(["a001"]);
    expect(g.get("b002").parents).toEqual(["b001", "a001"]);
    expect(g.get("a001").dependents).toEqual(["b002"]);
  });

  it("keeps a merge's down revisions in declared order, once each", () => {
    const g = buildRevisionGraph([rev("a001", null), rev("b001", null), rev("m001", ["b001", "a001", "b001"])]);
    expect(g.get("m001").downRevisions).toEqual(["b001", "a001"]);
    expect(g.get("a001").children).toEqual(["m001"]);
    expect(g.isMergePoint("m001")).toBe(true);
    expect(g.isMergePoint("a001")).toBe(false);
    expect(g.isBranchPoint("a001")).toBe(false);
  });

  it("tells effective heads from revisions that have children as well as dependents", () => {
    const g = buildRevisionGraph([rev("a001", null), rev("a002", "a001"), rev("b001", null, { dependsOn: ["a001"] })]);
    expect(g.isEffectiveHead("a001")).toBe(false);
    expect(g.isHead("a001")).toBe(false);
    expect(g.heads).toEqual(["a002", "b001"]);
    expect(g.realHeads).toEqual(["a002", "b001"]);
    expect(g.bases).toEqual(["a001", "b001"]);
    expect(g.realBases).toEqual(["a001"]);
  });

  it("exposes its size and sorted ids", () => {
    const g = buildRevisionGraph([rev("c001", null), rev("a001", "c001"), rev("b001", "c001")]);
    expect(g.size).toBe(3);
    expect(g.ids).toEqual(["a001", "b001", "c001"]);
    expect(g.has("a001")).toBe(true);
    expect(g.children("c001")).toEqual(["a001", "b001"]);
    expect(g.isBranchPoint("c001")).toBe(true);
  });

  it("orders history newest first: tips by id, one branch down before the next, merge parents in declared order", () => {
    const g = buildRevisionGraph([
      rev("r0", null),
      rev("x1", "r0"),
      rev("x2", "x1"),
      rev("b1", "r0"),
      rev("m1", ["x2", "b1"]),
      rev("t1", "r0"),
    ]);
    expect(g.newestFirst).toEqual(["m1", "x2", "x1", "b1", "t1", "r0"]);
    expect(g.topologicalOrder).toEqual(["r0", "t1", "b1", "x1", "x2", "m1"]);
  });

  it("visits each revision once in a traversal (a ladder of merges has exponentially many paths)", () => {
    const headers: RevisionHeader[] = [rev("l000", null)];
    let below = "l000";
    for (let i = 1; i <= 40; i++) {
      const left = `l${String(i).padStart(3, "0")}a`;
      const right = `l${String(i).padStart(3, "0")}b`;
      const join = `l${String(i).padStart(3, "0")}m`;
      headers.push(rev(left, below), rev(right, below), rev(join, [left, right]));
      below = join;
    }
    const g = buildRevisionGraph(headers);
    expect(g.ancestors([below])).toHaveLength(headers.length - 1);
    expect(g.descendants(["l000"])).toHaveLength(headers.length - 1);
    expect(g.ancestors([below], { dependencies: false, inclusive: true })).toHaveLength(headers.length);
  });
});

describe("RevisionGraph queries at their edges", () => {
  it("finds an exact id by prefix, and ids sharing a prefix that is itself an id", () => {
    const g = buildRevisionGraph([rev("ab", null), rev("abc", "ab"), rev("abd", "ab"), rev("b", "abc"), rev("aa", null)]);
    expect(g.idsWithPrefix("ab")).toEqual(["ab", "abc", "abd"]);
    expect(g.idsWithPrefix("abc")).toEqual(["abc"]);
    expect(g.idsWithPrefix("a")).toEqual(["aa", "ab", "abc", "abd"]);
    expect(g.idsWithPrefix("b")).toEqual(["b"]);
    expect(g.idsWithPrefix("c")).toEqual([]);
    expect(g.idsWithPrefix("")).toEqual(["aa", "ab", "abc", "abd", "b"]);
    expect(g.idsWithPrefix("0")).toEqual([]);
  });

  it("finds every id by each of its prefixes on graphs of any size", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[0-9a-c]{1,4}$/), { minLength: 1, maxLength: 40 }), (ids) => {
        const g = buildRevisionGraph(ids.map((id) => rev(id, null)));
        for (const id of ids) {
          for (let n = 0; n <= id.length; n++) {
            const prefix = id.slice(0, n);
            expect(g.idsWithPrefix(prefix)).toEqual(ids.filter((other) => other.startsWith(prefix)).sort(byId));
          }
        }
      }),
    );
  });

  it("sorts by code unit, not by locale", () => {
    expect(byId("a", "b")).toBe(-1);
    expect(byId("b", "a")).toBe(1);
    expect(byId("a", "a")).toBe(0);
    expect(byId("B", "a")).toBe(-1);
    expect(["b", "a", "B", "a1"].sort(byId)).toEqual(["B", "a", "a1", "b"]);
  });

  it("throws unknown_revision from every per-revision query", () => {
    const g = buildRevisionGraph([rev("a001", null, { branchLabels: ["core"] })]);
    for (const query of [
      () => g.labelsOf("zz01"),
      () => g.isHead("zz01"),
      () => g.isEffectiveHead("zz01"),
      () => g.isBranchPoint("zz01"),
      () => g.isMergePoint("zz01"),
      () => g.children("zz01"),
      () => g.ancestors(["zz01"]),
      () => g.descendants(["a001", "zz01"], { inclusive: true }),
    ]) {
      const e = thrown(query);
      expect(e.code).toBe("unknown_revision");
      expect(e.message).toBe("Can't locate revision identified by 'zz01'");
    }
    expect(thrown(() => g.get("zz01")).details).toEqual({ revision: "zz01" });
    expect(g.revisionForLabel("nolabel")).toBeUndefined();
  });

  it("keeps start revisions out of a traversal unless inclusive, in both directions", () => {
    const g = buildRevisionGraph([rev("a001", null), rev("a002", "a001"), rev("a003", "a002")]);
    expect(g.ancestors(["a002"])).toEqual(["a001"]);
    expect(g.ancestors(["a002"], { inclusive: true })).toEqual(["a001", "a002"]);
    expect(g.descendants(["a002"])).toEqual(["a003"]);
    expect(g.descendants(["a002"], { inclusive: true })).toEqual(["a002", "a003"]);
    expect(g.descendants(["a001", "a002"])).toEqual(["a002", "a003"]);
    expect(g.ancestors([])).toEqual([]);
  });
});

describe("branch label propagation", () => {
  it("stops going down at a merge point, and at a revision with a dependent besides its child", () => {
    const g = buildRevisionGraph([
      rev("m000", null),
      rev("n000", null),
      rev("m001", ["m000", "n000"]),
      rev("m002", "m001"),
      rev("m003", "m002", { branchLabels: ["merged"] }),
      rev("d000", null),
      rev("d001", "d000"),
      rev("d002", "d001", { branchLabels: ["dep"] }),
      rev("x001", null, { dependsOn: ["d001"] }),
    ]);
    expect(g.labelsOf("m003")).toEqual(["merged"]);
    expect(g.labelsOf("m002")).toEqual(["merged"]);
    expect(g.labelsOf("m001")).toEqual([]);
    expect(g.labelsOf("m000")).toEqual([]);
    expect(g.labelsOf("d002")).toEqual(["dep"]);
    expect(g.labelsOf("d001")).toEqual([]);
    expect(g.labelsOf("x001")).toEqual([]);
  });

  it("gives a revision every label that reaches it, sorted, and labels descendants but not dependents", () => {
    const g = buildRevisionGraph([
      rev("a001", null, { branchLabels: ["zeta"] }),
      rev("a002", "a001", { branchLabels: ["alpha"] }),
      rev("a003", "a002"),
      rev("b001", null, { dependsOn: ["a002"] }),
    ]);
    expect(g.labelsOf("a003")).toEqual(["alpha", "zeta"]);
    expect(g.labelsOf("a001")).toEqual(["alpha", "zeta"]); // alpha reaches down to its parent on a plain line
    expect(g.labelsOf("b001")).toEqual([]);
    expect([...g.labels.keys()]).toEqual(["alpha", "zeta"]);
  });
});

describe("buildRevisionGraph: validation at its edges", () => {
  it.each(["", "a@1", "a:1", "a 1", "a\t1", "a-1", "a+1"])("rejects the revision id %j", (id) => {
    const e = thrown(() => buildRevisionGraph([rev(id, null)]));
    expect(e.code).toBe("revision_file_invalid");
    expect(e.message).toBe(
      `Revision id '${id}' in /app/migrations/versions/${id}_x.ts is not valid: ids cannot be empty or contain '@', ':', '+', '-' or spaces`,
    );
    expect(e.details).toEqual({ revision: id, path: `/app/migrations/versions/${id}_x.ts` });
  });

  it.each(["a_1", "A1", "1975ea83b712", "x.y"])("accepts the revision id %j", (id) => {
    expect(buildRevisionGraph([rev(id, null)]).ids).toEqual([id]);
  });

  it.each(["", "a@b", "a:b", "a b", "head", "heads", "base", "current"])("rejects the branch label %j", (label) => {
    const e = thrown(() => buildRevisionGraph([rev("a001", null, { branchLabels: [label] })]));
    expect(e.code).toBe("revision_file_invalid");
    expect(e.message).toBe(
      `Branch label '${label}' of revision a001 (/app/migrations/versions/a001_x.ts) is not valid: labels cannot be empty, contain '@', ':' or spaces, or be one of head, heads, base, current`,
    );
    expect(e.details).toEqual({ revision: "a001", label, path: "/app/migrations/versions/a001_x.ts" });
  });

  it.each(["v-2", "release+1", "Head", "heads2", "my.label"])("accepts the branch label %j", (label) => {
    expect(buildRevisionGraph([rev("a001", null, { branchLabels: [label] })]).revisionForLabel(label)).toBe("a001");
  });

  it("reports a label used twice against the smaller id, whatever the order of the files", () => {
    const e = thrown(() => buildRevisionGraph([rev("b001", null, { branchLabels: ["x"] }), rev("a001", null, { branchLabels: ["x"] })]));
    expect(e.message).toBe(
      "Branch label 'x' of revision b001 (/app/migrations/versions/b001_x.ts) is already used by revision a001 (/app/migrations/versions/a001_x.ts)",
    );
    expect(e.details).toEqual({
      label: "x",
      revision: "b001",
      path: "/app/migrations/versions/b001_x.ts",
      otherRevision: "a001",
      otherPath: "/app/migrations/versions/a001_x.ts",
    });
  });

  it("lists labels sorted by label, whatever the order of the revisions declaring them", () => {
    const g = buildRevisionGraph([rev("a001", null, { branchLabels: ["zeta", "beta"] }), rev("b001", null, { branchLabels: ["alpha"] })]);
    expect([...g.labels]).toEqual([
      ["alpha", "b001"],
      ["beta", "a001"],
      ["zeta", "a001"],
    ]);
  });

  it("reports a duplicate id with details, and a missing revision with details", () => {
    const e = thrown(() =>
      buildRevisionGraph([
        { ...rev("a001", null), path: "/z/a001.ts" },
        { ...rev("a001", null), path: "/b/a001.ts" },
      ]),
    );
    expect(e.details).toEqual({ revision: "a001", paths: ["/b/a001.ts", "/z/a001.ts"] });
    const m = thrown(() => buildRevisionGraph([rev("a001", null, { dependsOn: ["gone"] })]));
    expect(m.details).toEqual({ revision: "a001", path: "/app/migrations/versions/a001_x.ts", missing: "gone" });
  });

  it("reports a cycle entered from below at its smallest id, with its files in details", () => {
    // 000 is an ancestor of the cycle c1 -> a1 -> b1 -> c1 and is reached first; the walk enters the cycle at c1.
    const e = thrown(() => buildRevisionGraph([rev("000", null), rev("c1", ["000", "b1"]), rev("a1", "c1"), rev("b1", "a1")]));
    expect(e.code).toBe("revision_cycle");
    expect(e.message).toBe(
      "Cycle detected in revisions: a1 -> b1 -> c1 -> a1; files: a1 (/app/migrations/versions/a1_x.ts), b1 (/app/migrations/versions/b1_x.ts), c1 (/app/migrations/versions/c1_x.ts)",
    );
    expect(e.details).toEqual({
      revisions: ["a1", "b1", "c1"],
      paths: ["/app/migrations/versions/a1_x.ts", "/app/migrations/versions/b1_x.ts", "/app/migrations/versions/c1_x.ts"],
    });
  });

  it("reports a self-loop as a one-revision cycle", () => {
    const e = thrown(() => buildRevisionGraph([rev("0000", null), rev("a000", null), rev("a001", ["a000", "a001"])]));
    expect(e.message).toBe("Cycle detected in revisions: a001 -> a001; files: a001 (/app/migrations/versions/a001_x.ts)");
  });

  it("builds any acyclic graph, every revision after its parents in topological order", () => {
    const dags = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 }).map((draws) =>
      draws.map(([a, b, d], i) => {
        const id = `r${String(i).padStart(2, "0")}`;
        const parent = (k: number): string => `r${String(k % i).padStart(2, "0")}`;
        const down = i === 0 || a % 4 === 0 ? [] : [...new Set([parent(a), ...(b % 3 === 0 ? [parent(b)] : [])])];
        return rev(id, down.length === 0 ? null : down, { dependsOn: i > 0 && d % 5 === 0 ? [parent(d)] : [] });
      }),
    );
    fc.assert(
      fc.property(dags, fc.boolean(), (headers, reversed) => {
        const g = buildRevisionGraph(reversed ? [...headers].reverse() : headers);
        const position = new Map(g.topologicalOrder.map((id, i) => [id, i]));
        expect(g.topologicalOrder).toHaveLength(headers.length);
        for (const id of g.ids) {
          for (const p of g.get(id).parents) expect(position.get(p) as number).toBeLessThan(position.get(id) as number);
        }
        expect(g.realHeads).toEqual(g.ids.filter((id) => g.descendants([id]).length === 0));
        expect(g.realBases).toEqual(g.ids.filter((id) => g.ancestors([id]).length === 0));
      }),
    );
  });
});
