import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TABLE_SOURCE, type TableDefinition } from "../schema/table.js";
import { privateCacheDirectory } from "./cache-directory.js";
import { describeLoadError } from "./load-error.js";
import { importProjectModule } from "./module-loader.js";

describe("importProjectModule", () => {
  let directory = "";
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), "retort-loader-test-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(directory, name);
    writeFileSync(file, text);
    return file;
  };

  it("runs TypeScript that imports retort/schema and another TypeScript file of the project", async () => {
    write("helper.ts", "export const suffix: string = '_table';\n");
    const file = write(
      "models.ts",
      'import { integer, table } from "retort/schema";\nimport { suffix } from "./helper";\nexport const users = table(`users${suffix}`, { id: integer().primaryKey() });\n',
    );
    const exports = await importProjectModule<{ users: TableDefinition }>(file);
    expect(exports.users[TABLE_SOURCE].name).toBe("users_table");
    // Again, from the transpile cache and V8's code cache.
    const again = await importProjectModule<{ users: TableDefinition }>(file);
    expect(again.users[TABLE_SOURCE].name).toBe("users_table");
  });

  it("reads an edited file again, and returns the default export when asked", async () => {
    const file = write("config.ts", "export default { value: 1 as number };\n");
    expect(await importProjectModule(file, { default: true })).toEqual({ value: 1 });
    writeFileSync(file, "export default { value: 2 as number };\n");
    expect(await importProjectModule(file, { default: true })).toEqual({ value: 2 });
  });

  it("runs the new code of a file edited after its cached copy was found by its stamp", async () => {
    const file = write("revision.ts", "export const value: number = 1;\n");
    // Once the file has settled, the cache finds it by its stamp, without reading it.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(await importProjectModule(file)).toEqual({ value: 1 });
    expect(await importProjectModule(file)).toEqual({ value: 1 });
    writeFileSync(file, "export const value: number = 2;\n"); // same size: only the stamp's times tell
    expect(await importProjectModule(file)).toEqual({ value: 2 });
  });

  it("keeps nothing on disk of a file loaded with the cache off (a config may hold a password)", async () => {
    const secret = `s3cret-${process.pid}-${Date.now()}`;
    const cacheFiles = () => {
      const directory = privateCacheDirectory("transpiled");
      return directory === undefined ? [] : readdirSync(directory).map((name) => readFileSync(path.join(directory, name), "latin1"));
    };
    const holding = () => cacheFiles().filter((text) => text.includes(secret)).length;
    const config = write("retort.config.ts", `export default { url: "postgres://u:${secret}@db/app" };\n`);
    expect(await importProjectModule(config, { default: true, cache: false })).toEqual({ url: `postgres://u:${secret}@db/app` });
    expect(holding()).toBe(0);
    // The same file through the cache is written there: what the assertion above rules out can happen.
    const models = write("models.ts", `export const url = "postgres://u:${secret}@db/app";\n`);
    await importProjectModule(models);
    expect(holding()).toBe(privateCacheDirectory("transpiled") === undefined ? 0 : 1);
  });

  it("reports a syntax error with its file, line and column", async () => {
    const file = write("broken.ts", "export const a = 1;\nexport const b = (;\n");
    const error = await importProjectModule(file).catch((caught: unknown) => caught);
    expect(describeLoadError(error, file)).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:\\d+: `));
  });
});
