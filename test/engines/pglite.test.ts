import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "../../src/engines/pglite/index.js";
import { deadPid, makeTempDirectory, removeDirectory, runWorker } from "./helpers.js";

let root: string;
let directory: string;
let logs: string[];
const log = (line: string): void => {
  logs.push(line);
};

beforeEach(async () => {
  root = await makeTempDirectory("retort-pglite-");
  directory = path.join(root, "db");
  logs = [];
});

afterEach(async () => {
  await removeDirectory(root);
});

describe("openPglite", () => {
  it("creates a directory database, keeps data across sessions and frees the directory on close", async () => {
    const first = await openPglite(directory, { createIfMissing: true, log });
    expect(first.created).toBe(true);
    expect(first.displayUrl).toBe(`pglite:${directory}`);
    expect(logs).toEqual([`Created PGlite database in ${directory}`]);
    await first.session.execute("CREATE TABLE movies (id integer PRIMARY KEY, title text); INSERT INTO movies VALUES (1, 'Alien');");
    await first.session.close();
    expect((await readdir(directory)).includes("retort.lock")).toBe(false);

    logs = [];
    const second = await openPglite(directory, { createIfMissing: false, log });
    expect(second.created).toBe(false);
    expect(await second.session.query("SELECT id, title FROM movies WHERE id = $1", [1])).toEqual([{ id: 1, title: "Alien" }]);
    await second.session.close();
    expect(logs).toEqual([]);
  });

  it("reports a missing database without creating it when creating is not allowed", async () => {
    const failure = openPglite(directory, { createIfMissing: false, log });
    await expect(failure).rejects.toMatchObject({ code: "database_missing" });
    await expect(failure).rejects.toThrow(`The PGlite database in ${directory} does not exist.`);
    expect(await stat(directory).catch(() => undefined)).toBeUndefined();
  });

  it("opens a throwaway database in memory", async () => {
    const { session, created, displayUrl } = await openPglite("memory", { createIfMissing: false, log });
    expect([created, displayUrl]).toEqual([true, "pglite:memory:"]);
    await session.execute("CREATE TABLE t (a integer); INSERT INTO t VALUES (1), (2);");
    expect(await session.query("SELECT sum(a)::integer AS total FROM t")).toEqual([{ total: 3 }]);
    await session.close();
    expect(logs).toEqual([]);
  });

  it("keeps every write of four processes writing at the same time, and takes over a dead process's lock", async () => {
    const stale = {
      pid: deadPid(),
      hostname: hostname(),
      token: "0badc0de0badc0de",
      acquiredAt: "2026-01-01T00:00:00.000Z",
      command: "retort upgrade head",
    };
    await mkdir(directory);
    await writeFile(path.join(directory, "retort.lock"), JSON.stringify(stale));
    const names = ["w1", "w2", "w3", "w4"];
    const reports = await Promise.all(names.map((name) => runWorker(["pglite", directory, name])));
    expect(reports.filter((report) => report.created === true)).toHaveLength(1);
    const { session } = await openPglite(directory, { createIfMissing: false });
    try {
      const tables = await session.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      );
      expect(tables.map((table) => table.name)).toEqual(["shared", "t_w1", "t_w2", "t_w3", "t_w4"]);
      const rows = await session.query("SELECT worker, count(*)::integer AS rows FROM shared GROUP BY worker ORDER BY worker");
      expect(rows).toEqual(names.map((worker) => ({ worker, rows: 5 })));
    } finally {
      await session.close();
    }
    expect(await readFile(path.join(directory, "retort.lock"), "utf8").catch(() => "gone")).toBe("gone");
    // Four PGlite start-ups one after another (each process waits for the directory): slow on a busy machine.
  }, 600_000);
});
