import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { privateCacheDirectory, writeCacheFile } from "./cache-directory.js";

/**
 * Transpiled project files on disk, keyed by a hash of the source and of everything else that shapes the output
 * (the `salt`: Retort's and the transpiler's versions, the transform): a second `upgrade` reads 1,000 revision
 * files without transpiling one, and an edited file gets a new key, so nothing is ever stale. Lives in
 * `<tmpdir>/retort-<uid>/transpiled` (see `privateCacheDirectory`).
 */
export class TranspileCache {
  private constructor(
    private readonly directory: string,
    private readonly salt: string,
  ) {}

  /** The cache under `<root>/retort-<uid>/transpiled`, or undefined when it cannot be used safely. */
  static open(salt: string, root?: string): TranspileCache | undefined {
    const directory = privateCacheDirectory("transpiled", root);
    return directory === undefined ? undefined : new TranspileCache(directory, salt);
  }

  key(source: string): string {
    return createHash("sha1").update(this.salt).update("\0").update(source).digest("hex");
  }

  get(key: string): string | undefined {
    try {
      return readFileSync(this.file(key, "js"), "utf8");
    } catch {
      return undefined;
    }
  }

  set(key: string, code: string): void {
    writeCacheFile(this.file(key, "js"), code);
  }

  /** V8's code cache of the transpiled code (V8 itself rejects one made by another version). */
  getCompiled(key: string): Buffer | undefined {
    try {
      return readFileSync(this.file(key, "v8"));
    } catch {
      return undefined;
    }
  }

  setCompiled(key: string, data: Buffer): void {
    writeCacheFile(this.file(key, "v8"), data);
  }

  private file(key: string, extension: "js" | "v8"): string {
    return path.join(this.directory, `${key}.${extension}`);
  }
}
