import { chown, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openEmbedded } from "../../src/engines/embedded/index.js";
import { resolveRunAs } from "../../src/engines/embedded/os-user.js";
import type { DatabaseSession } from "../../src/dialects/session.js";
import { copyTemplateDatabase } from "../helpers/database-templates.js";
import { exited, isRunning, makeTempDirectory, removeDirectory, runWorker, startHoldingWorker, waitUntil } from "./helpers.js";

// Processes sharing one embedded directory: the lock holder runs the server, the others attach to it.

let root: string;
let directory: string;
let logs: string[];
const log = (line: string): void => {
  logs.push(line);
};

beforeEach(async () => {
  root = await makeTempDirectory("retort-attach-");
  directory = path.join(root, "dev");
  logs = [];
});

afterEach(async () => {
  await removeDirectory(root);
});

interface Postmaster {
  readonly pid: number;
  readonly status: string;
}

async function postmaster(): Promise<Postmaster | undefined> {
  const text = await readFile(path.join(directory, "pgdata", "postmaster.pid"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  return { pid: Number(lines[0]), status: lines[7]?.trim() ?? "" };
}

async function runningPostmaster(): Promise<number> {
  const found = await postmaster();
  if (found === undefined) throw new Error("no postmaster.pid");
  return found.pid;
}

function using(serverPid: number, ownerPid: number | undefined): string {
  return `Using the embedded server already running for ${directory} (pid ${serverPid}, run by process ${ownerPid ?? 0})`;
}

/** Rows of `shared` per worker, read through a session of its own. */
async function rowsPerWorker(): Promise<Record<string, number>> {
  const { session } = await openEmbedded(directory, { createIfMissing: false });
  try {
    return await countRows(session);
  } finally {
    await session.close();
  }
}

async function countRows(session: DatabaseSession): Promise<Record<string, number>> {
  const rows = await session.query<{ worker: string; n: number }>(
    "SELECT worker, count(*)::integer AS n FROM shared GROUP BY worker ORDER BY worker",
  );
  return Object.fromEntries(rows.map((row) => [row.worker, row.n]));
}

describe("attaching to the embedded server of another process", () => {
  it("lets a second process attach, write and close while the owner keeps its session, which sees the write", async () => {
    const owner = await startHoldingWorker(["embedded", directory, "owner"]);
    expect(owner.report).toMatchObject({ holding: true, created: true, attached: false });
    const server = await runningPostmaster();

    const guest = await runWorker(["embedded", directory, "guest"]);
    expect(guest).toEqual({ created: false, attached: true, logs: [using(server, owner.child.pid)] });
    expect(await owner.command("count")).toEqual({ rows: { guest: 5, owner: 5 } });

    expect(await owner.command("close")).toMatchObject({ closed: true });
    await exited(owner.child);
    expect(isRunning(server)).toBe(false);
    expect((await readdir(directory)).sort()).toEqual(["pgdata", "server.log"]);
  });

  it("lets four processes attach at once to a running server", async () => {
    await copyTemplateDatabase("embedded", directory);
    const owner = await startHoldingWorker(["embedded", directory, "owner"]);
    const server = await runningPostmaster();
    const names = ["a1", "a2", "a3", "a4"];
    const reports = await Promise.all(names.map((name) => runWorker(["embedded", directory, name])));
    for (const report of reports) expect(report).toEqual({ created: false, attached: true, logs: [using(server, owner.child.pid)] });
    expect(await owner.command("count")).toEqual({ rows: { a1: 5, a2: 5, a3: 5, a4: 5, owner: 5 } });
    await owner.command("close");
    await exited(owner.child);
  });

  it("lets an attached session finish its work when the owner closes, and makes a newcomer wait and run the next server", async () => {
    await copyTemplateDatabase("embedded", directory);
    const owner = await startHoldingWorker(["embedded", directory, "owner"]);
    const server = await runningPostmaster();
    const client = await openEmbedded(directory, { createIfMissing: false, log });
    expect(client.created).toBe(false);
    expect(logs).toEqual([using(server, owner.child.pid)]);
    await client.session.execute("BEGIN; INSERT INTO shared VALUES ('client', 0)");

    const ownerClosed = owner.command("close");
    await waitUntil(async () => (await postmaster())?.status === "stopping", "the owner's server is stopping");
    // No new connections any more: a newcomer waits for the lock instead of attaching.
    const newcomerLogs: string[] = [];
    const newcomer = openEmbedded(directory, { createIfMissing: false, log: (line) => newcomerLogs.push(line) });
    await waitUntil(async () => newcomerLogs.length > 0, "the newcomer waits");
    expect(newcomerLogs).toEqual([expect.stringMatching(new RegExp(`^Waiting for process ${owner.child.pid ?? 0} \\(`))]);
    await client.session.execute("INSERT INTO shared VALUES ('client', 1); COMMIT");
    expect(await client.session.query("SELECT count(*)::integer AS n FROM shared WHERE worker = 'client'")).toEqual([{ n: 2 }]);
    await client.session.close();

    expect(await ownerClosed).toEqual({
      closed: true,
      logs: [
        `Waiting for 1 session of other processes using the embedded database in ${directory} to end before stopping its server (at most 60 s)`,
      ],
    });
    const next = await newcomer;
    expect(isRunning(server)).toBe(false);
    expect(newcomerLogs).toHaveLength(1);
    await next.session.execute("INSERT INTO shared VALUES ('newcomer', 0)");
    expect(await countRows(next.session)).toEqual({ client: 2, newcomer: 1, owner: 5 });
    await next.session.close();
  });

  it("lets an attached session finish its work when a terminal's Ctrl-C interrupts the owner, whose server then stops", async () => {
    await copyTemplateDatabase("embedded", directory);
    const owner = await startHoldingWorker(["embedded", directory, "owner"], { processGroup: true });
    const server = await runningPostmaster();
    const client = await openEmbedded(directory, { createIfMissing: false });
    await client.session.execute("BEGIN; INSERT INTO shared VALUES ('client', 0)");
    process.kill(-(owner.child.pid ?? 0), "SIGINT");
    await exited(owner.child);
    expect(owner.child.signalCode).toBe("SIGINT");
    // The owner freed the directory and asked for a smart shutdown, which waits for this session.
    expect((await readdir(directory)).sort()).toEqual(["pgdata", "server.log"]);
    expect(isRunning(server)).toBe(true);
    await client.session.execute("INSERT INTO shared VALUES ('client', 1); COMMIT");
    await client.session.close();
    await waitUntil(async () => !isRunning(server), "the server has stopped");
    expect(await rowsPerWorker()).toEqual({ client: 2, owner: 5 });
  });

  it("keeps an attached session working when the owner is SIGKILLed; the next process takes the server over and loses nothing", async () => {
    await copyTemplateDatabase("embedded", directory);
    const owner = await startHoldingWorker(["embedded", directory, "owner"]);
    const server = await runningPostmaster();
    const client = await openEmbedded(directory, { createIfMissing: false });
    await client.session.execute("INSERT INTO shared VALUES ('client', 0)");
    owner.child.kill("SIGKILL");
    await exited(owner.child);
    expect(isRunning(server)).toBe(true);
    await client.session.execute("INSERT INTO shared VALUES ('client', 1)");

    const next = await openEmbedded(directory, { createIfMissing: false, lockTimeoutMs: 5_000, log });
    expect(logs).toEqual([
      `Took over the embedded PostgreSQL (pid ${server}) that process ${owner.child.pid ?? 0}, which ended without closing it, left running on ${directory}`,
    ]);
    await next.session.execute("INSERT INTO shared VALUES ('next', 0)");
    // The server is published again, by its new owner.
    expect(await runWorker(["embedded", directory, "guest"])).toEqual({
      created: false,
      attached: true,
      logs: [using(server, process.pid)],
    });
    await client.session.execute("INSERT INTO shared VALUES ('client', 2)");
    await client.session.close();
    await next.session.close();
    expect(isRunning(server)).toBe(false);
    expect(await rowsPerWorker()).toEqual({ client: 3, guest: 5, next: 1, owner: 5 });
  });

  it("gives an attached session a clear error when the owner and its server are SIGKILLed; the next open recovers", async () => {
    await copyTemplateDatabase("embedded", directory);
    const owner = await startHoldingWorker(["embedded", directory, "owner"]);
    const server = await runningPostmaster();
    const client = await openEmbedded(directory, { createIfMissing: false });
    try {
      await client.session.execute("INSERT INTO shared VALUES ('client', 0)");
      owner.child.kill("SIGKILL");
      process.kill(server, "SIGKILL");
      await exited(owner.child);
      const failure = client.session.query("SELECT 1");
      await expect(failure).rejects.toMatchObject({ code: "database_unreachable", details: { directory, pid: server } });
      await expect(failure).rejects.toThrow(`The embedded PostgreSQL of ${directory} (pid ${server}) went away`);
    } finally {
      await client.session.close().catch(() => undefined);
    }
    expect(await rowsPerWorker()).toEqual({ client: 1, owner: 5 });
  });

  it.runIf(process.getuid?.() === 0)(
    "lets a normal user's process attach to the server of another process of that user, and root attach too",
    async () => {
      const user = await resolveRunAs(path.join(root, "nothing-here"));
      if (user === undefined) throw new Error("no user to run as");
      await chown(root, user.uid, user.gid);
      const owner = await startHoldingWorker(["embedded", directory, "owner"], user);
      expect((await stat(path.join(directory, "pgdata"))).uid).toBe(user.uid);
      const server = await runningPostmaster();
      expect(await runWorker(["embedded", directory, "guest"], user)).toMatchObject({
        attached: true,
        logs: [using(server, owner.child.pid)],
      });
      const client = await openEmbedded(directory, { createIfMissing: false, log });
      try {
        expect(logs).toEqual([using(server, owner.child.pid)]);
        expect(await countRows(client.session)).toEqual({ guest: 5, owner: 5 });
      } finally {
        await client.session.close();
      }
      expect(await owner.command("close")).toMatchObject({ closed: true });
      await exited(owner.child);
    },
  );
});
