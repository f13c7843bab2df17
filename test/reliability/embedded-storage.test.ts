import { execFile } from "node:child_process";
import { access, constants, mkdir, rm, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/engines/connect.js";
import { copyTemplateDatabase } from "../helpers/database-templates.js";
import { tempDirectory } from "../helpers/databases.js";
import { reportFault, reportSkippedFault } from "../helpers/fault-figures.js";
import { createProject, type TestProject, tableRevision } from "../helpers/project.js";
import { type ProcessResult, runRetort } from "../helpers/spawn-cli.js";

const run = promisify(execFile);

/** Runs queries on `embedded:<directory>` (opening and closing it around `work`), without creating it. */
async function inspect<T>(directory: string, work: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const opened = await openDatabase(`embedded:${directory}`, directory, { createIfMissing: false });
  try {
    return await work((sql) => opened.session.query(sql));
  } finally {
    await opened.session.close();
  }
}

const versions = (directory: string): Promise<string[]> =>
  inspect(directory, async (query) => (await query("SELECT version_num FROM retort_version")).map((row) => String(row.version_num)));

/** Mounts with `mount(8)`; returns why not when this machine does not let the tests mount (not root, no capability). */
async function tryMount(args: readonly string[]): Promise<string | undefined> {
  try {
    await run("mount", [...args]);
    return undefined;
  } catch (error) {
    return `mount ${args.join(" ")} is not permitted here (${String((error as { stderr?: unknown }).stderr ?? error).trim()})`;
  }
}

/** Unmounts, retrying while a server that just stopped still has the file system busy. */
async function unmount(target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await run("umount", [target]);
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function expectNoStack(result: ProcessResult): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/**
 * Storage that refuses writes under an embedded database: a clear error that names the directory and says what
 * to do, and no damage (once the storage is writable again, the database opens and migrates as before).
 */
describe("an embedded database on storage that refuses writes", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let directory: string;
  let project: TestProject;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dir = await tempDirectory();
    directory = path.join(dir.path, "db");
    await copyTemplateDatabase("embedded", directory);
    project = await createProject(dir.path, `embedded:${directory}`);
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"]));
    const first = await runRetort(["-c", project.configPath, "upgrade", "a1"]);
    expect(first.code, first.stderr).toBe(0);
  });

  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  afterAll(async () => {
    await dir.remove();
  });

  it("a data directory the server may not write to: names it, says to make it writable, changes nothing", async (context) => {
    const data = path.join(directory, "pgdata");
    await run("chmod", ["-R", "a-w", data]);
    cleanup = () => run("chmod", ["-R", "u+w", data]).then(() => undefined);
    // As root, Retort itself may still write, but the server runs as another user (PostgreSQL refuses root).
    const blocked =
      process.getuid?.() === 0 ||
      (await access(data, constants.W_OK).then(
        () => false,
        () => true,
      ));
    if (!blocked) {
      reportSkippedFault("read-only-data-directory", "this user can write to a directory without write permission");
      context.skip();
    }
    const refused = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    await cleanup();
    cleanup = undefined;
    const after = await versions(directory);
    const next = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    reportFault("read-only-data-directory", { trials: 1, recovered: next.code === 0 ? 1 : 0, halfApplied: after.join() === "a1" ? 0 : 1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`FAILED: The embedded PostgreSQL in ${directory} did not start (${data} is not writable):`);
    expect(refused.stderr).toContain(`(e.g. chmod -R u+w ${data}), then run the command again; the database was not changed.`);
    expectNoStack(refused);
    expect(after).toEqual(["a1"]);
    expect(next.code, next.stderr).toBe(0);
    expect(await versions(directory)).toEqual(["b2"]);
    expect((await runRetort(["-c", project.configPath, "downgrade", "a1"])).code).toBe(0);
  });

  it("a read-only file system: names the directory, says to remount or copy it, changes nothing", async (context) => {
    const bound = await tryMount(["--bind", directory, directory]);
    if (bound !== undefined) {
      reportSkippedFault("read-only-filesystem", bound);
      context.skip();
    }
    cleanup = () => unmount(directory);
    const readOnly = await tryMount(["-o", "remount,ro,bind", directory]);
    if (readOnly !== undefined) {
      reportSkippedFault("read-only-filesystem", readOnly);
      context.skip();
    }
    const refused = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    await cleanup();
    cleanup = undefined;
    const after = await versions(directory);
    const next = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    reportFault("read-only-filesystem", { trials: 1, recovered: next.code === 0 ? 1 : 0, halfApplied: after.join() === "a1" ? 0 : 1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `FAILED: Cannot create the lock file ${directory}/retort.lock (${directory} is on a read-only file system): EROFS`,
    );
    expect(refused.stderr).toContain(`Remount its file system read-write, or copy ${directory} to writable storage`);
    expectNoStack(refused);
    expect(after).toEqual(["a1"]);
    expect(next.code, next.stderr).toBe(0);
    expect(await versions(directory)).toEqual(["b2"]);
  });
});

/** A disk that fills up while a revision writes: the revision fails saying so and is rolled back; freeing space is enough. */
describe("an embedded database on a full disk", () => {
  const ROWS = 5000;
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let mountPoint: string;
  let directory: string;
  let project: TestProject;
  let mounted = false;

  beforeAll(async () => {
    dir = await tempDirectory();
    mountPoint = path.join(dir.path, "disk");
    directory = path.join(mountPoint, "db");
    await mkdir(mountPoint);
    // A small disk of its own: the database (about 40 MB) and a little room.
    const refused = await tryMount(["-t", "tmpfs", "-o", "size=64m,mode=0755", "tmpfs", mountPoint]);
    if (refused !== undefined) {
      reportSkippedFault("disk-full", refused);
      return;
    }
    mounted = true;
    await copyTemplateDatabase("embedded", directory);
    project = await createProject(dir.path, `embedded:${directory}`);
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision({
      id: "b2",
      parents: ["a1"],
      message: "fill",
      upgrade: [
        'await op.execute("CREATE TABLE big (payload text)");',
        `await op.execute("INSERT INTO big SELECT repeat(md5(g::text), 30) FROM generate_series(1, ${ROWS}) g");`,
      ],
      downgrade: ['await op.execute("DROP TABLE big");'],
    });
    const first = await runRetort(["-c", project.configPath, "upgrade", "a1"]);
    expect(first.code, first.stderr).toBe(0);
  });

  afterAll(async () => {
    if (mounted) await unmount(mountPoint);
    await dir.remove();
  });

  it("fails the revision naming the directory and saying to free space; the next run after that completes", async (context) => {
    if (!mounted) context.skip();
    // Leave 1 MB: enough to start the server, not for the revision's rows (about 5 MB).
    const filler = path.join(mountPoint, "filler");
    const disk = await statfs(mountPoint);
    await writeFile(filler, Buffer.alloc(Math.max(0, disk.bavail * disk.bsize - 1024 * 1024)));
    const refused = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    await rm(filler);
    const after = await versions(directory);
    const next = await runRetort(["-c", project.configPath, "upgrade", "head"]);
    const rows = await inspect(directory, (query) => query("SELECT count(*)::integer AS n FROM big"));
    reportFault("disk-full", { trials: 1, recovered: next.code === 0 ? 1 : 0, halfApplied: after.join() === "a1" ? 0 : 1 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`FAILED: Upgrade of revision b2 (`);
    expect(refused.stderr).toContain(`failed: The disk holding ${directory} is full: `);
    expect(refused.stderr).toContain("No space left on device");
    expect(refused.stderr).toContain(
      `The revision was rolled back; the database is as it was before it. Free space on the disk holding ${directory}`,
    );
    expectNoStack(refused);
    expect(after).toEqual(["a1"]);
    expect(next.code, next.stderr).toBe(0);
    expect(rows).toEqual([{ n: ROWS }]);
    expect(await versions(directory)).toEqual(["b2"]);
  });
});
