import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { rev, DOCS_HEADERS, MERGED_HEADERS, thrown } from "../../test/fixtures/revisions.js";
import { RevisionGraphError } from "../errors.js";
import { buildRevisionGraph, type RevisionGraph } from "./graph.js";
import type { RevisionHeader } from "./revision.js";
import { parseTarget, type Target } from "./target-syntax.js";
import { basesOf, resolveDowngradeTarget, resolveRevisions, resolveUpgradeTarget } from "./targets.js";

// Built before each test, not at module load (a broken graph builder then fails tests, not the import) nor once per
// file (Stryker counts work outside a test as static and reruns every test for it).
let LINEAR: RevisionGraph;
let DOCS: RevisionGraph;
let MERGED: RevisionGraph;
beforeEach(() => {
  LINEAR = buildRevisionGraph([
    rev("aaaa0001", null),
    rev("aaaa0002", "aaaa0001"),
    rev("aaaa0003", "aaaa0002"),
    rev("aaaa0004", "aaaa0003"),
  ]);
  DOCS = buildRevisionGraph(DOCS_HEADERS);
  MERGED = buildRevisionGraph(MERGED_HEADERS);
});

describe("absolute targets", () => {
  it("resolves head, heads, base, full and partial ids", () => {
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("head"))).toEqual(["aaaa0004"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("heads"))).toEqual(["aaaa0004"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("base"))).toEqual([]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0002"))).toEqual(["aaaa0002"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("27c6a"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("2a9"))).toEqual(["2a95102259be"]);
  });

  it("reports several heads for `head` with Alembic's message", () => {
    const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("head")));
    expect(e.code).toBe("multiple_heads");
    expect(e.message).toBe(
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
    );
    expect(e.hint).toContain("2a95102259be, 55af2cb1c267, d747a8a8879");
  });

  it("resolves `heads` to the real heads (a head others depend on is covered by them)", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("heads"))).toEqual(["2a95102259be", "d747a8a8879"]);
  });

  it("reports an ambiguous prefix with every match, and an unknown id", () => {
    const e = thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa")));
    expect(e.code).toBe("ambiguous_revision");
    expect(e.message).toBe("Multiple revisions start with 'aaaa': 'aaaa0001', 'aaaa0002', 'aaaa0003', 'aaaa0004'");
    const u = thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("xyz")));
    expect(u.code).toBe("unknown_revision");
    expect(u.message).toBe("Can't locate revision identified by 'xyz'");
    expect(u.hint).toContain("No revision id starts with it");
  });

  it("resolves branch labels and label@head / label@heads / label@REV", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@head"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@heads"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("networking@head"))).toEqual(["2a95102259be"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("ae10@head"))).toEqual(["55af2cb1c267"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("networking@109e"))).toEqual(["109ec7d132bf"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("networking@base"))).toEqual([]);
    const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("networking@ae10")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Revision ae1027a6acf is not a member of branch 'networking'");
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("nosuch@head"))).message).toBe("No such branch: 'nosuch'");
  });

  it("reports several heads on one label as `label@head`", () => {
    const g = buildRevisionGraph([rev("a001", null, { branchLabels: ["core"] }), rev("b001", "a001"), rev("c001", "a001")]);
    const e = thrown(() => resolveUpgradeTarget(g, [], parseTarget("core@head")));
    expect(e.code).toBe("multiple_heads");
    expect(e.message).toContain("for given argument 'core@head'");
    expect(resolveUpgradeTarget(g, [], parseTarget("core@heads"))).toEqual(["b001", "c001"]);
  });

  it("rejects malformed targets, naming the value", () => {
    for (const bad of ["", "a b", "@head", "core@", "a:b"]) {
      const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget(bad)));
      expect(e.code, bad).toBe("invalid_target");
      expect(e.details["target"]).toBe(bad);
    }
  });
});

describe("relative targets", () => {
  it("walks up from the current head with +N", () => {
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("+1"))).toEqual(["aaaa0001"]);
    expect(resolveUpgradeTarget(LINEAR, ["aaaa0001"], parseTarget("+2"))).toEqual(["aaaa0003"]);
    const e = thrown(() => resolveUpgradeTarget(LINEAR, ["aaaa0003"], parseTarget("+2")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Relative revision +2 didn't produce 2 migrations");
  });

  it("walks from a named revision with REV+N, REV-N, head-N and base+N", () => {
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0002+1"))).toEqual(["aaaa0003"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0003-2"))).toEqual(["aaaa0001"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0001-1"))).toEqual([]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("head-1"))).toEqual(["aaaa0003"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("heads-3"))).toEqual(["aaaa0001"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("base+2"))).toEqual(["aaaa0002"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@head-1"))).toEqual(["27c6a30d7c24"]);
    expect(thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0001-2"))).message).toBe(
      "Walked too far: 'aaaa0001-2' goes past the base",
    );
    expect(thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("head+1"))).message).toBe(
      "Walked too far: 'head+1' goes past the heads",
    );
  });

  it("refuses an ambiguous walk: a branch point ahead, several bases, a merge below", () => {
    const up = thrown(() => resolveUpgradeTarget(DOCS, ["1975ea83b712"], parseTarget("+1")));
    expect(up.code).toBe("ambiguous_revision");
    expect(up.message).toBe("Ambiguous walk for '+1': 1975ea83b712 branches into 27c6a30d7c24, ae1027a6acf");
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("+1"))).code).toBe("ambiguous_revision");
    const down = thrown(() => resolveDowngradeTarget(MERGED, ["53fffde5ad5"], parseTarget("-1")));
    expect(down.code).toBe("ambiguous_revision");
    expect(down.message).toBe("Ambiguous walk for '-1': 53fffde5ad5 merges ae1027a6acf, 27c6a30d7c24");
    expect(down.hint).toContain("retort downgrade ae1027a6acf");
  });

  it("refuses +N from several current heads unless a branch is named", () => {
    const e = thrown(() => resolveUpgradeTarget(DOCS, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("+1")));
    expect(e.code).toBe("multiple_heads");
    expect(e.message).toBe("Ambiguous upgrade '+1' from multiple current revisions: 27c6a30d7c24, ae1027a6acf");
    expect(resolveUpgradeTarget(DOCS, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("shoppingcart@+1"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("ae1027a6acf+1"))).toEqual(["55af2cb1c267"]);
  });

  it("moves along a label's branch with label@+N, from base or from its applied tip", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@+1"))).toEqual(["1975ea83b712"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@+2"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, ["ae1027a6acf"], parseTarget("shoppingcart@+1"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, ["d747a8a8879"], parseTarget("networking@+2"))).toEqual(["109ec7d132bf"]);
  });

  it("rejects -N for an upgrade and +N for a downgrade", () => {
    expect(thrown(() => resolveUpgradeTarget(LINEAR, ["aaaa0003"], parseTarget("-1"))).code).toBe("invalid_target");
    expect(thrown(() => resolveDowngradeTarget(LINEAR, ["aaaa0003"], parseTarget("+1"))).code).toBe("invalid_target");
  });

  it("walks down from the single current head with -N, confined to its branch", () => {
    expect(resolveDowngradeTarget(LINEAR, ["aaaa0003"], parseTarget("-1"))).toEqual({ revision: "aaaa0002", branch: "aaaa0003" });
    expect(resolveDowngradeTarget(LINEAR, ["aaaa0001"], parseTarget("-1"))).toEqual({ revision: null, branch: "aaaa0001" });
    const far = thrown(() => resolveDowngradeTarget(LINEAR, ["aaaa0001"], parseTarget("-2")));
    expect(far.message).toBe("Relative revision -2 didn't produce 2 migrations");
    expect(thrown(() => resolveDowngradeTarget(LINEAR, [], parseTarget("-1"))).message).toBe(
      "Relative revision -1 didn't produce 1 migrations",
    );
  });

  it("refuses -N from several current heads and names the way out", () => {
    const e = thrown(() => resolveDowngradeTarget(DOCS, ["d747a8a8879", "2a95102259be"], parseTarget("-1")));
    expect(e.code).toBe("multiple_heads");
    expect(e.message).toBe("Ambiguous downgrade '-1' from multiple current heads: 2a95102259be, d747a8a8879");
    expect(e.hint).toContain("<label>@-1");
    expect(resolveDowngradeTarget(DOCS, ["d747a8a8879", "2a95102259be"], parseTarget("shoppingcart@-1"))).toEqual({
      revision: "27c6a30d7c24",
      branch: "shoppingcart",
    });
    expect(resolveDowngradeTarget(DOCS, ["d747a8a8879", "2a95102259be"], parseTarget("networking@-3"))).toEqual({
      revision: "3cac04ae8714",
      branch: "networking",
    });
  });

  it("resolves absolute downgrade targets with their branch", () => {
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("base"))).toEqual({ revision: null, branch: undefined });
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("networking@base"))).toEqual({ revision: null, branch: "networking" });
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("shoppingcart@1975"))).toEqual({
      revision: "1975ea83b712",
      branch: "shoppingcart",
    });
    expect(thrown(() => resolveDowngradeTarget(DOCS, [], parseTarget("heads"))).code).toBe("multiple_heads");
  });

  it("prefers an exact label over the relative reading", () => {
    const g = buildRevisionGraph([rev("a001", null), rev("b001", "a001", { branchLabels: ["v-1"] }), rev("c001", "b001")]);
    expect(resolveUpgradeTarget(g, [], parseTarget("v-1"))).toEqual(["b001"]);
  });
});

describe("resolveRevisions and ranges", () => {
  it("resolves `current`, relative moves in both directions, and absolute targets", () => {
    expect(resolveRevisions(DOCS, parseTarget("current"), ["1975ea83b712", "d747a8a8879"])).toEqual(["d747a8a8879"]);
    expect(resolveRevisions(LINEAR, parseTarget("-1"), ["aaaa0003"])).toEqual(["aaaa0002"]);
    expect(resolveRevisions(LINEAR, parseTarget("+1"), ["aaaa0003"])).toEqual(["aaaa0004"]);
    expect(resolveRevisions(DOCS, parseTarget("heads"))).toEqual(["2a95102259be", "d747a8a8879"]);
  });

  it("reports a version-table row that names no revision", () => {
    const e = thrown(() => resolveRevisions(LINEAR, parseTarget("current"), ["feedbeef"]));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("Can't locate revision identified by 'feedbeef' (a row of the version table)");
  });
});

describe("prefixes on a branch", () => {
  // Two branches off one base; ids share a prefix across the branches.
  function forked(): RevisionGraph {
    return buildRevisionGraph([
      rev("0000aa", null),
      rev("abc1", "0000aa", { branchLabels: ["left"] }),
      rev("abd2", "abc1"),
      rev("abc9", "0000aa", { branchLabels: ["right"] }),
      rev("abd7", "abc9"),
      rev("abd8", "abd7"),
    ]);
  }

  it("accepts a prefix that is unambiguous only on the named branch", () => {
    const g = forked();
    const plain = thrown(() => resolveUpgradeTarget(g, [], parseTarget("abc")));
    expect(plain.code).toBe("ambiguous_revision");
    expect(plain.message).toBe("Multiple revisions start with 'abc': 'abc1', 'abc9'");
    expect(plain.hint).toBe("Give more characters of the revision id.");
    expect(plain.details["matches"]).toEqual(["abc1", "abc9"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("left@abc"))).toEqual(["abc1"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("right@abc"))).toEqual(["abc9"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("left@abd"))).toEqual(["abd2"]);
    expect(resolveDowngradeTarget(g, [], parseTarget("left@abc"))).toEqual({ revision: "abc1", branch: "left" });
  });

  it("still reports a prefix ambiguous on the branch itself", () => {
    const e = thrown(() => resolveUpgradeTarget(forked(), [], parseTarget("right@abd")));
    expect(e.code).toBe("ambiguous_revision");
    expect(e.message).toBe("Multiple revisions start with 'abd': 'abd7', 'abd8'");
  });

  it("names the branch when the only match lies off it", () => {
    const g = buildRevisionGraph([
      rev("0000aa", null),
      rev("abc1", "0000aa", { branchLabels: ["left"] }),
      rev("fed9", "0000aa", { branchLabels: ["right"] }),
    ]);
    const e = thrown(() => resolveUpgradeTarget(g, [], parseTarget("left@fe")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Revision fed9 is not a member of branch 'left'");
    expect(e.hint).toBe("Use a revision on 'left', or drop the 'left@' prefix.");
    expect(e.details["target"]).toBe("left@fe");
  });

  it("does not fall back to several off-branch matches", () => {
    const g = buildRevisionGraph([
      rev("0000aa", null),
      rev("abc1", "0000aa", { branchLabels: ["left"] }),
      rev("abd7", "0000aa", { branchLabels: ["right"] }),
      rev("abd8", "abd7"),
    ]);
    const e = thrown(() => resolveUpgradeTarget(g, [], parseTarget("left@abd")));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("Can't locate revision identified by 'abd'");
    expect(e.hint).toBe("No revision id starts with it: give more characters, or the full id; `retort history` lists the revisions.");
    expect(thrown(() => resolveUpgradeTarget(g, [], parseTarget("left@abd7"))).code).toBe("invalid_target");
    const none = thrown(() => resolveUpgradeTarget(g, [], parseTarget("0000aa@zzzz")));
    expect(none.code).toBe("unknown_revision");
    expect(none.hint).toBe("Check the id or label; `retort history` lists the revisions and `retort branches` the branches.");
  });
});

describe("label@±N when no current head lies on the label's branch", () => {
  // `lib` is applied only because `app2` depends on `lib2`: the version table holds app2 alone.
  function dependent(): RevisionGraph {
    return buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("lib2", "lib1"),
      rev("lib3", "lib2"),
      rev("app1", null, { branchLabels: ["app"] }),
      rev("app2", "app1", { dependsOn: ["lib2"] }),
    ]);
  }

  it("moves up from the branch's applied tip", () => {
    const g = dependent();
    expect(resolveUpgradeTarget(g, ["app2"], parseTarget("lib@+1"))).toEqual(["lib3"]);
    const far = thrown(() => resolveUpgradeTarget(g, ["app2"], parseTarget("lib@+2")));
    expect(far.code).toBe("invalid_target");
    expect(far.message).toBe("Relative revision lib@+2 didn't produce 2 migrations");
    expect(far.hint).toBe("Use a smaller number, or `retort history` to see how many revisions there are.");
  });

  it("moves down from the branch's applied tip", () => {
    const g = dependent();
    expect(resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-1"))).toEqual({ revision: "lib1", branch: "lib" });
    expect(resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-2"))).toEqual({ revision: null, branch: "lib" });
    expect(thrown(() => resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-3"))).message).toBe(
      "Relative revision lib@-3 didn't produce 3 migrations",
    );
  });

  it("counts a branch with nothing applied as producing nothing downwards, and starting at base upwards", () => {
    const g = dependent();
    expect(thrown(() => resolveDowngradeTarget(g, ["app1"], parseTarget("lib@-1"))).message).toBe(
      "Relative revision lib@-1 didn't produce 1 migrations",
    );
    expect(resolveUpgradeTarget(g, ["app1"], parseTarget("lib@+1"))).toEqual(["lib1"]);
  });

  it("refuses a branch with two applied tips, naming them", () => {
    const g = buildRevisionGraph([
      rev("core1", null, { branchLabels: ["core"] }),
      rev("left1", "core1"),
      rev("right1", "core1"),
      rev("app1", null),
      rev("app2", "app1", { dependsOn: ["left1", "right1"] }),
    ]);
    const down = thrown(() => resolveDowngradeTarget(g, ["app2"], parseTarget("core@-1")));
    expect(down.code).toBe("multiple_heads");
    expect(down.message).toBe("Ambiguous downgrade 'core@-1' from multiple current heads: left1, right1");
    expect(down.hint).toBe("Name the branch, e.g. `<label>@core@-1` or `left1core@-1`, or downgrade to a revision id.");
    const up = thrown(() => resolveUpgradeTarget(g, ["app2"], parseTarget("core@+1")));
    expect(up.code).toBe("multiple_heads");
    expect(up.message).toBe("Ambiguous upgrade 'core@+1' from multiple current revisions: left1, right1");
    expect(up.hint).toBe("Name the branch to move along, e.g. `<label>@+N` or `<rev>+N`, or give the destination revision.");
  });
});

describe("`current` as a target", () => {
  it("names the current heads for an upgrade, a stale ancestor row aside", () => {
    expect(resolveUpgradeTarget(DOCS, ["1975ea83b712", "d747a8a8879"], parseTarget("current"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("current"))).toEqual([]);
    expect(resolveRevisions(DOCS, parseTarget("current"), ["2a95102259be", "d747a8a8879"])).toEqual(["2a95102259be", "d747a8a8879"]);
  });

  it("is looked up as a revision id by a downgrade", () => {
    const e = thrown(() => resolveDowngradeTarget(DOCS, ["d747a8a8879"], parseTarget("current")));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("Can't locate revision identified by 'current'");
    const g = buildRevisionGraph([rev("current1", null)]);
    expect(resolveDowngradeTarget(g, ["current1"], parseTarget("current"))).toEqual({ revision: "current1", branch: undefined });
    expect(resolveUpgradeTarget(g, [], parseTarget("current"))).toEqual([]);
  });

  it("is a plain name inside a relative or branch target", () => {
    const g = buildRevisionGraph([rev("current", null), rev("c002", "current")]);
    expect(resolveUpgradeTarget(g, ["c002"], parseTarget("current"))).toEqual(["c002"]);
    expect(resolveUpgradeTarget(g, ["c002"], parseTarget("current+1"))).toEqual(["c002"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("c002@current"))).toEqual(["current"]);
  });
});

describe("errors as users read them", () => {
  type Case = readonly [what: string, run: () => unknown, code: string, message: string, hint: string];
  const cases: readonly Case[] = [
    [
      "several heads for head",
      () => resolveUpgradeTarget(DOCS, [], parseTarget("head")),
      "multiple_heads",
      "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads",
      "The heads are 2a95102259be, 55af2cb1c267, d747a8a8879. Name one of them (or its label@head), use 'heads', or join them with `retort merge heads -m \"merge\"`.",
    ],
    [
      "several heads for heads-1",
      () => resolveUpgradeTarget(DOCS, [], parseTarget("heads-1")),
      "multiple_heads",
      "Multiple head revisions are present for given argument 'heads'; please specify a specific target revision, '<branchname>@heads' to narrow to a specific head, or 'heads' for all heads",
      "The heads are 2a95102259be, d747a8a8879. Name one of them (or its label@head), use 'heads', or join them with `retort merge heads -m \"merge\"`.",
    ],
    [
      "an unknown branch",
      () => resolveUpgradeTarget(DOCS, [], parseTarget("nosuch@head")),
      "unknown_revision",
      "No such branch: 'nosuch'",
      "Known branch labels: networking, shoppingcart. A revision id names its branch too.",
    ],
    [
      "an unknown branch in a graph without labels",
      () => resolveUpgradeTarget(LINEAR, [], parseTarget("nosuch@+1")),
      "unknown_revision",
      "No such branch: 'nosuch'",
      "Known branch labels: (none). A revision id names its branch too.",
    ],
    [
      "an ambiguous branch prefix",
      () => resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa@head")),
      "ambiguous_revision",
      "Multiple revisions start with 'aaaa': 'aaaa0001', 'aaaa0002', 'aaaa0003', 'aaaa0004'",
      "Give more characters of the revision id.",
    ],
    [
      "-N for an upgrade",
      () => resolveUpgradeTarget(LINEAR, ["aaaa0003"], parseTarget("-1")),
      "invalid_target",
      "Relative revision -1 didn't produce 1 migrations: an upgrade moves up",
      "Use `retort downgrade -1`, or a positive number.",
    ],
    [
      "+N for a downgrade",
      () => resolveDowngradeTarget(LINEAR, ["aaaa0003"], parseTarget("+2")),
      "invalid_target",
      "Relative revision +2 didn't produce 2 migrations: a downgrade moves down",
      "Use `retort upgrade +2`, or a negative number.",
    ],
    [
      "a walk past the heads",
      () => resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0003+2")),
      "invalid_target",
      "Walked too far: 'aaaa0003+2' goes past the heads",
      "Use a smaller number; `retort history` shows the revisions.",
    ],
    [
      "a walk up into a branch point",
      () => resolveUpgradeTarget(DOCS, ["1975ea83b712"], parseTarget("+1")),
      "ambiguous_revision",
      "Ambiguous walk for '+1': 1975ea83b712 branches into 27c6a30d7c24, ae1027a6acf",
      "Name the branch (`<label>@+N`, `<rev>+N`) or give the destination revision itself.",
    ],
    [
      "a walk up from several bases",
      () => resolveUpgradeTarget(DOCS, [], parseTarget("base+1")),
      "ambiguous_revision",
      "Ambiguous walk for 'base+1': base has several roots: 1975ea83b712, 3cac04ae8714",
      "Name the branch (`<label>@+N`, `<rev>+N`) or give the destination revision itself.",
    ],
    [
      "a walk down through a merge",
      () => resolveDowngradeTarget(MERGED, ["53fffde5ad5"], parseTarget("-1")),
      "ambiguous_revision",
      "Ambiguous walk for '-1': 53fffde5ad5 merges ae1027a6acf, 27c6a30d7c24",
      "Downgrade to one of the merged revisions (e.g. `retort downgrade ae1027a6acf` reverts just the merge), or give the destination revision itself.",
    ],
    [
      "-N from several current heads",
      () => resolveDowngradeTarget(DOCS, ["d747a8a8879", "2a95102259be"], parseTarget("-2")),
      "multiple_heads",
      "Ambiguous downgrade '-2' from multiple current heads: 2a95102259be, d747a8a8879",
      "Name the branch, e.g. `<label>@-2` or `2a95102259be-2`, or downgrade to a revision id.",
    ],
    [
      "+N from several current heads",
      () => resolveUpgradeTarget(DOCS, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("+1")),
      "multiple_heads",
      "Ambiguous upgrade '+1' from multiple current revisions: 27c6a30d7c24, ae1027a6acf",
      "Name the branch to move along, e.g. `<label>@+N` or `<rev>+N`, or give the destination revision.",
    ],
    [
      "-N at base",
      () => resolveDowngradeTarget(LINEAR, [], parseTarget("-1")),
      "invalid_target",
      "Relative revision -1 didn't produce 1 migrations",
      "Use a smaller number, or `retort history` to see how many revisions there are.",
    ],
    [
      "a revision off the named branch",
      () => resolveDowngradeTarget(DOCS, [], parseTarget("networking@ae10")),
      "invalid_target",
      "Revision ae1027a6acf is not a member of branch 'networking'",
      "Use a revision on 'networking', or drop the 'networking@' prefix.",
    ],
    [
      "a short unknown id",
      () => resolveRevisions(DOCS, parseTarget("zz")),
      "unknown_revision",
      "Can't locate revision identified by 'zz'",
      "No revision id starts with it: give more characters, or the full id; `retort history` lists the revisions.",
    ],
    [
      "a long unknown id",
      () => resolveRevisions(DOCS, parseTarget("zzzz")),
      "unknown_revision",
      "Can't locate revision identified by 'zzzz'",
      "Check the id or label; `retort history` lists the revisions and `retort branches` the branches.",
    ],
  ];

  it.each(cases)("%s", (_what, run, code, message, hint) => {
    const e = thrown(run);
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.hint).toBe(hint);
  });
});

describe("properties", () => {
  /**
   * Random graphs whose ids share prefixes (drawn from a small alphabet): revision i's down revisions are
   * up to two of the earlier ones (none: a new base), and it may depend on another earlier one.
   */
  const graphs = fc
    .uniqueArray(fc.stringMatching(/^[0-3ab]{1,5}$/), { minLength: 1, maxLength: 20 })
    .chain((ids) =>
      fc.tuple(fc.constant(ids), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: ids.length, maxLength: ids.length })),
    )
    .map(([ids, draws]) =>
      buildRevisionGraph(
        ids.map((revisionId, i) => {
          const [a, b, d] = draws[i] as [number, number, number];
          const down = i === 0 || a % 5 === 0 ? [] : [...new Set([ids[a % i], ...(b % 4 === 0 ? [ids[b % i]] : [])])];
          const deps = i > 1 && d % 6 === 0 ? [ids[d % i] as string].filter((dep) => !down.includes(dep)) : [];
          return rev(revisionId, down.length === 0 ? null : (down as string[]), { dependsOn: deps });
        }),
      ),
    );

  it("a full revision id always names itself", () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        for (const id of graph.ids) {
          expect(resolveUpgradeTarget(graph, [], parseTarget(id))).toEqual([id]);
          expect(resolveRevisions(graph, parseTarget(id))).toEqual([id]);
          expect(resolveDowngradeTarget(graph, [], parseTarget(id))).toEqual({ revision: id, branch: undefined });
        }
      }),
    );
  });

  it("a prefix matching one revision names it; one matching several is ambiguous, listing them", () => {
    fc.assert(
      fc.property(graphs, (graph) => {
        for (const id of graph.ids) {
          for (let length = 1; length <= id.length; length++) {
            const prefix = id.slice(0, length);
            if (graph.has(prefix)) continue;
            const matches = graph.ids.filter((other) => other.startsWith(prefix));
            if (matches.length === 1) {
              expect(resolveUpgradeTarget(graph, [], parseTarget(prefix))).toEqual([id]);
            } else {
              const e = thrown(() => resolveUpgradeTarget(graph, [], parseTarget(prefix)));
              expect(e.code).toBe("ambiguous_revision");
              expect(e.message).toBe(`Multiple revisions start with '${prefix}': ${matches.map((m) => `'${m}'`).join(", ")}`);
            }
          }
        }
      }),
    );
  });

  it("REV+N then REV-N walk back to REV on a line", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 20 }), fc.nat(), fc.nat(), (n, from, by) => {
        const ids = Array.from({ length: n }, (_, i) => `c${String(i).padStart(3, "0")}`);
        const graph = buildRevisionGraph(ids.map((id, i) => rev(id, i === 0 ? null : (ids[i - 1] as string))));
        const start = from % n;
        const steps = 1 + (by % (n - start));
        if (start + steps >= n) {
          expect(thrown(() => resolveUpgradeTarget(graph, [], parseTarget(`${ids[start]}+${steps}`))).message).toMatch(/^Walked too far/);
          return;
        }
        const [up] = resolveUpgradeTarget(graph, [], parseTarget(`${ids[start]}+${steps}`));
        expect(up).toBe(ids[start + steps]);
        expect(resolveDowngradeTarget(graph, [], parseTarget(`${up}-${steps}`))).toEqual({ revision: ids[start], branch: up });
      }),
    );
  });
});

describe("targets at their edges", () => {
  it("refuses a zero move with the message of its direction", () => {
    for (const text of ["+0", "-0"]) {
      const up = thrown(() => resolveUpgradeTarget(LINEAR, ["aaaa0002"], parseTarget(text)));
      expect(up.code).toBe("invalid_target");
      expect(up.message).toBe(`Relative revision ${text} didn't produce 0 migrations: an upgrade moves up`);
      expect(up.hint).toBe(`Use \`retort downgrade ${text}\`, or a positive number.`);
      const down = thrown(() => resolveDowngradeTarget(LINEAR, ["aaaa0002"], parseTarget(text)));
      expect(down.code).toBe("invalid_target");
      expect(down.message).toBe(`Relative revision ${text} didn't produce 0 migrations: a downgrade moves down`);
      expect(down.hint).toBe(`Use \`retort upgrade ${text}\`, or a negative number.`);
    }
    expect(thrown(() => resolveRevisions(LINEAR, parseTarget("+0"), ["aaaa0002"])).message).toBe(
      "Relative revision +0 didn't produce 0 migrations: an upgrade moves up",
    );
    expect(thrown(() => resolveRevisions(LINEAR, parseTarget("-0"), ["aaaa0002"])).message).toBe(
      "Relative revision -0 didn't produce 0 migrations: an upgrade moves up",
    );
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("networking@+0"))).code).toBe("invalid_target");
  });

  it("walks up from REV along a named branch with label@REV+N, not confining the start", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@1975ea83b712+1"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@1975ea83b712+2"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("ae1027a6acf@1975ea83b712+1"))).toEqual(["ae1027a6acf"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("networking@base+1"))).toEqual(["3cac04ae8714"]);
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("1975ea83b712+1"))).code).toBe("ambiguous_revision");
    const far = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@1975ea83b712+3")));
    expect(far.message).toBe("Walked too far: 'shoppingcart@1975ea83b712+3' goes past the heads");
  });

  it("checks the start of label@REV-N against the label, and confines the downgrade to the label", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@d747-1"))).toEqual(["27c6a30d7c24"]);
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("shoppingcart@d747-2"))).toEqual({
      revision: "1975ea83b712",
      branch: "shoppingcart",
    });
    const off = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@55af-1")));
    expect(off.code).toBe("invalid_target");
    expect(off.message).toBe("Revision 55af2cb1c267 is not a member of branch 'shoppingcart'");
  });

  it("confines REV-N to REV's own branch, and leaves REV+N and base+N unconfined for a downgrade", () => {
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("d747-1"))).toEqual({ revision: "27c6a30d7c24", branch: "d747a8a8879" });
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("d747a8a8879-3"))).toEqual({ revision: null, branch: "d747a8a8879" });
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("aaaa0001+1"))).toEqual({ revision: "aaaa0002", branch: undefined });
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("base+1"))).toEqual({ revision: "aaaa0001", branch: undefined });
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("head-1"))).toEqual({ revision: "aaaa0003", branch: "aaaa0004" });
    expect(thrown(() => resolveDowngradeTarget(LINEAR, [], parseTarget("base-1"))).message).toBe(
      "Walked too far: 'base-1' goes past the base",
    );
  });

  it("checks the branch of label@base for a downgrade", () => {
    const e = thrown(() => resolveDowngradeTarget(DOCS, [], parseTarget("nosuch@base")));
    expect(e.code).toBe("unknown_revision");
    expect(e.message).toBe("No such branch: 'nosuch'");
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("27c6@base"))).toEqual({ revision: null, branch: "27c6" });
  });

  it("resolves downgrade targets head, heads and label@head to one revision", () => {
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("head"))).toEqual({ revision: "aaaa0004", branch: undefined });
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("heads"))).toEqual({ revision: "aaaa0004", branch: undefined });
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("shoppingcart@head"))).toEqual({
      revision: "d747a8a8879",
      branch: "shoppingcart",
    });
    const e = thrown(() => resolveDowngradeTarget(DOCS, [], parseTarget("1975@heads")));
    expect(e.code).toBe("multiple_heads");
    expect(e.message).toContain("for given argument '1975@heads'");
    expect(e.details).toEqual({ target: "1975@heads", heads: ["55af2cb1c267", "d747a8a8879"] });
    expect(resolveDowngradeTarget(DOCS, [], parseTarget("1975@base"))).toEqual({ revision: null, branch: "1975" });
  });

  it("names a branch by a revision id or an unambiguous prefix of one", () => {
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("27c6a30d7c24@head"))).toEqual(["d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("d74@base+2"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("1975@heads"))).toEqual(["55af2cb1c267", "d747a8a8879"]);
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("3cac@heads"))).toEqual(["2a95102259be"]);
    const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("2@head")));
    expect(e.code).toBe("ambiguous_revision");
    expect(e.details).toEqual({ target: "2", matches: ["27c6a30d7c24", "29f859a13ea", "2a95102259be"] });
    const u = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("nosuch@head")));
    expect(u.details).toEqual({ target: "nosuch" });
  });

  it("resolves a label and a revision id before a prefix, and a prefix of a label not at all", () => {
    const g = buildRevisionGraph([rev("ab", null), rev("abc", "ab", { branchLabels: ["abcd"] }), rev("abd", "ab")]);
    expect(resolveUpgradeTarget(g, [], parseTarget("ab"))).toEqual(["ab"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("abcd"))).toEqual(["abc"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("abcd@head"))).toEqual(["abc"]);
    expect(thrown(() => resolveUpgradeTarget(g, [], parseTarget("abcde"))).code).toBe("unknown_revision");
    expect(resolveUpgradeTarget(g, [], parseTarget("abc@ab"))).toEqual(["ab"]);
  });

  it("reports unknown and ambiguous names with the target in the details", () => {
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("zzzz"))).details).toEqual({ target: "zzzz" });
    expect(thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("zzz"))).hint).toBe(
      "No revision id starts with it: give more characters, or the full id; `retort history` lists the revisions.",
    );
    const off = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("networking@ae10")));
    expect(off.details).toEqual({ target: "networking@ae10" });
  });

  it("reports a walk's fork and merge with the walk's position and options in the details", () => {
    const up = thrown(() => resolveUpgradeTarget(DOCS, ["1975ea83b712"], parseTarget("+1")));
    expect(up.details).toEqual({ target: "+1", at: "1975ea83b712", options: ["27c6a30d7c24", "ae1027a6acf"] });
    const roots = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("base+1")));
    expect(roots.details).toEqual({ target: "base+1", at: null, options: ["1975ea83b712", "3cac04ae8714"] });
    const merge = thrown(() => resolveUpgradeTarget(MERGED, [], parseTarget("53fffde5ad5-1")));
    expect(merge.message).toBe("Ambiguous walk for '53fffde5ad5-1': 53fffde5ad5 merges ae1027a6acf, 27c6a30d7c24");
    expect(merge.details).toEqual({ target: "53fffde5ad5-1", at: "53fffde5ad5", options: ["ae1027a6acf", "27c6a30d7c24"] });
    const many = thrown(() => resolveUpgradeTarget(DOCS, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("+1")));
    expect(many.details).toEqual({ target: "+1", currentHeads: ["27c6a30d7c24", "ae1027a6acf"] });
    const down = thrown(() => resolveDowngradeTarget(DOCS, ["d747a8a8879", "2a95102259be"], parseTarget("-1")));
    expect(down.details).toEqual({ target: "-1", currentHeads: ["2a95102259be", "d747a8a8879"] });
    const far = thrown(() => resolveUpgradeTarget(LINEAR, ["aaaa0004"], parseTarget("+1")));
    expect(far.details).toEqual({ target: "+1" });
  });

  it("walks up with +N from base along the only root, and from the current head", () => {
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("+4"))).toEqual(["aaaa0004"]);
    expect(thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("+5"))).message).toBe(
      "Relative revision +5 didn't produce 5 migrations",
    );
    // A stale row below the head does not count as a second current head.
    expect(resolveUpgradeTarget(LINEAR, ["aaaa0001", "aaaa0002"], parseTarget("+1"))).toEqual(["aaaa0003"]);
    expect(resolveDowngradeTarget(LINEAR, ["aaaa0001", "aaaa0003"], parseTarget("-2"))).toEqual({
      revision: "aaaa0001",
      branch: "aaaa0003",
    });
  });

  it("moves label@-N from a current head on the label's branch", () => {
    expect(resolveDowngradeTarget(DOCS, ["d747a8a8879", "55af2cb1c267"], parseTarget("shoppingcart@-2"))).toEqual({
      revision: "1975ea83b712",
      branch: "shoppingcart",
    });
    expect(resolveUpgradeTarget(DOCS, ["27c6a30d7c24", "55af2cb1c267"], parseTarget("shoppingcart@+1"))).toEqual(["d747a8a8879"]);
  });
});

describe("label@±N from the applied tips of a branch", () => {
  it("takes the tips of what is applied on the branch, not every applied revision on it", () => {
    // app2 depends on lib3, so lib1..lib3 are applied without a row; the tip on lib's line is lib3 alone.
    const g = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("lib2", "lib1"),
      rev("lib3", "lib2"),
      rev("lib4", "lib3"),
      rev("app1", null),
      rev("app2", "app1", { dependsOn: ["lib3"] }),
    ]);
    expect(resolveUpgradeTarget(g, ["app2"], parseTarget("lib@+1"))).toEqual(["lib4"]);
    expect(resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-1"))).toEqual({ revision: "lib2", branch: "lib" });
  });

  it("sorts several applied tips by id in the message", () => {
    const g = buildRevisionGraph([
      rev("core1", null, { branchLabels: ["core"] }),
      rev("zz01", "core1"),
      rev("aa01", "core1"),
      rev("app1", null, { dependsOn: ["zz01", "aa01"] }),
    ]);
    expect(thrown(() => resolveDowngradeTarget(g, ["app1"], parseTarget("core@-1"))).message).toBe(
      "Ambiguous downgrade 'core@-1' from multiple current heads: aa01, zz01",
    );
  });
});

describe("basesOf", () => {
  it("gives every base without a branch, and the bases on a branch's lineage with one", () => {
    expect(basesOf(DOCS, undefined)).toEqual(["1975ea83b712", "3cac04ae8714"]);
    expect(basesOf(DOCS, "networking")).toEqual(["3cac04ae8714"]);
    expect(basesOf(DOCS, "shoppingcart")).toEqual(["1975ea83b712"]);
    expect(basesOf(MERGED, "53ff")).toEqual(["1975ea83b712"]);
    expect(thrown(() => basesOf(DOCS, "nosuch")).code).toBe("unknown_revision");
  });
});

describe("properties on random graphs", () => {
  const dags = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 16 }).map((draws) =>
    buildRevisionGraph(
      draws.map(([a, b, d], i) => {
        const id = (k: number): string => `r${String(k).padStart(2, "0")}`;
        const down = i === 0 || a % 4 === 0 ? [] : [...new Set([id(a % i), ...(b % 3 === 0 ? [id(b % i)] : [])])];
        const deps = i > 1 && d % 5 === 0 ? [id(d % i)].filter((x) => !down.includes(x)) : [];
        return rev(id(i), down.length === 0 ? null : down, { dependsOn: deps });
      }),
    ),
  );

  it("REV+1 is REV's only child and REV-1 its only down revision, or the walk is refused", () => {
    fc.assert(
      fc.property(dags, (graph) => {
        for (const id of graph.ids) {
          const node = graph.get(id);
          if (node.children.length === 1) expect(resolveUpgradeTarget(graph, [], parseTarget(`${id}+1`))).toEqual(node.children);
          else
            expect(thrown(() => resolveUpgradeTarget(graph, [], parseTarget(`${id}+1`))).code).toMatch(/ambiguous_revision|invalid_target/);
          if (node.downRevisions.length <= 1) {
            expect(resolveDowngradeTarget(graph, [], parseTarget(`${id}-1`))).toEqual({
              revision: node.downRevisions[0] ?? null,
              branch: id,
            });
            expect(resolveDowngradeTarget(graph, [id], parseTarget("-1"))).toEqual({ revision: node.downRevisions[0] ?? null, branch: id });
          } else expect(thrown(() => resolveUpgradeTarget(graph, [], parseTarget(`${id}-1`))).code).toBe("ambiguous_revision");
        }
      }),
    );
  });

  it("label@head names the one head on the label's line, label@heads every head on it", () => {
    fc.assert(
      fc.property(dags, (graph) => {
        for (const id of graph.ids) {
          const line = new Set([
            ...graph.ancestors([id], { dependencies: false, inclusive: true }),
            ...graph.descendants([id], { dependencies: false }),
          ]);
          const heads = graph.heads.filter((h) => line.has(h));
          expect(resolveUpgradeTarget(graph, [], parseTarget(`${id}@heads`))).toEqual(heads);
          if (heads.length === 1) expect(resolveUpgradeTarget(graph, [], parseTarget(`${id}@head`))).toEqual(heads);
          else expect(thrown(() => resolveUpgradeTarget(graph, [], parseTarget(`${id}@head`))).code).toBe("multiple_heads");
        }
      }),
    );
  });
});

describe("targets: what mutation testing showed missing", () => {
  it("takes an exact revision id as the branch before ids it prefixes", () => {
    const g = buildRevisionGraph([rev("ab", null), rev("abc", "ab"), rev("abd", "ab")]);
    expect(resolveUpgradeTarget(g, [], parseTarget("ab@heads"))).toEqual(["abc", "abd"]);
    expect(resolveUpgradeTarget(g, [], parseTarget("abc@head"))).toEqual(["abc"]);
  });

  it("follows only downRevision for a branch's line (a dependency is not on it)", () => {
    const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("2a95@ae10")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Revision ae1027a6acf is not a member of branch '2a95'");
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("2a95@3cac"))).toEqual(["3cac04ae8714"]);
  });

  it("stops a walk at the heads however many steps remain", () => {
    expect(thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("aaaa0004+2"))).message).toBe(
      "Walked too far: 'aaaa0004+2' goes past the heads",
    );
    expect(thrown(() => resolveUpgradeTarget(LINEAR, [], parseTarget("+6"))).message).toBe(
      "Relative revision +6 didn't produce 6 migrations",
    );
    expect(thrown(() => resolveUpgradeTarget(LINEAR, ["aaaa0004"], parseTarget("+3"))).message).toBe(
      "Relative revision +3 didn't produce 3 migrations",
    );
  });

  it("starts label@±N at a current head on the branch, not at a revision applied only through a dependency", () => {
    // lib forks at lib1; lib2a is a row, lib2b is applied because app2 depends on it.
    const g = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("lib2a", "lib1"),
      rev("lib3a", "lib2a"),
      rev("lib2b", "lib1"),
      rev("app1", null),
      rev("app2", "app1", { dependsOn: ["lib2b"] }),
    ]);
    expect(resolveDowngradeTarget(g, ["lib2a", "app2"], parseTarget("lib@-1"))).toEqual({ revision: "lib1", branch: "lib" });
    expect(resolveUpgradeTarget(g, ["lib2a", "app2"], parseTarget("lib@+1"))).toEqual(["lib3a"]);
  });

  it("takes a revision with no children as the applied tip of a branch", () => {
    const g = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("lib2", "lib1"),
      rev("app1", null),
      rev("app2", "app1", { dependsOn: ["lib2"] }),
    ]);
    expect(resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-1"))).toEqual({ revision: "lib1", branch: "lib" });
    expect(thrown(() => resolveUpgradeTarget(g, ["app2"], parseTarget("lib@+1"))).message).toBe(
      "Relative revision lib@+1 didn't produce 1 migrations",
    );
  });

  it("does not take a revision with an unapplied child on the branch as a second applied tip", () => {
    // lib1 forks into lib2a (applied because app2 depends on it) and lib2b (not applied).
    const g = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("lib2a", "lib1"),
      rev("lib2b", "lib1"),
      rev("app1", null),
      rev("app2", "app1", { dependsOn: ["lib2a"] }),
    ]);
    expect(resolveDowngradeTarget(g, ["app2"], parseTarget("lib@-1"))).toEqual({ revision: "lib1", branch: "lib" });
  });

  it("reads REV+0 and REV-0 as REV: checked against a named branch, and not confining a downgrade", () => {
    const e = thrown(() => resolveUpgradeTarget(DOCS, [], parseTarget("networking@ae10+0")));
    expect(e.message).toBe("Revision ae1027a6acf is not a member of branch 'networking'");
    expect(resolveUpgradeTarget(DOCS, [], parseTarget("shoppingcart@27c6+0"))).toEqual(["27c6a30d7c24"]);
    expect(resolveUpgradeTarget(LINEAR, [], parseTarget("base+0"))).toEqual([]);
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("aaaa0002+0"))).toEqual({ revision: "aaaa0002", branch: undefined });
    expect(resolveDowngradeTarget(LINEAR, [], parseTarget("aaaa0002-0"))).toEqual({ revision: "aaaa0002", branch: undefined });
  });

  it("resolves `current` with no rows given, and -N down to base, for show and merge", () => {
    expect(resolveRevisions(DOCS, parseTarget("current"))).toEqual([]);
    expect(resolveRevisions(LINEAR, parseTarget("-1"), ["aaaa0001"])).toEqual([]);
    expect(resolveRevisions(LINEAR, parseTarget("aaaa0002-1"))).toEqual(["aaaa0001"]);
    expect(resolveRevisions(LINEAR, parseTarget("aaaa0001-1"))).toEqual([]);
  });

  it("fails loudly on a target value its types do not allow", () => {
    const bogus = { kind: "bogus", text: "x" } as unknown as Target;
    expect(() => resolveUpgradeTarget(LINEAR, [], bogus)).toThrow('Unexpected target: {"kind":"bogus","text":"x"}');
    expect(() => resolveDowngradeTarget(LINEAR, [], bogus)).toThrow('Unexpected target: {"kind":"bogus","text":"x"}');
    const anchor = { kind: "branch", branch: "aaaa0001", at: { kind: "bogus" }, text: "x" } as unknown as Target;
    expect(() => resolveUpgradeTarget(LINEAR, [], anchor)).toThrow('Unexpected target anchor: {"kind":"bogus"}');
  });
});
