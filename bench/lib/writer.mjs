// The writer-stall benchmark's load and probes: a steady writer (inserts and updates at a fixed rate over a pool
// of connections, each query's latency recorded), a reader that holds a table lock in an open transaction, and a
// sampler that records which statement the writer's queries waited behind.
import pg from "pg";
import { sleep } from "./measure.mjs";
import { ACCOUNTS, WRITER_INSERT, WRITER_UPDATE } from "./stall-cases.mjs";

export const WRITER_APP = "retort-bench-writer";

/**
 * Issues `rate` queries a second, alternating inserts and updates, over `connections` connections. Open loop: a
 * query is due at a fixed time whether or not earlier ones have finished (as an application's requests are), so
 * its latency runs from when it was due to when it completed, queueing for a connection included.
 */
export class Writer {
  constructor(url, { rate, connections, rows, tag }) {
    this.pool = new pg.Pool({ connectionString: url, max: connections, application_name: WRITER_APP });
    this.pool.on("error", () => {}); // a connection ended by the server shows up as a failed query
    this.interval = 1000 / rate;
    this.rows = rows;
    this.tag = tag;
    this.sequence = 0;
    this.samples = [];
    this.inflight = new Set();
    this.running = false;
  }

  /** Opens every connection before the first measured query. */
  async warm(connections) {
    const clients = await Promise.all(Array.from({ length: connections }, () => this.pool.connect()));
    for (const client of clients) client.release();
  }

  start() {
    this.running = true;
    let due = performance.now();
    const tick = () => {
      if (!this.running) return;
      const now = performance.now();
      while (due <= now) {
        this.issue(due);
        due += this.interval;
      }
      this.timer = setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
  }

  issue(due) {
    const n = ++this.sequence;
    const insert = n % 2 === 0;
    const query = insert
      ? this.pool.query(WRITER_INSERT, [1 + (n % ACCOUNTS), n % 500, `w${this.tag}-${n}`])
      : this.pool.query(WRITER_UPDATE, [1 + Math.floor(Math.random() * this.rows)]);
    const sample = { due, done: null, kind: insert ? "insert" : "update", error: null };
    const settled = query.then(
      () => {
        sample.done = performance.now();
      },
      (error) => {
        sample.done = performance.now();
        sample.error = error.message;
      },
    );
    this.inflight.add(settled);
    settled.then(() => {
      this.inflight.delete(settled);
      this.samples.push(sample);
    });
  }

  /** Stops issuing and waits for the queries in flight. */
  async stop() {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.all([...this.inflight]);
  }

  /** The samples whose query overlapped [from, to] (due before `to`, completed after `from`), then forgets all. */
  take(from, to) {
    const taken = this.samples.filter((s) => s.due <= to && s.done >= from);
    this.samples = [];
    return taken;
  }

  async end() {
    await this.stop();
    await this.pool.end();
  }
}

/** Worst, p99 and median latency (ms) and the error count of a set of samples. */
export function latencyStats(samples) {
  const latencies = samples.map((s) => s.done - s.due).sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : null);
  return {
    count: latencies.length,
    worst: latencies.length ? latencies[latencies.length - 1] : null,
    p99: at(0.99),
    median: at(0.5),
    errors: samples.filter((s) => s.error).length,
    firstError: samples.find((s) => s.error)?.error ?? null,
  };
}

/**
 * A transaction that has read `table` (so holds ACCESS SHARE on it until it ends): what a long report or an
 * idle-in-transaction session does to a migration that needs a stronger lock. It stays open until `holdMs` after
 * a session other than the writer's first waits behind it (so the migration meets it whatever the CLI's start-up
 * takes), or until `release()` (the migration ended without waiting for it).
 */
export async function holdReader(url, table, holdMs) {
  const reader = new pg.Client({ connectionString: url, application_name: "retort-bench-reader" });
  const watcher = new pg.Client({ connectionString: url, application_name: "retort-bench-sampler" });
  await Promise.all([reader.connect(), watcher.connect()]);
  await reader.query("BEGIN");
  await reader.query(`SELECT id FROM ${table} LIMIT 1`);
  const pid = (await reader.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
  let released = false;
  let waitedOn = null;
  const done = (async () => {
    while (!released && waitedOn === null) {
      const { rows } = await watcher.query(
        "SELECT 1 FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid)) AND application_name NOT LIKE 'retort-bench-%'",
        [pid],
      );
      if (rows.length) waitedOn = performance.now();
      else await sleep(10);
    }
    while (!released && performance.now() - waitedOn < holdMs) await sleep(10);
    await reader.query("COMMIT");
    await Promise.all([reader.end(), watcher.end()]);
  })();
  return {
    /** Ends the transaction now if nothing waited behind it yet; resolves once it ended; whether anything waited. */
    async release() {
      if (waitedOn === null) released = true;
      await done;
      return waitedOn !== null;
    },
    done,
  };
}

// Per waiting writer query: how long it has waited, the mode it asked for, and each session it waits behind (the
// mode that session holds on the same table, or "queued" when it waits itself, and its query text).
const SAMPLE_WAITS = `
SELECT extract(epoch FROM clock_timestamp() - w.query_start) * 1000 AS waited_ms, l.mode,
       (SELECT string_agg(
                 coalesce((SELECT string_agg(DISTINCT h.mode, '+') FROM pg_locks h
                           WHERE h.pid = b.pid AND h.granted AND h.relation = l.relation), 'queued')
                 || ' held by ' || b.state || ': ' || b.query, chr(30))
        FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(w.pid))) AS blockers
FROM pg_stat_activity w
JOIN pg_locks l ON l.pid = w.pid AND NOT l.granted
WHERE w.datname = current_database() AND w.application_name = $1`;

/**
 * The statements of a (multi-statement) query text that say what it does to the tables: not SET, BEGIN, COMMIT,
 * SAVEPOINT, nor Retort's own bookkeeping (version table, audit log, lock).
 */
export function describeStatements(text) {
  return text
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(
      (s) => s && !/^(SET|BEGIN|COMMIT|SAVEPOINT|RELEASE|SELECT pg_advisory|END|IF NOT FOUND)/i.test(s) && !/retort_(version|log)/.test(s),
    )
    .slice(0, 2)
    .map((s) => (s.length > 110 ? `${s.slice(0, 107)}...` : s))
    .join("; ");
}

/** One blocker as the sampler reports it: "<mode held> held by <state>: <statements>". */
function describeBlocker(text) {
  const [head, ...rest] = text.split(": ");
  return `${head}: ${describeStatements(rest.join(": ")) || "(bookkeeping)"}`;
}

/**
 * Polls every `everyMs` for writer queries waiting on a lock, and keeps, per blocking statement, the longest
 * wait seen and the lock mode the writer asked for.
 */
export class WaitSampler {
  constructor(url, everyMs = 20) {
    this.client = new pg.Client({ connectionString: url, application_name: "retort-bench-sampler" });
    this.everyMs = everyMs;
    this.waits = new Map();
  }

  async start() {
    await this.client.connect();
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const { rows } = await this.client.query(SAMPLE_WAITS, [WRITER_APP]);
        for (const row of rows) {
          const blocker = row.blockers ? row.blockers.split("\x1e").map(describeBlocker).join(" and ") : "(unknown)";
          const key = `${row.mode} behind ${blocker}`;
          this.waits.set(key, Math.max(this.waits.get(key) ?? 0, Number(row.waited_ms)));
        }
        await sleep(this.everyMs);
      }
    })();
  }

  /** The waits seen since the last call, longest first: `[{ what, ms }]`. */
  take() {
    const taken = [...this.waits].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms);
    this.waits = new Map();
    return taken;
  }

  async end() {
    this.running = false;
    await this.loop;
    await this.client.end();
  }
}
