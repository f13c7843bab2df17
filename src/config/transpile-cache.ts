import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Transpiled project files on disk, keyed by a hash of the source and of everything else that shapes the output
 * (the `salt`: Retort's and the transpiler's versions, the transform): a second `upgrade` reads 1,000 revision
 * files without transpiling one, and an edited file gets a new key, so nothing is ever stale.
 *
 * The code read from here is run, so the directory must be this user's alone: it is created with mode 0700 and
 * not used when it belongs to someone else or others may write to it (a shared /tmp).
 */
export class TranspileCache {
  private constructor(
    private readonly directory: string,
    private readonly salt: string,
  ) {}

  /** The cache under `<tmpdir>/retort-<uid>/transpiled`, or undefined when it cannot be used safely. */
  static open(salt: string, root = tmpdir()): TranspileCache | undefined {
    const uid = process.getuid?.() ?? "user";
    const directory = path.join(root, `retort-${uid}`, "transpiled");
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      for (const owned of [path.dirname(directory), directory]) {
        const stat = lstatSync(owned);
        const ownedByUs = process.getuid === undefined || stat.uid === process.getuid();
        if (!stat.isDirectory() || !ownedByUs || (stat.mode & 0o022) !== 0) return undefined;
      }
      return new TranspileCache(directory, salt);
    } catch {
      return undefined; // read-only or missing temp directory: transpile every time
    }
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
    this.write(this.file(key, "js"), code);
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
    this.write(this.file(key, "v8"), data);
  }

  /** Written under a temporary name and renamed: a concurrent run reads the whole file or none. */
  private write(target: string, data: string | Buffer): void {
    const temporary = `${target}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, data, { mode: 0o600 });
      renameSync(temporary, target);
    } catch {
      // A full disk only costs the next run a transpile.
    }
  }

  private file(key: string, extension: "js" | "v8"): string {
    return path.join(this.directory, `${key}.${extension}`);
  }
}
