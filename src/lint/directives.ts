/**
 * Silencing one statement: a comment on the line above its `op.` call in the revision file,
 * `// retort-lint-disable-next-line index-not-concurrent: the table holds 40 rows`. The lint knows which line
 * made each operation (the call stack while `upgrade()` runs), so the comment also works above the call of a
 * helper of the same file: it then covers every statement the helper makes.
 */
import { RevisionFileError } from "../errors.js";
import { isRuleId, unknownRuleHint } from "./allow.js";

const DIRECTIVE = "retort-lint-disable-next-line";
const COMMENT = new RegExp(`^\\s*//\\s*${DIRECTIVE}\\b(.*)$`);

/** One disable comment: the rules it silences on the line below it, and why. */
export interface DisableComment {
  /** The 1-based line of the comment; it applies to `line + 1`. */
  readonly line: number;
  readonly rules: readonly string[];
  readonly reason: string;
  /** The comment as written, for messages. */
  readonly text: string;
}

/** Reads the disable comments of a revision file's text; throws on one without rules or a reason, or with an unknown rule. */
export function parseDisableComments(source: string, file: string, revision: string): DisableComment[] {
  const comments: DisableComment[] = [];
  source.split(/\r?\n/).forEach((text, index) => {
    const match = COMMENT.exec(text);
    if (match === null) return;
    const line = index + 1;
    const invalid = (problem: string, hint: string) =>
      new RevisionFileError("revision_file_invalid", `${file}:${line}: ${problem}`, { hint, details: { file, revision, line } });
    const body = (match[1] ?? "").trim();
    const colon = body.indexOf(":");
    const rules = (colon < 0 ? body : body.slice(0, colon)).split(/[\s,]+/).filter((rule) => rule !== "");
    const reason = colon < 0 ? "" : body.slice(colon + 1).trim();
    const shape = `Write \`// ${DIRECTIVE} index-not-concurrent: why it is safe here\` on the line above the op call.`;
    if (rules.length === 0) throw invalid(`${DIRECTIVE} names no rule.`, shape);
    for (const rule of rules) if (!isRuleId(rule)) throw invalid(`${DIRECTIVE} names an unknown rule '${rule}'.`, unknownRuleHint(rule));
    if (reason === "") throw invalid(`${DIRECTIVE} gives no reason.`, shape);
    comments.push(Object.freeze({ line, rules: Object.freeze(rules), reason, text: text.trim() }));
  });
  return comments;
}
