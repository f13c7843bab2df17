/**
 * What the suite's case files share: one database per file and target, a clean schema per case, and a runner
 * that applies in-memory revisions through Retort's runtime online (recording every statement the database
 * receives) and as a `--sql` script, so cases can require that both give the same SQL.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import type { Dialect, VersionTableName } from "../../src/dialects/dialect.js";
import type { Operation } from "../../src/ops/operation.js";
import { emitOperation, type Operations } from "../../src/ops/operations.js";
import { buildRevisionGraph, type RevisionGraph } from "../../src/revisions/graph.js";
import { planDowngrade, planStamp, planUpgrade } from "../../src/revisions/plan.js";
import { parseTarget } from "../../src/revisions/target-syntax.js";
import type { MigrationStep, RevisionHeader } from "../../src/revisions/revision.js";
import { type ConnectedDatabase, readVersionRows } from "../../src/runtime/database.js";
import type { RevisionModule } from "../../src/runtime/revision-module.js";
import { runSteps } from "../../src/runtime/run-steps.js";
import { offlineSink, onlineSink, type SqlSink } from "../../src/runtime/sql-sink.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import type { ProvisionedDatabase, SuiteTarget } from "./targets.js";

/** Starting an engine (PGlite compiles WebAssembly, the embedded server runs initdb) is slow on a busy machine. */
const PROVISION_TIMEOUT_MS = 180_000;

/** The database of the current file and target, and the case's clean schema. */
export interface SuiteDatabase {
  readonly target: SuiteTarget;
  readonly provisioned: ProvisionedDatabase;
  readonly db: ConnectedDatabase;
  readonly dialect: Dialect;
  /** The case's own schema, where its unqualified names live. */
  readonly schema: string;
  /** The live schema of the case (and of `otherSchemas`), as autogenerate reads it. */
  introspect(otherSchemas?: readonly string[]): Promise<SchemaSnapshot>;
}

/**
 * Provisions the target's database once for the file (in `beforeAll`), gives each case a clean schema and
 * removes it afterwards. Read the returned object's members inside tests and hooks only.
 */
export function useSuiteDatabase(target: SuiteTarget): SuiteDatabase {
  let provisioned: ProvisionedDatabase | undefined;
  const required = (): ProvisionedDatabase => {
    if (provisioned === undefined) throw new Error("The suite's database is open only inside tests and hooks.");
    return provisioned;
  };
  const isolation = target.suite.isolation;
  beforeAll(async () => {
    provisioned = await target.provision();
  }, PROVISION_TIMEOUT_MS);
  afterAll(async () => {
    await provisioned?.dispose();
  });
  beforeEach(async () => {
    await isolation.begin(required().db);
  });
  afterEach(async () => {
    await isolation.end(required().db);
  });
  return {
    target,
    dialect: target.dialect,
    schema: isolation.schema,
    get provisioned() {
      return required();
    },
    get db() {
      return required().db;
    },
    async introspect(otherSchemas = []) {
      const support = await target.dialect.autogenerate();
      return support.introspect(required().db.session, {
        includeSchemas: [isolation.schema, ...otherSchemas],
        excludeTables: [],
        versionTable: { table: "retort_version" },
      });
    },
  };
}

/**
 * Hands a prepared operation to `op`, as the runtime's own methods do. Drops carrying the prior state
 * (what autogenerate writes) have no `op.` signature that takes it; the cases build them by reversing the create.
 */
export function emit(op: Operations, operation: Operation): Promise<void> {
  return emitOperation(op, operation);
}

/** A revision held in memory: the runtime loads it through its injectable module loader. */
export interface SuiteRevision {
  readonly id: string;
  readonly parents?: readonly string[];
  readonly upgrade: (op: Operations) => Promise<void>;
  readonly downgrade: (op: Operations) => Promise<void>;
  readonly transactional?: boolean;
}

/** What a run sent: the statements, in order, and (offline) the script as `--sql` prints it. */
export interface RunOutput {
  readonly statements: readonly string[];
  readonly script?: string;
}

type Direction = "upgrade" | "downgrade" | "stamp";

/** Runs in-memory revisions through the runtime, online and offline, with the version table the config names. */
export class RevisionRunner {
  readonly graph: RevisionGraph;
  private readonly headers: ReadonlyMap<string, RevisionHeader>;
  private readonly modules: ReadonlyMap<string, RevisionModule>;

  constructor(
    private readonly dialect: Dialect,
    revisions: readonly SuiteRevision[],
    readonly versionTable: VersionTableName = { table: "retort_version" },
  ) {
    const headers = revisions.map(
      (revision): RevisionHeader => ({
        revision: revision.id,
        downRevisions: revision.parents ?? [],
        branchLabels: [],
        dependsOn: [],
        message: `revision ${revision.id}`,
        path: `/suite/versions/${revision.id}.ts`,
      }),
    );
    this.graph = buildRevisionGraph(headers);
    this.headers = new Map(headers.map((header) => [header.revision, header]));
    this.modules = new Map(
      revisions.map((revision) => [
        revision.id,
        { upgrade: revision.upgrade, downgrade: revision.downgrade, transactional: revision.transactional ?? true },
      ]),
    );
  }

  /** The version table's rows. */
  heads(db: ConnectedDatabase): Promise<string[]> {
    return readVersionRows(db, this.versionTable);
  }

  /**
   * The statements an online run sent, as the `--sql` script from `start` spells them. Online runs always make
   * sure the version table exists (CREATE … IF NOT EXISTS); a script that starts above base leaves that out.
   */
  asScript(online: RunOutput, start: string): string[] {
    const ensure = asScripted([this.dialect.versionTable.create(this.versionTable)])[0];
    // Online, each version-table UPDATE/DELETE is wrapped in (PostgreSQL) or followed by (MySQL) its row-count check;
    // a script has the plain statement.
    const statements = asScripted(online.statements).map(
      (statement) =>
        /^DO \$retort\$ BEGIN (.*?); IF NOT FOUND THEN /s.exec(statement)?.[1] ??
        /^CREATE TEMP TABLE IF NOT EXISTS retort_version_guard [^\n]*;\n(.*?);\nINSERT INTO temp\.retort_version_guard /s.exec(
          statement,
        )?.[1] ??
        /^(.*?);\nSELECT \(SELECT 1 UNION ALL SELECT 1 FROM DUAL WHERE ROW_COUNT\(\) <> 1\) INTO @retort_changed$/s.exec(statement)?.[1] ??
        statement,
    );
    return start === "base" ? statements : statements.filter((statement) => statement !== ensure);
  }

  /** Runs online as `retort upgrade|downgrade|stamp TARGET` does; returns every statement the database received. */
  async online(db: ConnectedDatabase, direction: Direction, target: string): Promise<RunOutput> {
    const heads = await this.heads(db);
    const statements: string[] = [];
    const sink = recording(onlineSink(db.session), statements);
    await runSteps(this.runner(db.dialect, sink), this.plan(direction, heads, target), {
      createVersionTable: true,
      stampOnly: direction === "stamp",
    });
    return { statements };
  }

  /** Writes the `--sql` script from `start` (a revision, or base) to `target`, as `retort … START:TARGET --sql` does. */
  async offline(direction: Direction, start: string, target: string): Promise<RunOutput> {
    const startHeads = start === "base" ? [] : [start];
    let script = "";
    const sink = offlineSink((text) => (script += text));
    await runSteps(this.runner(this.dialect, sink), this.plan(direction, startHeads, target), {
      createVersionTable: startHeads.length === 0,
      stampOnly: direction === "stamp",
    });
    return { statements: scriptStatements(script), script };
  }

  private plan(direction: Direction, heads: readonly string[], target: string): MigrationStep[] {
    switch (direction) {
      case "upgrade":
        return planUpgrade(this.graph, heads, parseTarget(target));
      case "downgrade":
        return planDowngrade(this.graph, heads, parseTarget(target));
      case "stamp":
        return planStamp(this.graph, heads, parseTarget(target));
    }
  }

  private runner(dialect: Dialect, sink: SqlSink) {
    const modules = this.modules;
    return {
      dialect,
      sink,
      versionTable: this.versionTable,
      headers: this.headers,
      transactionPerMigration: true,
      log: () => undefined,
      async loadModule(header: RevisionHeader): Promise<RevisionModule> {
        const module = modules.get(header.revision);
        if (module === undefined) throw new Error(`no in-memory revision ${header.revision}`);
        return module;
      },
    };
  }
}

/** A sink that records each statement before handing it on. */
function recording(sink: SqlSink, statements: string[]): SqlSink {
  return {
    online: sink.online,
    run(statement) {
      statements.push(statement);
      return sink.run(statement);
    },
    runAll(list) {
      statements.push(...list);
      return sink.runAll(list);
    },
    comment: (text) => sink.comment(text),
  };
}

/** Statements as a script spells them (no trailing `;`), to compare what went online with a script. */
export function asScripted(statements: readonly string[]): string[] {
  return statements.map((statement) => statement.trimEnd().replace(/;$/, "").trim());
}

/** The statements of a `--sql` script: blocks separated by a blank line, without the `-- …` comments. */
export function scriptStatements(script: string): string[] {
  return script
    .split(";\n\n")
    .map((block) => block.replace(/^(-- [^\n]*\n\n)+/, "").trim())
    .filter((block) => block.length > 0);
}
