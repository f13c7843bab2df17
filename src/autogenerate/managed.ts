/**
 * What `retort check -v` and `retort pull` list as not managed: the catalog's counted kinds (`countUnmodelled`)
 * without those Retort's models declare, unless the config's `manage` switches them off. The kinds themselves
 * are listed in `schema/managed.ts`.
 */
import type { UnmodelledCounts, UnmodelledKind } from "../dialects/dialect.js";
import { MANAGED_KIND_NAMES, type ManagedKindName, type ManageSettings } from "../schema/managed.js";

/** The counted kinds each managed kind covers. */
const COUNTED: Readonly<Record<ManagedKindName, readonly UnmodelledKind[]>> = {
  policies: ["policy"],
  rowLevelSecurity: ["rowLevelSecurity"],
  grants: [],
};

/** `counts` without the kinds Retort manages (those `manage` switches off stay: nothing compares them). */
export function unmanagedCounts(counts: UnmodelledCounts, manage: ManageSettings = {}): UnmodelledCounts {
  const managed = new Set(MANAGED_KIND_NAMES.filter((name) => manage[name] !== false).flatMap((name) => COUNTED[name]));
  return Object.fromEntries(Object.entries(counts).filter(([kind]) => !managed.has(kind as UnmodelledKind)));
}
