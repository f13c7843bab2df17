import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { TranspileCache } from "./transpile-cache.js";

describe("TranspileCache", () => {
  const roots: string[] = [];
  const root = () => {
    const directory = mkdtempSync(path.join(tmpdir(), "retort-cache-test-"));
    roots.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of roots.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it("gives back what was stored under a key made of the salt and the source", () => {
    const cache = TranspileCache.open("sucrase 1", root())!;
    const key = cache.key("export const a = 1;");
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, "exports.a = 1;");
    expect(cache.get(key)).toBe("exports.a = 1;");
    expect(cache.key("export const a = 2;")).not.toBe(key);
  });

  it("keeps V8's code cache beside the code, under the same key", () => {
    const cache = TranspileCache.open("s", root())!;
    const key = cache.key("z");
    expect(cache.getCompiled(key)).toBeUndefined();
    cache.setCompiled(key, Buffer.from([1, 2, 3]));
    expect([...cache.getCompiled(key)!]).toEqual([1, 2, 3]);
    expect(cache.get(key)).toBeUndefined();
  });

  it("keys the same source differently under another transpiler version", () => {
    const directory = root();
    const old = TranspileCache.open("sucrase 1", directory)!;
    old.set(old.key("x"), "old output");
    const current = TranspileCache.open("sucrase 2", directory)!;
    expect(current.get(current.key("x"))).toBeUndefined();
  });

  it("keeps its files to this user and leaves no temporary file behind", () => {
    const directory = root();
    const cache = TranspileCache.open("s", directory)!;
    cache.set(cache.key("y"), "code");
    const folder = path.join(directory, `retort-${process.getuid!()}`, "transpiled");
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const files = readdirSync(folder);
    expect(files).toEqual([`${cache.key("y")}.js`]);
    expect(statSync(path.join(folder, files[0]!)).mode & 0o777).toBe(0o600);
  });

  it("is not used when others may write to its directory", () => {
    const directory = root();
    expect(TranspileCache.open("s", directory)).toBeDefined();
    chmodSync(path.join(directory, `retort-${process.getuid!()}`), 0o777);
    expect(TranspileCache.open("s", directory)).toBeUndefined();
  });
});
