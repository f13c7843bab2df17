import { describe, expect, it } from "vitest";
import { dialectWith } from "../../test/helpers/runtime-steps.js";
import type { DatabaseSession } from "../dialects/session.js";
import { UnsupportedOperationError } from "../errors.js";
import { type ConnectedDatabase, withMigrationLock } from "./database.js";

describe("withMigrationLock", () => {
  it("refuses, before touching the database, a dialect without locks held by the connection", async () => {
    const untouched = () => Promise.reject(new Error("the session must not be used"));
    const session: DatabaseSession = { query: untouched, execute: untouched, queryMany: untouched, close: untouched };
    const db: ConnectedDatabase = {
      session,
      created: false,
      displayUrl: "test://db",
      dialect: dialectWith({ sessionLocks: false }),
    };
    let worked = false;
    const locked = withMigrationLock(db, { table: "retort_version" }, {}, async () => {
      worked = true;
    });
    await expect(locked).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(locked).rejects.toMatchObject({ code: "unsupported_operation", message: expect.stringMatching(/test dialect/) });
    expect(worked).toBe(false);
  });
});
