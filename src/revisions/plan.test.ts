import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { rev, DOCS_HEADERS, MERGED_HEADERS, thrown } from "../../test/fixtures/revisions.js";
import { RetortError, RevisionGraphError } from "../errors.js";
import { headsOfRows } from "./applied-state.js";
import { buildRevisionGraph, type RevisionGraph } from "./graph.js";
import { planDowngrade, planStamp, planUpgrade } from "./plan.js";
import type { MigrationStep, RevisionHeader } from "./revision.js";
import { parseTarget } from "./target-syntax.js";

// Built before each test, not at module load (a broken graph builder then fails tests, not the import) nor once per
// file (Stryker counts work outside a test as static and reruns every test for it).
let LINEAR: RevisionGraph;
let MERGED: RevisionGraph;
let DOCS: RevisionGraph;
beforeEach(() => {
  LINEAR = buildRevisionGraph([rev("aaaa0001", null), rev("aaaa0002", "aaaa0001"), rev("aaaa0003", "aaaa0002")]);
  MERGED = buildRevisionGraph(MERGED_HEADERS);
  DOCS = buildRevisionGraph(DOCS_HEADERS);
});

/** `direction revision -del +ins` per step: compact and exact. */
function brief(steps: readonly MigrationStep[]): string[] {
  return steps.map((s) => `${s.direction} ${s.revision} -[${s.deleteRows.join(",")}] +[${s.insertRows.join(",")}]`);
}

/** The log line the CLI prints for a step. */
function line(s: MigrationStep): string {
  return s.direction === "upgrade"
    ? `Running upgrade ${s.lower.join(", ")} -> ${s.upper.join(", ")}`
    : `Running downgrade ${s.upper.join(", ")} -> ${s.lower.join(", ")}`;
}

/** Replays the row changes, checking each delete hits a present row and each insert a new one. */
function replay(start: readonly string[], steps: readonly MigrationStep[]): string[] {
  const rows = new Set(start);
  for (const s of steps) {
    for (const r of s.deleteRows) {
      expect(rows.has(r), `delete ${r}`).toBe(true);
      rows.delete(r);
    }
    for (const r of s.insertRows) {
      expect(rows.has(r), `insert ${r}`).toBe(false);
      rows.add(r);
    }
  }
  return [...rows].sort();
}

describe("planUpgrade", () => {
  it("applies a linear graph from base, with Alembic's log labels", () => {
    const steps = planUpgrade(LINEAR, [], parseTarget("head"));
    expect(brief(steps)).toEqual([
      "upgrade aaaa0001 -[] +[aaaa0001]",
      "upgrade aaaa0002 -[aaaa0001] +[aaaa0002]",
      "upgrade aaaa0003 -[aaaa0002] +[aaaa0003]",
    ]);
    expect(steps.map(line)).toEqual([
      "Running upgrade  -> aaaa0001",
      "Running upgrade aaaa0001 -> aaaa0002",
      "Running upgrade aaaa0002 -> aaaa0003",
    ]);
    expect(planUpgrade(LINEAR, ["aaaa0003"], parseTarget("head"))).toEqual([]);
    expect(planUpgrade(LINEAR, ["aaaa0003"], parseTarget("aaaa0001"))).toEqual([]);
    expect(brief(planUpgrade(LINEAR, ["aaaa0001"], parseTarget("+1")))).toEqual(["upgrade aaaa0002 -[aaaa0001] +[aaaa0002]"]);
  });

  it("crosses a merge point like Alembic's docs (rows: insert, update, insert, delete + update)", () => {
    const steps = planUpgrade(MERGED, [], parseTarget("head"));
    expect(brief(steps)).toEqual([
      "upgrade 1975ea83b712 -[] +[1975ea83b712]",
      "upgrade 27c6a30d7c24 -[1975ea83b712] +[27c6a30d7c24]",
      "upgrade ae1027a6acf -[] +[ae1027a6acf]",
      "upgrade 53fffde5ad5 -[27c6a30d7c24,ae1027a6acf] +[53fffde5ad5]",
    ]);
    expect(line(steps[3] as MigrationStep)).toBe("Running upgrade ae1027a6acf, 27c6a30d7c24 -> 53fffde5ad5");
  });

  it("upgrades a database sitting on one side of a merge", () => {
    expect(brief(planUpgrade(MERGED, ["ae1027a6acf"], parseTarget("head")))).toEqual([
      "upgrade 27c6a30d7c24 -[] +[27c6a30d7c24]",
      "upgrade 53fffde5ad5 -[27c6a30d7c24,ae1027a6acf] +[53fffde5ad5]",
    ]);
  });

  it("needs `heads` (or a label) when there are several heads", () => {
    expect(thrown(() => planUpgrade(DOCS, [], parseTarget("head"))).code).toBe("multiple_heads");
    const steps = planUpgrade(DOCS, [], parseTarget("heads"));
    expect(brief(steps)).toEqual([
      "upgrade 1975ea83b712 -[] +[1975ea83b712]",
      "upgrade 27c6a30d7c24 -[1975ea83b712] +[27c6a30d7c24]",
      "upgrade d747a8a8879 -[27c6a30d7c24] +[d747a8a8879]",
      "upgrade ae1027a6acf -[] +[ae1027a6acf]",
      "upgrade 55af2cb1c267 -[ae1027a6acf] +[55af2cb1c267]",
      "upgrade 3cac04ae8714 -[] +[3cac04ae8714]",
      "upgrade 109ec7d132bf -[3cac04ae8714] +[109ec7d132bf]",
      "upgrade 29f859a13ea -[109ec7d132bf] +[29f859a13ea]",
      "upgrade 2a95102259be -[29f859a13ea,55af2cb1c267] +[2a95102259be]",
    ]);
    expect(replay([], steps)).toEqual(["2a95102259be", "d747a8a8879"]);
  });

  it("pulls in a dependency first for label@head, and keeps the log line free of dependencies", () => {
    const steps = planUpgrade(DOCS, [], parseTarget("networking@head"));
    expect(steps.map((s) => s.revision)).toEqual([
      "1975ea83b712",
      "ae1027a6acf",
      "55af2cb1c267",
      "3cac04ae8714",
      "109ec7d132bf",
      "29f859a13ea",
      "2a95102259be",
    ]);
    expect(line(steps[6] as MigrationStep)).toBe("Running upgrade 29f859a13ea -> 2a95102259be");
    expect(replay([], steps)).toEqual(["2a95102259be"]);
  });

  it("applies only what a specific revision needs, leaving siblings alone", () => {
    expect(brief(planUpgrade(DOCS, [], parseTarget("27c6a")))).toEqual([
      "upgrade 1975ea83b712 -[] +[1975ea83b712]",
      "upgrade 27c6a30d7c24 -[1975ea83b712] +[27c6a30d7c24]",
    ]);
    expect(brief(planUpgrade(DOCS, ["27c6a30d7c24"], parseTarget("ae102")))).toEqual(["upgrade ae1027a6acf -[] +[ae1027a6acf]"]);
  });

  it("replaces a dependency that is a current head when its dependent is applied", () => {
    expect(brief(planUpgrade(DOCS, ["55af2cb1c267", "29f859a13ea"], parseTarget("networking@head")))).toEqual([
      "upgrade 2a95102259be -[29f859a13ea,55af2cb1c267] +[2a95102259be]",
    ]);
  });

  it("drops stray rows (an ancestor of another row) in the first step", () => {
    expect(brief(planUpgrade(MERGED, ["1975ea83b712", "27c6a30d7c24"], parseTarget("head")))).toEqual([
      "upgrade ae1027a6acf -[1975ea83b712] +[ae1027a6acf]",
      "upgrade 53fffde5ad5 -[27c6a30d7c24,ae1027a6acf] +[53fffde5ad5]",
    ]);
  });

  it("rejects an unknown version-table row and does not mutate its inputs", () => {
    expect(thrown(() => planUpgrade(LINEAR, ["feedbeef"], parseTarget("head"))).code).toBe("unknown_revision");
    const heads = Object.freeze(["aaaa0001"]);
    planUpgrade(LINEAR, heads, parseTarget("head"));
    expect(heads).toEqual(["aaaa0001"]);
  });
});

describe("planDowngrade", () => {
  it("reverts a linear graph step by step and to base", () => {
    const steps = planDowngrade(LINEAR, ["aaaa0003"], parseTarget("base"));
    expect(brief(steps)).toEqual([
      "downgrade aaaa0003 -[aaaa0003] +[aaaa0002]",
      "downgrade aaaa0002 -[aaaa0002] +[aaaa0001]",
      "downgrade aaaa0001 -[aaaa0001] +[]",
    ]);
    expect(steps.map(line)).toEqual([
      "Running downgrade aaaa0003 -> aaaa0002",
      "Running downgrade aaaa0002 -> aaaa0001",
      "Running downgrade aaaa0001 -> ",
    ]);
    expect(brief(planDowngrade(LINEAR, ["aaaa0003"], parseTarget("-1")))).toEqual(["downgrade aaaa0003 -[aaaa0003] +[aaaa0002]"]);
    expect(brief(planDowngrade(LINEAR, ["aaaa0003"], parseTarget("aaaa0001")))).toEqual([
      "downgrade aaaa0003 -[aaaa0003] +[aaaa0002]",
      "downgrade aaaa0002 -[aaaa0002] +[aaaa0001]",
    ]);
    expect(planDowngrade(LINEAR, ["aaaa0003"], parseTarget("aaaa0003"))).toEqual([]);
    expect(planDowngrade(LINEAR, [], parseTarget("base"))).toEqual([]);
  });

  it("un-merges: reverting a merge restores both parents' rows", () => {
    const steps = planDowngrade(MERGED, ["53fffde5ad5"], parseTarget("1975ea83b712"));
    expect(brief(steps)).toEqual([
      "downgrade 53fffde5ad5 -[53fffde5ad5] +[27c6a30d7c24,ae1027a6acf]",
      "downgrade ae1027a6acf -[ae1027a6acf] +[]",
      "downgrade 27c6a30d7c24 -[27c6a30d7c24] +[1975ea83b712]",
    ]);
    expect(line(steps[0] as MigrationStep)).toBe("Running downgrade 53fffde5ad5 -> ae1027a6acf, 27c6a30d7c24");
    expect(brief(planDowngrade(MERGED, ["53fffde5ad5"], parseTarget("ae1027a6acf")))).toEqual([
      "downgrade 53fffde5ad5 -[53fffde5ad5] +[27c6a30d7c24,ae1027a6acf]",
    ]);
  });

  it("closes branches one at a time (Alembic's docs: downgrade -1 from two heads needs a branch)", () => {
    expect(thrown(() => planDowngrade(MERGED, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("-1"))).code).toBe("multiple_heads");
    expect(brief(planDowngrade(MERGED, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("ae1027a6acf-1")))).toEqual([
      "downgrade ae1027a6acf -[ae1027a6acf] +[]",
    ]);
    expect(brief(planDowngrade(MERGED, ["27c6a30d7c24"], parseTarget("-1")))).toEqual([
      "downgrade 27c6a30d7c24 -[27c6a30d7c24] +[1975ea83b712]",
    ]);
  });

  it("reverts one branch and leaves the other applied", () => {
    const start = ["2a95102259be", "d747a8a8879"];
    const steps = planDowngrade(DOCS, start, parseTarget("networking@base"));
    expect(brief(steps)).toEqual([
      "downgrade 2a95102259be -[2a95102259be] +[29f859a13ea,55af2cb1c267]",
      "downgrade 29f859a13ea -[29f859a13ea] +[109ec7d132bf]",
      "downgrade 109ec7d132bf -[109ec7d132bf] +[3cac04ae8714]",
      "downgrade 3cac04ae8714 -[3cac04ae8714] +[]",
    ]);
    expect(replay(start, steps)).toEqual(["55af2cb1c267", "d747a8a8879"]);
    expect(brief(planDowngrade(DOCS, start, parseTarget("shoppingcart@-1")))).toEqual([
      "downgrade d747a8a8879 -[d747a8a8879] +[27c6a30d7c24]",
    ]);
  });

  it("reverts dependents of the destination's descendants too", () => {
    const start = ["2a95102259be", "d747a8a8879"];
    const steps = planDowngrade(DOCS, start, parseTarget("ae1027a6acf"));
    expect(brief(steps)).toEqual([
      "downgrade 2a95102259be -[2a95102259be] +[29f859a13ea,55af2cb1c267]",
      "downgrade 55af2cb1c267 -[55af2cb1c267] +[ae1027a6acf]",
    ]);
    expect(replay(start, steps)).toEqual(["29f859a13ea", "ae1027a6acf", "d747a8a8879"]);
  });

  it("confines label@REV to the label's branch", () => {
    const start = ["ae1027a6acf", "d747a8a8879"];
    expect(brief(planDowngrade(DOCS, start, parseTarget("shoppingcart@1975ea83b712")))).toEqual([
      "downgrade d747a8a8879 -[d747a8a8879] +[27c6a30d7c24]",
      "downgrade 27c6a30d7c24 -[27c6a30d7c24] +[]",
    ]);
    expect(planDowngrade(DOCS, start, parseTarget("1975ea83b712")).map((s) => s.revision)).toEqual([
      "ae1027a6acf",
      "d747a8a8879",
      "27c6a30d7c24",
    ]);
  });

  it("refuses label@REV when no child of REV lies on the label's line", () => {
    // lib1's children are two dependents on other lines; neither shares lib's line through downRevision.
    const g = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("x001", null),
      rev("x002", "x001", { dependsOn: ["lib1"] }),
      rev("y001", null),
      rev("y002", "y001", { dependsOn: ["lib1"] }),
    ]);
    const rows = ["x002", "y002"];
    const e = thrown(() => planDowngrade(g, rows, parseTarget("lib@lib1")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Destination lib@lib1 is not a valid downgrade target from current head(s): no branch of lib1 leads to 'lib'");
    expect(e.hint).toBe("Name a revision below the branch you want to revert, or drop the branch prefix.");
    expect(e.details).toEqual({ target: "lib@lib1", revision: "lib1", branch: "lib" });
    // Without the label, both dependents are reverted; with a single child there is nothing to choose.
    expect(planDowngrade(g, rows, parseTarget("lib1")).map((s) => s.revision)).toEqual(["x002", "y002"]);
    const single = buildRevisionGraph([
      rev("lib1", null, { branchLabels: ["lib"] }),
      rev("x001", null),
      rev("x002", "x001", { dependsOn: ["lib1"] }),
    ]);
    expect(planDowngrade(single, ["x002"], parseTarget("lib@lib1")).map((s) => s.revision)).toEqual(["x002"]);
  });

  it("refuses a destination that is not applied", () => {
    const e = thrown(() => planDowngrade(DOCS, ["d747a8a8879"], parseTarget("ae10")));
    expect(e.code).toBe("invalid_target");
    expect(e.message).toBe("Destination ae10 is not a valid downgrade target from current head(s)");
    expect(e.hint).toContain("ae1027a6acf is not applied (the database is at d747a8a8879)");
    expect(e.hint).toBe(
      "Revision ae1027a6acf is not applied (the database is at d747a8a8879); downgrade to one of its applied ancestors, or upgrade instead.",
    );
    expect(thrown(() => planDowngrade(DOCS, [], parseTarget("ae10"))).hint).toContain("(the database is at base)");
  });
});

describe("planStamp", () => {
  const only = (steps: readonly MigrationStep[]): string[] =>
    steps.map(
      (s) =>
        `${s.direction} ${s.revision} ${s.lower.join(",")}->${s.upper.join(",")} -[${s.deleteRows.join(",")}] +[${s.insertRows.join(",")}]`,
    );

  it("stamps heads onto an empty table, one new row per head", () => {
    expect(only(planStamp(DOCS, [], parseTarget("heads")))).toEqual([
      "upgrade 2a95102259be ->2a95102259be -[] +[2a95102259be]",
      "upgrade d747a8a8879 ->d747a8a8879 -[] +[d747a8a8879]",
    ]);
  });

  it("moves the rows on the target's lineage and leaves other branches", () => {
    expect(only(planStamp(DOCS, ["ae1027a6acf", "d747a8a8879"], parseTarget("55af")))).toEqual([
      "upgrade 55af2cb1c267 ae1027a6acf->55af2cb1c267 -[ae1027a6acf] +[55af2cb1c267]",
    ]);
    expect(only(planStamp(DOCS, ["ae1027a6acf", "d747a8a8879"], parseTarget("1975ea83b712")))).toEqual([
      "downgrade 1975ea83b712 1975ea83b712->ae1027a6acf,d747a8a8879 -[ae1027a6acf,d747a8a8879] +[1975ea83b712]",
    ]);
    expect(only(planStamp(MERGED, ["27c6a30d7c24", "ae1027a6acf"], parseTarget("head")))).toEqual([
      "upgrade 53fffde5ad5 27c6a30d7c24,ae1027a6acf->53fffde5ad5 -[27c6a30d7c24,ae1027a6acf] +[53fffde5ad5]",
    ]);
    expect(only(planStamp(DOCS, ["d747a8a8879"], parseTarget("networking")))).toEqual([
      "upgrade 3cac04ae8714 ->3cac04ae8714 -[] +[3cac04ae8714]",
    ]);
    expect(planStamp(DOCS, ["d747a8a8879"], parseTarget("d747"))).toEqual([]);
  });

  it("stamps base (or one label's base) by deleting rows", () => {
    expect(only(planStamp(DOCS, ["2a95102259be", "d747a8a8879"], parseTarget("base")))).toEqual([
      "downgrade 2a95102259be ->2a95102259be -[2a95102259be] +[]",
      "downgrade d747a8a8879 ->d747a8a8879 -[d747a8a8879] +[]",
    ]);
    expect(only(planStamp(DOCS, ["2a95102259be", "d747a8a8879"], parseTarget("networking@base")))).toEqual([
      "downgrade 2a95102259be ->2a95102259be -[2a95102259be] +[]",
    ]);
  });

  it("purges: starts from an empty table, so unknown rows do not matter", () => {
    expect(thrown(() => planStamp(LINEAR, ["feedbeef"], parseTarget("head"))).code).toBe("unknown_revision");
    expect(only(planStamp(LINEAR, ["feedbeef"], parseTarget("head"), { purge: true }))).toEqual([
      "upgrade aaaa0003 ->aaaa0003 -[] +[aaaa0003]",
    ]);
  });
});

/** Rows must equal the heads of the applied set after every step; checked against a brute-force oracle. */
function checkRowsInvariant(graph: RevisionGraph, start: readonly string[], steps: readonly MigrationStep[]): void {
  const applied = new Set(graph.ancestors(start, { inclusive: true }));
  let rows = [...headsOfRows(graph, start)];
  for (const s of steps) {
    if (s.direction === "upgrade") applied.add(s.revision);
    else applied.delete(s.revision);
    rows = rows
      .filter((r) => !s.deleteRows.includes(r))
      .concat(s.insertRows)
      .sort();
    expect(rows).toEqual(headsOfRows(graph, [...applied]));
  }
}

describe("generated graphs", () => {
  it("plans a 5,000-revision linear graph both ways", () => {
    const n = 5000;
    const id = (i: number): string => `r${String(i).padStart(5, "0")}`;
    const headers = Array.from({ length: n }, (_, i) => rev(id(i), i === 0 ? null : id(i - 1)));
    const graph = buildRevisionGraph(headers);
    expect(graph.heads).toEqual([id(n - 1)]);
    const up = planUpgrade(graph, [], parseTarget("head"));
    expect(up).toHaveLength(n);
    expect(up[0]).toEqual({ direction: "upgrade", revision: id(0), lower: [], upper: [id(0)], deleteRows: [], insertRows: [id(0)] });
    expect(up[n - 1]).toEqual({
      direction: "upgrade",
      revision: id(n - 1),
      lower: [id(n - 2)],
      upper: [id(n - 1)],
      deleteRows: [id(n - 2)],
      insertRows: [id(n - 1)],
    });
    expect(up.map((s) => s.revision)).toEqual(headers.map((h) => h.revision));
    const down = planDowngrade(graph, [id(n - 1)], parseTarget("base"));
    expect(down.map((s) => s.revision)).toEqual(headers.map((h) => h.revision).reverse());
    expect(replay([id(n - 1)], down)).toEqual([]);
    expect(planDowngrade(graph, [id(n - 1)], parseTarget("-3")).map((s) => s.revision)).toEqual([id(n - 1), id(n - 2), id(n - 3)]);
    expect(planUpgrade(graph, [id(10)], parseTarget("+2")).map((s) => s.revision)).toEqual([id(11), id(12)]);
  });

  it("plans a branchy graph: 20 labelled branches of 150 off one root, merged at the end", () => {
    const branches = 20;
    const length = 150;
    const headers: RevisionHeader[] = [rev("root0000", null)];
    const tips: string[] = [];
    for (let b = 0; b < branches; b++) {
      let parent = "root0000";
      for (let i = 0; i < length; i++) {
        const id = `b${String(b).padStart(2, "0")}x${String(i).padStart(4, "0")}`;
        headers.push(rev(id, parent, i === 0 ? { branchLabels: [`branch${b}`] } : {}));
        parent = id;
      }
      tips.push(parent);
    }
    headers.push(rev("merge0000", tips));
    const graph = buildRevisionGraph(headers);
    const up = planUpgrade(graph, [], parseTarget("head"));
    expect(up).toHaveLength(branches * length + 2);
    expect(replay([], up)).toEqual(["merge0000"]);
    expect(up[up.length - 1]?.deleteRows).toEqual(tips);
    // Each branch is applied in one run, last branch first (the reverse of history order).
    expect(up.slice(1, length + 1).every((s) => s.revision.startsWith("b19x"))).toBe(true);

    const down = planDowngrade(graph, ["merge0000"], parseTarget("branch7@base"));
    expect(down).toHaveLength(branches * length + 2);
    const oneBranch = planDowngrade(graph, tips, parseTarget("branch7@-150"));
    expect(oneBranch).toHaveLength(length);
    expect(replay(tips, oneBranch)).toEqual(tips.filter((t) => !t.startsWith("b07")));
  });

  it("keeps rows equal to the heads of the applied set on a random DAG with merges and dependencies", () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const headers: RevisionHeader[] = [];
    for (let i = 0; i < 120; i++) {
      const id = `n${String(i).padStart(4, "0")}`;
      const down =
        i === 0 || random() < 0.08
          ? []
          : [
              ...new Set([
                `n${String(Math.floor(random() * i)).padStart(4, "0")}`,
                ...(random() < 0.15 ? [`n${String(Math.floor(random() * i)).padStart(4, "0")}`] : []),
              ]),
            ];
      const deps = i > 2 && random() < 0.1 ? [`n${String(Math.floor(random() * i)).padStart(4, "0")}`] : [];
      headers.push(rev(id, down.length === 0 ? null : down, { dependsOn: deps }));
    }
    const graph = buildRevisionGraph(headers);
    const up = planUpgrade(graph, [], parseTarget("heads"));
    expect(up).toHaveLength(120);
    checkRowsInvariant(graph, [], up);
    const rows = replay([], up);
    expect(rows).toEqual(graph.realHeads);
    const middle = graph.topologicalOrder[60] as string;
    const down = planDowngrade(graph, rows, parseTarget(middle));
    checkRowsInvariant(graph, rows, down);
    const after = replay(rows, down);
    const again = planUpgrade(graph, after, parseTarget("heads"));
    checkRowsInvariant(graph, after, again);
    expect(replay(after, again)).toEqual(graph.realHeads);
    expect(again.map((s) => s.revision).sort()).toEqual(down.map((s) => s.revision).sort());
  });
});

describe("properties", () => {
  const id = (i: number): string => `r${String(i).padStart(3, "0")}`;

  /** Plans `upgrade +N` from `start`, then `downgrade -N` from where it ends; both must mirror each other. */
  function checkInverse(graph: RevisionGraph, start: readonly string[], steps: number): boolean {
    let up: MigrationStep[];
    try {
      up = planUpgrade(graph, start, parseTarget(`+${steps}`));
    } catch (error) {
      // A fork ahead or too few revisions: nothing to invert.
      if (error instanceof RetortError) return false;
      throw error;
    }
    expect(up).toHaveLength(steps);
    const reached = replay(start, up);
    const down = planDowngrade(graph, reached, parseTarget(`-${steps}`));
    expect(down.map((s) => s.revision)).toEqual(up.map((s) => s.revision).reverse());
    expect(down.map(line)).toEqual(
      up
        .map(line)
        .reverse()
        .map((l) => {
          const [lower, upper] = l.replace("Running upgrade ", "").split(" -> ") as [string, string];
          return `Running downgrade ${upper} -> ${lower}`;
        }),
    );
    expect(replay(reached, down)).toEqual([...start].sort());
    return true;
  }

  it("upgrade +N then downgrade -N on a linear graph come back to the start", () => {
    const cases = fc
      .integer({ min: 1, max: 30 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })))
      .chain(([n, at]) => fc.tuple(fc.constant(n), fc.constant(at), fc.integer({ min: 1, max: n - at })));
    fc.assert(
      fc.property(cases, ([n, at, steps]) => {
        const graph = buildRevisionGraph(Array.from({ length: n }, (_, i) => rev(id(i), i === 0 ? null : id(i - 1))));
        const start = at === 0 ? [] : [id(at - 1)];
        expect(checkInverse(graph, start, steps)).toBe(true);
        const ahead = thrown(() => planUpgrade(graph, start, parseTarget(`+${n - at + 1}`)));
        expect(ahead.code).toBe("invalid_target");
      }),
    );
  });

  it("upgrade +N then downgrade -N along a branch of a random forest come back to the start", () => {
    // Revision i's parent is one of 0..i-1, or none (a new base) when the drawn number is i.
    const forests = fc
      .array(fc.nat(), { minLength: 1, maxLength: 25 })
      .chain((draws) => fc.tuple(fc.constant(draws), fc.nat({ max: draws.length }), fc.integer({ min: 1, max: 6 })));
    let inverted = 0;
    fc.assert(
      fc.property(forests, ([draws, at, steps]) => {
        const headers = draws.map((draw, i) => {
          const parent = draw % (i + 1);
          return rev(id(i), parent === i ? null : id(parent));
        });
        const graph = buildRevisionGraph(headers);
        const start = at === draws.length ? [] : [id(at)];
        if (checkInverse(graph, start, steps)) inverted++;
      }),
      { numRuns: 200 },
    );
    expect(inverted).toBeGreaterThan(0);
  });
});

describe("planStamp at its edges", () => {
  const only = (steps: readonly MigrationStep[]): string[] =>
    steps.map(
      (s) =>
        `${s.direction} ${s.revision} ${s.lower.join(",")}->${s.upper.join(",")} -[${s.deleteRows.join(",")}] +[${s.insertRows.join(",")}]`,
    );

  it("stamps label@head and label@REV like any other revision", () => {
    expect(only(planStamp(DOCS, ["d747a8a8879"], parseTarget("networking@head")))).toEqual([
      "upgrade 2a95102259be ->2a95102259be -[] +[2a95102259be]",
    ]);
    expect(only(planStamp(DOCS, ["d747a8a8879"], parseTarget("shoppingcart@27c6")))).toEqual([
      "downgrade 27c6a30d7c24 27c6a30d7c24->d747a8a8879 -[d747a8a8879] +[27c6a30d7c24]",
    ]);
  });

  it("deletes rows in id order whatever the order of the table, and reads each row once", () => {
    expect(only(planStamp(DOCS, ["d747a8a8879", "2a95102259be", "d747a8a8879"], parseTarget("base")))).toEqual([
      "downgrade 2a95102259be ->2a95102259be -[2a95102259be] +[]",
      "downgrade d747a8a8879 ->d747a8a8879 -[d747a8a8879] +[]",
    ]);
  });

  it("deletes the label's own base row for label@base, and rows reached only through dependsOn", () => {
    expect(only(planStamp(DOCS, ["3cac04ae8714", "d747a8a8879"], parseTarget("networking@base")))).toEqual([
      "downgrade 3cac04ae8714 ->3cac04ae8714 -[3cac04ae8714] +[]",
    ]);
    // 2a95102259be descends from ae1027a6acf through dependsOn only; 55af2cb1c267 is not on networking's lineage.
    expect(only(planStamp(DOCS, ["2a95102259be", "d747a8a8879"], parseTarget("ae1027a6acf@base")))).toEqual([
      "downgrade 2a95102259be ->2a95102259be -[2a95102259be] +[]",
    ]);
    expect(planStamp(DOCS, ["55af2cb1c267", "d747a8a8879"], parseTarget("networking@base"))).toEqual([]);
    expect(thrown(() => planStamp(DOCS, [], parseTarget("nosuch@base"))).message).toBe("No such branch: 'nosuch'");
  });

  it("stamps a revision alone when an ancestor of it is requested with it", () => {
    // On a001's line both b001 and c001 are heads through downRevision, but c001 depends on b001.
    const g = buildRevisionGraph([rev("a001", null), rev("b001", "a001"), rev("c001", "a001", { dependsOn: ["b001"] })]);
    expect(only(planStamp(g, [], parseTarget("a001@heads")))).toEqual(["upgrade c001 ->c001 -[] +[c001]"]);
    expect(only(planStamp(g, ["a001"], parseTarget("a001@heads")))).toEqual(["upgrade c001 a001->c001 -[a001] +[c001]"]);
  });

  it("lists the rows a move replaces in id order, whatever the order of the table", () => {
    expect(only(planStamp(DOCS, ["d747a8a8879", "ae1027a6acf"], parseTarget("1975ea83b712")))).toEqual([
      "downgrade 1975ea83b712 1975ea83b712->ae1027a6acf,d747a8a8879 -[ae1027a6acf,d747a8a8879] +[1975ea83b712]",
    ]);
    expect(only(planStamp(MERGED, ["ae1027a6acf", "27c6a30d7c24"], parseTarget("head")))).toEqual([
      "upgrade 53fffde5ad5 27c6a30d7c24,ae1027a6acf->53fffde5ad5 -[27c6a30d7c24,ae1027a6acf] +[53fffde5ad5]",
    ]);
  });

  it("moves each requested head in id order, replacing only the rows on its lineage", () => {
    const g = buildRevisionGraph([rev("a001", null), rev("z001", "a001"), rev("b001", "a001"), rev("c001", null)]);
    expect(only(planStamp(g, ["a001", "c001"], parseTarget("heads")))).toEqual([
      "upgrade b001 a001->b001 -[a001] +[b001]",
      "upgrade z001 ->z001 -[] +[z001]",
    ]);
  });

  it("stamps `current` and relative targets from the rows it is given", () => {
    expect(planStamp(LINEAR, ["aaaa0002"], parseTarget("current"))).toEqual([]);
    expect(only(planStamp(LINEAR, ["aaaa0002"], parseTarget("+1")))).toEqual([
      "upgrade aaaa0003 aaaa0002->aaaa0003 -[aaaa0002] +[aaaa0003]",
    ]);
    expect(only(planStamp(LINEAR, ["aaaa0002"], parseTarget("-1")))).toEqual([
      "downgrade aaaa0001 aaaa0001->aaaa0002 -[aaaa0002] +[aaaa0001]",
    ]);
    // With purge the rows are gone: `+1` starts from base.
    expect(only(planStamp(LINEAR, ["aaaa0002"], parseTarget("+1"), { purge: true }))).toEqual([
      "upgrade aaaa0001 ->aaaa0001 -[] +[aaaa0001]",
    ]);
    expect(only(planStamp(LINEAR, ["aaaa0002"], parseTarget("+1"), { purge: false }))).toHaveLength(1);
  });

  it("returns frozen steps and leaves its inputs alone", () => {
    const rows = Object.freeze(["aaaa0001"]);
    const steps = planStamp(LINEAR, rows, parseTarget("head"));
    expect(Object.isFrozen(steps[0])).toBe(true);
    expect(Object.isFrozen(steps[0]?.deleteRows)).toBe(true);
    expect(rows).toEqual(["aaaa0001"]);
  });
});

describe("planDowngrade at its edges", () => {
  it("names the destination, the revision and the rows in the details of a refusal", () => {
    const e = thrown(() => planDowngrade(DOCS, ["d747a8a8879"], parseTarget("ae10")));
    expect(e.details).toEqual({ target: "ae10", revision: "ae1027a6acf", currentHeads: ["d747a8a8879"] });
    const two = thrown(() => planDowngrade(DOCS, ["d747a8a8879", "55af2cb1c267"], parseTarget("3cac")));
    expect(two.hint).toBe(
      "Revision 3cac04ae8714 is not applied (the database is at 55af2cb1c267, d747a8a8879); downgrade to one of its applied ancestors, or upgrade instead.",
    );
  });

  it("reverts every branch of a branch point for a plain REV, only the label's for label@REV", () => {
    const start = ["55af2cb1c267", "d747a8a8879"];
    expect(planDowngrade(DOCS, start, parseTarget("1975ea83b712")).map((s) => s.revision)).toEqual([
      "55af2cb1c267",
      "ae1027a6acf",
      "d747a8a8879",
      "27c6a30d7c24",
    ]);
    expect(planDowngrade(DOCS, start, parseTarget("ae1027a6acf@1975ea83b712")).map((s) => s.revision)).toEqual([
      "55af2cb1c267",
      "ae1027a6acf",
    ]);
  });

  it("reverts only the label's bases for label@base", () => {
    const start = ["2a95102259be", "d747a8a8879"];
    expect(planDowngrade(DOCS, start, parseTarget("shoppingcart@base")).map((s) => s.revision)).toEqual([
      "2a95102259be",
      "55af2cb1c267",
      "ae1027a6acf",
      "d747a8a8879",
      "27c6a30d7c24",
      "1975ea83b712",
    ]);
  });

  it("returns frozen steps with the revision's down revisions as lower", () => {
    const [s] = planDowngrade(MERGED, ["53fffde5ad5"], parseTarget("ae1027a6acf"));
    expect(s).toEqual({
      direction: "downgrade",
      revision: "53fffde5ad5",
      lower: ["ae1027a6acf", "27c6a30d7c24"],
      upper: ["53fffde5ad5"],
      deleteRows: ["53fffde5ad5"],
      insertRows: ["27c6a30d7c24", "ae1027a6acf"],
    });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s?.lower)).toBe(true);
    expect(Object.isFrozen(s?.upper)).toBe(true);
    expect(Object.isFrozen(s?.insertRows)).toBe(true);
  });
});

describe("plans on random graphs", () => {
  /** Random DAGs with merges and dependencies, ids drawn so that the id order differs from the file order. */
  const dags = fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 18 }).map((draws) => {
    const ids = draws.map(([, , , k], i) => `${"zyxwvutsrq"[k % 10]}${String(i).padStart(2, "0")}`);
    return buildRevisionGraph(
      draws.map(([a, b, d], i) => {
        const down = i === 0 || a % 4 === 0 ? [] : [...new Set([ids[a % i] as string, ...(b % 3 === 0 ? [ids[b % i] as string] : [])])];
        const deps = i > 1 && d % 5 === 0 ? [ids[d % i] as string].filter((x) => !down.includes(x)) : [];
        return rev(ids[i] as string, down.length === 0 ? null : down, { dependsOn: deps });
      }),
    );
  });
  /** A graph, a reachable state (the heads of an ancestor-closed set) and a revision of it. */
  const cases = dags.chain((graph) =>
    fc.tuple(fc.constant(graph), fc.subarray([...graph.ids]), fc.constantFrom(...graph.ids), fc.constantFrom(...graph.ids)),
  );

  /** Applies the steps to an applied set, checking each step is allowed where it runs. */
  function run(graph: RevisionGraph, applied: Set<string>, steps: readonly MigrationStep[]): Set<string> {
    const out = new Set(applied);
    for (const s of steps) {
      const node = graph.get(s.revision);
      if (s.direction === "upgrade") {
        expect(out.has(s.revision)).toBe(false);
        for (const p of node.parents) expect(out.has(p), `${p} before ${s.revision}`).toBe(true);
        out.add(s.revision);
      } else {
        expect(out.has(s.revision)).toBe(true);
        for (const c of node.allChildren) expect(out.has(c), `${c} before ${s.revision}`).toBe(false);
        out.delete(s.revision);
      }
      expect(s.lower).toEqual(node.downRevisions);
      expect(s.upper).toEqual([s.revision]);
    }
    return out;
  }

  it("upgrade to a revision applies exactly what it lacks, parents first; downgrade to it reverts exactly its descendants", () => {
    fc.assert(
      fc.property(cases, ([graph, picked, up, down]) => {
        const rows = headsOfRows(graph, picked);
        const before = new Set(graph.ancestors(rows, { inclusive: true }));
        const steps = planUpgrade(graph, rows, parseTarget(up));
        checkRowsInvariant(graph, rows, steps);
        const after = run(graph, before, steps);
        const wanted = new Set([...before, ...graph.ancestors([up], { inclusive: true })]);
        expect([...after].sort()).toEqual([...wanted].sort());
        expect(steps).toHaveLength(wanted.size - before.size);
        const reached = replay(rows, steps);
        expect(reached).toEqual(headsOfRows(graph, [...after]));

        if (!after.has(down)) {
          expect(thrown(() => planDowngrade(graph, reached, parseTarget(down))).code).toBe("invalid_target");
          return;
        }
        const back = planDowngrade(graph, reached, parseTarget(down));
        checkRowsInvariant(graph, reached, back);
        const left = run(graph, after, back);
        const descendants = new Set(graph.descendants([down]));
        expect([...left].sort()).toEqual([...after].filter((id) => !descendants.has(id)).sort());
        // Reverting and re-applying the same revisions are mirror images.
        const again = planUpgrade(graph, replay(reached, back), parseTarget("heads"));
        const reapplied = again.filter((s) => after.has(s.revision)).map((s) => s.revision);
        expect(new Set(reapplied)).toEqual(new Set(back.map((s) => s.revision)));
      }),
      { numRuns: 150 },
    );
  });

  it("stamping a revision leaves the table holding it and the rows on unrelated lines", () => {
    fc.assert(
      fc.property(cases, ([graph, picked, target]) => {
        const rows = headsOfRows(graph, picked);
        const steps = planStamp(graph, rows, parseTarget(target));
        const after = replay(rows, steps);
        const related = new Set([...graph.ancestors([target]), ...graph.descendants([target])]);
        expect(after).toEqual([target, ...rows.filter((r) => r !== target && !related.has(r))].sort());
        expect(steps.length).toBe(rows.includes(target) ? 0 : 1);
      }),
      { numRuns: 150 },
    );
  });
});
