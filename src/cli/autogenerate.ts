/**
 * The command-line side of `revision --autogenerate` and `check`: rename decisions from flags or a
 * prompt on a terminal, the summaries printed on stderr, and their exit codes. Loaded only when these
 * commands run.
 */
import { createInterface } from "node:readline/promises";
import { displayName } from "../autogenerate/names.js";
import { describeOperation } from "../autogenerate/describe.js";
import { describeDependency } from "../pull/dependencies.js";
import { describeUnmodelled } from "../pull/header.js";
import type { UnmodelledCounts } from "../dialects/dialect.js";
import {
  failingResolver,
  hintResolver,
  RenameDecisionError,
  renameLabel,
  type RenameDecision,
  type RenameQuestion,
  type RenameResolver,
} from "../autogenerate/renames.js";
import type { MigrationPlan } from "../autogenerate/produce.js";
import { autogenerateRevision, check, type OfflineOutcome } from "../commands/autogenerate.js";
import type { ResolvedConfig } from "../config/load-config.js";
import { interactive } from "./confirm.js";
import { errorJson, type Json, jsonText } from "./json.js";
import { type CliStreams, EXIT, reportError } from "./output.js";

/** The flags of `revision` that concern autogenerate. */
export interface AutogenerateFlags {
  readonly message: string;
  readonly head?: string;
  readonly splice?: boolean;
  readonly branchLabel?: string;
  readonly dependsOn?: string[];
  readonly revId?: string;
  readonly rename?: string[];
  readonly notRenamed?: string[];
  /** `--offline`: compare with the revisions replayed into Retort's own embedded PostgreSQL. */
  readonly offline?: boolean;
}

/** What the handlers need from the program: where to print, and whether to show stack traces. */
export interface CliContext {
  readonly streams: CliStreams;
  readonly debug: boolean;
  /** `--json`: one document on stdout instead of the path or the list. */
  readonly json?: boolean;
}

/** What a comparison found: the operations autogenerate writes, changes left to a person, data loss, renames. */
export function planJson(plan: MigrationPlan): { readonly [key: string]: Json } {
  return {
    operations: plan.upgrade.map((op) => ({ kind: op.kind, description: describeOperation(op) })),
    manual: plan.manual.map((change) => ({ subject: change.subject, message: change.message, dataLoss: change.dataLoss })),
    dataLoss: plan.dataLoss.map((loss) => ({ operation: loss.operation?.kind ?? null, message: loss.message })),
    renames: plan.renames.map((decision) => ({
      kind: decision.kind,
      schema: decision.schema ?? null,
      table: decision.table ?? null,
      from: decision.from,
      to: decision.to,
    })),
  };
}

function candidateName(question: RenameQuestion, candidate: string): string {
  return question.kind === "table"
    ? displayName(question.schema, candidate)
    : `${displayName(question.schema, question.table ?? "")}.${candidate}`;
}

/** Asks on the terminal, one question at a time; the default answer is "not renamed". */
export const promptResolver: RenameResolver = async (questions) => {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answers: RenameDecision[] = [];
    const taken = new Set<string>();
    for (const question of questions) {
      const open = question.candidates.filter((c) => !taken.has(`${question.kind}:${candidateName(question, c)}`));
      if (open.length === 0) {
        answers.push({ ...question, to: null });
        continue;
      }
      const label = renameLabel(question);
      let to: string | null = null;
      if (open.length === 1) {
        const answer = await rl.question(
          `Was ${question.kind} ${label} renamed to ${candidateName(question, open[0]!)}? (otherwise it is dropped and the other created) [y/N] `,
        );
        to = /^y(es)?$/i.test(answer.trim()) ? open[0]! : null;
      } else {
        process.stderr.write(`${question.kind} ${label} was dropped; these were added with the same definition:\n`);
        open.forEach((c, i) => process.stderr.write(`  ${i + 1}) ${candidateName(question, c)}\n`));
        const answer = await rl.question(`Renamed to which one? (0 or empty: none, it was dropped) [0] `);
        const choice = Number(answer.trim() || "0");
        to = Number.isInteger(choice) && choice >= 1 && choice <= open.length ? open[choice - 1]! : null;
      }
      if (to !== null) taken.add(`${question.kind}:${candidateName(question, to)}`);
      answers.push({ ...question, to });
    }
    return answers;
  } finally {
    rl.close();
  }
};

/** `retort revision --autogenerate`: returns the exit code. */
export async function runAutogenerate(config: ResolvedConfig, flags: AutogenerateFlags, context: CliContext): Promise<number> {
  const out = (line: string) => context.streams.stdout.write(`${line}\n`);
  let offline: { readonly offline?: Json } = {};
  const emit = (document: Json) => context.streams.stdout.write(jsonText(document));
  const log = (line: string) => context.streams.stderr.write(`${line}\n`);
  const resolver = hintResolver(
    { rename: flags.rename ?? [], notRenamed: flags.notRenamed ?? [] },
    interactive(context.streams) ? promptResolver : failingResolver,
  );
  try {
    const result = await autogenerateRevision(config, {
      message: flags.message,
      head: flags.head,
      splice: flags.splice,
      branchLabel: flags.branchLabel,
      dependsOn: flags.dependsOn,
      revId: flags.revId,
      resolver,
      log,
      offline: flags.offline,
      onOffline: (outcome) => {
        offline = offlineJson(outcome);
        log(describeOffline(outcome));
      },
    });
    const plan = result.plan;
    for (const decision of plan.renames) {
      if (decision.to !== null) log(`Renaming ${decision.kind} ${renameLabel(decision)} to ${decision.to}`);
    }
    for (const op of plan.upgrade) log(`Detected ${describeOperation(op)}`);
    for (const change of plan.manual) log(`WARNING: ${change.subject}: ${change.message}`);
    if (result.kind === "empty") {
      log("No changes in schema detected: the database matches the models, so no revision file was written.");
      if (context.json) emit({ written: false, revision: null, path: null, ...planJson(plan), ...offline });
      return EXIT.ok;
    }
    if (plan.dataLoss.length > 0) {
      log("WARNING: this revision loses data (marked DATA LOSS in the file); review it before upgrading:");
      for (const loss of plan.dataLoss) log(`  - ${loss.message}`);
    }
    for (const file of result.files) log(`Generating ${file.path} ...  done${file.transactional ? "" : " (runs outside a transaction)"}`);
    const files = result.files.map((file) => ({ revision: file.revision, path: file.path, transactional: file.transactional }));
    if (context.json) emit({ written: true, revision: result.revision, path: result.path, files, ...planJson(plan), ...offline });
    else for (const file of result.files) out(file.path);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof RenameDecisionError) {
      reportError(error, context.streams, context.debug);
      if (context.json) {
        const questions = error.questions.map((q) => ({
          kind: q.kind,
          schema: q.schema ?? null,
          table: q.table ?? null,
          from: q.from,
          candidates: [...q.candidates],
        }));
        emit({ error: { ...(errorJson(error) as { error: { [key: string]: Json } }).error, questions } });
      }
      return EXIT.decisionsNeeded;
    }
    throw error;
  }
}

/** `"offline"` in the `--json` document: where the schema came from, and the data statements skipped. */
function offlineJson(outcome: OfflineOutcome): { readonly offline: Json } {
  return {
    offline: {
      source: outcome.source,
      replayed: outcome.replayed,
      skipped: outcome.skipped.map((failure) => ({
        revision: failure.revision,
        statement: failure.statement,
        error: failure.error instanceof Error ? failure.error.message : String(failure.error),
      })),
    },
  };
}

/** The line saying where an offline comparison found the schema at the head. */
export function describeOffline(outcome: OfflineOutcome): string {
  const skipped = outcome.skipped.length > 0 ? `; ${outcome.skipped.length} data statement(s) skipped, see the warnings above` : "";
  return outcome.source === "cache"
    ? "Offline: compared with the schema the revisions build, from the cache (no revision file changed since it was stored)"
    : `Offline: compared with the schema the revisions build, replayed into an embedded PostgreSQL (${outcome.replayed} revision(s) run)${skipped}`;
}

/** `check -v`: what the database holds that Retort does not manage, by kind and count. */
export function unmanagedLines(counts: UnmodelledCounts | undefined): string[] {
  if (counts === undefined) return ["Offline: what the database holds beside the models is not counted (run check without --offline)."];
  const kinds = describeUnmodelled(counts);
  if (kinds.length === 0) return ["Not managed by Retort: nothing (every object in the compared schemas is compared)."];
  return ["Not managed by Retort (neither compared nor reported as drift):", ...kinds.map((kind) => `  ${kind}`)];
}

/** `retort check`: exit 0 when the database matches the models, {@link EXIT.pending} with the list otherwise. */
export async function runCheck(
  config: ResolvedConfig,
  context: CliContext,
  flags: { readonly offline?: boolean; readonly verbose?: boolean } = {},
): Promise<number> {
  const log = (line: string) => context.streams.stderr.write(`${line}\n`);
  let offline: { readonly offline?: Json } = {};
  const onOffline = (outcome: OfflineOutcome) => {
    offline = offlineJson(outcome);
    log(describeOffline(outcome));
  };
  const result = await check(config, { log, offline: flags.offline, onOffline });
  const unmanaged: { readonly unmanaged?: Json } =
    result.unmanaged === undefined
      ? {}
      : { unmanaged: Object.fromEntries(Object.entries(result.unmanaged).map(([kind, n]) => [kind, n ?? 0])) };
  if (context.json) context.streams.stdout.write(jsonText({ pending: result.pending, ...planJson(result.plan), ...offline, ...unmanaged }));
  if (flags.verbose) for (const line of unmanagedLines(result.unmanaged)) log(line);
  if (result.undeclared.length > 0) {
    context.streams.stderr.write(
      `Note: ${result.undeclared.length === 1 ? "a column uses" : `${result.undeclared.length} columns use`} an object the models cannot declare; a database built from the models alone lacks it (create it first in a revision):\n`,
    );
    for (const dependency of result.undeclared) context.streams.stderr.write(`  ${describeDependency(dependency)}\n`);
  }
  if (!result.pending) {
    context.streams.stderr.write("No new upgrade operations detected.\n");
    return EXIT.ok;
  }
  context.streams.stderr.write(`New upgrade operations detected (${result.changes.length}):\n`);
  if (!context.json) for (const change of result.changes) context.streams.stdout.write(`${change}\n`);
  return EXIT.pending;
}
