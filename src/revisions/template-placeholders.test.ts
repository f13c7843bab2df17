import { describe, expect, it } from "vitest";
import { parseRevisionHeader } from "./header-parser.js";
import { renderRevisionFile, renderRevisionTemplate, type RevisionFileContent } from "./template.js";

const content: RevisionFileContent = {
  revision: "27c6a30d7c24",
  downRevisions: ["1975ea83b712"],
  branchLabels: [],
  dependsOn: [],
  message: 'add "release_date" */ to movies',
  createDate: new Date(2026, 10, 28, 10, 0, 0),
  imports: ['import { date } from "retort/schema";'],
  upgrade: ['await op.addColumn("movies", "release_date", date());'],
  downgrade: ['await op.dropColumn("movies", "release_date");'],
};

const template = [
  "/**",
  " * ${message}",
  " *",
  " * Revision ID: ${revision}",
  " * Revises: ${revises}",
  " * Create Date: ${createDate}",
  " */",
  "${imports}",
  'import { audit } from "../audit.js";',
  "",
  "export const revision = ${revision};",
  "export const downRevision: string | readonly string[] | null = ${downRevision};",
  "export const branchLabels: readonly string[] | null = ${branchLabels};",
  "export const dependsOn: readonly string[] | null = ${dependsOn};",
  "export const message = ${message};",
  "",
  "export async function upgrade(op: Operations): Promise<void> {",
  "  ${upgrades}",
  "  await audit(`upgraded ${revision}`);",
  "}",
  "",
  "export async function downgrade(op: Operations): Promise<void> {",
  "    ${downgrades}",
  "}",
  "",
].join("\n");

describe("renderRevisionTemplate", () => {
  it("fills header literals, comment text and indented bodies, and leaves other ${…} alone", () => {
    const text = renderRevisionTemplate(template, content);
    expect(text).toContain(' * add "release_date" * / to movies\n');
    expect(text).toContain(" * Revises: 1975ea83b712\n");
    expect(text).toContain(' */\nimport type { Operations } from "retort";\nimport { date } from "retort/schema";\nimport { audit }');
    expect(text).toContain('export const message = "add \\"release_date\\" */ to movies";');
    expect(text).toContain('export const downRevision: string | readonly string[] | null = "1975ea83b712";');
    expect(text).toContain('{\n  await op.addColumn("movies", "release_date", date());\n  await audit(`upgraded "27c6a30d7c24"`);');
    expect(text).toContain('{\n    await op.dropColumn("movies", "release_date");\n}');
    const header = parseRevisionHeader(text, "/x.ts");
    expect(header).toMatchObject({ revision: "27c6a30d7c24", downRevisions: ["1975ea83b712"], message: content.message });
  });

  it("writes the default body into an empty upgrade, and a list of parents as an array", () => {
    const text = renderRevisionTemplate(template, { ...content, downRevisions: ["a1", "b2"], upgrade: [], imports: [] });
    expect(text).toContain('{\n  // Write the migration here, e.g. await op.execute("...");\n');
    expect(text).toContain('= ["a1", "b2"];');
    expect(parseRevisionHeader(text, "/x.ts").downRevisions).toEqual(["a1", "b2"]);
  });

  it("gives the built-in file for a template that spells the built-in file out", () => {
    const plain = { ...content, message: "add release_date to movies" };
    const builtIn = template.replace('import { audit } from "../audit.js";\n', "").replace("  await audit(`upgraded ${revision}`);\n", "");
    expect(renderRevisionTemplate(builtIn.replace("    ${downgrades}", "  ${downgrades}"), plain)).toBe(renderRevisionFile(plain));
  });
});
