/**
 * What `retort check -v` and `retort pull` list as not managed: the catalog's counted kinds (`countUnmodelled`)
 * without those Retort's models declare, unless the config's `manage` switches them off. The kinds themselves
 * are listed in `schema/managed.ts`.
 */
import type { UnmodelledCounts, UnmodelledKind } from "../dialects/dialect.js";
import { MANAGED_KIND_NAMES, type ManagedKindName, type ManageSettings } from "../schema/managed.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";

/** The counted kinds each managed kind covers. */
const COUNTED: Readonly<Record<ManagedKindName, readonly UnmodelledKind[]>> = {
  policies: ["policy"],
  rowLevelSecurity: ["rowLevelSecurity"],
  grants: [],
  functions: ["function", "procedure"],
  triggers: ["trigger"],
  views: ["view", "materializedView"],
  sequences: ["sequence"],
  domains: ["domain"],
  extensions: ["extension"],
  exclusionConstraints: ["exclusionConstraint"],
};

/**
 * The objects of the kinds a snapshot carries (read from the catalog into it rather than counted there), counted
 * as the catalog counts the others, so that a kind `manage` switches off is still listed.
 */
export function snapshotCounts(snapshot: SchemaSnapshot): UnmodelledCounts {
  const routines = snapshot.routines ?? [];
  const views = snapshot.views ?? [];
  const counts: Partial<Record<UnmodelledKind, number>> = {
    view: views.filter((v) => !v.materialized).length,
    materializedView: views.filter((v) => v.materialized).length,
    function: routines.filter((r) => r.kind === "function").length,
    procedure: routines.filter((r) => r.kind === "procedure").length,
    trigger: (snapshot.triggers ?? []).length,
    sequence: snapshot.sequences.length,
    domain: (snapshot.domains ?? []).length,
    extension: (snapshot.extensions ?? []).length,
  };
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

/** `counts` without the kinds Retort manages (those `manage` switches off stay: nothing compares them). */
export function unmanagedCounts(counts: UnmodelledCounts, manage: ManageSettings = {}): UnmodelledCounts {
  const managed = new Set(MANAGED_KIND_NAMES.filter((name) => manage[name] !== false).flatMap((name) => COUNTED[name]));
  return Object.fromEntries(Object.entries(counts).filter(([kind]) => !managed.has(kind as UnmodelledKind)));
}
