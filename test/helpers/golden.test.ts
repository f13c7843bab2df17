import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDirectory } from "./databases.js";
import { expectGolden, UPDATE_GOLDEN } from "./golden.js";

describe("expectGolden", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let saved: string | undefined;

  beforeEach(async () => {
    dir = await tempDirectory("retort-golden-");
    saved = process.env[UPDATE_GOLDEN];
    delete process.env[UPDATE_GOLDEN];
  });

  afterEach(async () => {
    if (saved === undefined) delete process.env[UPDATE_GOLDEN];
    else process.env[UPDATE_GOLDEN] = saved;
    await dir.remove();
  });

  it("fails on a missing golden file and does not write it", () => {
    const file = path.join(dir.path, "missing.sql");
    expect(() => expectGolden(file, "SELECT 1;\n")).toThrow(`The golden file ${file} is missing: run the test with ${UPDATE_GOLDEN}=1`);
    expect(existsSync(file)).toBe(false);
  });

  it("passes on equal text and fails on different text, leaving the file as it was", () => {
    const file = path.join(dir.path, "same.sql");
    writeFileSync(file, "SELECT 1;\n");
    expectGolden(file, "SELECT 1;\n");
    expect(() => expectGolden(file, "SELECT 2;\n")).toThrow(/differs from the golden file/);
    expect(readFileSync(file, "utf8")).toBe("SELECT 1;\n");
  });

  it(`writes and rewrites golden files only with ${UPDATE_GOLDEN}=1`, () => {
    const file = path.join(dir.path, "new.sql");
    process.env[UPDATE_GOLDEN] = "1";
    expectGolden(file, "SELECT 1;\n");
    expect(readFileSync(file, "utf8")).toBe("SELECT 1;\n");
    expectGolden(file, "SELECT 2;\n");
    expect(readFileSync(file, "utf8")).toBe("SELECT 2;\n");
    process.env[UPDATE_GOLDEN] = "true";
    expect(() => expectGolden(file, "SELECT 3;\n")).toThrow(/differs from the golden file/);
  });
});

/**
 * Rendered revisions and models are kept as golden `.ts` files; `npm test` type-checks them with the project
 * (`npm run typecheck`, where `retort` resolves to the built package as in a user's project), so each must be
 * one of the files tsconfig.json compiles.
 */
describe("golden TypeScript files", () => {
  it("are all part of the project's type check", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const config = ts.readConfigFile(path.join(root, "tsconfig.json"), ts.sys.readFile);
    const checked = new Set(ts.parseJsonConfigFileContent(config.config, ts.sys, root).fileNames.map((file) => path.resolve(file)));
    const goldens = ts.sys.readDirectory(path.join(root, "test", "golden"), [".ts"]).map((file) => path.resolve(file));
    expect(goldens.length).toBeGreaterThan(10);
    expect(goldens.filter((file) => !checked.has(file))).toEqual([]);
  });
});
