import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir, readdir, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { RevisionFileError } from "../errors.js";
import { fileStamp } from "../project/cache-directory.js";
import { HeaderCache } from "./header-cache.js";
import { parseRevisionHeader } from "./header-parser.js";
import type { RevisionHeader } from "./revision.js";
import { renderRevisionFile, type RevisionFileContent } from "./template.js";

const REVISION_FILE = /\.(ts|mts|js|mjs)$/;

/**
 * Reads the header of every revision file in `versionsDirectory`, without executing any of them.
 * Only regular files inside the directory count: links that lead outside it are refused, so nothing
 * else can ever be run as a revision.
 */
export async function readRevisionHeaders(versionsDirectory: string): Promise<RevisionHeader[]> {
  let entries;
  try {
    entries = await readdir(versionsDirectory, { withFileTypes: true });
  } catch (cause) {
    throw new RevisionFileError("revision_file_invalid", `Cannot read the versions directory ${versionsDirectory}.`, {
      hint: "Run `retort init` to create it, or set `migrations` in retort.config.ts to the folder that holds versions/.",
      cause,
    });
  }
  const root = await realpath(versionsDirectory);
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && REVISION_FILE.test(entry.name) && !entry.name.endsWith(".d.ts"))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Read synchronously, one file after another: for thousands of small files this is several times faster
  // than thousands of concurrent fs/promises reads (each an open, fstat, read and close on the thread pool).
  // A file whose stamp (size, times, inode) the header cache knows is not read at all.
  // Only links need resolving: a regular file listed in the directory is inside it.
  const cache = HeaderCache.open(root);
  const headers = files.map((entry): RevisionHeader => {
    const file = path.join(versionsDirectory, entry.name);
    if (entry.isSymbolicLink()) {
      const real = realpathSync(file);
      if (path.dirname(real) !== root) {
        throw new RevisionFileError("revision_file_invalid", `${file} links outside the versions directory (${real}).`, {
          hint: "Revision files must live in versions/ itself; copy the file there instead of linking it.",
          details: { file },
        });
      }
    }
    const stat = statSync(file);
    let stored = cache.lookup(entry.name, fileStamp(stat));
    if (stored === undefined) {
      const text = readFileSync(file, "utf8");
      const { path: _path, ...parsed } = parseRevisionHeader(text, file);
      stored = { ...parsed, checksum: revisionChecksum(text) };
      cache.store(entry.name, stat, stored);
    }
    return { ...stored, path: file };
  });
  cache.save(files.map((entry) => entry.name));
  return headers;
}

/** sha256 of a revision file's text, line endings normalised so a CRLF checkout does not look edited. */
export function revisionChecksum(text: string): string {
  return createHash("sha256").update(text.replace(/\r\n?/g, "\n")).digest("hex");
}

/** A new revision's id: 12 random hex digits, as Alembic makes them. */
export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

/**
 * `<rev>_<slug>.ts`: the message lower-cased, runs of non-alphanumerics as `_`, cut at 40 characters
 * (at a word boundary, as Alembic cuts it, when there is one).
 */
export function revisionFileName(revision: string, message: string): string {
  let slug = message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (slug.length > 40) {
    const cut = slug.slice(0, 40);
    const boundary = slug[40] === "_" ? cut : cut.slice(0, Math.max(cut.lastIndexOf("_"), 0)) || cut;
    slug = boundary.replace(/_+$/, "");
  }
  return `${revision}_${slug}.ts`;
}

/** Writes a new revision file and returns its path; never overwrites an existing file. */
export async function writeRevisionFile(versionsDirectory: string, content: RevisionFileContent): Promise<string> {
  await mkdir(versionsDirectory, { recursive: true });
  const file = path.join(versionsDirectory, revisionFileName(content.revision, content.message));
  if (existsSync(file)) {
    throw new RevisionFileError("revision_file_invalid", `${file} already exists.`, {
      hint: "Choose another --rev-id.",
      details: { file },
    });
  }
  await writeFile(file, renderRevisionFile(content), { flag: "wx" });
  return file;
}
