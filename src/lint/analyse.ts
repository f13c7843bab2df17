/**
 * Context for the rules, computed in statement order: which tables a revision created (new and empty, so the
 * rules about existing tables do not apply to them), which columns have a validated `IS NOT NULL` check, and
 * which constraints a revision validates in the transaction that added them. Pure: the state is passed along.
 */
import type { LintAction, TableRef } from "../dialects/lint-support.js";
import type { AnalysedAction, RevisionActions } from "./rule.js";

/** What earlier revisions of the run established; carried from one revision to the next. */
export interface LintState {
  /** `table.column` keys with a validated `CHECK (column IS NOT NULL)`. */
  readonly checkedNotNull: ReadonlySet<string>;
  /** NOT VALID checks of `IS NOT NULL` form, by `table.constraint` key: the column they check. */
  readonly pendingNotNullChecks: ReadonlyMap<string, string>;
}

export const EMPTY_STATE: LintState = Object.freeze({ checkedNotNull: new Set<string>(), pendingNotNullChecks: new Map<string, string>() });

/** One key per table however it is spelt: an unqualified name is taken to be in `public`. */
export function tableKey(table: TableRef): string {
  return `${table.schema ?? "public"}.${table.name}`;
}

/** The table an action works on: the one its subject names, else the ones it locks. */
function tablesOf(action: LintAction): TableRef[] {
  const subject = action.subject as { readonly table?: TableRef | undefined };
  return subject.table === undefined ? action.locks.map((lock) => lock.table) : [subject.table];
}

/** Analyses one revision's actions, given the state before it; returns them and the state after it. */
export function analyseRevision(
  actions: readonly LintAction[],
  transactional: boolean,
  before: LintState,
): { readonly revision: RevisionActions; readonly after: LintState } {
  const created = new Set<string>();
  const checkedNotNull = new Set(before.checkedNotNull);
  const pending = new Map(before.pendingNotNullChecks);
  const addedNotValid = new Map<string, "foreign key" | "check">();
  const analysed: AnalysedAction[] = [];
  actions.forEach((action, index) => {
    const { subject } = action;
    const tables = tablesOf(action);
    const onNewTable = tables.length > 0 && tables.every((table) => created.has(tableKey(table)));
    const existingLocks = action.locks.filter((lock) => !created.has(tableKey(lock.table)));
    let notNullChecked = false;
    let validatesInSameTransaction: AnalysedAction["validatesInSameTransaction"];
    switch (subject.kind) {
      case "createTable":
        created.add(tableKey(subject.table));
        break;
      case "renameTable":
        if (created.has(tableKey(subject.table))) created.add(tableKey({ ...subject.table, name: subject.newName }));
        break;
      case "addCheck": {
        const key = `${tableKey(subject.table)}.${subject.constraint}`;
        if (subject.notValid) addedNotValid.set(key, "check");
        if (subject.notNullColumn === undefined) break;
        if (subject.notValid && !onNewTable) pending.set(key, subject.notNullColumn);
        else checkedNotNull.add(`${tableKey(subject.table)}.${subject.notNullColumn}`);
        break;
      }
      case "addForeignKey":
        if (subject.notValid) addedNotValid.set(`${tableKey(subject.table)}.${subject.constraint}`, "foreign key");
        break;
      case "validateConstraint": {
        const key = `${tableKey(subject.table)}.${subject.constraint}`;
        const column = pending.get(key);
        if (column !== undefined) checkedNotNull.add(`${tableKey(subject.table)}.${column}`);
        pending.delete(key);
        if (transactional) validatesInSameTransaction = addedNotValid.get(key);
        break;
      }
      case "setNotNull":
        notNullChecked = checkedNotNull.has(`${tableKey(subject.table)}.${subject.column}`);
        break;
      default:
        break;
    }
    analysed.push(Object.freeze({ ...action, index, onNewTable, existingLocks, notNullChecked, validatesInSameTransaction }));
  });
  return {
    revision: Object.freeze({ actions: Object.freeze(analysed), transactional }),
    after: Object.freeze({ checkedNotNull, pendingNotNullChecks: pending }),
  };
}
