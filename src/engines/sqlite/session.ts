import type { DatabaseSession } from "../../dialects/session.js";
import { sqliteDialect } from "../../dialects/sqlite/index.js";
import type { SqliteLocks } from "./lock.js";

/** The part of libsql's (better-sqlite3's) Database that the session uses. */
export interface SqliteDatabase {
  prepare(sql: string): {
    readonly reader: boolean;
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): unknown;
  };
  exec(sql: string): unknown;
  close(): void;
}

/** `$1` → `?1` outside strings and quoted names: Retort's statements number parameters PostgreSQL's way. */
export function positionalParameters(sql: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "$" && /\d/.test(sql[i + 1] ?? "")) {
      out += "?";
      continue;
    }
    out += c;
  }
  return out;
}

/** Splits SQL text at the semicolons between statements (outside strings, quoted names, comments and BEGIN…END). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"' || c === "`") quote = c;
    else if (c === "-" && sql[i + 1] === "-") i = sql.indexOf("\n", i) < 0 ? sql.length : sql.indexOf("\n", i);
    else if (/[A-Za-z]/.test(c) && !/[A-Za-z0-9_]/.test(sql[i - 1] ?? "")) {
      const word = /^[A-Za-z_]+/.exec(sql.slice(i))![0].toUpperCase();
      // A trigger's body (BEGIN … END) and the CASE … END inside it hold semicolons of their own.
      if (word === "BEGIN" && depth === 0 && /\bTRIGGER\b/i.test(sql.slice(start, i))) depth++;
      else if (word === "CASE" && depth > 0) depth++;
      else if (word === "END" && depth > 0) depth--;
      i += word.length - 1;
    } else if (c === ";" && depth === 0) {
      if (sql.slice(start, i).trim() !== "") out.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (sql.slice(start).trim() !== "") out.push(sql.slice(start).trim());
  return out;
}

/**
 * A DatabaseSession over one SQLite connection. The migration lock's statements are answered here, from `lock`
 * (SQLite has no lock a connection holds; see src/dialects/sqlite/compile/version-table.ts).
 */
export function createSqliteSession(db: SqliteDatabase, locks: SqliteLocks): DatabaseSession {
  let closed = false;
  const lockSql = sqliteDialect.lock;
  const run = (sql: string, params: readonly unknown[] = []): Record<string, unknown>[] => {
    // Several statements without parameters: all run, in order; the rows are the last one's.
    const statements = params.length === 0 ? splitStatements(sql) : [sql];
    for (const earlier of statements.slice(0, -1)) db.prepare(earlier).run();
    const statement = db.prepare(positionalParameters(statements.at(-1) ?? sql));
    if (statement.reader) return statement.all(...(params.length > 0 ? [[...params]] : [])) as Record<string, unknown>[];
    statement.run(...(params.length > 0 ? [[...params]] : []));
    return [];
  };
  return {
    async query<Row extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      const name = String(params?.[0] ?? "");
      if (sql === lockSql.tryAcquire || sql === lockSql.acquire)
        return [{ acquired: (await locks.tryAcquire(name)) ? 1 : 0 } as unknown as Row];
      if (sql === lockSql.release) {
        await locks.release(name);
        return [];
      }
      if (sql === lockSql.holders) {
        const holder = locks.holder(name);
        if (holder === undefined) return [];
        const row = {
          pid: holder.pid,
          application_name: `retort ${holder.pid}@${holder.hostname}`,
          client_addr: null,
          backend_start: holder.acquiredAt,
          state: null,
          query: holder.command,
        };
        return [row as unknown as Row];
      }
      // A dead holder's lock file is taken over by the next tryAcquire; there is no session to end.
      if (sql === lockSql.terminate) return [];
      return run(sql, params) as Row[];
    },
    async execute(sql: string) {
      db.exec(sql);
    },
    async queryMany(sql: string) {
      return splitStatements(sql).map((statement) => run(statement));
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        db.close();
      } finally {
        await locks.releaseAll();
      }
    },
  };
}
