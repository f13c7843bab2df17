/**
 * The kinds of objects Retort manages that the config's `manage` can switch off, in one place: a kind set to
 * `false` is neither compared nor reported as drift (for databases where another tool owns it). Each entry says
 * how to leave its kind out of a snapshot; autogenerate applies that to both sides before comparing.
 *
 * A kind Retort starts to manage gets an entry here (and, in `autogenerate/managed.ts`, the catalog counts it
 * covers, which the compiler asks for).
 */
import type { Table } from "./model.js";
import type { SchemaSnapshot } from "./snapshot.js";

const tablesWithout =
  (strip: (table: Table) => Table) =>
  (snapshot: SchemaSnapshot): SchemaSnapshot => ({ ...snapshot, tables: snapshot.tables.map(strip) });

/** Every kind the `manage` config switches, by its key, with the snapshot without that kind of object. */
export const MANAGED_KINDS = {
  policies: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { policies: _, ...rest } = snapshot;
    return rest;
  },
  rowLevelSecurity: tablesWithout(({ rowLevelSecurity: _, ...table }) => table),
  grants: tablesWithout(({ grants: _, ...table }) => table),
  functions: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { routines: _, ...rest } = snapshot;
    return rest;
  },
  triggers: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { triggers: _, ...rest } = snapshot;
    return rest;
  },
  views: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { views: _, ...rest } = snapshot;
    return rest;
  },
  sequences: (snapshot: SchemaSnapshot): SchemaSnapshot => ({ ...snapshot, sequences: [] }),
  domains: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { domains: _, ...rest } = snapshot;
    return rest;
  },
  extensions: (snapshot: SchemaSnapshot): SchemaSnapshot => {
    const { extensions: _, ...rest } = snapshot;
    return rest;
  },
  exclusionConstraints: tablesWithout(({ exclusionConstraints: _, ...table }) => table),
} as const;

/** A key of the config's `manage`. */
export type ManagedKindName = keyof typeof MANAGED_KINDS;

/** The config's `manage`: a kind set to `false` is left alone (neither compared nor reported); absent means managed. */
export type ManageSettings = Readonly<Partial<Record<ManagedKindName, boolean>>>;

/** The `manage` keys, in the order {@link MANAGED_KINDS} lists them. */
export const MANAGED_KIND_NAMES: readonly ManagedKindName[] = Object.freeze(Object.keys(MANAGED_KINDS) as ManagedKindName[]);

/** `snapshot` without the kinds `manage` switches off. */
export function managedSnapshot(snapshot: SchemaSnapshot, manage: ManageSettings): SchemaSnapshot {
  return MANAGED_KIND_NAMES.filter((name) => manage[name] === false).reduce((current, name) => MANAGED_KINDS[name](current), snapshot);
}

/**
 * `manage` for these models: exclusion constraints, which some model sources cannot declare (a Drizzle schema),
 * are left alone when the models declare none and the config does not say, so that those made another way
 * (`op.execute`) are neither dropped nor reported as drift.
 */
export function manageForModels(manage: ManageSettings, models: SchemaSnapshot): ManageSettings {
  if (manage.exclusionConstraints !== undefined) return manage;
  const declared = models.tables.some((table) => (table.exclusionConstraints ?? []).length > 0);
  return declared ? manage : { ...manage, exclusionConstraints: false };
}
