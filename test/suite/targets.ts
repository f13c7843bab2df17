/**
 * The shared suite's targets: every engine Retort reaches, with the dialect it speaks and what both can do.
 * Case files never name an engine: they ask for capabilities (`withTargets(needs, …)`) and run once per target
 * that declares them. A new dialect adds an entry to DIALECTS; a new engine, one to ENGINES (README "Testing").
 */
import path from "node:path";
import { describe } from "vitest";
import type { Dialect, DialectCapabilities } from "../../src/dialects/dialect.js";
import { dialectFor, openDatabase } from "../../src/engines/connect.js";
import type { ConnectedDatabase } from "../../src/runtime/database.js";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import type { SuiteDatabase } from "./harness.js";
import { postgresSuite } from "./postgres.js";
import { sqliteSuite } from "./sqlite.js";
import { mysqlSuite } from "./mysql.js";
import { dropMysqlDatabase, mysqlDatabaseUrl } from "../helpers/mysql.js";

/** What a dialect's part of the suite knows beyond the dialect's own capability flags. */
export interface SuiteDialect {
  /** What the dialect supports, by name, for cases that need more than the basics. */
  readonly features: DialectFeatures;
  /**
   * Gives each case a clean place of its own: `begin` makes the case's unqualified names land there; `end`
   * removes everything the case made (including other schemas it created).
   */
  readonly isolation: CaseIsolation;
  /**
   * Cases only this dialect meets as written (its catalog's exact spelling), registered by operations.test.ts
   * beside the neutral ones, as Kysely keeps per-dialect expectations.
   */
  readonly operationExpectations?: (suite: SuiteDatabase) => void;
}

/** Features cases may require; a dialect that lacks one gets no case that needs it. */
export interface DialectFeatures {
  /** Named schemas (createSchema, objects in `{ schema }`). */
  readonly schemas: boolean;
  /** Enum types (createEnum, addEnumValue, renameEnumValue). */
  readonly enums: boolean;
  /** Standalone sequences. */
  readonly sequences: boolean;
  /** Domains (createDomain, alterDomain, dropDomain). */
  readonly domains: boolean;
  /** Table and column comments. */
  readonly comments: boolean;
  /**
   * ALTER TABLE … ADD/DROP CONSTRAINT and ALTER COLUMN (type, nullability, default) in place from the change alone,
   * so the `--sql` script of such a change needs no database (SQLite rebuilds the table from the live one; MySQL
   * restates the whole column, so it needs the column's unchanged type too).
   */
  readonly alterTable: boolean;
  /** Partial, expression and INCLUDE indexes; CREATE INDEX CONCURRENTLY. */
  readonly richIndexes: boolean;
  /** Functions, procedures and triggers (createFunction, replaceFunction, createTrigger, …). */
  readonly routines?: boolean;
  /** Views and materialized views declared in the models. */
  readonly views?: boolean;
  /** Partitioned tables and their partitions. */
  readonly partitions?: boolean;
  /** Row-level security, policies and grants. */
  readonly security?: boolean;
  /** Exclusion constraints (`EXCLUDE USING gist (…)`). */
  readonly exclusionConstraints?: boolean;
}

export interface CaseIsolation {
  /** The schema autogenerate and introspection look at while a case runs. */
  readonly schema: string;
  begin(db: ConnectedDatabase): Promise<void>;
  end(db: ConnectedDatabase): Promise<void>;
}

/** The dialects under test, keyed by `Dialect.name`. SQLite and MySQL/MariaDB add their entries here. */
export const DIALECTS: Readonly<Record<string, SuiteDialect>> = Object.freeze({
  postgresql: postgresSuite,
  sqlite: sqliteSuite,
  mysql: mysqlSuite,
});

/** One engine: how the suite gets a fresh database on it. */
interface EngineEntry {
  readonly name: string;
  /** A URL of this engine's form: the dialect is found from it, as the CLI finds it. */
  readonly sampleUrl: string;
  /** A URL for a database that does not exist yet, and how to remove it afterwards. */
  newDatabase(): Promise<{ readonly url: string; readonly remove: () => Promise<void> }>;
  /** Whether a second session may be open on the same database at the same time. */
  readonly concurrentSessions: boolean;
}

const ENGINES: readonly EngineEntry[] = [
  {
    name: "server",
    sampleUrl: "postgres://localhost/retort_suite",
    concurrentSessions: true,
    async newDatabase() {
      const { url, name } = serverDatabaseUrl("retort_suite");
      return { url, remove: () => dropServerDatabase(name) };
    },
  },
  {
    name: "embedded",
    sampleUrl: "embedded:./data",
    concurrentSessions: true,
    async newDatabase() {
      const dir = await tempDirectory("retort-suite-embedded-");
      return { url: `embedded:${path.join(dir.path, "data")}`, remove: dir.remove };
    },
  },
  {
    name: "pglite",
    sampleUrl: "pglite:memory:",
    // PGlite is one connection in this process.
    concurrentSessions: false,
    async newDatabase() {
      return { url: "pglite:memory:", remove: async () => undefined };
    },
  },
  {
    name: "sqlite",
    sampleUrl: "sqlite:./suite.db",
    concurrentSessions: true,
    async newDatabase() {
      const dir = await tempDirectory("retort-suite-sqlite-");
      return { url: `sqlite:${path.join(dir.path, "suite.db")}`, remove: dir.remove };
    },
  },
  {
    name: "mysql",
    sampleUrl: "mysql://root@127.0.0.1:3306/retort_suite",
    concurrentSessions: true,
    async newDatabase() {
      const { url, name } = mysqlDatabaseUrl("retort_suite");
      return { url, remove: () => dropMysqlDatabase(name) };
    },
  },
];

/** Everything a case may require of a target. */
export interface TargetCapabilities extends DialectCapabilities, DialectFeatures {
  readonly concurrentSessions: boolean;
}

/** An engine with its dialect: what the cases run against. */
export interface SuiteTarget {
  /** `engine (dialect)`, for test titles. */
  readonly name: string;
  readonly dialect: Dialect;
  readonly suite: SuiteDialect;
  readonly capabilities: TargetCapabilities;
  /** A fresh database on this target, open, with a way to open more sessions on it and to remove it. */
  provision(): Promise<ProvisionedDatabase>;
}

export interface ProvisionedDatabase {
  readonly url: string;
  readonly db: ConnectedDatabase;
  /** Another session on the same database (only where `concurrentSessions`). */
  openAnother(): Promise<ConnectedDatabase>;
  /** Closes the session and removes the database. */
  dispose(): Promise<void>;
}

const ROOT = process.cwd();

function targetOf(engine: EngineEntry): SuiteTarget {
  const dialect = dialectFor(engine.sampleUrl, ROOT);
  const suite = DIALECTS[dialect.name];
  if (suite === undefined) throw new Error(`The dialect suite has no entry for the dialect ${dialect.name} (test/suite/targets.ts).`);
  return Object.freeze({
    name: `${engine.name} (${dialect.name})`,
    dialect,
    suite,
    capabilities: Object.freeze({ ...dialect.capabilities, ...suite.features, concurrentSessions: engine.concurrentSessions }),
    async provision(): Promise<ProvisionedDatabase> {
      const { url, remove } = await engine.newDatabase();
      const open = () => openDatabase(url, ROOT, { createIfMissing: true });
      let db: ConnectedDatabase;
      try {
        db = await open();
      } catch (error) {
        await remove();
        throw error;
      }
      return {
        url,
        db,
        openAnother: open,
        async dispose() {
          await db.session.close();
          await remove();
        },
      };
    },
  });
}

/** Every target. */
export const TARGETS: readonly SuiteTarget[] = ENGINES.map(targetOf);

/** What a case needs: capabilities that must be true. */
export type Needs = readonly (keyof TargetCapabilities)[];

/** The targets that declare every capability in `needs`. */
export function targetsWith(needs: Needs): SuiteTarget[] {
  return TARGETS.filter((target) => needs.every((need) => target.capabilities[need]));
}

/**
 * A `describe` block per target that declares `needs`; when none does, one skipped block says which
 * capability is missing everywhere.
 */
export function withTargets(title: string, needs: Needs, body: (target: SuiteTarget) => void): void {
  const targets = targetsWith(needs);
  if (targets.length === 0) {
    describe.skip(`${title} (no target declares ${needs.join(", ")})`, () => undefined);
    return;
  }
  for (const target of targets) describe(`${title} on ${target.name}`, () => body(target));
}
