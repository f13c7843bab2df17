import { readFile } from "node:fs/promises";
import type { ResolvedConfig } from "../config/load-config.js";
import { dialectFor } from "../engines/connect.js";
import { RevisionGraphError, UnsupportedOperationError } from "../errors.js";
import { parseAllowances } from "../lint/allow.js";
import { parseDisableComments } from "../lint/directives.js";
import { countFindings, type LintFinding, lintRevisions, type RevisionToLint } from "../lint/lint.js";
import type { Severity } from "../lint/rule.js";
import { activeRules } from "../lint/rules/index.js";
import type { RevisionGraph } from "../revisions/graph.js";
import { iterateHistory } from "../revisions/history.js";
import type { RevisionHeader } from "../revisions/revision.js";
import { parseRange, parseTarget, type Target } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import { recordUpgrade } from "../runtime/record-operations.js";
import { loadRevisionModule } from "../runtime/revision-module.js";
import { type CommandHooks, loadProjectRevisions, type ProjectRevisions } from "./script.js";

export type { LintFinding } from "../lint/lint.js";
export type { Severity as LintSeverity } from "../lint/rule.js";

export interface LintOptions extends CommandHooks {
  /** `REV` (one revision, or several for `heads`) or a range `START:END` as `history -r` takes it; default: all. */
  readonly revisions?: string | undefined;
}

/** One linted revision and what the lint found in it. */
export interface LintedRevision {
  readonly header: RevisionHeader;
  readonly transactional: boolean;
  readonly findings: readonly LintFinding[];
}

/** What `retort lint` reports: the revisions in upgrade order, and the counts of findings that are not allowed. */
export interface LintResult {
  readonly revisions: readonly LintedRevision[];
  readonly counts: Readonly<Record<Severity | "allowed", number>>;
}

function refuseCurrent(target: Target | undefined, text: string): void {
  if (target?.kind === "current" || (target?.kind === "relative" && target.from.kind === "current")) {
    throw new RevisionGraphError("invalid_target", `retort lint reads no database, so '${text}' cannot name the current revision.`, {
      hint: "Name revisions by id, label or head, e.g. `retort lint 1975ea83b712:head`.",
      details: { target: text },
    });
  }
}

/** The revisions `selection` names (every revision when absent). */
function selectRevisions(graph: RevisionGraph, selection: string | undefined): Set<string> {
  if (selection === undefined) return new Set(iterateHistory(graph, undefined, []));
  if (selection.includes(":")) {
    const range = parseRange(selection);
    refuseCurrent(range.start, selection);
    refuseCurrent(range.end, selection);
    return new Set(iterateHistory(graph, range, []));
  }
  const target = parseTarget(selection);
  refuseCurrent(target, selection);
  return new Set(resolveRevisions(graph, target, []));
}

/**
 * `retort lint [REV|RANGE]`: runs each revision's `upgrade()` without a database (as `--sql` does) and judges
 * its statements by the locks they take on existing tables. Revisions before the selection are read too, for
 * what they establish (a check validated earlier makes a later SET NOT NULL safe), but report nothing. The
 * lock-timeout rule applies only when the config's `ddlLockTimeout` is 0 (the runtime sets none).
 */
export async function lint(config: ResolvedConfig, options: LintOptions = {}): Promise<LintResult> {
  const script = await loadProjectRevisions(config);
  return lintSelected(config, script, selectRevisions(script.graph, options.revisions));
}

/**
 * The lint of the revisions in `selected` (those an upgrade is about to apply, say); the revisions before them
 * are read for what they establish and report nothing.
 */
export async function lintSelected(config: ResolvedConfig, script: ProjectRevisions, selected: ReadonlySet<string>): Promise<LintResult> {
  const dialect = dialectFor(config.url, config.rootDirectory);
  if (dialect.lint === undefined) {
    throw new UnsupportedOperationError(`retort lint does not know the statements and locks of ${dialect.name} yet.`, {
      hint: "Lint against a PostgreSQL URL (--url; the revisions are the same and no database is read). upgrade runs without the lint on this dialect.",
    });
  }
  const order = iterateHistory(script.graph, undefined, []).reverse();
  const last = order.reduce((end, revision, index) => (selected.has(revision) ? index : end), -1);
  const support = await dialect.lint();
  type Described = { input: RevisionToLint; header: RevisionHeader; withLines: boolean };
  // The lines of the file that made each statement cost a stack trace per operation: they are read only for a
  // revision with `retort-lint-disable` comments, and again for one that turns out to have findings.
  const describe = async (revision: string, wantLines: boolean): Promise<Described | undefined> => {
    const header = script.headers.get(revision);
    if (header === undefined) return undefined;
    const module = await loadRevisionModule(header);
    const report = selected.has(revision);
    const allow = report ? parseAllowances(module.lint, header.path, revision) : new Map<string, string>();
    const text = report ? await readFile(header.path, "utf8") : "";
    const disables = report ? parseDisableComments(text, header.path, revision) : [];
    const withLines = wantLines || disables.length > 0;
    const recorded = await recordUpgrade(dialect, header, module, { lines: withLines });
    const described = recorded.map(({ operation, statements, lines }) => ({ actions: support.describe(operation, statements), lines }));
    const actions = described.flatMap((d) => d.actions);
    const lines = described.flatMap((d) => d.actions.map(() => d.lines));
    return { input: { revision, actions, lines, disables, transactional: module.transactional, allow, report }, header, withLines };
  };
  const upToLast = order.slice(0, last + 1);
  const described = new Map<string, Described>();
  for (const revision of upToLast.filter((r) => selected.has(r))) {
    const entry = await describe(revision, false);
    if (entry) described.set(revision, entry);
  }
  // The earlier revisions only matter for what they establish (a CHECK (c IS NOT NULL) validated before a
  // SET NOT NULL); they are read only when a selected revision sets a column NOT NULL, so linting the one new
  // revision of a long history reads that one file.
  const needsHistory = [...described.values()].some(({ input }) => input.actions.some((action) => action.subject.kind === "setNotNull"));
  if (needsHistory) {
    for (const revision of upToLast.filter((r) => !selected.has(r))) {
      const entry = await describe(revision, false);
      if (entry) described.set(revision, entry);
    }
  }
  const rules = activeRules({ runtimeLockTimeout: config.ddlLockTimeout > 0 });
  // lintRevisions gives one result per reported revision, in order.
  const run = () => {
    const present = upToLast.flatMap((revision) => described.get(revision) ?? []);
    return {
      reported: present.filter((entry) => entry.input.report),
      results: lintRevisions(
        present.map((entry) => entry.input),
        rules,
      ),
    };
  };
  let { reported, results } = run();
  const needLines = reported.filter((entry, i) => !entry.withLines && (results[i]?.findings.length ?? 0) > 0);
  if (needLines.length > 0) {
    for (const entry of needLines) {
      const again = await describe(entry.input.revision, true);
      if (again) described.set(entry.input.revision, again);
    }
    ({ reported, results } = run());
  }
  const revisions = reported.map((entry, i) =>
    Object.freeze({ header: entry.header, transactional: entry.input.transactional, findings: results[i]?.findings ?? [] }),
  );
  return Object.freeze({ revisions, counts: countFindings(results) });
}
