/**
 * `--json`: the documents the commands print on stdout instead of text (shapes in README, "Machine-readable
 * output"). Field names are camelCase and stable; an absent value is `null`, never a missing field.
 */
import type { CommanderError } from "commander";
import type { BranchPoint, CurrentResult, RevisionView } from "../commands/inspect.js";
import type { MigrateResult } from "../commands/migrate.js";
import type { MigrationStep } from "../revisions/revision.js";
import type { AuditFinding } from "../runtime/audit-log.js";
import { DdlLockTimeoutError, RetortError } from "../errors.js";
import type { LockBlocker } from "../runtime/lock-wait.js";

export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** One document, indented, ending in a line break. */
export function jsonText(document: Json): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Whether `--json` is anywhere in argv: a usage mistake commander rejects before parsing options is a document too. */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes("--json");
}

export function revisionJson(view: RevisionView): Json {
  const { header } = view;
  return {
    revision: header.revision,
    downRevisions: [...header.downRevisions],
    branchLabels: [...header.branchLabels],
    dependsOn: [...header.dependsOn],
    message: header.message,
    path: header.path === "" ? null : header.path,
    createDate: header.createDate ?? null,
    children: [...view.children],
    isHead: view.isHead,
    isRealHead: view.isRealHead,
    isBranchPoint: view.isBranchPoint,
    isMergePoint: view.isMergePoint,
    isCurrent: view.isCurrent,
  };
}

export function branchPointJson(point: BranchPoint): Json {
  return { revision: revisionJson(point.revision), branches: point.branches.map(revisionJson) };
}

function findingJson(finding: AuditFinding): Json {
  return { kind: finding.kind, revision: finding.revision, file: finding.file, message: finding.message };
}

export function currentJson(result: CurrentResult): Json {
  return { revisions: result.revisions.map(revisionJson), findings: result.findings.map(findingJson) };
}

function stepJson(step: MigrationStep, extra: { message: string | null; durationMs: number | null }): Json {
  return {
    direction: step.direction,
    revision: step.revision,
    from: [...(step.direction === "upgrade" ? step.lower : step.upper)],
    to: [...(step.direction === "upgrade" ? step.upper : step.lower)],
    message: extra.message,
    durationMs: extra.durationMs === null ? null : Math.round(extra.durationMs * 1000) / 1000,
  };
}

/** `upgrade`, `downgrade`, `stamp`: the steps applied with their durations, or with `--sql` the steps and the script. */
export function migrateJson(command: "upgrade" | "downgrade" | "stamp", target: string, result: MigrateResult): Json {
  const steps =
    result.applied !== undefined
      ? result.applied.map((applied) => stepJson(applied.step, { message: applied.message, durationMs: applied.durationMs }))
      : result.steps.map((step) => stepJson(step, { message: null, durationMs: null }));
  return { command, target, stamp: command === "stamp", steps, sql: result.sql ?? null };
}

/** The error document: `{ "error": { code, message, hint } }`; a non-Retort error has code `unexpected`. */
export function errorJson(error: unknown): Json {
  if (error instanceof DdlLockTimeoutError) {
    // What the statement waited for, and behind whom, for a deploy script to act on.
    const { tables, blockers, attempts } = error.details as { tables?: string; blockers?: readonly LockBlocker[]; attempts?: number };
    return {
      error: {
        code: error.code,
        message: error.message,
        hint: error.hint ?? null,
        attempts: attempts ?? 1,
        tables: tables ?? null,
        blockers: (blockers ?? []).map((b) => ({ ...b })),
      },
    };
  }
  if (error instanceof RetortError) return { error: { code: error.code, message: error.message, hint: error.hint ?? null } };
  const message = error instanceof Error ? error.message : String(error);
  return { error: { code: "unexpected", message, hint: "This is unexpected; run again with --debug for the stack trace and report it." } };
}

/** A usage mistake commander found (unknown command or option, missing argument). */
export function usageErrorJson(error: CommanderError): Json {
  const [first = "", ...rest] = error.message.replace(/^error: /, "").split("\n");
  // Commander's `(Did you mean upgrade?)` line is the hint.
  const suggestion = rest
    .join(" ")
    .trim()
    .replace(/^\((.*)\)$/, "$1");
  const hint = suggestion || "Run `retort --help` for the commands, `retort COMMAND --help` for a command's options.";
  return { error: { code: "usage", message: first, hint } };
}
