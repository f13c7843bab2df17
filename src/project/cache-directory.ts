import {
  closeSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  statSync,
  type Stats,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * `<tmpdir>/retort-<uid>/<name>`, created if missing, or undefined when it cannot be used safely or caching is
 * turned off (`RETORT_CACHE=off`: nothing is read from or written to disk, for a read-only image or to rule the
 * caches out). What Retort caches there is read back and trusted (transpiled code is run), so the directory must
 * be this user's alone: it is created with mode 0700 and refused when it belongs to someone else or others may
 * write to it.
 */
export function privateCacheDirectory(name: string, root = tmpdir()): string | undefined {
  if (process.env["RETORT_CACHE"] === "off") return undefined;
  const uid = process.getuid?.() ?? "user";
  const directory = path.join(root, `retort-${uid}`, name);
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    for (const owned of [path.dirname(directory), directory]) {
      const stat = lstatSync(owned);
      const ownedByUs = process.getuid === undefined || stat.uid === process.getuid();
      if (!stat.isDirectory() || !ownedByUs || (stat.mode & 0o022) !== 0) return undefined;
    }
    return directory;
  } catch {
    return undefined; // a read-only or missing temp directory: no cache
  }
}

/** Writes under a temporary name and renames: a concurrent reader sees the whole file or none. Never throws. */
export function writeCacheFile(target: string, data: string | Buffer): void {
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, target);
  } catch {
    // A full disk only costs the next run the work the cache would have saved.
  }
}

/** A file's size, modification and change times and inode: any write, checkout or copy changes one of them. */
export function fileStamp(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

/**
 * Files changed less than this long ago are read every time: file times have a coarse clock (a few ms), so a
 * file written twice within one tick, with the same size, would keep its stamp (git's "racy" files).
 */
const SETTLED_MS = 2_000;

/** Whether a cache may trust `stat`'s stamp: the file has not changed in the last `SETTLED_MS`. */
export function stampSettled(stat: Stats, now = Date.now()): boolean {
  return now - Math.max(stat.mtimeMs, stat.ctimeMs) >= SETTLED_MS;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Cache files not written for this long are removed; one still in use is simply made again. */
export const CACHE_MAX_AGE_MS = 30 * DAY_MS;

/**
 * Removes the files of a cache directory written more than `maxAgeMs` ago, at most once a day (the `.pruned`
 * file's time marks the last pass), so a cache that gains a file per edit does not grow for ever. A file read
 * every day but written long ago goes too, and costs its next reader one transpile or parse. Never throws.
 */
export function pruneCacheDirectory(directory: string, maxAgeMs = CACHE_MAX_AGE_MS, now = Date.now()): void {
  const marker = path.join(directory, ".pruned");
  try {
    if (now - statSync(marker).mtimeMs < DAY_MS) return;
  } catch {
    // never pruned yet
  }
  try {
    closeSync(openSync(marker, "a", 0o600));
    utimesSync(marker, now / 1000, now / 1000);
    for (const name of readdirSync(directory)) {
      if (name === ".pruned") continue;
      const file = path.join(directory, name);
      try {
        if (now - statSync(file).mtimeMs > maxAgeMs) unlinkSync(file);
      } catch {
        // gone already, or removed by a concurrent pass
      }
    }
  } catch {
    // an unreadable directory: nothing to prune
  }
}
