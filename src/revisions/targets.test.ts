import { describe, expect, it } from "vitest";
import { rev, DOCS_HEADERS, MERGED_HEADERS, thrown } from "../../test/fixtures/revisions.js";
import { RevisionGraphError } from "../errors.js";
import { buildRevisionGraph } from "./graph.js";
import type { RevisionHeader } from "./revision.js";
import { parseTarget } from "./target-syntax.js";
import { resolveDowngradeTarget, resolveRevisions, resolveUpgradeTarget } from "./targets.js";

const LINEAR = buildRevisionGraph([
  rev("aaaa0001", null),
  rev("aaaa0002", "aaaa0001"),
  rev("aaaa0003", "aaaa0002"),
  rev("aaaa0004", "aaaa0003"),
]);

const DOCS = buildRevisionGraph(DOCS_HEADERS);

const MERGED = buildRevisionGraph(MERGED_HEADERS);

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
    expect(u.hint).toContain("at least four characters");
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
