import type { DatabaseSession } from "../dialects/session.js";

/**
 * Where compiled SQL goes: executed on a database (online) or written to a script (`--sql`). The runtime has
 * one execution path for both (as Alembic's `_exec`), and only the sink differs.
 */
export interface SqlSink {
  readonly online: boolean;
  /** Runs (or writes) one statement. */
  run(statement: string): Promise<void>;
  /** Runs (or writes) several statements; online they go to the database in one round trip. */
  runAll(statements: readonly string[]): Promise<void>;
  /** A `-- …` line in a script; nothing online. */
  comment(text: string): void;
}

export function onlineSink(session: DatabaseSession): SqlSink {
  return {
    online: true,
    run: (statement) => session.execute(statement),
    // Several statements in one simple query: if one fails, the database skips the rest.
    runAll: (statements) => (statements.length === 0 ? Promise.resolve() : session.execute(statements.join(";\n"))),
    comment: () => undefined,
  };
}

/** Collects a script: each statement followed by `;` and a blank line, as Alembic's offline mode writes it. */
export function offlineSink(write: (text: string) => void): SqlSink {
  const writeStatement = (statement: string) => write(`${statement.trimEnd().replace(/;$/, "")};\n\n`);
  return {
    online: false,
    async run(statement) {
      writeStatement(statement);
    },
    async runAll(statements) {
      for (const statement of statements) writeStatement(statement);
    },
    comment(text) {
      write(`-- ${text}\n\n`);
    },
  };
}

/** For a database that takes one statement per message: `runAll` sends the statements one at a time. */
export function oneStatementPerMessage(sink: SqlSink): SqlSink {
  return {
    online: sink.online,
    run: (statement) => sink.run(statement),
    async runAll(statements) {
      for (const statement of statements) await sink.run(statement);
    },
    comment: (text) => sink.comment(text),
  };
}

/** A sink that opens transactions lazily; see `transactionSink`. */
export interface TransactionSink extends SqlSink {
  /** Opens a transaction: online, BEGIN is held back and goes with the next statement. */
  begin(): Promise<void>;
  /** True when BEGIN was held back and nothing has been sent since: there is no transaction to roll back. */
  readonly beginPending: boolean;
}

/**
 * Online, BEGIN waits for the first statement of the transaction and goes to the database in the same message:
 * one round trip less per revision. BEGIN itself cannot fail, so an error still belongs to the statement.
 * Offline, BEGIN is written on its own line.
 */
export function transactionSink(sink: SqlSink, beginStatement: string): TransactionSink {
  let pending = false;
  const withBegin = (statements: readonly string[]) => {
    if (!pending) return statements;
    pending = false;
    return [beginStatement, ...statements];
  };
  return {
    online: sink.online,
    get beginPending() {
      return pending;
    },
    async begin() {
      if (sink.online) pending = true;
      else await sink.run(beginStatement);
    },
    run: (statement) => (pending ? sink.runAll(withBegin([statement])) : sink.run(statement)),
    runAll: (statements) => sink.runAll(withBegin(statements)),
    comment: (text) => sink.comment(text),
  };
}
