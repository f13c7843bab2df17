import { existsSync } from "node:fs";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type TestProject } from "../helpers/project.js";

const SCHEMA = "retort/schema";

/** A formatter stand-in: rewrites the file it is given (a first line naming the hook and the file's name). */
const FORMAT = `import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
const file = process.argv[2];
writeFileSync(file, "// formatted " + path.basename(file) + "\\n" + readFileSync(file, "utf8"));
`;

const FAIL = `process.stderr.write("cannot format: unexpected token at 3:14\\n");
process.exit(3);
`;

describe("postWriteHooks and revisionTemplate", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory("retort-hooks-");
    database = serverDatabaseUrl();
    await writeFile(path.join(dir.path, "format.mjs"), FORMAT);
    await writeFile(path.join(dir.path, "fail.mjs"), FAIL);
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  const project = (extra: string): Promise<TestProject> => createProject(dir.path, database.url, extra);
  const node = JSON.stringify(process.execPath);

  it("runs command and function hooks on each file revision, merge and --autogenerate write", async () => {
    const p = await project(`, models: "./models.ts", postWriteHooks: [
      { command: ${node}, args: ["format.mjs", "{file}"] },
      async (file: string) => { const fs = await import("node:fs"); fs.appendFileSync(file, "// checked\\n"); },
    ]`);
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { integer, table } from ${JSON.stringify(SCHEMA)};\nexport const movies = table("movies", { id: integer().primaryKey() });\n`,
    );
    const written: string[] = [];
    for (const args of [
      ["revision", "-m", "first", "--rev-id", "a1"],
      ["revision", "-m", "left", "--rev-id", "b1"],
      ["revision", "-m", "right", "--head", "a1", "--splice", "--rev-id", "c1"],
      ["merge", "heads", "-m", "merge", "--rev-id", "d1"],
    ]) {
      const result = await p.run(...args);
      expect(result.code, result.stderr).toBe(0);
      written.push(result.stdout.trim());
    }
    expect((await p.run("upgrade", "head")).code).toBe(0);
    const auto = await p.run("revision", "--autogenerate", "-m", "create movies", "--rev-id", "e1");
    expect(auto.code, auto.stderr).toBe(0);
    written.push(auto.stdout.trim());
    for (const file of written) {
      const text = await readFile(file, "utf8");
      expect(text.startsWith(`// formatted ${path.basename(file)}\n/**\n`)).toBe(true);
      expect(text.endsWith("}\n// checked\n")).toBe(true);
    }
    expect(await readFile(written[4]!, "utf8")).toContain('await op.createTable("movies", {');
    // The rewritten files still read as revisions.
    expect((await p.run("heads")).stdout).toBe("e1 (head)\n");
  });

  it("fails naming the hook and showing its output, leaves the file written, and runs no later hook", async () => {
    const p = await project(`, postWriteHooks: [
      { name: "strict formatter", command: ${node}, args: ["fail.mjs", "{file}"] },
      { command: ${node}, args: ["format.mjs", "{file}"] },
    ]`);
    const result = await p.run("revision", "-m", "first", "--rev-id", "a1");
    expect(result.code).not.toBe(0);
    const file = path.join(p.versionsDirectory, "a1_first.ts");
    expect(result.stderr).toContain(
      `Post-write hook strict formatter exited with 3 on ${file}:\n  cannot format: unexpected token at 3:14`,
    );
    expect(result.stderr).toContain("The revision file is written");
    expect(existsSync(file)).toBe(true);
    expect(await readFile(file, "utf8")).not.toContain("// formatted");

    const missing = await project(`, postWriteHooks: [{ command: "retort-no-such-formatter", args: ["{file}"] }]`);
    const notFound = await missing.run("revision", "-m", "second", "--rev-id", "b2");
    expect(notFound.code).not.toBe(0);
    expect(notFound.stderr).toContain("Post-write hook retort-no-such-formatter {file} could not start");
  });

  it("writes new revisions from the project's template, and refuses a template that breaks the header", async () => {
    const template = [
      "/**",
      " * ${message}",
      " *",
      " * Revision ID: ${revision}",
      " * Revises: ${revises}",
      " * Create Date: ${createDate}",
      " */",
      "${imports}",
      'import { log } from "../../log.js";',
      "",
      "export const revision = ${revision};",
      "export const downRevision: string | readonly string[] | null = ${downRevision};",
      "export const branchLabels: readonly string[] | null = ${branchLabels};",
      "export const dependsOn: readonly string[] | null = ${dependsOn};",
      "export const message = ${message};",
      "",
      "export async function upgrade(op: Operations): Promise<void> {",
      "  ${upgrades}",
      "  log(`upgraded ${revision}`);",
      "}",
      "",
      "export async function downgrade(op: Operations): Promise<void> {",
      "  ${downgrades}",
      "}",
      "",
    ].join("\n");
    await writeFile(path.join(dir.path, "template.ts"), template);
    const p = await project(`, revisionTemplate: "./template.ts"`);
    const first = await p.run("revision", "-m", "first", "--rev-id", "a1");
    expect(first.code, first.stderr).toBe(0);
    const second = await p.run("revision", "-m", "second", "--rev-id", "b1");
    expect(second.code, second.stderr).toBe(0);
    const text = await readFile(second.stdout.trim(), "utf8");
    expect(text).toContain(" * Revision ID: b1\n * Revises: a1\n");
    expect(text).toContain(
      'import { log } from "../../log.js";\n\nexport const revision = "b1";\nexport const downRevision: string | readonly string[] | null = "a1";',
    );
    expect(text).toContain('  // Write the migration here, e.g. await op.execute("...");\n  log(`upgraded "b1"`);\n}');
    expect((await p.run("history")).stdout).toBe("a1 -> b1 (head), second\n<base> -> a1, first\n");

    await writeFile(
      path.join(dir.path, "template.ts"),
      template.replace("export const revision = ${revision};", 'export const revision = "fixed";'),
    );
    const broken = await p.run("revision", "-m", "third", "--rev-id", "c1");
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toContain(
      `The revision template ${path.join(dir.path, "template.ts")} gives a file whose 'revision' reads "fixed", not "c1".`,
    );
    await writeFile(path.join(dir.path, "template.ts"), template.replace("export const revision = ${revision};\n", ""));
    const noMessage = await p.run("revision", "-m", "third", "--rev-id", "c1");
    expect(noMessage.code).not.toBe(0);
    expect(noMessage.stderr).toContain("does not give a valid revision file");
    await writeFile(path.join(dir.path, "template.ts"), template.replace("function downgrade", "function down"));
    const noDowngrade = await p.run("revision", "-m", "third", "--rev-id", "c1");
    expect(noDowngrade.stderr).toContain("gives a file that does not export downgrade().");
    expect((await readdir(p.versionsDirectory)).sort()).toEqual(["a1_first.ts", "b1_second.ts"]);
  });
});
