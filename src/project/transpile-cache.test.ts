import { appendFileSync, chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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

  it("gives back the code and V8's code cache stored under a key made of the salt and the source", () => {
    const cache = TranspileCache.open("sucrase 1", root())!;
    const key = cache.sourceKey("export const a = 1;");
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, { code: "exports.a = 'é';", compiled: Buffer.from([1, 2, 3]) });
    const found = cache.get(key)!;
    expect(found.code).toBe("exports.a = 'é';");
    expect([...found.compiled!]).toEqual([1, 2, 3]);
    expect(cache.sourceKey("export const a = 2;")).not.toBe(key);
  });

  it("keeps code without a code cache, and treats a file cut short as absent", () => {
    const directory = root();
    const cache = TranspileCache.open("s", directory)!;
    cache.set("k1", { code: "exports.b = 2;", compiled: undefined });
    expect(cache.get("k1")).toEqual({ code: "exports.b = 2;", compiled: undefined });
    const folder = path.join(directory, `retort-${process.getuid!()}`, "transpiled");
    writeFileSync(path.join(folder, "k2.module"), Buffer.from([0, 0, 0, 99, 65]));
    expect(cache.get("k2")).toBeUndefined();
  });

  it("keys a file by its stamp only once it has settled, and by path, stamp and salt", () => {
    const directory = root();
    const file = path.join(directory, "a.ts");
    writeFileSync(file, "export const a = 1;");
    const stat = statSync(file);
    const cache = TranspileCache.open("sucrase 1", directory)!;
    expect(cache.stampKey(file, stat)).toBeUndefined(); // just written
    const later = Date.now() + 60_000;
    const key = cache.stampKey(file, stat, later);
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(cache.stampKey(path.join(directory, "b.ts"), stat, later)).not.toBe(key);
    expect(TranspileCache.open("sucrase 2", directory)!.stampKey(file, stat, later)).not.toBe(key);
    appendFileSync(file, "\n");
    expect(cache.stampKey(file, statSync(file), later)).not.toBe(key);
  });

  it("keys the same source differently under another transpiler version", () => {
    const directory = root();
    const old = TranspileCache.open("sucrase 1", directory)!;
    old.set(old.sourceKey("x"), { code: "old output", compiled: undefined });
    const current = TranspileCache.open("sucrase 2", directory)!;
    expect(current.get(current.sourceKey("x"))).toBeUndefined();
  });

  it("keeps its files to this user and leaves no temporary file behind", () => {
    const directory = root();
    const cache = TranspileCache.open("s", directory)!;
    cache.set(cache.sourceKey("y"), { code: "code", compiled: undefined });
    const folder = path.join(directory, `retort-${process.getuid!()}`, "transpiled");
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const files = readdirSync(folder).filter((name) => name !== ".pruned");
    expect(files).toEqual([`${cache.sourceKey("y")}.module`]);
    expect(statSync(path.join(folder, files[0]!)).mode & 0o777).toBe(0o600);
  });

  it("is not used when others may write to its directory", () => {
    const directory = root();
    expect(TranspileCache.open("s", directory)).toBeDefined();
    chmodSync(path.join(directory, `retort-${process.getuid!()}`), 0o777);
    expect(TranspileCache.open("s", directory)).toBeUndefined();
  });
});
