import { createHash } from "node:crypto";
import { readFileSync, type Stats } from "node:fs";
import path from "node:path";
import { fileStamp, privateCacheDirectory, pruneCacheDirectory, stampSettled, writeCacheFile } from "./cache-directory.js";

/** What the cache holds for one file: the transpiled code and, once it has run, V8's code cache of it. */
export interface CachedModule {
  readonly code: string;
  readonly compiled: Buffer | undefined;
}

/**
 * Transpiled project files on disk, with V8's code cache of each: a second `upgrade` reads 1,000 revision files'
 * code without transpiling or compiling one. An entry is found by the file's path and stamp (size, times,
 * inode) when the file has not changed in the last moments, so the source is not even read; otherwise by a hash
 * of the source. Both keys include the `salt` (Retort's and the transpiler's versions), and an edited file gets
 * a new key, so nothing is ever stale. Lives in `<tmpdir>/retort-<uid>/transpiled` (see `privateCacheDirectory`).
 */
export class TranspileCache {
  private pruned = false;

  private constructor(
    private readonly directory: string,
    private readonly salt: string,
  ) {}

  /** The cache under `<root>/retort-<uid>/transpiled`, or undefined when it cannot be used safely. */
  static open(salt: string, root?: string): TranspileCache | undefined {
    const directory = privateCacheDirectory("transpiled", root);
    return directory === undefined ? undefined : new TranspileCache(directory, salt);
  }

  /** The key of `file` by its stamp, or undefined when the file changed too recently for its stamp to be trusted. */
  stampKey(file: string, stat: Stats, now = Date.now()): string | undefined {
    if (!stampSettled(stat, now)) return undefined;
    return createHash("sha1")
      .update(`${this.salt}\0stamp\0${file}\0${fileStamp(stat)}`)
      .digest("hex");
  }

  /** The key of a file's source text. */
  sourceKey(source: string): string {
    return createHash("sha1").update(`${this.salt}\0source\0`).update(source).digest("hex");
  }

  get(key: string): CachedModule | undefined {
    let data: Buffer;
    try {
      data = readFileSync(this.file(key));
    } catch {
      return undefined;
    }
    // Layout: the code's length in bytes (4, big-endian), the code (UTF-8), then V8's code cache, if any.
    if (data.length < 4) return undefined;
    const end = 4 + data.readUInt32BE(0);
    if (end > data.length) return undefined; // cut short: as if absent
    return { code: data.toString("utf8", 4, end), compiled: end < data.length ? data.subarray(end) : undefined };
  }

  set(key: string, module: CachedModule): void {
    const code = Buffer.from(module.code, "utf8");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(code.length, 0);
    writeCacheFile(this.file(key), Buffer.concat(module.compiled ? [length, code, module.compiled] : [length, code]));
    // A run that adds entries also clears out old ones (at most once a day, see pruneCacheDirectory).
    if (!this.pruned) pruneCacheDirectory(this.directory);
    this.pruned = true;
  }

  private file(key: string): string {
    return path.join(this.directory, `${key}.module`);
  }
}
