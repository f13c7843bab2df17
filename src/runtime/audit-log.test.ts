import { describe, expect, it } from "vitest";
import { RetortError } from "../errors.js";
import { rev } from "../../test/fixtures/revisions.js";
import { buildRevisionGraph } from "../revisions/graph.js";
import { type AuditFinding, auditFindings, reportAuditFindings } from "./audit-log.js";

const changed = (revision: string): AuditFinding => ({
  kind: "changed",
  revision,
  file: `/v/${revision}_x.ts`,
  message: `Revision ${revision} was applied on 2026-01-01, but its file /v/${revision}_x.ts has changed since.`,
});

describe("reportAuditFindings", () => {
  it("warns, one warning and hint per edited file, without --strict", () => {
    const lines: string[] = [];
    reportAuditFindings([changed("a1"), changed("b2")], { strict: false, log: (line) => lines.push(line) });
    expect(lines.filter((line) => line.startsWith("WARNING: "))).toHaveLength(2);
    expect(lines[1]).toMatch(/^ {2}Revert the edit/);
  });

  it("fails with --strict, one file per indented detail line", () => {
    let thrown: unknown;
    try {
      reportAuditFindings([changed("a1"), changed("b2")], { strict: true, log: () => undefined });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RetortError);
    const message = (thrown as RetortError).message.split("\n");
    expect(message[0]).toBe("2 applied revision files were changed after they were applied:");
    expect(message.slice(1)).toEqual([`  ${changed("a1").message}`, `  ${changed("b2").message}`]);
    expect((thrown as RetortError).details).toEqual({ revisions: ["a1", "b2"] });
  });

  it("keeps a single edited file on the FAILED line itself", () => {
    expect(() => reportAuditFindings([changed("a1")], { strict: true, log: () => undefined })).toThrow(/^Revision a1 was applied on/);
  });
});

describe("auditFindings of an interrupted backfill", () => {
  it("says where the backfill after the completed statements stands", () => {
    const header = rev("b2", null);
    const entry = {
      revision: "b2",
      operation: "upgrade",
      status: "running",
      checksum: null,
      failedStatement: null,
      error: null,
      appliedAt: "2026-12-07 10:00:00+00",
      completedStatements: 1,
      completedDigest: null,
    };
    const find = (progress?: string) =>
      auditFindings(
        buildRevisionGraph([header]),
        new Map([["b2", header]]),
        [],
        new Map([["b2", { ...entry, backfillProgress: progress }]]),
      );
    expect(find('{"key":["1500"],"rows":1500}')[0]?.message).toContain(
      "The next run resumes after statement 1, and its backfill after key (1500) (1,500 rows done), provided",
    );
    expect(find()[0]?.message).toContain("The next run resumes after statement 1, provided");
  });
});
