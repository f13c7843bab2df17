import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRevisionHeader } from "./header-parser.js";
import { revisionFileName } from "./script-directory.js";
import { renderRevisionFile } from "./template.js";

const content = {
  revision: "27c6a30d7c24",
  downRevisions: ["1975ea83b712"],
  branchLabels: [],
  dependsOn: [],
  message: "add release_date to movies",
  createDate: new Date(2026, 10, 28, 10, 0, 0, 123),
};

describe("renderRevisionFile", () => {
  it("matches the golden file", () => {
    const golden = readFileSync(new URL("./__golden__/empty-revision.ts.txt", import.meta.url), "utf8");
    expect(renderRevisionFile(content)).toBe(golden);
  });

  it("renders a merge with labels and dependencies that parses back to the same header", () => {
    const text = renderRevisionFile({
      ...content,
      revision: "m3",
      downRevisions: ["a1", "b2"],
      branchLabels: ["net"],
      dependsOn: ["x9"],
      message: "merge",
    });
    expect(text).toContain('export const downRevision: string | readonly string[] | null = ["a1", "b2"];');
    const header = parseRevisionHeader(text, "/v/m3_merge.ts");
    expect(header).toMatchObject({
      revision: "m3",
      downRevisions: ["a1", "b2"],
      branchLabels: ["net"],
      dependsOn: ["x9"],
      message: "merge",
    });
  });
});

describe("squashed revisions", () => {
  it("render `replaces` in the header and the docstring, and parse back with it", () => {
    const text = renderRevisionFile({ ...content, revision: "s1", downRevisions: [], replaces: ["a1", "b2", "c3"], message: "squash" });
    expect(text).toContain(" * Replaces: a1, b2, c3\n */");
    expect(text).toContain('export const replaces: readonly string[] = ["a1", "b2", "c3"];');
    expect(parseRevisionHeader(text, "/v/s1_squash.ts").replaces).toEqual(["a1", "b2", "c3"]);
  });

  it("leave `replaces` out of an ordinary revision", () => {
    const text = renderRevisionFile({ ...content, replaces: [] });
    expect(text).not.toContain("replaces");
    expect(text).not.toContain("Replaces:");
    expect(parseRevisionHeader(text, "/v/x.ts")).not.toHaveProperty("replaces");
  });
});

describe("revisionFileName", () => {
  it.each([
    ["create movies table", "1975ea83b712_create_movies_table.ts"],
    ["Add release_date column to movies!", "1975ea83b712_add_release_date_column_to_movies.ts"],
    ["a very long message that goes well beyond forty characters", "1975ea83b712_a_very_long_message_that_goes_well.ts"],
    ["abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "1975ea83b712_abcdefghijklmnopqrstuvwxyzabcdefghijklmn.ts"],
    ["!!!", "1975ea83b712_.ts"],
  ])("%s → %s", (message, expected) => {
    expect(revisionFileName("1975ea83b712", message)).toBe(expected);
  });
});
