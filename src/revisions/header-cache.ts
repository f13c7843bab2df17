import { createHash } from "node:crypto";
import { readFileSync, type Stats } from "node:fs";
import path from "node:path";
import { fileStamp, privateCacheDirectory, pruneCacheDirectory, stampSettled, writeCacheFile } from "../project/cache-directory.js";
import { RETORT_VERSION } from "../project/version.js";
import type { RevisionHeader } from "./revision.js";

/** A parsed header as stored, with the file's checksum: everything but the path (the file's, at read time). */
export type StoredHeader = Omit<RevisionHeader, "path"> & { readonly checksum: string };

/** Changes when what an entry holds changes, so a cache written by an earlier layout is never read. */
const FORMAT = 3;

/**
 * The headers of one versions directory as an earlier run parsed them, each under its file's stamp: a file
 * whose stamp is unchanged is not read again, so `history` on 5,000 revisions reads one cache file instead of
 * 5,000 revision files, and an `upgrade` checks the checksums of the applied files without reading them. Kept
 * in `<tmpdir>/retort-<uid>/headers` (see `privateCacheDirectory`); without a usable cache directory every file
 * is read.
 */
export class HeaderCache {
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly entries: Map<string, { readonly stamp: string; readonly header: StoredHeader }>,
  ) {}

  /** The cache of the versions directory whose real path is `root`. */
  static open(root: string): HeaderCache {
    const directory = privateCacheDirectory("headers");
    if (directory === undefined) return new HeaderCache(undefined, new Map());
    const file = path.join(directory, `${createHash("sha1").update(`${RETORT_VERSION}\0${root}`).digest("hex")}.v${FORMAT}.json`);
    try {
      const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, { stamp: string; header: StoredHeader }>;
      return new HeaderCache(file, new Map(Object.entries(stored)));
    } catch {
      return new HeaderCache(file, new Map()); // none yet, or unreadable: start afresh
    }
  }

  /** The stored header of file `name`, when its stamp is still `stamp`. */
  lookup(name: string, stamp: string): StoredHeader | undefined {
    const entry = this.entries.get(name);
    return entry !== undefined && entry.stamp === stamp ? entry.header : undefined;
  }

  /** Keeps `header` for file `name`, unless the file changed too recently to trust its stamp (`now`: for tests). */
  store(name: string, stat: Stats, header: StoredHeader, now = Date.now()): void {
    if (!stampSettled(stat, now)) return;
    this.entries.set(name, { stamp: fileStamp(stat), header });
    this.changed = true;
  }

  /** Writes the cache back if it learnt something or lists files that are gone; keeps only `present` files. */
  save(present: readonly string[]): void {
    if (this.file === undefined) return;
    const keep = new Set(present);
    for (const name of this.entries.keys()) {
      if (!keep.has(name)) {
        this.entries.delete(name);
        this.changed = true;
      }
    }
    if (!this.changed) return;
    writeCacheFile(this.file, JSON.stringify(Object.fromEntries(this.entries)));
    pruneCacheDirectory(path.dirname(this.file)); // the caches of versions directories long gone
  }
}
