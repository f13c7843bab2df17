import { describe, expect, it } from "vitest";
import { resolveConfig } from "./load-config.js";

const file = "/app/retort.config.ts";
const resolve = (extra: Record<string, unknown>) => resolveConfig({ url: "x:y", ...extra }, file, { env: {} });

describe("postWriteHooks, revisionTemplate and include", () => {
  it("keeps valid hooks, resolves the template against the config's folder, and keeps the include function", () => {
    const format = async (_file: string) => {};
    const include = () => true;
    const config = resolve({
      postWriteHooks: [{ command: "npx", args: ["biome", "format", "--write", "{file}"] }, format],
      revisionTemplate: "./migrations/template.ts",
      include,
    });
    expect(config.postWriteHooks).toEqual([{ command: "npx", args: ["biome", "format", "--write", "{file}"] }, format]);
    expect(config.revisionTemplate).toBe("/app/migrations/template.ts");
    expect(config.include).toBe(include);
  });

  it.each([
    [{ postWriteHooks: "npx biome" }, "'postWriteHooks' must be a list of"],
    [{ postWriteHooks: [42] }, "'postWriteHooks[0]' must be a list of"],
    [{ postWriteHooks: [{ args: ["x"] }] }, "'postWriteHooks[0].command' must be a non-empty string."],
    [{ postWriteHooks: [{ command: "npx", args: "x" }] }, "'postWriteHooks[0].args' must be a list of strings."],
    [{ postWriteHooks: [{ command: "npx", cmd: "x" }] }, "'postWriteHooks[0].cmd' is not a hook key"],
    [{ revisionTemplate: "" }, "'revisionTemplate' must be a non-empty string."],
    [{ include: ["movies"] }, "'include' must be a function"],
  ])("rejects %j naming the key", (extra, message) => {
    expect(() => resolve(extra)).toThrow(message);
  });
});
