import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initCluster, startServer } from "../../src/engines/embedded/server.js";
import { makeTempDirectory, removeDirectory } from "./helpers.js";

let root: string;

beforeEach(async () => {
  root = await makeTempDirectory("retort-start-failure-");
});

afterEach(async () => {
  await removeDirectory(root);
});

/** Settles with `work`, or fails once `ms` have passed (a hang would otherwise only meet the test timeout). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A server or initdb that exits at once (here a program that fails immediately) may be gone before Retort has
 * closed its copy of the log file: its exit must still be seen, or the command waits for ever.
 */
describe("a server program that exits at once", () => {
  it("fails the start with the log's last error line, every time", async () => {
    const program = path.join(root, "postgres");
    await writeFile(program, "#!/bin/sh\necho 'FATAL:  could not create lock file \"postmaster.pid\": Permission denied'\nexit 1\n", {
      mode: 0o755,
    });
    const binaries = { packageName: "test", initdb: program, postgres: program };
    for (let attempt = 0; attempt < 20; attempt++) {
      const start = startServer(binaries, root, path.join(root, "server.log"), undefined);
      await expect(within(start, 10_000)).rejects.toThrow(
        `did not start (${root} is not writable): FATAL: could not create lock file "postmaster.pid": Permission denied`,
      );
    }
  });

  it("fails initdb with the log's last error line, every time", async () => {
    const program = path.join(root, "initdb");
    await writeFile(program, "#!/bin/sh\necho 'initdb: error: could not create directory: No space left on device'\nexit 1\n", {
      mode: 0o755,
    });
    const binaries = { packageName: "test", initdb: program, postgres: program };
    for (let attempt = 0; attempt < 20; attempt++) {
      const init = initCluster(binaries, path.join(root, "pgdata"), path.join(root, "server.log"), undefined);
      await expect(within(init, 10_000)).rejects.toThrow("(the disk holding");
    }
  });
});
