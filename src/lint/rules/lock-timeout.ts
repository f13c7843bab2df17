/**
 * Only for projects that turned off Retort's own limit (`ddlLockTimeout: 0`): otherwise the runtime sets
 * `lock_timeout` around every revision, and `activeRules` leaves this rule out.
 */
import { type LintRule, tableText } from "../rule.js";

export const missingLockTimeout: LintRule = {
  id: "missing-lock-timeout",
  severity: "warning",
  title: "Locking statement without a lock_timeout (when ddlLockTimeout is 0)",
  explanation:
    "A statement that needs a lock waits for every transaction holding a conflicting one, and while it waits every later query on the table queues behind it: one long-running SELECT makes a quick ALTER block the table for as long as that SELECT runs.",
  advice:
    "Give `ddlLockTimeout` in the config a number of seconds (0 turns Retort's limit off), or start the revision with `op.execute(\"SET LOCAL lock_timeout = '5s'\")` (`SET lock_timeout` in a non-transactional revision), so the statement fails fast instead of queueing the table.",
  check: (revision) => {
    const first = revision.actions.find(
      (action) => !(action.subject.kind === "setting") && action.existingLocks.some((lock) => lock.blocksReads || lock.blocksWrites),
    );
    if (first === undefined) return [];
    // SET LOCAL outside a transaction does nothing.
    const timeoutSet = revision.actions.some(
      (action) =>
        action.index < first.index &&
        action.subject.kind === "setting" &&
        action.subject.name.toLowerCase() === "lock_timeout" &&
        (revision.transactional || !action.subject.local),
    );
    if (timeoutSet) return [];
    const lock = first.existingLocks.find((l) => l.blocksReads || l.blocksWrites);
    return lock === undefined
      ? []
      : [{ action: first, message: `No lock_timeout is set before this statement takes ${lock.mode} on ${tableText(lock.table)}.` }];
  },
};
