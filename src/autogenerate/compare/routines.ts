/**
 * Functions, procedures and triggers compared. A routine is known by schema, name and argument types (overloads
 * are different routines); its argument list, return type, language, volatility, strictness, security and body
 * are compared as the database stores them (the models' definitions are canonicalised by the database before).
 * A changed routine is replaced (`CREATE OR REPLACE`) when its argument list and return type stay, else dropped
 * and created again, together with the triggers that call it. A changed trigger is dropped and created again.
 */
import type { Operation } from "../../ops/operation.js";
import { dropOf } from "../../ops/routine-reverse.js";
import { argumentsWithoutDefaults } from "../../ops/routine-signature.js";
import type { Routine, Trigger } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { byCodeUnit, explicitSchema, objectKey } from "../names.js";
import type { Comparison } from "./result.js";

/** The key of a routine: `public.touch(integer, text)`. */
export function routineKey(routine: Routine): string {
  return `${objectKey(routine.schema, routine.name)}(${routine.identityArgs ?? argumentsWithoutDefaults(routine.args)})`;
}

/** The key of a trigger: `public.movies.movies_touch`. */
function triggerKey(trigger: Trigger): string {
  return `${objectKey(trigger.schema, trigger.table)}.${trigger.name}`;
}

/** The routine as operations carry it: without the catalog's argument types, which only serve to match it. */
function written(routine: Routine): Routine {
  const { identityArgs: _, ...rest } = routine;
  return rest;
}

function withoutSchema<T extends { readonly schema?: string }>(item: T): T {
  const explicit = explicitSchema(item.schema);
  if (explicit === item.schema) return item;
  const { schema: _, ...rest } = item;
  return (explicit === undefined ? rest : { ...rest, schema: explicit }) as T;
}

/** The routines and triggers of `snapshot` with the default schema left out, as models write them. */
export function routinesWithoutDefaultSchema(snapshot: SchemaSnapshot): Pick<SchemaSnapshot, "routines" | "triggers"> {
  return {
    ...(snapshot.routines === undefined ? {} : { routines: snapshot.routines.map(withoutSchema) }),
    ...(snapshot.triggers === undefined
      ? {}
      : { triggers: snapshot.triggers.map((t) => ({ ...withoutSchema(t), function: withoutSchema(t.function) })) }),
  };
}

const same = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).join("\u0000") === (b ?? []).join("\u0000");

/** Whether two definitions of one routine differ in anything compared. */
function routineDiffers(from: Routine, to: Routine): boolean {
  return (
    from.kind !== to.kind ||
    from.args !== to.args ||
    from.returns !== to.returns ||
    from.language !== to.language ||
    from.body !== to.body ||
    from.volatility !== to.volatility ||
    Boolean(from.strict) !== Boolean(to.strict) ||
    Boolean(from.securityDefiner) !== Boolean(to.securityDefiner)
  );
}

/** Whether `CREATE OR REPLACE` can turn `from` into `to`: same kind, argument list (names, defaults) and return type. */
function replaceable(from: Routine, to: Routine): boolean {
  return from.kind === to.kind && from.args === to.args && from.returns === to.returns;
}

function triggerDiffers(from: Trigger, to: Trigger): boolean {
  return (
    from.timing !== to.timing ||
    !same(from.events, to.events) ||
    !same([...(from.updateOf ?? [])].sort(byCodeUnit), [...(to.updateOf ?? [])].sort(byCodeUnit)) ||
    from.forEach !== to.forEach ||
    from.when !== to.when ||
    objectKey(from.function.schema, from.function.name) !== objectKey(to.function.schema, to.function.name) ||
    !same(from.arguments, to.arguments)
  );
}

function byKey<T>(items: readonly T[] | undefined, key: (item: T) => string): Map<string, T> {
  return new Map([...(items ?? [])].map((item) => [key(item), item] as const).sort(([a], [b]) => byCodeUnit(a, b)));
}

/**
 * Compares the routines and triggers of `from` (database) and `to` (models), both without the default schema.
 * Models that declare no routine (or no trigger) leave the database's alone: they may have been written with
 * `op.execute`, or come from a model source that cannot declare them (a Drizzle schema).
 */
export function compareRoutines(from: SchemaSnapshot, to: SchemaSnapshot): Comparison {
  const operations: Operation[] = [];
  if (to.routines === undefined) from = { ...from, routines: [] };
  if (to.triggers === undefined) from = { ...from, triggers: [] };
  const fromRoutines = byKey(from.routines, routineKey);
  const toRoutines = byKey(to.routines, routineKey);
  /** Routines dropped (for good or to be created again), by schema and name: their triggers go first. */
  const recreated = new Set<string>();
  for (const [key, old] of fromRoutines) {
    const wanted = toRoutines.get(key);
    if (wanted === undefined) {
      operations.push(dropOf(written(old)));
      recreated.add(objectKey(old.schema, old.name));
    } else if (routineDiffers(old, wanted)) {
      if (replaceable(old, wanted)) {
        operations.push({ kind: "replaceFunction", function: written(wanted), existing: written(old) });
      } else {
        operations.push(dropOf(written(old)), { kind: "createFunction", function: written(wanted) });
        recreated.add(objectKey(old.schema, old.name));
      }
    }
  }
  for (const [key, routine] of toRoutines) {
    if (!fromRoutines.has(key)) operations.push({ kind: "createFunction", function: written(routine) });
  }
  const fromTriggers = byKey(from.triggers, triggerKey);
  const toTriggers = byKey(to.triggers, triggerKey);
  for (const [key, old] of fromTriggers) {
    const wanted = toTriggers.get(key);
    const callsRecreated = recreated.has(objectKey(old.function.schema, old.function.name));
    if (wanted !== undefined && !callsRecreated && !triggerDiffers(old, wanted)) continue;
    operations.push({ kind: "dropTrigger", name: old.name, table: old.table, schema: old.schema, existing: old });
    if (wanted !== undefined) operations.push({ kind: "createTrigger", trigger: wanted });
  }
  for (const [key, trigger] of toTriggers) {
    if (!fromTriggers.has(key)) operations.push({ kind: "createTrigger", trigger });
  }
  return { operations, manual: [] };
}
