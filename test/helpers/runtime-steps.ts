import type { Dialect, DialectCapabilities } from "../../src/dialects/dialect.js";
import { postgresDialect } from "../../src/dialects/postgres/index.js";
import type { Operations } from "../../src/ops/operations.js";
import type { MigrationStep, RevisionHeader } from "../../src/revisions/revision.js";
import type { RevisionModule } from "../../src/runtime/revision-module.js";
import type { StepRunner } from "../../src/runtime/sequential.js";
import type { SqlSink } from "../../src/runtime/sql-sink.js";

/** Fakes for the runtime's unit tests: a sink that records messages, revisions that run fixed SQL, test dialects. */

/** What reached the database, one entry per round trip; `failOn` makes any message holding that text fail. */
export function recordingSink(failOn?: string): SqlSink & { readonly messages: string[][] } {
  const messages: string[][] = [];
  const send = async (statements: readonly string[]) => {
    messages.push([...statements]);
    if (failOn && statements.some((statement) => statement.includes(failOn))) throw new Error(`simulated failure at ${failOn}`);
  };
  return { online: true, messages, run: (statement) => send([statement]), runAll: send, comment: () => undefined };
}

export const header = (revision: string): RevisionHeader => ({
  revision,
  downRevisions: [],
  branchLabels: [],
  dependsOn: [],
  message: `m ${revision}`,
  path: `/v/${revision}.ts`,
});

export const step = (revision: string, from: string[]): MigrationStep => ({
  direction: "upgrade",
  revision,
  lower: from,
  upper: [revision],
  deleteRows: from,
  insertRows: [revision],
});

/** PostgreSQL's SQL with other capabilities: how the runtime behaves for a dialect that lacks some. */
export function dialectWith(capabilities: Partial<DialectCapabilities>): Dialect {
  return { ...postgresDialect, name: "test", capabilities: { ...postgresDialect.capabilities, ...capabilities } };
}

export function runner(
  sink: SqlSink,
  modules: Record<string, RevisionModule>,
  overrides: Partial<Pick<StepRunner, "dialect" | "transactionPerMigration" | "auditLog" | "log">> = {},
): StepRunner {
  return {
    dialect: postgresDialect,
    sink,
    versionTable: { table: "retort_version" },
    headers: new Map(Object.keys(modules).map((revision) => [revision, header(revision)])),
    transactionPerMigration: true,
    log: () => undefined,
    loadModule: async (h) => modules[h.revision]!,
    ...overrides,
  };
}

export const executes = (...sql: string[]): RevisionModule => ({
  transactional: true,
  upgrade: async (op: Operations) => {
    for (const statement of sql) await op.execute(statement);
  },
  downgrade: async () => undefined,
});
