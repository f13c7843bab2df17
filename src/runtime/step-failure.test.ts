import { describe, expect, it } from "vitest";
import { header, step } from "../../test/helpers/runtime-steps.js";
import { ConnectionError, StorageError } from "../errors.js";
import { stepFailure } from "./step-failure.js";

const a1 = header("a1");

describe("the hint of a failed revision", () => {
  it("says to fix the revision file when the database refused a statement", () => {
    const error = stepFailure(step("a1", []), a1, new Error('relation "movies" already exists'), { statement: "CREATE TABLE movies ()" });
    expect(error.message).toBe(
      'Upgrade of revision a1 (/v/a1.ts) failed: relation "movies" already exists\n  while running: CREATE TABLE movies ()',
    );
    expect(error.hint).toBe(
      "The revision was rolled back; the database is as it was before it. Fix the revision file and run the command again.",
    );
  });

  it("says the connection was lost, not to fix the file, and does not claim a rollback it cannot know of", () => {
    const lost = new ConnectionError(
      "database_unreachable",
      "The embedded PostgreSQL of /app/.retort/dev (pid 7) went away: Connection terminated",
    );
    const error = stepFailure(step("a1", []), a1, lost, {});
    expect(error.message).toContain("failed: The embedded PostgreSQL of /app/.retort/dev (pid 7) went away");
    expect(error.hint).toBe(
      "The connection to the database was lost while this revision ran. The revision's transaction either committed whole or not at all; `retort current` shows which. Once the database is reachable again, run the command again: it goes on from where the database is.",
    );
    expect(error.cause).toBe(lost);
  });

  it("keeps what a storage fault says to do", () => {
    const full = new StorageError("The disk holding /app/.retort/dev is full: could not extend file", { hint: "Free space on the disk." });
    const error = stepFailure(step("a1", []), a1, full, {});
    expect(error.hint).toBe("The revision was rolled back; the database is as it was before it. Free space on the disk.");
  });
});
