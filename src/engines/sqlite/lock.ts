/**
 * The migration lock of an SQLite database. SQLite's only locks are its transactions', and a run commits one
 * transaction per revision, so the lock is a file beside the database, `<file>.retort-lock`, taken by the
 * directory-lock protocol (an atomic create holding the holder's pid and host): it is released when the run ends
 * or its process dies (a dead holder's lock is taken over). An in-memory database belongs to its one connection,
 * which needs no lock.
 */
import { acquireDirectoryLockOr, type DirectoryLock, type LockHolder } from "../directory-lock.js";

export interface SqliteLock {
  /** Takes the lock if it is free: true when this session holds it now. */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** The process holding it, when another does. */
  holder(): LockHolder | undefined;
}

export function sqliteLock(file: string | undefined): SqliteLock {
  let held: DirectoryLock | undefined;
  let blocker: LockHolder | undefined;
  let heldInMemory = false;
  const onExit = (): void => held?.releaseSync();
  return {
    async tryAcquire() {
      if (file === undefined) return (heldInMemory = true);
      if (held) return true;
      const outcome = await acquireDirectoryLockOr(`${file}.retort-lock`, { what: `the SQLite database ${file}` }, async (h) => h);
      if ("lock" in outcome) {
        held = outcome.lock;
        blocker = undefined;
        process.once("exit", onExit);
        return true;
      }
      blocker = outcome.alternative;
      return false;
    },
    async release() {
      heldInMemory = false;
      const lock = held;
      held = undefined;
      if (lock) {
        process.off("exit", onExit);
        await lock.release();
      }
    },
    holder: () => (heldInMemory || held ? undefined : blocker),
  };
}
