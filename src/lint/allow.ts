/**
 * Silencing a rule for a whole revision: it exports `lint = { allow: { "rule-id": "reason" } }`. (One statement
 * is silenced by a comment above its `op.` call: directives.ts.)
 */
import { RevisionFileError } from "../errors.js";
import { closestKey } from "../schema/options.js";
import { LINT_RULES } from "./rules/index.js";

/** The rules a revision allows, each with the reason it gives. */
export type LintAllowances = ReadonlyMap<string, string>;

const RULE_IDS = LINT_RULES.map((rule) => rule.id);

/** The hint for a rule id that names no rule: the closest one, and the list. */
export function unknownRuleHint(id: string): string {
  const closest = closestKey(id, RULE_IDS);
  return closest === undefined ? `Known rules: ${RULE_IDS.join(", ")}.` : `Did you mean '${closest}'? Known rules: ${RULE_IDS.join(", ")}.`;
}

export function isRuleId(id: string): boolean {
  return RULE_IDS.includes(id);
}

/** Reads the `lint` export of a revision file (absent: nothing allowed); throws on a malformed one. */
export function parseAllowances(exported: unknown, file: string, revision: string): LintAllowances {
  if (exported === undefined) return new Map();
  const invalid = (problem: string, hint: string) =>
    new RevisionFileError("revision_file_invalid", `${file}: the \`lint\` export ${problem}`, { hint, details: { file, revision } });
  const shape = 'Write `export const lint = { allow: { "index-not-concurrent": "why it is safe here" } };`.';
  if (exported === null || typeof exported !== "object" || Array.isArray(exported)) throw invalid("must be an object.", shape);
  const { allow, ...rest } = exported as { allow?: unknown };
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(`has an unknown key '${extra[0]}'.`, shape);
  if (allow === undefined) return new Map();
  if (allow === null || typeof allow !== "object" || Array.isArray(allow))
    throw invalid("needs `allow` to map rule ids to reasons.", shape);
  const allowances = new Map<string, string>();
  for (const [id, reason] of Object.entries(allow as Record<string, unknown>)) {
    if (!isRuleId(id)) throw invalid(`allows an unknown rule '${id}'.`, unknownRuleHint(id));
    if (typeof reason !== "string" || reason.trim() === "") {
      throw invalid(`allows '${id}' without a reason.`, `Give the reason as a string: { "${id}": "why it is safe here" }.`);
    }
    allowances.set(id, reason.trim());
  }
  return allowances;
}
