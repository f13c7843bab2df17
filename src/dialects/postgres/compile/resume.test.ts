import { describe, expect, it } from "vitest";
import type { Operation } from "../../../ops/operation.js";
import { auditLogSql } from "./audit-log.js";
import { resumeSql } from "./resume.js";

const createIndex = (concurrently: boolean, schema?: string): Operation =>
  ({
    kind: "createIndex",
    table: "big",
    schema,
    index: { name: "ix_big_a", elements: [{ kind: "column", name: "a" }] },
    concurrently,
  }) as unknown as Operation;

describe("resumeSql", () => {
  it("asks where an index built or dropped concurrently stands, in the index's schema", () => {
    expect(resumeSql.indexState(createIndex(true, "inventory"))).toBe(
      `SELECT CASE WHEN i.indexrelid IS NULL THEN 'missing' WHEN i.indisvalid AND i.indisready THEN 'valid' ELSE 'invalid' END AS state
FROM (SELECT to_regclass('"inventory"."ix_big_a"') AS oid) AS r
LEFT JOIN pg_catalog.pg_index AS i ON i.indexrelid = r.oid`,
    );
    expect(resumeSql.indexState({ kind: "dropIndex", name: "ix_old", concurrently: true } as Operation)).toContain(
      `to_regclass('"ix_old"')`,
    );
  });

  it("has no question for an operation that runs in a transaction", () => {
    expect(resumeSql.indexState(createIndex(false))).toBeUndefined();
    expect(resumeSql.indexState({ kind: "dropIndex", name: "ix_old" } as Operation)).toBeUndefined();
    expect(resumeSql.indexState({ kind: "execute", sql: "CREATE INDEX CONCURRENTLY ix ON t (a)" } as Operation)).toBeUndefined();
  });

  it("drops an invalid index without blocking writes, and refuses anything but an index build", () => {
    expect(resumeSql.dropInvalidIndex(createIndex(true))).toBe('DROP INDEX CONCURRENTLY IF EXISTS "ix_big_a"');
    expect(() => resumeSql.dropInvalidIndex({ kind: "execute", sql: "SELECT 1" } as Operation)).toThrow(/Cannot drop an invalid index/);
  });
});

describe("auditLogSql progress", () => {
  const log = { table: "retort_log", schema: "ops" };

  it("names the progress column only in a progress row, so an older log takes every other row", () => {
    const entry = { revision: "a1", operation: "upgrade", checksum: undefined, durationMs: 0, retortVersion: "0.1.0" } as const;
    expect(auditLogSql.insert(log, { ...entry, status: "applied" })).not.toContain("completed_statements");
    expect(auditLogSql.insert(log, { ...entry, status: "running", completedStatements: 3 })).toBe(
      `INSERT INTO "ops"."retort_log" (revision, operation, status, checksum, duration_ms, retort_version, failed_statement, error, completed_statements) VALUES ('a1', 'upgrade', 'running', NULL, 0, '0.1.0', NULL, NULL, 3)`,
    );
    const digest = "e".repeat(64);
    expect(auditLogSql.insert(log, { ...entry, status: "running", completedStatements: 3, completedDigest: digest })).toBe(
      `INSERT INTO "ops"."retort_log" (revision, operation, status, checksum, duration_ms, retort_version, failed_statement, error, completed_statements, completed_digest) VALUES ('a1', 'upgrade', 'running', NULL, 0, '0.1.0', NULL, NULL, 3, '${digest}')`,
    );
    expect(auditLogSql.insert(log, { ...entry, status: "failed", failedStatement: 4, completedDigest: digest })).toContain(
      `failed_statement, error, completed_digest) VALUES ('a1', 'upgrade', 'failed', NULL, 0, '0.1.0', 4, NULL, '${digest}')`,
    );
  });

  it("adds the column to an older log, clears a revision's progress, and reads it from any log", () => {
    expect(auditLogSql.addMissingColumns(log)).toBe(`DO $retort$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass('"ops"."retort_log"') AND attname = 'completed_statements' AND NOT attisdropped) THEN
    ALTER TABLE "ops"."retort_log" ADD COLUMN completed_statements INTEGER;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass('"ops"."retort_log"') AND attname = 'completed_digest' AND NOT attisdropped) THEN
    ALTER TABLE "ops"."retort_log" ADD COLUMN completed_digest CHAR(64);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass('"ops"."retort_log"') AND attname = 'backfill_progress' AND NOT attisdropped) THEN
    ALTER TABLE "ops"."retort_log" ADD COLUMN backfill_progress TEXT;
  END IF;
END
$retort$`);
    expect(auditLogSql.clearProgress(log, "a1")).toBe(`DELETE FROM "ops"."retort_log" WHERE revision = 'a1' AND status = 'running'`);
    expect(auditLogSql.latest(log)).toContain("(to_jsonb(log) ->> 'completed_statements')::integer AS completed_statements");
    expect(auditLogSql.latest(log)).toContain("to_jsonb(log) ->> 'completed_digest' AS completed_digest");
    expect(auditLogSql.latest(log)).toContain("to_jsonb(log) ->> 'backfill_progress' AS backfill_progress");
  });
});
