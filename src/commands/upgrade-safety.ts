/**
 * `upgrade` guarded by `retort lint`: before the migration lock is taken, the revisions the run will apply are
 * linted as the config's `safety` says. `strict` refuses the run on an error finding that is not silenced,
 * `standard` reports the findings and runs, `off` skips the lint (the lint and its parser are never loaded).
 */
import type { Safety } from "../config/define-config.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { dialectFor } from "../engines/connect.js";
import { UnsafeMigrationError } from "../errors.js";
import type { LintResult } from "./lint.js";
import type { ProjectRevisions } from "./script.js";

/** What the lint of an upgrade found, for the caller to show (the CLI prints it on stderr). */
export interface UpgradeLintReport {
  readonly result: LintResult;
  readonly safety: Exclude<Safety, "off">;
  /** The run is refused: `strict`, an error finding not silenced, and no `force`. */
  readonly refused: boolean;
  /** `force` let the run go on despite error findings that `strict` refuses. */
  readonly forced: boolean;
}

export interface UpgradeSafetyOptions {
  /** Run despite error findings (`upgrade --force`). */
  readonly force?: boolean | undefined;
  /** Called when the lint has findings that are not silenced, before the run goes on or is refused. */
  readonly onLint?: ((report: UpgradeLintReport) => void) | undefined;
}

/**
 * Lints `revisions` (the ones the upgrade is about to apply) and throws {@link UnsafeMigrationError} when the
 * config's safety refuses them. Does nothing with `safety: "off"`, when there is nothing to apply, or for a dialect
 * the lint does not know.
 */
export async function checkUpgradeSafety(
  config: ResolvedConfig,
  script: ProjectRevisions,
  revisions: readonly string[],
  options: UpgradeSafetyOptions = {},
): Promise<void> {
  const safety = config.safety;
  if (safety === "off" || revisions.length === 0) return;
  // A dialect whose statements and locks the lint does not know (SQLite, MySQL) runs without the gate.
  if (dialectFor(config.url, config.rootDirectory).lint === undefined) return;
  // Loaded here, so that `safety: "off"` never loads the lint nor PostgreSQL's parser.
  const { lintSelected } = await import("./lint.js");
  const result = await lintSelected(config, script, new Set(revisions));
  const { error, warning, info } = result.counts;
  const blocking = safety === "strict" && error > 0;
  const refused = blocking && options.force !== true;
  if (error + warning + info > 0) options.onLint?.(Object.freeze({ result, safety, refused, forced: blocking && !refused }));
  if (!refused) return;
  const failing = result.revisions.filter(({ findings }) => findings.some((f) => f.severity === "error" && f.allowed === undefined));
  const named = failing
    .map(({ header, findings }) => {
      const rules = [...new Set(findings.filter((f) => f.severity === "error" && f.allowed === undefined).map((f) => f.rule))].sort();
      return `${header.revision} (${rules.join(", ")})`;
    })
    .join(", ");
  throw new UnsafeMigrationError(
    `Upgrade refused: retort lint found ${error} error${error === 1 ? "" : "s"} in the revisions to apply: ${named}. Nothing was applied.`,
    {
      hint: 'Use the safe form each finding gives; or, for a statement you have judged safe, silence it with a reason (`// retort-lint-disable-next-line RULE: reason` above the op call, or `export const lint = { allow: { RULE: "reason" } }`); or run `retort upgrade --force`.',
      details: { revisions: failing.map(({ header }) => header.revision), counts: result.counts },
    },
  );
}
