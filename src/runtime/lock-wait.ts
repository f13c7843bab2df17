import type { StatementLockSql } from "../dialects/dialect.js";
import type { DatabaseSession } from "../dialects/session.js";
import type { SqlSink } from "./sql-sink.js";

/** A session that a waiting statement waits behind, as the server describes it. */
export interface LockBlocker {
  readonly pid: number;
  readonly applicationName: string;
  readonly clientAddress: string | null;
  /** `active`, `idle in transaction`, … */
  readonly state: string | null;
  /** What it runs, or last ran. */
  readonly query: string;
  /** How long its transaction has been open, when it has one. */
  readonly transactionSeconds: number | null;
}

/** What a statement was waiting for when last looked at: the tables and the sessions holding them. */
export interface LockWait {
  readonly tables: string | undefined;
  readonly blockers: readonly LockBlocker[];
}

/**
 * A statement gave up waiting for a lock (the database's lock timeout). Carries the last wait the watcher saw, if
 * any; the runtime turns it into a DdlLockTimeoutError naming the revision and the statement.
 */
export class StatementLockTimeout extends Error {
  /** The database's error code, kept so code-based checks still see it. */
  readonly code: unknown;

  constructor(
    readonly waitedMs: number,
    readonly wait: LockWait | undefined,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "StatementLockTimeout";
    this.code = (cause as { code?: unknown } | null)?.code;
  }
}

/** A sink whose statements are watched while they wait for locks; `close` ends the watching session. */
export interface WatchedSink extends SqlSink {
  close(): Promise<void>;
}

export interface LockWatchOptions {
  readonly sql: StatementLockSql;
  /** The run's session pid (as `sql.blockers` takes it); without it, or `openSession`, nothing is watched. */
  readonly pid?: number | undefined;
  /** Opens a second session on the same database, the first time a statement runs long. */
  readonly openSession?: (() => Promise<DatabaseSession>) | undefined;
  /** Where the waits are reported (stderr). */
  readonly log: (line: string) => void;
  /** How long a statement runs before the watcher first looks; then it looks every `everyMs`. */
  readonly firstLookMs: number;
  readonly everyMs?: number | undefined;
  /**
   * Open the second session now rather than when a statement first runs long: with a lock timeout shorter than
   * opening a connection, the watcher would otherwise never be ready in time to name the blocker.
   */
  readonly openAtOnce?: boolean | undefined;
  /** How long the second session may take to open before the watcher does without it (default 5 s). */
  readonly openWithinMs?: number | undefined;
}

/** How often a wait for a table lock is reported again. */
const REPORT_EVERY_MS = 5000;
/** How long the second session may take to open before the watcher does without it. */
const OPEN_WITHIN_MS = 5000;

/** The opened session, or undefined when opening fails or takes too long (a late one is closed when it comes). */
function openWithin(open: (() => Promise<DatabaseSession>) | undefined, ms: number): Promise<DatabaseSession | undefined> {
  if (open === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      resolve(undefined);
    }, ms);
    open().then(
      (session) => {
        clearTimeout(timer);
        if (late) void session.close().catch(() => undefined);
        else resolve(session);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/**
 * Wraps a sink so that a statement that gave up waiting for a lock throws {@link StatementLockTimeout}. With a
 * second session, a statement still running after `firstLookMs` is watched: once a second, the watcher asks
 * who the run's session waits behind, reports it on `log` (at once, then every few seconds), and keeps the
 * last answer for the error.
 */
export function watchLockWaits(sink: SqlSink, options: LockWatchOptions): WatchedSink {
  const { sql, pid, openSession, log, firstLookMs } = options;
  const everyMs = options.everyMs ?? 1000;
  let watcher: Promise<DatabaseSession | undefined> | undefined;
  const inFlight = new Set<Promise<unknown>>();

  // A second session that cannot be opened (in time) only costs the report, never the run.
  const session = (): Promise<DatabaseSession | undefined> => (watcher ??= openWithin(openSession, options.openWithinMs ?? OPEN_WITHIN_MS));
  if (options.openAtOnce && pid !== undefined) void session();

  const look = async (): Promise<LockWait | undefined> => {
    const watching = await session();
    if (watching === undefined || pid === undefined) return undefined;
    const rows = await watching.query<BlockerRow>(sql.blockers, [pid]).catch(() => [] as BlockerRow[]);
    if (rows.length === 0) return undefined;
    return { tables: rows[0]?.waiting_for ?? undefined, blockers: rows.map(toBlocker) };
  };

  const watched = async (send: () => Promise<void>): Promise<void> => {
    const started = Date.now();
    if (pid === undefined || openSession === undefined) return translate(send, started, () => undefined);
    let last: LockWait | undefined;
    let done = false;
    let reportedAt: number | undefined;
    let timer: NodeJS.Timeout | undefined;
    let looking: Promise<void> = Promise.resolve();
    const tick = (): void => {
      looking = look().then((wait) => {
        if (wait !== undefined) last = wait;
        if (done) return;
        const now = Date.now();
        if (wait !== undefined && (reportedAt === undefined || now - reportedAt >= REPORT_EVERY_MS)) {
          log(describeWait(wait, reportedAt === undefined ? undefined : now - started));
          reportedAt = now;
        }
        timer = setTimeout(tick, everyMs);
      });
      inFlight.add(looking);
      const settledLook = looking;
      void settledLook.finally(() => inFlight.delete(settledLook));
    };
    timer = setTimeout(tick, firstLookMs);
    const stop = async (): Promise<LockWait | undefined> => {
      done = true;
      clearTimeout(timer);
      await looking;
      return last;
    };
    try {
      await translate(send, started, stop);
    } finally {
      done = true;
      clearTimeout(timer);
    }
  };

  const translate = async (send: () => Promise<void>, started: number, stop: () => Promise<LockWait | undefined> | undefined) => {
    try {
      await send();
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== sql.timeoutCode) throw error;
      const wait = await stop();
      throw new StatementLockTimeout(Date.now() - started, wait, error);
    }
  };

  return {
    online: sink.online,
    run: (statement) => watched(() => sink.run(statement)),
    runAll: (statements) => watched(() => sink.runAll(statements)),
    comment: (text) => sink.comment(text),
    async close() {
      await Promise.all(inFlight);
      const watching = await watcher;
      await watching?.close().catch(() => undefined);
    },
  };
}

interface BlockerRow extends Record<string, unknown> {
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  state: string | null;
  query: string | null;
  transaction_seconds: number | null;
  waiting_for: string | null;
}

function toBlocker(row: BlockerRow): LockBlocker {
  return {
    pid: Number(row.pid),
    applicationName: row.application_name ?? "",
    clientAddress: row.client_addr,
    state: row.state,
    query: row.query ?? "",
    transactionSeconds: row.transaction_seconds === null ? null : Number(row.transaction_seconds),
  };
}

/** `Waiting for a lock on movies held by pid 4242 ('psql' from 10.0.0.7, idle in transaction, …)`. */
export function describeWait(wait: LockWait, waitedMs?: number): string {
  const on = wait.tables ? `a lock on ${wait.tables}` : "a lock";
  const held = `held by ${describeBlockers(wait.blockers)}`;
  return waitedMs === undefined ? `Waiting for ${on} ${held}.` : `Still waiting for ${on} (${Math.round(waitedMs / 1000)}s), ${held}.`;
}

export function describeBlockers(blockers: readonly LockBlocker[]): string {
  return blockers.map(describeBlocker).join("; ");
}

/** `pid 4242 ('psql' from 10.0.0.7, idle in transaction, transaction open 12s, last query: LOCK TABLE movies)`. */
export function describeBlocker(blocker: LockBlocker): string {
  const parts = [
    `${blocker.applicationName ? `'${blocker.applicationName}'` : "no application name"}${blocker.clientAddress ? ` from ${blocker.clientAddress}` : " (local)"}`,
  ];
  if (blocker.state) parts.push(blocker.state);
  if (blocker.transactionSeconds !== null) parts.push(`transaction open ${Math.round(blocker.transactionSeconds)}s`);
  if (blocker.query) parts.push(`${blocker.state === "active" ? "running" : "last query"}: ${shorten(blocker.query)}`);
  return `pid ${blocker.pid} (${parts.join(", ")})`;
}

function shorten(query: string): string {
  const flat = query.replace(/\s+/g, " ").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

/** What {@link openWatchedSink} needs of an open database. */
export interface WatchableDatabase {
  readonly session: DatabaseSession;
  readonly dialect: { readonly statementLocks?: StatementLockSql | undefined };
  readonly openSession?: (() => Promise<DatabaseSession>) | undefined;
}

/**
 * The online sink of a run, watched for lock waits when the dialect can say who blocks a session and the engine
 * can open a second one. `timeoutMs` (0 or undefined: no limit) makes the first look come before the limit.
 */
export async function openWatchedSink(
  db: WatchableDatabase,
  sink: SqlSink,
  options: { readonly timeoutMs: number | undefined; readonly log: (line: string) => void },
): Promise<WatchedSink> {
  const sql = db.dialect.statementLocks;
  if (sql === undefined) return { ...sink, close: async () => undefined };
  let pid: number | undefined;
  if (db.openSession !== undefined) {
    const [row] = await db.session.query<{ pid: number }>(sql.backendPid);
    pid = row === undefined ? undefined : Number(row.pid);
  }
  const limit = options.timeoutMs ?? 0;
  return watchLockWaits(sink, {
    sql,
    pid,
    openSession: db.openSession,
    log: options.log,
    firstLookMs: limit > 0 ? Math.min(1000, limit / 2) : 1000,
    openAtOnce: limit > 0 && limit < 1000,
  });
}
