import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openEmbedded } from "../../src/engines/embedded/index.js";
import { deadPid, exited, isRunning, makeTempDirectory, removeDirectory, runWorker, startHoldingWorker } from "./helpers.js";

let root: string;
let directory: string;
let logs: string[];
const log = (line: string): void => {
  logs.push(line);
};

beforeEach(async () => {
  root = await makeTempDirectory("retort-embedded-");
  directory = path.join(root, "dev");
  logs = [];
});

afterEach(async () => {
  await removeDirectory(root);
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe("openEmbedded", () => {
  it("creates the database on first use, keeps data across sessions and stops the server on close", async () => {
    const first = await openEmbedded(directory, { createIfMissing: true, log });
    expect(first.created).toBe(true);
    expect(first.displayUrl).toBe(`embedded:${directory}`);
    expect(logs).toEqual([`Created embedded database in ${directory}`]);
    await first.session.execute("CREATE TABLE movies (id integer PRIMARY KEY, title text); INSERT INTO movies VALUES (1, 'Alien');");
    const [settings] = await first.session.query(
      "SELECT current_database() AS db, current_user AS who, current_setting('server_encoding') AS enc",
    );
    expect(settings).toEqual({ db: "postgres", who: "postgres", enc: "UTF8" });
    const pidFile = (await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8")).split("\n");
    const serverPid = Number(pidFile[0]);
    const socketDirectory = pidFile[4] ?? "";
    expect(isRunning(serverPid)).toBe(true);
    await first.session.close();
    expect(isRunning(serverPid)).toBe(false);
    expect(await exists(path.join(directory, "pgdata", "postmaster.pid"))).toBe(false);
    expect(await exists(socketDirectory)).toBe(false);
    expect((await readdir(directory)).sort()).toEqual(["pgdata", "server.log"]);

    logs = [];
    const second = await openEmbedded(directory, { createIfMissing: false, log });
    expect(second.created).toBe(false);
    expect(await second.session.query("SELECT id, title FROM movies ORDER BY id", [])).toEqual([{ id: 1, title: "Alien" }]);
    expect(await second.session.query("SELECT $1::integer + 1 AS n", [41])).toEqual([{ n: 42 }]);
    await second.session.close();
    expect(logs).toEqual([]);
  });

  it("reports a missing database without creating it when creating is not allowed", async () => {
    const failure = openEmbedded(directory, { createIfMissing: false, log });
    await expect(failure).rejects.toMatchObject({ code: "database_missing" });
    await expect(failure).rejects.toThrow(`The embedded database in ${directory} does not exist.`);
    const error: unknown = await failure.catch((caught: unknown) => caught);
    expect((error as { hint?: string }).hint).toContain("retort upgrade head");
    expect(await exists(directory)).toBe(false);
    expect(logs).toEqual([]);
  });

  it("refuses a directory that holds other files", async () => {
    await makeDirectoryWith(directory, "notes.txt");
    await expect(openEmbedded(directory, { createIfMissing: true, log })).rejects.toMatchObject({ code: "embedded_engine_failed" });
    expect(await readdir(directory)).toEqual(["notes.txt"]);
  });

  it("keeps every write of four processes writing at the same time (one creates the database, the others attach to a server or run one)", async () => {
    const names = ["w1", "w2", "w3", "w4"];
    const reports = await Promise.all(names.map((name) => runWorker(["embedded", directory, name])));
    expect(reports.filter((report) => report.created === true)).toHaveLength(1);
    expect(reports.filter((report) => report.created === true && report.attached === true)).toEqual([]);
    for (const report of reports.filter((each) => each.attached === true)) {
      // It may have waited while the owner was starting its server.
      const using = new RegExp(`^Using the embedded server already running for ${directory} \\(pid \\d+, run by process \\d+\\)$`);
      expect((report.logs as string[]).filter((line) => !line.startsWith("Waiting for process"))).toEqual([expect.stringMatching(using)]);
    }
    const { session } = await openEmbedded(directory, { createIfMissing: false });
    try {
      const tables = await session.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.map((table) => table.name)).toEqual(["shared", "t_w1", "t_w2", "t_w3", "t_w4"]);
      const rows = await session.query<{ worker: string; rows: string }>(
        "SELECT worker, count(*)::text AS rows FROM shared GROUP BY worker ORDER BY worker",
      );
      expect(rows).toEqual(names.map((worker) => ({ worker, rows: "5" })));
    } finally {
      await session.close();
    }
  });

  it("takes over the lock of a process that died", async () => {
    await (await openEmbedded(directory, { createIfMissing: true })).session.close();
    const stale = {
      pid: deadPid(),
      hostname: hostname(),
      token: "0badc0de0badc0de",
      acquiredAt: "2026-01-01T00:00:00.000Z",
      command: "retort upgrade head",
    };
    await writeFile(path.join(directory, "retort.lock"), JSON.stringify(stale));
    const { session } = await openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 5_000 });
    const lock = JSON.parse(await readFile(path.join(directory, "retort.lock"), "utf8")) as { pid: number };
    expect(lock.pid).toBe(process.pid);
    await session.close();
    expect(await exists(path.join(directory, "retort.lock"))).toBe(false);
  });

  it("waits for a live holder that runs no server it has published, and times out naming it", async () => {
    await (await openEmbedded(directory, { createIfMissing: true })).session.close();
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => undefined, 60000)"]);
    try {
      const pid = holder.pid ?? 0;
      await writeFile(
        path.join(directory, "retort.lock"),
        JSON.stringify({
          pid,
          hostname: hostname(),
          token: "5eed5eed5eed5eed",
          acquiredAt: "2026-01-01T00:00:00.000Z",
          command: "retort upgrade head",
        }),
      );
      const failure = openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 300, log });
      await expect(failure).rejects.toMatchObject({ code: "lock_timeout" });
      await expect(failure).rejects.toThrow(`process ${pid} (retort upgrade head) has held it since 2026-01-01T00:00:00.000Z`);
      expect(logs).toEqual([`Waiting for process ${pid} (retort upgrade head), which is using the embedded database in ${directory}`]);
    } finally {
      holder.kill();
      await exited(holder);
    }
  });

  it("stops the server a SIGKILLed process left running when that process had not published it", async () => {
    const { child, report } = await startHoldingWorker(["embedded", directory, "killed"]);
    expect(report).toMatchObject({ holding: true, created: true, attached: false });
    const orphan = Number((await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
    child.kill("SIGKILL");
    await exited(child);
    expect(isRunning(orphan)).toBe(true);
    // As if it had been killed between starting its server and publishing it.
    await rm(path.join(directory, "retort.server.json"));

    const { session } = await openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 5_000, log });
    try {
      expect(isRunning(orphan)).toBe(false);
      expect(logs).toEqual([
        `Stopped a PostgreSQL (pid ${orphan}) that a process which ended without closing it had left running on ${directory}`,
      ]);
      expect(await session.query("SELECT count(*)::integer AS n FROM shared WHERE worker = 'killed'")).toEqual([{ n: 5 }]);
    } finally {
      await session.close();
    }
  });

  it("takes over the server a SIGKILLed process left running and had published, and stops it on close", async () => {
    const { child } = await startHoldingWorker(["embedded", directory, "killed"]);
    const orphan = Number((await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
    child.kill("SIGKILL");
    await exited(child);

    const { session } = await openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 5_000, log });
    try {
      expect(logs).toEqual([
        `Took over the embedded PostgreSQL (pid ${orphan}) that process ${child.pid ?? 0}, which ended without closing it, left running on ${directory}`,
      ]);
      expect(await session.query("SELECT count(*)::integer AS n FROM shared WHERE worker = 'killed'")).toEqual([{ n: 5 }]);
    } finally {
      await session.close();
    }
    expect(isRunning(orphan)).toBe(false);
    expect((await readdir(directory)).sort()).toEqual(["pgdata", "server.log"]);
  });

  it("recovers after the process and its server were both SIGKILLed (crash recovery keeps committed rows)", async () => {
    const { child } = await startHoldingWorker(["embedded", directory, "crashed"]);
    const postmaster = Number((await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8")).split("\n")[0]);
    child.kill("SIGKILL");
    process.kill(postmaster, "SIGKILL");
    await exited(child);
    const { session } = await openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 5_000, log });
    try {
      expect(await session.query("SELECT count(*)::integer AS n FROM shared WHERE worker = 'crashed'")).toEqual([{ n: 5 }]);
      expect(logs).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it.runIf(process.platform === "linux")(
    "starts despite a postmaster.pid naming a pid now used by another process, leaving that process alone",
    async () => {
      await (await openEmbedded(directory, { createIfMissing: true })).session.close();
      // Run by the server's user, so that postgres's own check (kill(pid, 0)) would find it alive too.
      const owner = await stat(path.join(directory, "pgdata"));
      const bystander = spawn(process.execPath, ["-e", "setTimeout(() => undefined, 60000)"], { uid: owner.uid, gid: owner.gid, cwd: "/" });
      try {
        const pid = bystander.pid ?? 0;
        await writeFile(
          path.join(directory, "pgdata", "postmaster.pid"),
          `${pid}\n${path.join(directory, "pgdata")}\n1700000000\n5432\n/tmp/retort-gone\n\n  0  0\nready   \n`,
        );
        const { session } = await openEmbedded(directory, { createIfMissing: false, log });
        expect(await session.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
        await session.close();
        expect(isRunning(pid)).toBe(true);
        expect(logs).toEqual([]);
      } finally {
        bystander.kill();
        await exited(bystander);
      }
    },
  );
});

async function makeDirectoryWith(target: string, file: string): Promise<void> {
  await mkdir(target, { recursive: true });
  await writeFile(path.join(target, file), "mine\n");
}
