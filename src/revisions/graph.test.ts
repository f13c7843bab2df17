import { beforeAll, describe, expect, it } from "vitest";
import { RevisionFileError, RevisionGraphError } from "../errors.js";
import { buildRevisionGraph, type RevisionGraph } from "./graph.js";
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
  beforeAll(() => {
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
