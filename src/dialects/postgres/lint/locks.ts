/**
 * PostgreSQL's table lock modes (the "Explicit Locking" chapter of its manual) and what each keeps other sessions
 * from doing. A lock that waits for a conflicting one also makes every later conflicting request wait behind it,
 * so a DDL statement queued behind a long query blocks the table for as long as that query runs.
 */
import type { TableLock, TableRef } from "../../lint-support.js";

const MODES = {
  accessExclusive: { mode: "ACCESS EXCLUSIVE", blocksReads: true, blocksWrites: true },
  exclusive: { mode: "EXCLUSIVE", blocksReads: false, blocksWrites: true },
  shareRowExclusive: { mode: "SHARE ROW EXCLUSIVE", blocksReads: false, blocksWrites: true },
  share: { mode: "SHARE", blocksReads: false, blocksWrites: true },
  shareUpdateExclusive: { mode: "SHARE UPDATE EXCLUSIVE", blocksReads: false, blocksWrites: false },
  rowExclusive: { mode: "ROW EXCLUSIVE", blocksReads: false, blocksWrites: false },
} as const;

export type LockMode = keyof typeof MODES;

/** The lock `mode` on `table`. */
export function lockOn(table: TableRef, mode: LockMode): TableLock {
  return Object.freeze({ ...MODES[mode], table });
}
