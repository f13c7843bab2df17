import type { ResolvedConfig } from "../config/load-config.js";
import { RevisionGraphError } from "../errors.js";
import { appliedOfRows } from "../revisions/applied-state.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import { auditFindings, type LatestAuditEntry, readAuditLog } from "../runtime/audit-log.js";
import { auditLogTableOf, versionTableOf, withDatabase, withMigrationLock } from "../runtime/database.js";
import { RETORT_VERSION } from "../project/version.js";
import { type CommandHooks, loadProjectRevisions, logOf } from "./script.js";
import { readKnownVersionRows } from "./version-rows.js";

/**
 * `retort accept [REV...]`: after a deliberate edit of an applied revision, records the file's current
 * checksum in the audit log so later runs stop warning. Without revisions: every applied revision whose file
 * changed. A revision named here that failed part-way on a database whose DDL commits as it runs (MySQL) is
 * accepted as repaired: the next run resumes it at the statement that failed. Returns the revisions accepted.
 */
export async function accept(config: ResolvedConfig, revisions: readonly string[] = [], hooks: CommandHooks = {}): Promise<string[]> {
  const files = await loadProjectRevisions(config);
  const auditLog = auditLogTableOf(config);
  return withDatabase(config, { log: logOf(hooks) }, (db) =>
    withMigrationLock(db, versionTableOf(config), { log: logOf(hooks) }, async () => {
      const { script, rows } = await readKnownVersionRows(db, config, files);
      const applied = appliedOfRows(script.graph, rows);
      let chosen: string[];
      const log = await readAuditLog(db, auditLog);
      let repaired: LatestAuditEntry[] = [];
      if (revisions.length > 0) {
        chosen = [...new Set(revisions.flatMap((rev) => resolveRevisions(script.graph, parseTarget(rev), rows)))].sort();
        // A revision that failed part-way where DDL commits as it runs: accepting it says the database was repaired.
        repaired = chosen
          .map((rev) => log.get(rev))
          .filter((entry): entry is LatestAuditEntry => entry !== undefined && failedPartWay(entry));
        chosen = chosen.filter((rev) => !repaired.some((entry) => entry.revision === rev));
        const notApplied = chosen.filter((rev) => !applied.has(rev));
        if (notApplied.length > 0) {
          throw new RevisionGraphError("invalid_target", `Not applied to the database, so nothing to accept: ${notApplied.join(", ")}.`, {
            hint: "Accept only revisions the database is at or has passed (`retort current`, `retort history -i`).",
          });
        }
      } else {
        const findings = auditFindings(script.graph, script.headers, rows, log);
        chosen = findings.filter((finding) => finding.kind === "changed").map((finding) => finding.revision);
      }
      if (chosen.length === 0 && repaired.length === 0) return [];
      await db.session.execute(db.dialect.transaction.begin);
      await db.session.execute(db.dialect.auditLog.create(auditLog));
      for (const entry of repaired) {
        // Recorded as the progress of a run cut off after the statements that completed: the next run resumes there.
        await db.session.execute(
          db.dialect.auditLog.insert(auditLog, {
            revision: entry.revision,
            operation: entry.operation as "upgrade" | "downgrade",
            status: "running",
            checksum: entry.checksum?.trim() || undefined,
            durationMs: 0,
            retortVersion: RETORT_VERSION,
            completedStatements: (entry.failedStatement ?? 1) - 1,
            completedDigest: entry.completedDigest?.trim() || undefined,
            backfillProgress: entry.backfillProgress ?? undefined,
          }),
        );
      }
      for (const revision of chosen) {
        const checksum = script.headers.get(revision)?.checksum;
        await db.session.execute(
          db.dialect.auditLog.insert(auditLog, {
            revision,
            operation: "accept",
            status: "applied",
            checksum,
            durationMs: 0,
            retortVersion: RETORT_VERSION,
          }),
        );
      }
      await db.session.execute(db.dialect.transaction.commit);
      return [...chosen, ...repaired.map((entry) => entry.revision)].sort();
    }),
  );
}

/** A revision whose latest entry is an upgrade or downgrade that failed after some of its statements. */
function failedPartWay(entry: LatestAuditEntry): boolean {
  return (
    (entry.operation === "upgrade" || entry.operation === "downgrade") && entry.status === "failed" && (entry.failedStatement ?? 0) > 0
  );
}
