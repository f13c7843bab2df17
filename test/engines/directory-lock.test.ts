import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireDirectoryLock, processStartTime, type LockHolder } from "../../src/engines/directory-lock.js";
import { deadPid, exited, makeTempDirectory, removeDirectory, runWorker, waitUntil } from "./helpers.js";

let directory: string;
let lockPath: string;

beforeEach(async () => {
  directory = await makeTempDirectory("retort-lock-");
  lockPath = path.join(directory, "retort.lock");
});

afterEach(async () => {
  await removeDirectory(directory);
});

function staleRecord(overrides: Partial<LockHolder>): string {
  const record: LockHolder = {
    pid: deadPid(),
    hostname: hostname(),
    token: "0123456789abcdef",
    acquiredAt: "2026-01-01T00:00:00.000Z",
    command: "retort upgrade head",
    ...overrides,
  };
  return JSON.stringify(record);
}

describe("acquireDirectoryLock", () => {
  it("writes a record naming this process and removes it on release", async () => {
    const lock = await acquireDirectoryLock(lockPath);
    const record = JSON.parse(await readFile(lockPath, "utf8")) as LockHolder;
    expect(record.pid).toBe(process.pid);
    expect(record.hostname).toBe(hostname());
    expect(record.token).toBe(lock.holder.token);
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it("makes a second acquirer in the same process wait for the release", async () => {
    const events: string[] = [];
    const first = await acquireDirectoryLock(lockPath);
    const waits: LockHolder[] = [];
    const second = acquireDirectoryLock(lockPath, { onWait: (holder) => waits.push(holder) }).then((lock) => {
      events.push("second acquired");
      return lock;
    });
    await waitUntil(async () => waits.length > 0, "the second acquirer waits");
    events.push("first releasing");
    await first.release();
    const lock = await second;
    await lock.release();
    expect(events).toEqual(["first releasing", "second acquired"]);
    expect(waits.map((holder) => holder.token)).toEqual([first.holder.token]);
  });

  it("takes over a lock whose process is dead", async () => {
    await writeFile(lockPath, staleRecord({}));
    const lock = await acquireDirectoryLock(lockPath, { timeoutMs: 5_000 });
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it("takes over a lock left by an earlier process with our pid (a container's pid 1)", async () => {
    await writeFile(lockPath, staleRecord({ pid: process.pid, token: "feedfacefeedface" }));
    const lock = await acquireDirectoryLock(lockPath, { timeoutMs: 5_000 });
    expect(lock.holder.token).not.toBe("feedfacefeedface");
    await lock.release();
  });

  it.runIf(process.platform === "linux")("takes over a lock whose pid now belongs to another process (start time differs)", async () => {
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => undefined, 60000)"]);
    try {
      const pid = sleeper.pid ?? 0;
      expect(processStartTime(pid)).toMatch(/^\d+$/);
      await writeFile(lockPath, staleRecord({ pid, startTime: "1" }));
      const lock = await acquireDirectoryLock(lockPath, { timeoutMs: 5_000 });
      await lock.release();
    } finally {
      sleeper.kill();
      await exited(sleeper);
    }
  });

  it("also takes over when the process that was taking it over died mid-way", async () => {
    await writeFile(lockPath, staleRecord({ token: "aaaaaaaaaaaaaaaa" }));
    await writeFile(`${lockPath}.takeover-aaaaaaaaaaaaaaaa`, staleRecord({ token: "bbbbbbbbbbbbbbbb" }));
    const lock = await acquireDirectoryLock(lockPath, { timeoutMs: 5_000 });
    await lock.release();
    expect(await readdir(directory)).toEqual([]);
  });

  it("lets exactly one of many concurrent acquirers take over a stale lock at a time", async () => {
    await writeFile(lockPath, staleRecord({}));
    let inside = 0;
    let most = 0;
    const tokens = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const lock = await acquireDirectoryLock(lockPath, { timeoutMs: 30_000 });
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inside -= 1;
        await lock.release();
        return lock.holder.token;
      }),
    );
    expect(most).toBe(1);
    expect(new Set(tokens).size).toBe(6);
    expect(await readdir(directory)).toEqual([]);
  });

  it("times out naming the holder when the lock is held on another host", async () => {
    await writeFile(lockPath, staleRecord({ hostname: "build-agent-7", pid: 4242 }));
    const failure = acquireDirectoryLock(lockPath, { timeoutMs: 100, what: "the embedded database in /x" });
    await expect(failure).rejects.toMatchObject({ code: "lock_timeout" });
    await expect(failure).rejects.toThrow(
      "Timed out after 0.1 s waiting for the embedded database in /x: process 4242 on host build-agent-7 (retort upgrade head) has held it since 2026-01-01T00:00:00.000Z.",
    );
    expect(JSON.parse(await readFile(lockPath, "utf8"))).toMatchObject({ pid: 4242 });
  });

  it("refuses a lock file that is not a Retort lock", async () => {
    await writeFile(lockPath, "garbage");
    await expect(acquireDirectoryLock(lockPath, { timeoutMs: 100 })).rejects.toMatchObject({ code: "embedded_engine_failed" });
  });

  it("excludes four processes from each other", async () => {
    await Promise.all(["a", "b", "c", "d"].map((name) => runWorker(["lock", lockPath, name])));
    const journal = (await readFile(`${lockPath}.journal`, "utf8")).trim().split("\n");
    expect(journal).toHaveLength(8);
    for (let index = 0; index < journal.length; index += 2) {
      const name = journal[index]?.split(" ")[1];
      expect([journal[index], journal[index + 1]]).toEqual([`enter ${name}`, `leave ${name}`]);
    }
    expect(new Set(journal.filter((line) => line.startsWith("enter")))).toEqual(new Set(["enter a", "enter b", "enter c", "enter d"]));
  });
});
