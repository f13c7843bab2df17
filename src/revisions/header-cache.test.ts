import { appendFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileStamp } from "../project/cache-directory.js";
import { HeaderCache, type StoredHeader } from "./header-cache.js";
import { readRevisionHeaders, revisionChecksum } from "./script-directory.js";

const header = (message: string): StoredHeader => ({
  revision: "a1b2c3d4e5f6",
  downRevisions: [],
  branchLabels: [],
  dependsOn: [],
  message,
  checksum: `checksum of ${message}`,
});
const LATER = () => Date.now() + 60_000;

describe("HeaderCache", () => {
  let directory = "";
  let previousTmp: string | undefined;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), "retort-headers-test-"));
    previousTmp = process.env.TMPDIR;
    process.env.TMPDIR = path.join(directory, "tmp"); // the cache goes under os.tmpdir()
    mkdirSync(process.env.TMPDIR);
  });
  afterEach(() => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    rmSync(directory, { recursive: true, force: true });
  });

  const revisionFile = (name: string, message: string) => {
    const versions = path.join(directory, "versions");
    mkdirSync(versions, { recursive: true });
    const file = path.join(versions, name);
    writeFileSync(
      file,
      `export const revision = "a1b2c3d4e5f6";\nexport const downRevision = null;\nexport const message = ${JSON.stringify(message)};\n`,
    );
    return { versions, file };
  };

  it("gives back a header under the stamp it was stored with, in a later run", () => {
    const { versions, file } = revisionFile("a1_x.ts", "x");
    const cache = HeaderCache.open(versions);
    cache.store("a1_x.ts", statSync(file), header("x"), LATER());
    cache.save(["a1_x.ts"]);
    const again = HeaderCache.open(versions);
    expect(again.lookup("a1_x.ts", fileStamp(statSync(file)))).toEqual(header("x"));
    expect(again.lookup("a1_x.ts", "another stamp")).toBeUndefined();
  });

  it("does not keep a file changed moments ago, nor a file that is gone", () => {
    const { versions, file } = revisionFile("a1_x.ts", "x");
    const cache = HeaderCache.open(versions);
    cache.store("a1_x.ts", statSync(file), header("x"));
    cache.store("b2_y.ts", statSync(file), header("y"), LATER());
    cache.save(["a1_x.ts"]);
    const again = HeaderCache.open(versions);
    expect(again.lookup("a1_x.ts", fileStamp(statSync(file)))).toBeUndefined();
    expect(again.lookup("b2_y.ts", fileStamp(statSync(file)))).toBeUndefined();
  });

  it("spares readRevisionHeaders the file while its stamp holds, and reads it again once edited", async () => {
    const { versions, file } = revisionFile("a1_x.ts", "from the file");
    // A stored header that differs from the file shows which one was used.
    const cache = HeaderCache.open(realpathSync(versions));
    cache.store("a1_x.ts", statSync(file), header("from the cache"), LATER());
    cache.save(["a1_x.ts"]);
    const [cached] = await readRevisionHeaders(versions);
    expect(cached?.message).toBe("from the cache");
    expect(cached?.checksum).toBe("checksum of from the cache");
    expect(cached?.path).toBe(file);
    appendFileSync(file, "// edited\n");
    const [read] = await readRevisionHeaders(versions);
    expect(read?.message).toBe("from the file");
    expect(read?.checksum).toBe(
      revisionChecksum(
        `export const revision = "a1b2c3d4e5f6";\nexport const downRevision = null;\nexport const message = "from the file";\n// edited\n`,
      ),
    );
  });
});
