import { describe, expect, it } from "vitest";
import { RetortError } from "../errors.js";
import { buildRevisionGraph } from "../revisions/graph.js";
import type { RevisionHeader } from "../revisions/revision.js";
import type { ProjectRevisions } from "./script.js";
import { squashedChain } from "./squash.js";

function h(revision: string, down: readonly string[], extra: Partial<RevisionHeader> = {}): RevisionHeader {
  return { revision, downRevisions: down, branchLabels: [], dependsOn: [], message: revision, path: `/v/${revision}.ts`, ...extra };
}

function script(headers: readonly RevisionHeader[]): ProjectRevisions {
  return { headers: new Map(headers.map((x) => [x.revision, x])), graph: buildRevisionGraph(headers), files: headers, squashes: [] };
}

function refusal(headers: readonly RevisionHeader[], range: string): string {
  try {
    squashedChain(script(headers), range);
  } catch (error) {
    if (error instanceof RetortError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("not refused");
}

describe("squashedChain", () => {
  it("lists START..END oldest first, END may have several children and START several parents", () => {
    const headers = [h("a", []), h("z", []), h("b", ["a", "z"]), h("c", ["b"]), h("d", ["c"]), h("e1", ["d"]), h("e2", ["d"])];
    expect(squashedChain(script(headers), "b:d")).toEqual(["b", "c", "d"]);
    expect(squashedChain(script(headers), "c:d")).toEqual(["c", "d"]);
  });

  it("resolves head and partial ids", () => {
    const headers = [h("a1", []), h("b2", ["a1"]), h("c3", ["b2"])];
    expect(squashedChain(script(headers), "a:head")).toEqual(["a1", "b2", "c3"]);
  });

  it.each([
    ["a", "usage: Invalid range 'a'"],
    ["a:", "usage: Invalid range 'a:'"],
    [":c", "usage: Invalid range ':c'"],
    ["a:b:c", "usage: Invalid range 'a:b:c'"],
  ])("refuses the range %s", (range, expected) => {
    expect(refusal([h("a", []), h("b", ["a"]), h("c", ["b"])], range)).toMatch(expected);
  });

  it("refuses a target naming several revisions", () => {
    expect(refusal([h("a", []), h("b", ["a"]), h("c", ["a"])], "a:heads")).toBe(
      "invalid_target: 'heads' names 2 revisions; squash needs one at each end of the range.",
    );
  });

  it("refuses an END that does not descend from START", () => {
    const headers = [h("a", []), h("b", ["a"]), h("c", ["a"])];
    expect(refusal(headers, "b:c")).toBe("squash_refused: Cannot squash b..c: b is not an ancestor of c.");
  });

  it("refuses a branch point inside, but not at END", () => {
    const headers = [h("a", []), h("b", ["a"]), h("c", ["b"]), h("x", ["b"])];
    expect(refusal(headers, "a:c")).toBe("squash_refused: Cannot squash a..c: b is a branch point (c, x).");
    expect(squashedChain(script(headers), "a:b")).toEqual(["a", "b"]);
  });

  it("refuses a merge after START", () => {
    const headers = [h("a", []), h("z", []), h("m", ["a", "z"]), h("c", ["m"])];
    expect(refusal([...headers, h("y", [])], "a:c")).toBe("squash_refused: Cannot squash a..c: m is a merge point.");
    expect(squashedChain(script(headers), "m:c")).toEqual(["m", "c"]);
  });

  it("refuses dependencies either way, branch labels and squashed revisions", () => {
    const base = [h("a", []), h("b", ["a"]), h("c", ["b"])];
    expect(refusal([...base, h("x", [], { dependsOn: ["b"] })], "a:c")).toBe(
      "squash_refused: Cannot squash a..c: b has dependencies (dependsOn) on or from it.",
    );
    expect(refusal([h("x", []), h("a", []), h("b", ["a"], { dependsOn: ["x"] }), h("c", ["b"])], "a:c")).toMatch(/b has dependencies/);
    expect(refusal([h("a", []), h("b", ["a"], { branchLabels: ["net"] }), h("c", ["b"])], "a:c")).toBe(
      "squash_refused: Cannot squash a..c: b has branch labels.",
    );
    expect(refusal([h("a", []), h("b", ["a"], { replaces: ["q"] }), h("c", ["b"])], "a:c")).toBe(
      "squash_refused: Cannot squash a..c: b is a squashed revision itself.",
    );
  });

  it("refuses a single revision", () => {
    expect(refusal([h("a", []), h("b", ["a"])], "b:b")).toBe("squash_refused: Cannot squash b..b: the range holds a single revision.");
  });
});
