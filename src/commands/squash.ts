/**
 * `retort squash START:END -m MSG`: one revision that builds what the linear chain START..END builds, written
 * beside the replaced files with `export const replaces = [...]`. It is made by replaying the revisions into a
 * throwaway database: the catalog at START's parent(s) (A) and at END (B), compared as autogenerate compares a
 * database with models (A → B is the upgrade, B → A the downgrade). Before the file is written, its own
 * downgrade must take B back to A and its upgrade A to B again, catalog for catalog; otherwise nothing is written.
 * `squashStatus` says, for the configured database, whether the replaced files can be deleted.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import nodePath from "node:path";
import { compareSnapshots } from "../autogenerate/compare/index.js";
import { describeOperation } from "../autogenerate/describe.js";
import { produceMigration } from "../autogenerate/produce.js";
import { renderMigration } from "../autogenerate/render/migration.js";
import { notRenamedResolver } from "../autogenerate/renames.js";
import type { ResolvedConfig } from "../config/load-config.js";
import type { AutogenerateSupport } from "../dialects/dialect.js";
import { redactUrl, throwawayDatabaseFor } from "../engines/connect.js";
import { RetortError, RevisionGraphError } from "../errors.js";
import { collectAncestors } from "../revisions/graph.js";
import { parseRevisionHeader } from "../revisions/header-parser.js";
import { planUpgrade } from "../revisions/plan.js";
import type { MigrationStep, RevisionHeader } from "../revisions/revision.js";
import { newRevisionId, revisionFileName } from "../revisions/script-directory.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import { type RevisionFileContent, renderRevisionFile } from "../revisions/template.js";
import { auditLogTableOf, type ConnectedDatabase, readVersionRows, versionTableOf, withDatabase } from "../runtime/database.js";
import { recordUpgrade } from "../runtime/record-operations.js";
import { loadRevisionModule } from "../runtime/revision-module.js";
import { runSteps } from "../runtime/run-steps.js";
import { onlineSink } from "../runtime/sql-sink.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { snapshotFilter } from "./autogenerate.js";
import { runPostWriteHooks } from "./post-write-hooks.js";
import { type CommandHooks, loadProjectRevisions, logOf, type ProjectRevisions, revisionsForRows } from "./script.js";

/** Options of {@link squash}. */
export interface SquashOptions extends CommandHooks {
  readonly message: string;
  readonly revId?: string | undefined;
  /** A PostgreSQL server on which to replay, in a database of its own (as `retort test --url`); default: embedded. */
  readonly url?: string | undefined;
  /** For tests and reproducible output. */
  readonly now?: Date | undefined;
}

/** SQL a replaced revision ran by itself (`op.execute`, `op.bulkInsert`), carried into the squashed revision. */
export interface CarriedStatement {
  readonly revision: string;
  readonly sql: string;
}

/** What `retort squash` wrote. */
export interface SquashResult {
  readonly revision: string;
  readonly path: string;
  /** The revisions it replaces, oldest first. */
  readonly replaces: readonly string[];
  /** How many operations its upgrade runs (besides carried statements). */
  readonly operations: number;
  /** Statements of the replaced revisions that the catalog does not show, run at the end of its upgrade. */
  readonly carried: readonly CarriedStatement[];
}

/**
 * `retort squash START:END -m MSG`: writes the squashed revision of START..END (see the module comment) and
 * returns it. Refused in production (it creates a database to replay into).
 */
export async function squash(config: ResolvedConfig, range: string, options: SquashOptions): Promise<SquashResult> {
  if (config.environment === "production") {
    throw new RetortError("squash_refused", "retort squash is refused in production.", {
      hint: "It replays the revisions into a database of its own: run it in development, and commit the file it writes.",
    });
  }
  const log = logOf(options);
  const script = await loadProjectRevisions(config);
  const chain = squashedChain(script, range);
  const start = script.graph.get(chain[0] as string).header;
  const end = chain[chain.length - 1] as string;
  const revision = options.revId ?? newRevisionId();
  if (!/^[A-Za-z0-9_]{1,32}$/.test(revision) || script.files.some((file) => file.revision === revision)) {
    throw new RevisionGraphError(
      "invalid_target",
      `Revision id '${revision}' is not valid here: ids are 1–32 letters, digits or '_', and new.`,
      {
        hint: "Pick another --rev-id.",
      },
    );
  }

  const database = await throwawayDatabaseFor(options.url, config.url, config.rootDirectory);
  const testConfig: ResolvedConfig = { ...config, url: database.url, environment: "test" };
  const scratch = await mkdtemp(nodePath.join(os.tmpdir(), "retort-squash-"));
  let built: { text: string; operations: number; carried: CarriedStatement[] };
  try {
    built = await withDatabase(testConfig, { log }, async (db) => {
      const support = await db.dialect.autogenerate();
      const replay = replayer(testConfig, script, db, log);
      const snapshot = async () => support.rules.normalize(await support.introspect(db.session, snapshotFilter(config)));
      let rows: string[] = [];
      for (const parent of start.downRevisions) rows = await replay(rows, planUpgrade(script.graph, rows, parseTarget(parent)));
      const before = await snapshot();
      rows = await replay(rows, planUpgrade(script.graph, rows, parseTarget(end)));
      const after = await snapshot();

      const plan = await produceMigration(before, after, { rules: support.rules, resolver: notRenamedResolver });
      if (plan.manual.length > 0) {
        throw new RetortError("squash_refused", `The schema ${chain[0]}..${end} builds holds changes Retort cannot write as operations.`, {
          hint: `${plan.manual.map((change) => `${change.subject}: ${change.message}`).join("; ")}. Squash a range that leaves them out.`,
          details: { manual: plan.manual.map((change) => change.subject) },
        });
      }
      if (start.downRevisions.length > 0) {
        // Only a database below START runs the squashed upgrade on data; there, a drop loses what it held.
        for (const loss of plan.dataLoss) {
          log(
            `WARNING: the squashed upgrade ${loss.message} (a rename in the range reads as a drop and an add); a database below ${chain[0]} with data would lose it.`,
          );
        }
      }
      const carried = await carriedStatements(db, script, chain);
      for (const statement of carried) {
        log(
          `WARNING: revision ${statement.revision} runs SQL of its own, which the squashed revision runs at the end of its upgrade, on the schema at ${end}: ${oneLine(statement.sql)}`,
        );
      }
      const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, support.rules);
      const content: RevisionFileContent = {
        revision,
        downRevisions: start.downRevisions,
        branchLabels: [],
        dependsOn: [],
        message: options.message,
        createDate: options.now ?? new Date(),
        replaces: chain,
        imports: body.imports,
        upgrade: [...body.upgrade, ...carriedLines(carried, script)],
        downgrade: body.downgrade,
      };
      const text = renderRevisionFile(content);
      const file = nodePath.join(scratch, revisionFileName(revision, options.message));
      await writeFile(file, text);
      const header = parseRevisionHeader(text, file);
      await prove(replayer(testConfig, { ...script, headers: new Map([[revision, header]]) }, db, log), snapshot, support, {
        revision,
        parents: start.downRevisions,
        end,
        before,
        after,
      });
      return { text, operations: plan.upgrade.length, carried };
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await database.dispose().catch(() => log(`WARNING: could not remove the throwaway database ${database.displayUrl}`));
  }
  const path = nodePath.join(config.versionsDirectory, revisionFileName(revision, options.message));
  await writeFile(path, built.text, { flag: "wx" });
  await runPostWriteHooks(config.postWriteHooks, path, config.rootDirectory);
  return { revision, path, replaces: chain, operations: built.operations, carried: built.carried };
}

/**
 * The revisions START..END, oldest first, checked to be a chain a squashed revision can stand for: END reached
 * from START through single parents, no branch leaving it before END, no dependencies, labels or squashes.
 */
export function squashedChain(script: ProjectRevisions, range: string): string[] {
  const parts = range.split(":");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") {
    throw new RetortError("usage", `Invalid range '${range}': give START:END, two revisions (e.g. 1975ea83b712:head).`, {
      hint: "START is the oldest revision to replace, END the newest; `retort history` lists them.",
    });
  }
  const one = (text: string): string => {
    const found = resolveRevisions(script.graph, parseTarget(text), []);
    if (found.length !== 1) {
      throw new RevisionGraphError(
        "invalid_target",
        `'${text}' names ${found.length} revisions; squash needs one at each end of the range.`,
        {
          hint: "Give a revision id (or head, when there is one head).",
        },
      );
    }
    return found[0] as string;
  };
  const first = one(parts[0] as string);
  const last = one(parts[1] as string);
  const refuse = (problem: string, hint: string) =>
    new RetortError("squash_refused", `Cannot squash ${first}..${last}: ${problem}.`, { hint, details: { start: first, end: last } });
  if (!collectAncestors(script.graph, [last], { inclusive: true }).has(first)) {
    throw refuse(`${first} is not an ancestor of ${last}`, "Give the older revision first: START:END.");
  }
  const chain: string[] = [];
  for (let id = last; ; ) {
    const node = script.graph.get(id);
    if (node.header.replaces !== undefined) {
      throw refuse(
        `${id} is a squashed revision itself`,
        "Squash a range after it, or delete its replaced files first and squash from its parent.",
      );
    }
    if (node.dependsOn.length > 0 || node.dependents.length > 0 || node.header.branchLabels.length > 0) {
      const what = node.header.branchLabels.length > 0 ? "has branch labels" : "has dependencies (dependsOn) on or from it";
      throw refuse(`${id} ${what}`, "Squash a range without dependencies or branch labels.");
    }
    if (id !== last && node.children.length > 1) {
      throw refuse(
        `${id} is a branch point (${node.children.join(", ")})`,
        "Squash a range without branches: merge the branches first, or squash each part.",
      );
    }
    chain.unshift(id);
    if (id === first) break;
    if (node.downRevisions.length !== 1) {
      throw refuse(`${id} is a merge point`, "Squash a range without merges: start it at the merge revision or after it.");
    }
    id = node.downRevisions[0] as string;
  }
  if (chain.length < 2) throw refuse("the range holds a single revision", "A squash replaces two revisions or more.");
  return chain;
}

type Replay = (rows: string[], steps: readonly MigrationStep[]) => Promise<string[]>;

/** Runs steps on the throwaway database and returns its rows after them. */
function replayer(
  config: ResolvedConfig,
  script: Pick<ProjectRevisions, "headers">,
  db: ConnectedDatabase,
  log: (line: string) => void,
): Replay {
  return async (rows, steps) => {
    await runSteps(
      {
        dialect: db.dialect,
        sink: onlineSink(db.session),
        versionTable: versionTableOf(config),
        auditLog: auditLogTableOf(config),
        headers: script.headers,
        transactionPerMigration: config.transactionPerMigration,
        log,
        query: (sql) => db.session.query(sql),
      },
      steps,
      { createVersionTable: true },
    );
    const next = new Set(rows);
    for (const step of steps) {
      for (const row of step.deleteRows) next.delete(row);
      for (const row of step.insertRows) next.add(row);
    }
    return [...next];
  };
}

/** The squashed revision's downgrade must give catalog A again, and its upgrade then catalog B. */
async function prove(
  replay: Replay,
  snapshot: () => Promise<SchemaSnapshot>,
  support: AutogenerateSupport,
  at: { revision: string; parents: readonly string[]; end: string; before: SchemaSnapshot; after: SchemaSnapshot },
): Promise<void> {
  const step = (direction: "upgrade" | "downgrade", from: readonly string[], to: readonly string[]): MigrationStep =>
    Object.freeze({ direction, revision: at.revision, lower: at.parents, upper: [at.revision], deleteRows: from, insertRows: to });
  const run = async (rows: string[], one: MigrationStep) => {
    try {
      await replay(rows, [one]);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new RetortError(
        "squash_not_equal",
        `The squashed revision was not written: its ${one.direction} failed on the throwaway database: ${reason}`,
        {
          hint: "SQL carried from the replaced revisions (op.execute, op.bulkInsert) runs on the schema at the end of the range, and again after the downgrade: make it fit, or squash a range without it.",
          cause,
        },
      );
    }
  };
  await run([at.end], step("downgrade", [at.end], at.parents));
  const down = await snapshot();
  if (JSON.stringify(down) !== JSON.stringify(at.before)) {
    throw notEqual(`its downgrade does not give the schema before ${at.end}'s range`, down, at.before, support);
  }
  await run([...at.parents], step("upgrade", at.parents, [at.revision]));
  const up = await snapshot();
  if (JSON.stringify(up) !== JSON.stringify(at.after)) {
    throw notEqual(`its upgrade does not build the schema the replaced revisions build up to ${at.end}`, up, at.after, support);
  }
}

function notEqual(problem: string, actual: SchemaSnapshot, expected: SchemaSnapshot, support: AutogenerateSupport): RetortError {
  const comparison = compareSnapshots(actual, expected, { rules: support.rules });
  const lines = [
    ...comparison.operations.map((op) => `missing: ${describeOperation(op)}`),
    ...comparison.manual.map((change) => `${change.subject}: ${change.message}`),
  ];
  return new RetortError("squash_not_equal", `The squashed revision was not written: ${problem}.`, {
    hint: `${lines.length > 0 ? lines.join("; ") : "the catalogs differ in what autogenerate does not compare"}. Squash a shorter range, or write that revision by hand.`,
    details: { differences: lines },
  });
}

/** `op.execute` and `op.bulkInsert` of the replaced revisions, compiled as `upgrade --sql` would. */
async function carriedStatements(db: ConnectedDatabase, script: ProjectRevisions, chain: readonly string[]): Promise<CarriedStatement[]> {
  const out: CarriedStatement[] = [];
  for (const id of chain) {
    const header = script.headers.get(id) as RevisionHeader;
    const recorded = await recordUpgrade(db.dialect, header, await loadRevisionModule(header), { lines: false });
    for (const { operation, statements } of recorded) {
      if (operation.kind !== "execute" && operation.kind !== "bulkInsert") continue;
      for (const sql of statements) out.push({ revision: id, sql });
    }
  }
  return out;
}

function carriedLines(carried: readonly CarriedStatement[], script: ProjectRevisions): string[] {
  const lines: string[] = [];
  let from: string | undefined;
  for (const statement of carried) {
    if (statement.revision !== from) {
      from = statement.revision;
      const message = script.headers.get(from)?.message ?? "";
      lines.push("", `// SQL of revision ${from} (${message.replace(/\s+/g, " ")}), which ran on the schema of its time: review it here.`);
    }
    lines.push(`await op.execute(${JSON.stringify(statement.sql)});`);
  }
  return lines;
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

/** Where one database stands with respect to a squashed revision's range. */
export type SquashDatabaseState = "before" | "inside" | "end" | "past";

/** What `retort squash --status` reports for one squashed revision. */
export interface SquashStatus {
  readonly revision: string;
  readonly message: string;
  readonly replaces: readonly string[];
  /** Files of the replaced revisions still in the versions directory. */
  readonly files: readonly string[];
  readonly database: { readonly url: string; readonly state: SquashDatabaseState; readonly rows: readonly string[] };
  /**
   * The replaced files can be deleted as far as this database is concerned: it is not inside the range (a
   * database at END is read as at the squashed revision once they are gone).
   */
  readonly canDelete: boolean;
}

/** `retort squash --status`: for each squashed revision, where the configured database stands. */
export async function squashStatus(config: ResolvedConfig, hooks: CommandHooks = {}): Promise<SquashStatus[]> {
  const files = await loadProjectRevisions(config);
  const squashes = files.files.filter((file) => file.replaces !== undefined);
  if (squashes.length === 0) return [];
  const rows = await withDatabase(config, { log: logOf(hooks) }, (db) => readVersionRows(db, versionTableOf(config)));
  const seen = revisionsForRows(files, rows);
  const present = new Map(files.files.map((file) => [file.revision, file.path]));
  return squashes.map((header) => {
    const replaces = header.replaces as readonly string[];
    const end = replaces[replaces.length - 1] as string;
    let state: SquashDatabaseState;
    if (rows.includes(end)) state = "end";
    else if (rows.some((row) => replaces.includes(row))) state = "inside";
    else if (
      seen.script.graph.has(header.revision) &&
      collectAncestors(seen.script.graph, seen.rows, { inclusive: true }).has(header.revision)
    ) {
      state = seen.rows.includes(header.revision) ? "end" : "past";
    } else state = "before";
    return {
      revision: header.revision,
      message: header.message,
      replaces,
      files: replaces.flatMap((id) => {
        const path = present.get(id);
        return path === undefined ? [] : [path];
      }),
      database: { url: redactUrl(config.url), state, rows },
      canDelete: state !== "inside",
    };
  });
}
