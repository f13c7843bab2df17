/**
 * The migration locks of an SQLite database, one per version table. SQLite's only locks are its transactions', and
 * a run commits one transaction per revision, so a lock is a file beside the database,
 * `<file>.<version table>.retort-lock`, taken by the
 * directory-lock protocol (an atomic create holding the holder's pid and host): it is released when the run ends
 * or its process dies (a dead holder's lock is taken over). An in-memory database belongs to its one connection,
 * which needs no lock.
 */
import { acquireDirectoryLockOr, type DirectoryLock, type LockHolder } from "../directory-lock.js";

export interface SqliteLocks {
  /** Takes the lock `name` if it is free: true when this session holds it now. */
  tryAcquire(name: string): Promise<boolean>;
  release(name: string): Promise<void>;
  releaseAll(): Promise<void>;
  /** The process holding `name`, when another does. */
  holder(name: string): LockHolder | undefined;
}

/** The lock file of lock `name` (`retort:main.retort_version`): named after its version table. */
export function lockFile(file: string, name: string): string {
  const table = name.slice(name.lastIndexOf(".") + 1).replace(/[^A-Za-z0-9_-]/g, "_");
  return `${file}.${table}.retort-lock`;
}

export function sqliteLocks(file: string | undefined): SqliteLocks {
  const locks = new Map<string, SqliteLock>();
  const of = (name: string): SqliteLock => {
    let lock = locks.get(name);
    if (lock === undefined) locks.set(name, (lock = sqliteLock(file === undefined ? undefined : lockFile(file, name))));
    return lock;
  };
  return {
    tryAcquire: (name) => of(name).tryAcquire(),
    release: (name) => of(name).release(),
    async releaseAll() {
      for (const lock of locks.values()) await lock.release();
    },
    holder: (name) => of(name).holder(),
  };
}

interface SqliteLock {
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  holder(): LockHolder | undefined;
}

function sqliteLock(path: string | undefined): SqliteLock {
  let held: DirectoryLock | undefined;
  let blocker: LockHolder | undefined;
  let heldInMemory = false;
  const onExit = (): void => held?.releaseSync();
  return {
    async tryAcquire() {
      if (path === undefined) return (heldInMemory = true);
      if (held) return true;
      const outcome = await acquireDirectoryLockOr(path, { what: `the migration lock ${path}` }, async (h) => h);
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
