import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CACHE_MAX_AGE_MS, privateCacheDirectory, pruneCacheDirectory } from "./cache-directory.js";

describe("pruneCacheDirectory", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const directory of roots.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  const cacheWith = (ages: Record<string, number>, now: number) => {
    const directory = mkdtempSync(path.join(tmpdir(), "retort-prune-test-"));
    roots.push(directory);
    for (const [name, ageMs] of Object.entries(ages)) {
      const file = path.join(directory, name);
      writeFileSync(file, name);
      utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
    }
    return directory;
  };
  const DAY = 24 * 60 * 60 * 1000;

  it("removes the files written longer ago than the limit and keeps the others", () => {
    const now = Date.now();
    const directory = cacheWith({ "old.module": CACHE_MAX_AGE_MS + DAY, "recent.module": DAY, "old.json.1.tmp": 40 * DAY }, now);
    pruneCacheDirectory(directory, CACHE_MAX_AGE_MS, now);
    expect(existsSync(path.join(directory, "old.module"))).toBe(false);
    expect(existsSync(path.join(directory, "old.json.1.tmp"))).toBe(false);
    expect(existsSync(path.join(directory, "recent.module"))).toBe(true);
    expect(existsSync(path.join(directory, ".pruned"))).toBe(true);
  });

  it("passes at most once a day", () => {
    const now = Date.now();
    const directory = cacheWith({ "recent.module": DAY }, now);
    pruneCacheDirectory(directory, CACHE_MAX_AGE_MS, now);
    // Half a day later the file is older than this (smaller) limit, but the last pass is too recent.
    pruneCacheDirectory(directory, DAY / 2, now + DAY / 2);
    expect(existsSync(path.join(directory, "recent.module"))).toBe(true);
    pruneCacheDirectory(directory, DAY / 2, now + DAY + 1);
    expect(existsSync(path.join(directory, "recent.module"))).toBe(false);
  });
});

describe("privateCacheDirectory", () => {
  it("is a private folder under the given root, and none when RETORT_CACHE=off", () => {
    const root = mkdtempSync(path.join(tmpdir(), "retort-cache-root-test-"));
    const previous = process.env["RETORT_CACHE"];
    try {
      const directory = privateCacheDirectory("things", root);
      expect(directory).toBe(path.join(root, `retort-${process.getuid!()}`, "things"));
      expect(statSync(directory!).mode & 0o777).toBe(0o700);
      process.env["RETORT_CACHE"] = "off";
      expect(privateCacheDirectory("things", root)).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env["RETORT_CACHE"];
      else process.env["RETORT_CACHE"] = previous;
      rmSync(root, { recursive: true, force: true });
    }
  });
});
