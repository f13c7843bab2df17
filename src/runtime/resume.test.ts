import { describe, expect, it } from "vitest";
import { MigrationError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { LatestAuditEntry } from "./audit-log.js";
import { rev } from "../../test/fixtures/revisions.js";
import { buildRevisionGraph } from "../revisions/graph.js";
import {
  assertNothingStranded,
  parseBackfillProgress,
  type ResumePoint,
  resumeAction,
  resumeMessage,
  resumePointFor,
  resumePoints,
} from "./resume.js";

const entry = (revision: string, fields: Partial<LatestAuditEntry>): LatestAuditEntry => ({
  revision,
  operation: "upgrade",
  status: "applied",
  checksum: "c".repeat(64),
  failedStatement: null,
  error: null,
  appliedAt: "2026-12-07 10:00:00+00",
  completedStatements: null,
  completedDigest: null,
  ...fields,
});

const log = (...entries: LatestAuditEntry[]) => new Map(entries.map((e) => [e.revision, e]));

const point: ResumePoint = {
  revision: "a1",
  direction: "upgrade",
  completed: 3,
  checksum: "c".repeat(64),
  digest: null,
  recordedAt: "2026-12-07 10:00:00+00",
  cause: "interrupted",
};

const header = (checksum: string | undefined) => ({ revision: "a1", path: "/v/a1_x.ts", checksum });

describe("resumePoints", () => {
  it("reads the progress of an unfinished run and the failure after completed statements", () => {
    const points = resumePoints(
      log(
        entry("a1", { status: "running", completedStatements: 3 }),
        entry("b2", { status: "failed", failedStatement: 4, operation: "downgrade" }),
        entry("c3", { status: "applied" }),
        entry("d4", { status: "failed", failedStatement: 1 }),
        entry("e5", { status: "running", completedStatements: 2, operation: "stamp" }),
      ),
    );
    expect([...points.keys()]).toEqual(["a1", "b2"]);
    expect(points.get("a1")).toEqual({ ...point, cause: "interrupted" });
    expect(points.get("b2")).toMatchObject({ direction: "downgrade", completed: 3, cause: "failed" });
  });

  it("finds nothing once the revision completed, whatever progress came before", () => {
    expect(resumePoints(log(entry("a1", { status: "applied", completedStatements: 3 })))).toEqual(new Map());
  });
});

describe("resumePointFor", () => {
  const up = { revision: "a1", direction: "upgrade" as const };

  it("resumes the same revision in the same direction with the same file", () => {
    expect(resumePointFor(up, header("c".repeat(64)), point)).toBe(point);
  });

  it("ignores a point of the other direction, another revision, or none", () => {
    expect(resumePointFor({ ...up, direction: "downgrade" }, header("c".repeat(64)), point)).toBeUndefined();
    expect(resumePointFor({ ...up, revision: "b2" }, { ...header("c".repeat(64)), revision: "b2" }, point)).toBeUndefined();
    expect(resumePointFor(up, header("c".repeat(64)), undefined)).toBeUndefined();
  });

  it("refuses to resume an edited file, with what to do", () => {
    let thrown: unknown;
    try {
      resumePointFor(up, header("d".repeat(64)), point);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MigrationError);
    const error = thrown as MigrationError;
    expect(error.code).toBe("resume_refused");
    expect(error.message).toContain("Revision a1 (/v/a1_x.ts)");
    expect(error.message).toContain("stopped after statement 3");
    expect(error.hint).toContain("Keep the first 3 statement(s) as they were");
    expect(error.hint).toContain("retort stamp a1");
  });

  it("resumes an edited file that still builds the completed statements, and refuses one that does not", () => {
    const recorded = { ...point, digest: "e".repeat(64) };
    expect(resumePointFor(up, header("d".repeat(64)), recorded, "e".repeat(64))).toEqual({ ...recorded, fileChanged: true });
    expect(resumeMessage({ ...recorded, fileChanged: true }, 5)).toBe(
      "Resuming a1 after statement 3 of 5, recorded by an interrupted run at 2026-12-07 10:00:00+00; the file changed since, after the statements that had completed",
    );
    expect(() => resumePointFor(up, header("d".repeat(64)), recorded, "f".repeat(64))).toThrow(
      /changed since in the statements that had completed/,
    );
    expect(() => resumePointFor(up, header("d".repeat(64)), recorded)).toThrow(MigrationError);
    // An unchanged file resumes whatever digest is given.
    expect(resumePointFor(up, header("c".repeat(64)), recorded, "f".repeat(64))).toBe(recorded);
  });

  it("says a revision whose statements had all completed is only recorded", () => {
    expect(resumeMessage({ ...point, completed: 5 }, 5)).toBe(
      "Finishing a1: all 5 of its statements had completed, recorded by an interrupted run at 2026-12-07 10:00:00+00; recording it as applied",
    );
  });

  it("reads the recorded digest of the completed statements", () => {
    const points = resumePoints(log(entry("a1", { status: "running", completedStatements: 3, completedDigest: `${"e".repeat(64)}` })));
    expect(points.get("a1")?.digest).toBe("e".repeat(64));
  });
});

describe("resumeMessage", () => {
  it("says where the run resumes and what recorded it", () => {
    expect(resumeMessage(point, 5)).toBe("Resuming a1 after statement 3 of 5, recorded by an interrupted run at 2026-12-07 10:00:00+00");
    expect(resumeMessage({ ...point, cause: "failed" }, 5)).toContain("recorded by a failed run at");
  });
});

describe("resumeAction", () => {
  const create = { kind: "createIndex", table: "t", index: { name: "ix", elements: [] }, concurrently: true } as unknown as Operation;
  const drop = { kind: "dropIndex", name: "ix", concurrently: true } as Operation;
  const other = { kind: "execute", sql: "SELECT 1" } as Operation;

  it("builds a missing index, rebuilds an invalid one, and counts a valid one done", () => {
    expect(resumeAction(create, "missing")).toBe("run");
    expect(resumeAction(create, "invalid")).toBe("rebuild");
    expect(resumeAction(create, "valid")).toBe("skip");
  });

  it("counts a drop done once the index is gone, and drops an invalid or valid one", () => {
    expect(resumeAction(drop, "missing")).toBe("skip");
    expect(resumeAction(drop, "invalid")).toBe("run");
    expect(resumeAction(drop, "valid")).toBe("run");
  });

  it("runs every other statement again", () => {
    expect(resumeAction(other, undefined)).toBe("run");
  });
});

describe("assertNothingStranded", () => {
  // r0 <- r1 <- r2 (part-way), and a branch b1 off r0.
  const graph = () => buildRevisionGraph([rev("r0", null), rev("r1", "r0"), rev("r2", "r1"), rev("b1", "r0")]);
  const partway = (revision: string, direction: "upgrade" | "downgrade" = "upgrade"): Map<string, ResumePoint> =>
    new Map([[revision, { ...point, revision, direction, completed: 2 }]]);
  const down = (revision: string) => ({ revision, direction: "downgrade" as const });

  it("refuses a downgrade under a part-way upgrade, naming both and how to finish it", () => {
    let thrown: unknown;
    try {
      assertNothingStranded(graph(), [down("r1")], partway("r2"));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MigrationError);
    const error = thrown as MigrationError;
    expect(error.code).toBe("partial_revision_in_the_way");
    expect(error.message).toBe(
      "This downgrade reverts r1, under revision r2 (statements 1-2 applied), which an earlier run left part-way outside a transaction; its applied statements would stay, and what the downgrade drops under them would go missing when it resumes.",
    );
    expect(error.hint).toBe(
      "Finish it first with `retort upgrade r2` (it resumes after statement 2), then downgrade: its own downgrade reverts it.",
    );
    expect(error.details).toEqual({ revisions: ["r2"], reverted: ["r1"] });
    expect(() => assertNothingStranded(graph(), [down("r1"), down("r0")], partway("r2"))).toThrow(MigrationError);
  });

  it("lets through upgrades, other branches, part-way downgrades and no progress at all", () => {
    expect(() => assertNothingStranded(graph(), [{ revision: "r1", direction: "upgrade" }], partway("r2"))).not.toThrow();
    expect(() => assertNothingStranded(graph(), [down("b1")], partway("r2"))).not.toThrow();
    expect(() => assertNothingStranded(graph(), [down("r1")], partway("r2", "downgrade"))).not.toThrow();
    expect(() => assertNothingStranded(graph(), [down("r2")], partway("r1"))).not.toThrow();
    expect(() => assertNothingStranded(graph(), [down("r1")], new Map())).not.toThrow();
    expect(() => assertNothingStranded(graph(), [down("r1")], undefined)).not.toThrow();
  });
});

describe("backfill progress in resume points", () => {
  it("reads well-formed progress and ignores anything else", () => {
    expect(parseBackfillProgress('{"key":["12"],"rows":12}')).toEqual({ key: ["12"], rows: 12 });
    expect(parseBackfillProgress('{"key":[12],"rows":12}')).toBeUndefined();
    expect(parseBackfillProgress("not json")).toBeUndefined();
    expect(parseBackfillProgress(null)).toBeUndefined();
  });

  it("resumes a backfill that is the revision's first statement, and carries its progress", () => {
    const entry = {
      revision: "b2",
      operation: "upgrade",
      status: "running",
      checksum: "c",
      failedStatement: null,
      error: null,
      appliedAt: "t",
      completedStatements: 0,
      completedDigest: "d",
    };
    expect(resumePoints(new Map([["b2", entry]])).size).toBe(0);
    const points = resumePoints(new Map([["b2", { ...entry, backfillProgress: '{"key":["500"],"rows":500}' }]]));
    expect(points.get("b2")).toMatchObject({ completed: 0, backfill: { key: ["500"], rows: 500 }, cause: "interrupted" });
    const failed = resumePoints(
      new Map([["b2", { ...entry, status: "failed", failedStatement: 2, backfillProgress: '{"key":["9"],"rows":9}' }]]),
    );
    expect(failed.get("b2")).toMatchObject({ completed: 1, backfill: { key: ["9"], rows: 9 }, cause: "failed" });
  });
});
