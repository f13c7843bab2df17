import type { ResolvedConfig } from "../config/load-config.js";
import { iterateHistory } from "../revisions/plan.js";
import { parseRange, parseTarget } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import type { RevisionHeader } from "../revisions/revision.js";
import { type AuditFinding, auditFindings, readAuditLog } from "../runtime/audit-log.js";
import { auditLogTableOf, withDatabase } from "../runtime/database.js";
import { type CommandHooks, type DatabaseRevisions, loadProjectRevisions, logOf, type ProjectRevisions } from "./script.js";
import { readKnownVersionRows } from "./version-rows.js";

/** A revision with what the graph and the database say about it: what `history`, `heads`, `show` print. */
export interface RevisionView {
  readonly header: RevisionHeader;
  /** Children through `downRevision`. */
  readonly children: readonly string[];
  /** No child through `downRevision` (Alembic's `is_head`). */
  readonly isHead: boolean;
  /** No child and no dependent at all; a head that others only depend on is an "effective head". */
  readonly isRealHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** In the database's version table (only known to commands that read it). */
  readonly isCurrent: boolean;
}

function view(script: ProjectRevisions, revision: string, current: ReadonlySet<string>): RevisionView {
  const node = script.graph.get(revision);
  const children = [...node.children].sort();
  return {
    header: node.header,
    children,
    isHead: children.length === 0,
    isRealHead: children.length === 0 && node.dependents.length === 0,
    isBranchPoint: children.length > 1,
    isMergePoint: node.header.downRevisions.length > 1,
    isCurrent: current.has(revision),
  };
}

export interface HistoryOptions extends CommandHooks {
  /** `-r START:END`, open ends allowed. */
  readonly range?: string;
  /** `-i`: read the database to mark `(current)`. */
  readonly indicateCurrent?: boolean;
}

/** `retort history`: the graph, newest first. */
export async function history(config: ResolvedConfig, options: HistoryOptions = {}): Promise<RevisionView[]> {
  const range = options.range === undefined ? undefined : parseRange(options.range);
  const files = await loadProjectRevisions(config);
  const needsDatabase = options.indicateCurrent || range?.start?.kind === "current" || range?.end?.kind === "current";
  const seen = needsDatabase ? await readCurrent(config, files, options) : { script: files, rows: [] };
  const script = seen.script;
  const current = [...seen.rows];
  const currentSet = new Set(current);
  return iterateHistory(script.graph, range, current).map((rev) => view(script, rev, currentSet));
}

/** `retort heads`: the revisions nothing builds upon. */
export async function heads(config: ResolvedConfig): Promise<RevisionView[]> {
  const script = await loadProjectRevisions(config);
  return script.graph.heads.map((rev) => view(script, rev, new Set()));
}

/** A branch point and the revisions it branches into. */
export interface BranchPoint {
  readonly revision: RevisionView;
  readonly branches: readonly RevisionView[];
}

/** `retort branches`: the branch points, newest first, each with the revisions it branches into. */
export async function branches(config: ResolvedConfig): Promise<BranchPoint[]> {
  const script = await loadProjectRevisions(config);
  const none = new Set<string>();
  return script.graph.newestFirst
    .filter((rev) => script.graph.isBranchPoint(rev))
    .map((rev) => {
      const revision = view(script, rev, none);
      return { revision, branches: revision.children.map((child) => view(script, child, none)) };
    });
}

/** `retort show REV`: one revision (or several, for `heads`). */
export async function show(config: ResolvedConfig, target: string): Promise<RevisionView[]> {
  const parsed = parseTarget(target);
  const script = await loadProjectRevisions(config);
  return resolveRevisions(script.graph, parsed, []).map((rev) => view(script, rev, new Set()));
}

/** What `retort current` reports: the database's revisions, and what the audit log says about them. */
export interface CurrentResult {
  /** The version table's revisions (empty at base). */
  readonly revisions: RevisionView[];
  /** Applied revisions edited since, and non-transactional revisions that stopped part-way. */
  readonly findings: AuditFinding[];
}

/** `retort current`: the revisions the database is at, and the audit log's warnings. */
export async function current(config: ResolvedConfig, options: CommandHooks = {}): Promise<CurrentResult> {
  const files = await loadProjectRevisions(config);
  const { seen, log } = await withDatabase(config, { log: logOf(options) }, async (db) => ({
    seen: await readKnownVersionRows(db, config, files),
    log: await readAuditLog(db, auditLogTableOf(config)),
  }));
  const { script, rows } = seen;
  const set = new Set(rows);
  return {
    revisions: rows.map((rev) => view(script, rev, set)),
    findings: auditFindings(script.graph, script.headers, rows, log),
  };
}

async function readCurrent(config: ResolvedConfig, script: ProjectRevisions, hooks: CommandHooks): Promise<DatabaseRevisions> {
  return withDatabase(config, { log: logOf(hooks) }, (db) => readKnownVersionRows(db, config, script));
}
