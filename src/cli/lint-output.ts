/** `retort lint` for people (grouped per revision) and as `--json`. */
import path from "node:path";
import type { LintResult } from "../commands/lint.js";
import type { UpgradeLintReport } from "../commands/upgrade-safety.js";
import type { TableLock } from "../dialects/lint-support.js";
import type { Json } from "./json.js";

function tableName(lock: TableLock): string {
  return lock.table.schema === undefined ? lock.table.name : `${lock.table.schema}.${lock.table.name}`;
}

function lockText(locks: readonly TableLock[]): string {
  if (locks.length === 0) return "none on existing tables";
  return locks
    .map((lock) => {
      const blocks = lock.blocksReads ? "blocks reads and writes" : lock.blocksWrites ? "blocks writes" : "blocks other DDL only";
      return `${lock.mode} on ${tableName(lock)} (${blocks})`;
    })
    .join("; ");
}

function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The report: per revision its file and findings (rule, statement, lock, safe form), then a summary line. */
export function formatLint(result: LintResult, root: string): string {
  const lines: string[] = [];
  for (const { header, findings } of result.revisions) {
    const file = path.relative(root, header.path).split(path.sep).join("/");
    lines.push(`${header.revision}  ${file}${header.message ? `  (${header.message})` : ""}`);
    if (findings.length === 0) lines.push("  no findings");
    for (const finding of findings) {
      const allowed = finding.allowed === undefined ? "" : `  [allowed: ${finding.allowed}]`;
      const at = finding.line === undefined ? "" : `  (line ${finding.line})`;
      lines.push(`  ${finding.severity.padEnd(7)} ${finding.rule}${at}${allowed}`);
      lines.push(`    ${finding.message}`);
      lines.push(`    statement: ${oneLine(finding.statement)}`);
      lines.push(`    lock:      ${lockText(finding.locks)}`);
      lines.push(`    safe:      ${finding.advice}`);
    }
    lines.push("");
  }
  const { error, warning, info, allowed } = result.counts;
  const revisions = plural(result.revisions.length, "revision");
  const total = error + warning + info;
  const counted =
    total === 0 ? `No findings in ${revisions}` : `${plural(error, "error")}, ${plural(warning, "warning")}, ${info} info in ${revisions}`;
  lines.push(`${counted}${allowed > 0 ? `; ${allowed} allowed by the revisions` : ""}.`);
  return `${lines.join("\n")}\n`;
}

/** The `--json` document: the revisions with their findings, and the counts. */
export function lintJson(result: LintResult): Json {
  return {
    revisions: result.revisions.map(({ header, transactional, findings }) => ({
      revision: header.revision,
      message: header.message,
      path: header.path,
      transactional,
      findings: findings.map((finding) => ({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        statement: finding.statement,
        line: finding.line ?? null,
        locks: finding.locks.map((lock) => ({
          mode: lock.mode,
          table: lock.table.name,
          schema: lock.table.schema ?? null,
          blocksReads: lock.blocksReads,
          blocksWrites: lock.blocksWrites,
        })),
        explanation: finding.explanation,
        advice: finding.advice,
        allowed: finding.allowed ?? null,
      })),
    })),
    counts: { ...result.counts },
  };
}

/**
 * What `upgrade` prints on stderr when the lint of the revisions it is about to apply finds something: a line
 * saying what happens (refused, or running anyway), then the report of the findings that are not silenced.
 */
export function formatUpgradeLint(report: UpgradeLintReport, root: string): string {
  const revisions = report.result.revisions
    .map((revision) => ({ ...revision, findings: revision.findings.filter((finding) => finding.allowed === undefined) }))
    .filter((revision) => revision.findings.length > 0);
  const head = report.refused
    ? `retort lint found errors in the revisions to apply (safety: "strict"):`
    : report.forced
      ? `WARNING: retort lint found errors in the revisions to apply; running them anyway (--force):`
      : `WARNING: retort lint findings in the revisions to apply (safety: "${report.safety}"); running them:`;
  return `${head}\n${formatLint({ revisions, counts: { ...report.result.counts, allowed: 0 } }, root)}`;
}
