/** Every lint rule, in the order findings of one statement are listed. */
import type { LintRule } from "../rule.js";
import { concurrentlyInTransaction, concurrentlyMixed } from "./concurrently.js";
import { dataLoss } from "./data-loss.js";
import { dropColumn, dropTable, renameColumn, renameTable } from "./expand-contract.js";
import { indexNotConcurrent } from "./index-not-concurrent.js";
import { keyWithoutUsingIndex } from "./key-using-index.js";
import { missingLockTimeout } from "./lock-timeout.js";
import { checkWithoutNotValid, foreignKeyWithoutNotValid } from "./not-valid.js";
import { executeNotAnalysed } from "./not-analysed.js";
import { setNotNullWithoutCheck } from "./set-not-null.js";
import { typeChangeRewrite, typeChangeUnverified } from "./type-change.js";
import { addColumnVolatileDefault } from "./volatile-default.js";

export const LINT_RULES: readonly LintRule[] = Object.freeze([
  indexNotConcurrent,
  foreignKeyWithoutNotValid,
  checkWithoutNotValid,
  setNotNullWithoutCheck,
  typeChangeRewrite,
  typeChangeUnverified,
  addColumnVolatileDefault,
  keyWithoutUsingIndex,
  concurrentlyInTransaction,
  concurrentlyMixed,
  renameColumn,
  renameTable,
  dropColumn,
  dropTable,
  dataLoss,
  missingLockTimeout,
  executeNotAnalysed,
]);

/**
 * The rules that apply to a project: without the lock-timeout rule when the runtime limits every statement's
 * wait for a table lock itself (`ddlLockTimeout` above 0).
 */
export function activeRules(options: { readonly runtimeLockTimeout: boolean }): readonly LintRule[] {
  return options.runtimeLockTimeout ? LINT_RULES.filter((rule) => rule !== missingLockTimeout) : LINT_RULES;
}
