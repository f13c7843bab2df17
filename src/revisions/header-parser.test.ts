import { describe, expect, it } from "vitest";
import { RevisionFileError } from "../errors.js";
import { parseRevisionHeader } from "./header-parser.js";

const FILE = "/project/migrations/versions/27c6a30d7c24_add_release_date.ts";

const rendered = `/**
 * add release_date to movies
 *
 * Revision ID: 27c6a30d7c24
 * Revises: 1975ea83b712
 * Create Date: 2026-11-28 10:00:00.000000
 */
import type { Operations } from "retort";

export const revision = "27c6a30d7c24";
export const downRevision: string | readonly string[] | null = "1975ea83b712";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;
export const message = "add release_date to movies";

export async function upgrade(op: Operations): Promise<void> {
  await op.execute("ALTER TABLE movies ADD COLUMN release_date date");
}
`;

describe("parseRevisionHeader", () => {
  it("reads the exports of a rendered revision file", () => {
    expect(parseRevisionHeader(rendered, FILE)).toEqual({
      revision: "27c6a30d7c24",
      downRevisions: ["1975ea83b712"],
      branchLabels: [],
      dependsOn: [],
      message: "add release_date to movies",
      path: FILE,
      createDate: "2026-11-28 10:00:00.000000",
    });
  });

  it("reads lists, single quotes, `as const` and escapes", () => {
    const source = [
      "export const revision = 'm3';",
      "export const downRevision = [\"a1\", 'b2'] as const;",
      "export const branchLabels = [`networking`];",
      'export const dependsOn: readonly string[] = [\n  "x9",\n];',
      'export const message = "merge \\"both\\" heads";',
    ].join("\n");
    const header = parseRevisionHeader(source, FILE);
    expect(header.downRevisions).toEqual(["a1", "b2"]);
    expect(header.branchLabels).toEqual(["networking"]);
    expect(header.dependsOn).toEqual(["x9"]);
    expect(header.message).toBe('merge "both" heads');
  });

  it("ignores exports inside comments", () => {
    const source = '// export const revision = "old";\n/* export const revision = "older"; */\nexport const revision = "new1";';
    expect(parseRevisionHeader(source, FILE).revision).toBe("new1");
  });

  it.each([
    ["a missing revision export", 'export const message = "x";', /missing `export const revision/],
    ["a revision that is not a literal", "export const revision = makeId();", /:1: 'revision' must be a literal/],
    ["a template expression", "export const revision = `a${b}`;", /template expressions/],
    [
      "a list holding a non-string",
      'export const revision = "a";\nexport const downRevision = [1];',
      /:2: 'downRevision' must list revision ids/,
    ],
    ["an export given twice", 'export const revision = "a";\nexport const revision = "b";', /exports 'revision' twice/],
    ["an invalid id", 'export const revision = "no spaces";', /must be 1–32 letters/],
    ["an empty parent id", 'export const revision = "a";\nexport const downRevision = "";', /empty revision id/],
  ])("rejects %s, naming the file", (_, source, pattern) => {
    let caught: unknown;
    try {
      parseRevisionHeader(source, FILE);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RevisionFileError);
    expect((caught as Error).message).toContain(FILE);
    expect((caught as Error).message).toMatch(pattern);
  });
});
