/**
 * Functions, procedures and triggers as the `func(…)`, `procedure(…)` and `trigger(…)` definitions that the
 * `op.` calls of a rendered revision take.
 */
import type { Routine, Trigger } from "../../schema/model.js";
import { type Imports, object, sqlTemplate, str, stringArray } from "./code.js";

/** `func("name", { … })` or `procedure("name", { … })`. */
export function routineDefinition(routine: Routine, imports: Imports): string {
  const builder = routine.kind === "function" ? "func" : "procedure";
  imports.add(builder);
  return `${builder}(${str(routine.name)}, ${object([
    ["schema", routine.schema === undefined ? undefined : str(routine.schema)],
    ["args", routine.args === "" ? undefined : str(routine.args)],
    ["returns", routine.returns === undefined ? undefined : str(routine.returns)],
    ["language", str(routine.language)],
    ["volatility", routine.volatility === undefined ? undefined : str(routine.volatility)],
    ["strict", routine.strict ? "true" : undefined],
    ["security", routine.securityDefiner ? str("definer") : undefined],
    ["body", sqlTemplate(routine.body, imports)],
  ])})`;
}

/** Consts of a models module a trigger can name instead of the names of its table and function. */
export interface TriggerReferences {
  readonly table?: string | undefined;
  readonly function?: string | undefined;
}

/** `trigger("name", { … })`, naming its table and function by name, or by the consts in `refs`. */
export function triggerDefinition(trigger: Trigger, imports: Imports, refs: TriggerReferences = {}): string {
  imports.add("trigger");
  const fn = trigger.function;
  return `trigger(${str(trigger.name)}, ${object([
    ["table", refs.table ?? str(trigger.table)],
    ["schema", trigger.schema === undefined || refs.table !== undefined ? undefined : str(trigger.schema)],
    ["timing", str(trigger.timing)],
    ["events", stringArray(trigger.events)],
    ["updateOf", trigger.updateOf === undefined ? undefined : stringArray(trigger.updateOf)],
    ["forEach", str(trigger.forEach)],
    ["when", trigger.when === undefined ? undefined : sqlTemplate(trigger.when, imports)],
    ["function", refs.function ?? str(fn.schema === undefined ? fn.name : `${fn.schema}.${fn.name}`)],
    ["arguments", trigger.arguments === undefined ? undefined : stringArray(trigger.arguments)],
  ])})`;
}
