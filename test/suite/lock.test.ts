/**
 * The migration lock on every target whose dialect has session locks and whose engine allows a second
 * session: while one session holds it, another waits for it, or gives up after its timeout.
 */
import { expect, test } from "vitest";
import { LockTimeoutError } from "../../src/errors.js";
import { type ConnectedDatabase, migrationLockName, withMigrationLock } from "../../src/runtime/database.js";
import { useSuiteDatabase } from "./harness.js";
import { withTargets } from "./targets.js";

const LOCK = { table: "retort_version" };

/** A promise and the function that settles it. */
function gate(): { readonly opened: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

withTargets("the migration lock", ["sessionLocks", "concurrentSessions"], (target) => {
  const suite = useSuiteDatabase(target);

  /** Two more sessions on the case's database, closed after `work`. */
  async function twoSessions(work: (first: ConnectedDatabase, second: ConnectedDatabase) => Promise<void>): Promise<void> {
    const first = await suite.provisioned.openAnother();
    const second = await suite.provisioned.openAnother().catch(async (error: unknown) => {
      await first.session.close();
      throw error;
    });
    try {
      await work(first, second);
    } finally {
      await second.session.close();
      await first.session.close();
    }
  }

  test("a second session with a timeout gives up while the first holds the lock", async () => {
    await twoSessions(async (first, second) => {
      const release = gate();
      const acquired = gate();
      const holding = withMigrationLock(first, LOCK, {}, async () => {
        acquired.open();
        await release.opened;
      });
      await acquired.opened;
      const started = Date.now();
      const attempt = withMigrationLock(second, LOCK, { timeoutSeconds: 1 }, async () => "ran");
      await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(attempt).rejects.toMatchObject({ code: "lock_timeout" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      // Another version table's lock is free meanwhile.
      expect(await withMigrationLock(second, { table: "retort_version_other" }, { timeoutSeconds: 1 }, async () => "ran")).toBe("ran");
      release.open();
      await holding;
      expect(await withMigrationLock(second, LOCK, { timeoutSeconds: 1 }, async () => "ran")).toBe("ran");
    });
  });

  test("a second session without a timeout waits, and runs once the first releases", async () => {
    await twoSessions(async (first, second) => {
      const events: string[] = [];
      const release = gate();
      const acquired = gate();
      const holding = withMigrationLock(first, LOCK, {}, async () => {
        events.push("first runs");
        acquired.open();
        await release.opened;
        events.push("first done");
      });
      await acquired.opened;
      const waiting = withMigrationLock(second, LOCK, {}, async () => void events.push("second runs"));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(events).toEqual(["first runs"]);
      release.open();
      await Promise.all([holding, waiting]);
      expect(events).toEqual(["first runs", "first done", "second runs"]);
    });
  });

  test("belongs to the session: closing it frees the lock", async () => {
    await twoSessions(async (first, second) => {
      const other = await suite.provisioned.openAnother();
      await other.session.query(other.dialect.lock.acquire, [await migrationLockName(other, LOCK)]);
      await expect(withMigrationLock(first, LOCK, { timeoutSeconds: 1 }, async () => "ran")).rejects.toBeInstanceOf(LockTimeoutError);
      await other.session.close();
      expect(await withMigrationLock(second, LOCK, { timeoutSeconds: 5 }, async () => "ran")).toBe("ran");
    });
  });
});
