import type { ResolvedConfig } from "../config/load-config.js";
import { RevisionGraphError } from "../errors.js";
import { appliedOfRows } from "../revisions/applied-state.js";
import { parseTarget } from "../revisions/target-syntax.js";
import { resolveRevisions } from "../revisions/targets.js";
import { auditFindings, readAuditLog } from "../runtime/audit-log.js";
import { auditLogTableOf, versionTableOf, withDatabase, withMigrationLock } from "../runtime/database.js";
import { RETORT_VERSION } from "../project/version.js";
import { type CommandHooks, loadProjectRevisions, logOf } from "./script.js";
import { readKnownVersionRows } from "./version-rows.js";

/**
 * `retort accept [REV...]`: after a deliberate edit of an applied revision, records the file's current
 * checksum in the audit log so later runs stop warning. Without revisions: every applied revision whose file
 * changed. Returns the revisions accepted.
 */
export async function accept(config: ResolvedConfig, revisions: readonly string[] = [], hooks: CommandHooks = {}): Promise<string[]> {
  const files = await loadProjectRevisions(config);
  const auditLog = auditLogTableOf(config);
  return withDatabase(config, { log: logOf(hooks) }, (db) =>
    withMigrationLock(db, versionTableOf(config), { log: logOf(hooks) }, async () => {
      const { script, rows } = await readKnownVersionRows(db, config, files);
      const applied = appliedOfRows(script.graph, rows);
      let chosen: string[];
      if (revisions.length > 0) {
        chosen = [...new Set(revisions.flatMap((rev) => resolveRevisions(script.graph, parseTarget(rev), rows)))].sort();
        const notApplied = chosen.filter((rev) => !applied.has(rev));
        if (notApplied.length > 0) {
          throw new RevisionGraphError("invalid_target", `Not applied to the database, so nothing to accept: ${notApplied.join(", ")}.`, {
            hint: "Accept only revisions the database is at or has passed (`retort current`, `retort history -i`).",
          });
        }
      } else {
        const findings = auditFindings(script.graph, script.headers, rows, await readAuditLog(db, auditLog));
        chosen = findings.filter((finding) => finding.kind === "changed").map((finding) => finding.revision);
      }
      if (chosen.length === 0) return [];
      await db.session.execute(db.dialect.transaction.begin);
      await db.session.execute(db.dialect.auditLog.create(auditLog));
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
      return chosen;
    }),
  );
}
