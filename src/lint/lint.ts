/**
 * The lint of a run of revisions: each revision's actions analysed in order (the state carried from one to
 * the next), every rule applied, findings ordered by statement then rule, and the ones a revision allows marked.
 */
import type { LintAction, TableLock } from "../dialects/lint-support.js";
import { analyseRevision, EMPTY_STATE, type LintState } from "./analyse.js";
import type { LintAllowances } from "./allow.js";
import type { DisableComment } from "./directives.js";
import type { LintRule, Severity } from "./rule.js";
import { LINT_RULES } from "./rules/index.js";

/** One revision as the lint takes it: its actions in the order `upgrade()` produced them. */
export interface RevisionToLint {
  readonly revision: string;
  readonly actions: readonly LintAction[];
  readonly transactional: boolean;
  readonly allow: LintAllowances;
  /** For each action, the lines of the revision file that made it (innermost call first); may be empty. */
  readonly lines?: readonly (readonly number[])[];
  readonly disables?: readonly DisableComment[];
  /** Only revisions with `report` get findings; the others only set the state (checks validated earlier). */
  readonly report: boolean;
}

/** One finding: a rule that fired on a statement. */
export interface LintFinding {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly statement: string;
  /** The line of the revision file that made the statement, when known. */
  readonly line: number | undefined;
  /** The locks the statement takes on tables that existed before the revision. */
  readonly locks: readonly TableLock[];
  readonly explanation: string;
  readonly advice: string;
  /** The reason the revision gives (its `lint` export, or a comment above the statement): the finding does not count. */
  readonly allowed: string | undefined;
}

export interface RevisionFindings {
  readonly revision: string;
  readonly findings: readonly LintFinding[];
}

/** Lints revisions given in upgrade order; returns the findings of the ones to report, in the same order. */
export function lintRevisions(revisions: readonly RevisionToLint[], rules: readonly LintRule[] = LINT_RULES): RevisionFindings[] {
  let state: LintState = EMPTY_STATE;
  const results: RevisionFindings[] = [];
  for (const given of revisions) {
    const { revision, after } = analyseRevision(given.actions, given.transactional, state);
    state = after;
    if (!given.report) continue;
    const hits = rules.flatMap((rule, ruleIndex) => rule.check(revision).map((hit) => ({ rule, ruleIndex, hit })));
    hits.sort((a, b) => a.hit.action.index - b.hit.action.index || a.ruleIndex - b.ruleIndex);
    const used = new Set<string>();
    const disabledBy = (rule: string, index: number): string | undefined => {
      const lines = given.lines?.[index] ?? [];
      const comment = given.disables?.find((d) => d.rules.includes(rule) && lines.includes(d.line + 1));
      if (comment !== undefined) used.add(`${comment.line}:${rule}`);
      return comment?.reason;
    };
    const findings: LintFinding[] = hits.map(({ rule, hit }) => {
      const byComment = disabledBy(rule.id, hit.action.index);
      return Object.freeze({
        rule: rule.id,
        severity: rule.severity,
        message: hit.message,
        statement: hit.action.statement,
        line: given.lines?.[hit.action.index]?.[0],
        locks: hit.action.existingLocks,
        explanation: rule.explanation,
        advice: rule.advice,
        allowed: given.allow.get(rule.id) ?? byComment,
      });
    });
    for (const comment of given.disables ?? []) {
      for (const rule of comment.rules) {
        const active = rules.some((r) => r.id === rule);
        if (active && !used.has(`${comment.line}:${rule}`)) findings.push(unusedDisable(comment, rule));
      }
    }
    results.push(Object.freeze({ revision: given.revision, findings: Object.freeze(findings) }));
  }
  return results;
}

const UNUSED_DISABLE = "unused-lint-disable";

/** A disable comment whose rule did not fire on the line below it: stale, or above the wrong line. */
function unusedDisable(comment: DisableComment, rule: string): LintFinding {
  return Object.freeze({
    rule: UNUSED_DISABLE,
    severity: "warning",
    message: `Line ${comment.line} silences ${rule} on line ${comment.line + 1}, where it does not fire.`,
    statement: comment.text,
    line: comment.line,
    locks: [],
    explanation:
      "A disable comment silences a rule for the statement made by the op call on the line right below it. One that silences nothing is stale (the statement changed) or sits above the wrong line, and would hide a later finding there.",
    advice: "Remove the comment, or move it to the line above the op call the finding names.",
    allowed: undefined,
  });
}

/** Counts of the findings that are not allowed, by severity, and of the allowed ones. */
export function countFindings(results: readonly RevisionFindings[]): Readonly<Record<Severity | "allowed", number>> {
  const counts = { error: 0, warning: 0, info: 0, allowed: 0 };
  for (const { findings } of results) {
    for (const finding of findings) {
      if (finding.allowed !== undefined) counts.allowed++;
      else counts[finding.severity]++;
    }
  }
  return counts;
}
