import { stat } from "node:fs/promises";
import type pg from "pg";
import { ConnectionError } from "../../errors.js";
import type { DatabaseSession } from "../../dialects/session.js";
import { binariesReachableBy, locateBinaries } from "./binaries.js";
import { connectClient, embeddedSession, type Driver } from "./connection.js";
import { processStartTime, type DirectoryLock } from "../directory-lock.js";
import { guardExit } from "./exit-guard.js";
import { adoptServer, stopLeftoverServer } from "./leftover.js";
import { chownTree, type RunAs } from "./os-user.js";
import { publishServer, readPublishedServer, withdrawServer, withdrawServerSync } from "./published-server.js";
import { initCluster, SMART_SHUTDOWN_MS, startServer, type RunningServer } from "./server.js";

/** The files of an embedded directory, and how the owner was asked to behave. */
export interface OwnerContext {
  readonly directory: string;
  readonly dataDirectory: string;
  readonly logFile: string;
  readonly recordFile: string;
  /** Whether the cluster exists (checked under the lock); when not, it is created. */
  readonly exists: boolean;
  readonly runAs: RunAs | undefined;
  readonly log?: (line: string) => void;
}

/**
 * Runs the server as the holder of the directory lock: takes over the server an earlier owner left running
 * and published (its attached sessions go on), or stops any other leftover and starts a server; then publishes
 * it for other processes to attach to. The session's close withdraws the record, ends the connection, stops the
 * server (smart shutdown first, so that attached sessions finish their work) and releases the lock.
 */
export async function openAsOwner(driver: Promise<Driver>, lock: DirectoryLock, context: OwnerContext): Promise<DatabaseSession> {
  let server: RunningServer | undefined;
  let client: pg.Client | undefined;
  try {
    const { directory, dataDirectory, logFile, runAs, log } = context;
    const installed = await locateBinaries();
    const binaries = runAs === undefined ? installed : await binariesReachableBy(installed, runAs, log);
    if (context.exists) {
      if (runAs !== undefined && (await stat(dataDirectory)).uid !== runAs.uid) await chownTree(dataDirectory, runAs);
      const earlier = await readPublishedServer(context.recordFile);
      server = await adoptServer(earlier, dataDirectory);
      client = server === undefined ? undefined : await connectClient(await driver, server).catch(() => undefined);
      if (server !== undefined && client !== undefined) {
        log?.(
          `Took over the embedded PostgreSQL (pid ${server.pid}) that process ${earlier?.ownerPid ?? "?"}, which ended without closing it, left running on ${directory}`,
        );
      } else {
        await server?.stop();
        server = undefined;
        const stopped = await stopLeftoverServer(dataDirectory);
        if (stopped !== undefined)
          log?.(`Stopped a PostgreSQL (pid ${stopped}) that a process which ended without closing it had left running on ${directory}`);
      }
    } else {
      await initCluster(binaries, dataDirectory, logFile, runAs);
      log?.(`Created embedded database in ${directory}`);
    }
    if (server === undefined || client === undefined) {
      server = await startServer(binaries, dataDirectory, logFile, runAs);
      client = await connectOrExplain(await driver, server, context);
    }
    const startTime = processStartTime(server.pid);
    await publishServer(context.recordFile, {
      ownerToken: lock.holder.token,
      ownerPid: process.pid,
      pid: server.pid,
      ...(startTime === undefined ? {} : { startTime }),
      host: server.host,
      port: server.port,
      dataDirectory,
      publishedAt: new Date().toISOString(),
    });
    return ownerSession(await driver, client, server, lock, context);
  } catch (error) {
    logServerTail(error, context.log);
    await withdrawServer(context.recordFile, lock.holder.token).catch(() => undefined);
    await client?.end().catch(() => undefined); // else the smart shutdown would wait for it
    await server?.stop().catch(() => undefined);
    await lock.release();
    throw error;
  }
}

async function connectOrExplain(driver: Driver, server: RunningServer, context: OwnerContext): Promise<pg.Client> {
  try {
    return await connectClient(driver, server);
  } catch (cause) {
    throw new ConnectionError(
      "database_unreachable",
      `Cannot connect to the embedded PostgreSQL in ${context.directory}: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        hint: `Read its log, ${context.logFile}.`,
        cause,
      },
    );
  }
}

function ownerSession(
  driver: Driver,
  client: pg.Client,
  server: RunningServer,
  lock: DirectoryLock,
  context: OwnerContext,
): DatabaseSession {
  const token = lock.holder.token;
  // Should the process end without closing, still stop the server and free the directory.
  const disarm = guardExit(() => {
    withdrawServerSync(context.recordFile, token);
    server.stopSync();
    lock.releaseSync();
  });
  return embeddedSession(
    driver,
    client,
    { directory: context.directory, pid: server.pid },
    {
      async beforeEnd() {
        disarm();
        await withdrawServer(context.recordFile, token);
        const others = await countOtherSessions(client);
        if (others > 0) {
          const sessions = others === 1 ? "1 session" : `${others} sessions`;
          context.log?.(
            `Waiting for ${sessions} of other processes using the embedded database in ${context.directory} to end before stopping its server (at most ${SMART_SHUTDOWN_MS / 1000} s)`,
          );
        }
      },
      async afterEnd() {
        try {
          await server.stop();
        } finally {
          await lock.release();
        }
      },
    },
  );
}

/** The client sessions other than ours (of attached processes); 0 when the server cannot tell. */
async function countOtherSessions(client: pg.Client): Promise<number> {
  try {
    const result = await client.query<{ n: number }>(
      "SELECT count(*)::integer AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
    );
    return result.rows[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

function logServerTail(error: unknown, log: ((line: string) => void) | undefined): void {
  const tail = error instanceof ConnectionError ? error.details.logTail : undefined;
  if (log === undefined || !Array.isArray(tail)) return;
  for (const line of tail) log(`postgres: ${String(line)}`);
}
