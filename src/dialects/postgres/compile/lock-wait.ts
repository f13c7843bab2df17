import type { StatementLockSql } from "../../dialect.js";

/** `5s`, `1500ms`: lock_timeout's units, whole seconds when the value is one. */
function duration(ms: number): string {
  const whole = Math.round(ms);
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}

/** PostgreSQL's lock_timeout, and what the server knows of the sessions a waiting one waits for. */
export const statementLockSql: StatementLockSql = Object.freeze({
  setLocal: (ms: number) => `SET LOCAL lock_timeout = '${duration(ms)}'`,
  setSession: (ms: number) => `SET lock_timeout = '${duration(ms)}'`,
  reset: "RESET lock_timeout",
  timeoutCode: "55P03",
  backendPid: 'SELECT pg_backend_pid() AS "pid"',
  // The relations the session ($1) waits for, and the sessions it waits behind: one row per blocker.
  blockers: `SELECT a.pid, a.application_name, host(a.client_addr) AS client_addr, a.state, a.query,
  extract(epoch FROM now() - a.xact_start)::float8 AS transaction_seconds,
  (SELECT string_agg(DISTINCT l.relation::regclass::text, ', ') FROM pg_locks l
    WHERE l.pid = $1 AND NOT l.granted AND l.relation IS NOT NULL) AS waiting_for
FROM pg_stat_activity a
WHERE a.pid = ANY (pg_blocking_pids($1))
ORDER BY a.pid`,
});
