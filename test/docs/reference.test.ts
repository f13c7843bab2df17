/**
 * Keeps the DSL and `op.` reference honest: every checked example type-checks against Retort's sources, and the
 * SQL shown after it is what the PostgreSQL compiler emits for it. `RETORT_DOCS_WRITE=1` rewrites the SQL
 * blocks from the compiler (review the diff before committing it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { Operations } from "../../src/ops/operations.js";
import * as schema from "../../src/schema/index.js";
import { type Example, extractExamples, runExample, typeErrors } from "./reference.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const FILES = ["docs/models.md", "docs/operations.md"];
const write = process.env.RETORT_DOCS_WRITE === "1";

const examples = new Map<string, Example[]>();
for (const file of FILES) examples.set(file, extractExamples(file, readFileSync(resolve(root, file), "utf8")));
const all = [...examples.values()].flat();

describe("the reference's examples", () => {
  for (const [file, list] of examples) {
    test(`${file}: the SQL shown is what Retort emits`, async () => {
      expect(list.length).toBeGreaterThan(10);
      const mismatches: string[] = [];
      const lines = readFileSync(resolve(root, file), "utf8").split("\n");
      // Rewrites go bottom-up so that earlier line numbers stay valid.
      for (const example of [...list].reverse()) {
        const actual = await runExample(example);
        if (example.sql === undefined) {
          mismatches.push(`${file}:${example.line}: no \`\`\`sql block follows the example`);
          continue;
        }
        if (normalize(example.sql.text) === normalize(actual)) continue;
        if (write) lines.splice(example.sql.startLine, example.sql.endLine - example.sql.startLine, ...actual.split("\n"));
        mismatches.push(`${file}:${example.line}: shown\n${example.sql.text}\nemitted\n${actual}`);
      }
      if (write) {
        writeFileSync(resolve(root, file), lines.join("\n"));
        return;
      }
      expect(mismatches).toEqual([]);
    });
  }

  test("type-check against Retort's types", () => {
    expect(typeErrors(root, all)).toEqual([]);
  }, 120_000);
});

describe("the reference covers the API", () => {
  test("every op method has a checked example", () => {
    const methods = Object.keys(new Operations(async () => {})).sort();
    expect(methods.length).toBeGreaterThan(20);
    const code = all
      .filter((example) => example.kind === "op")
      .map((example) => example.code)
      .join("\n");
    expect(methods.filter((method) => !code.includes(`op.${method}(`))).toEqual([]);
  });

  test("every schema builder has a checked example", () => {
    const builders = Object.entries(schema)
      .filter(([name, value]) => typeof value === "function" && !name.startsWith("is") && name !== "tableModel" && name !== "ColumnBuilder")
      .map(([name]) => name);
    const methods = Object.getOwnPropertyNames(schema.ColumnBuilder.prototype).filter((name) => name !== "constructor" && name !== "with");
    const code = all.map((example) => example.code).join("\n");
    expect(builders.filter((name) => !new RegExp(`\\b${name}[(\`]`).test(code))).toEqual([]);
    expect(methods.filter((name) => !code.includes(`.${name}(`))).toEqual([]);
  });
});

function normalize(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}
