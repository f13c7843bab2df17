/**
 * `op` methods for functions, procedures and triggers. They take the same `func()`, `procedure()` and `trigger()`
 * definitions the models export, so a revision states what it creates as the models do.
 */
import { SchemaError } from "../errors.js";
import type { Routine, Trigger } from "../schema/model.js";
import { isRoutine } from "../schema/routine.js";
import { isTrigger } from "../schema/trigger.js";
import { checkMethodOptions, type Emit, optionKeys, requireName, type SchemaOption } from "./emit.js";
import { dropOf } from "./routine-reverse.js";
import { argumentsWithoutDefaults } from "./routine-signature.js";

/** Options of `op.replaceFunction`. */
export interface ReplaceFunctionOptions {
  /** The definition replaced, which the downgrade puts back. */
  readonly existing?: Routine;
}

/** Options of `op.dropFunction` when it is given a name rather than a definition. */
export interface DropFunctionOptions extends SchemaOption {
  /** The argument types (`"integer, text"`), which tell overloads apart; none when absent. */
  readonly args?: string;
  /** `DROP PROCEDURE` rather than `DROP FUNCTION`. */
  readonly procedure?: boolean;
}

/** Options of `op.dropTrigger` when it is given a name rather than a definition. */
export interface DropTriggerOptions extends SchemaOption {
  readonly table: string;
}

const REPLACE_FUNCTION = optionKeys<ReplaceFunctionOptions>({ existing: true });
const DROP_FUNCTION = optionKeys<DropFunctionOptions>({ schema: true, args: true, procedure: true });
const DROP_TRIGGER = optionKeys<DropTriggerOptions>({ schema: true, table: true });

function requireRoutine(method: string, value: unknown): Routine {
  if (!isRoutine(value)) {
    throw new SchemaError(`op.${method}: expected a func() or procedure() definition, got ${JSON.stringify(value)}`, {
      hint: 'Build it with func("name", { returns, language, body }) or procedure(…) from "retort/schema".',
    });
  }
  return value;
}

function requireTrigger(method: string, value: unknown): Trigger {
  if (!isTrigger(value)) {
    throw new SchemaError(`op.${method}: expected a trigger() definition, got ${JSON.stringify(value)}`, {
      hint: 'Build it with trigger("name", { table, timing, events, function }) from "retort/schema".',
    });
  }
  return value;
}

/** The function, procedure and trigger methods of `op`, emitting through `emit`. */
export function routineOperations(emit: Emit) {
  return {
    /** `CREATE FUNCTION` or `CREATE PROCEDURE` of a `func()` / `procedure()` definition. */
    async createFunction(definition: Routine): Promise<void> {
      await emit({ kind: "createFunction", function: requireRoutine("createFunction", definition) });
    },

    /**
     * `CREATE OR REPLACE FUNCTION` (or `PROCEDURE`): a new body or attributes for a routine with the same argument
     * types and return type. Pass `existing` (the previous definition) to make it reversible.
     */
    async replaceFunction(definition: Routine, options: ReplaceFunctionOptions = {}): Promise<void> {
      const routine = requireRoutine("replaceFunction", definition);
      checkMethodOptions("replaceFunction", routine.name, options, REPLACE_FUNCTION);
      const existing = options.existing === undefined ? undefined : requireRoutine("replaceFunction (existing)", options.existing);
      if (
        existing !== undefined &&
        (existing.name !== routine.name || existing.schema !== routine.schema || existing.kind !== routine.kind)
      ) {
        throw new SchemaError(`op.replaceFunction("${routine.name}"): existing must define the same ${routine.kind}`, {
          details: { function: routine.name },
        });
      }
      await emit({ kind: "replaceFunction", function: routine, existing });
    },

    /**
     * `DROP FUNCTION` (or `PROCEDURE`). Given the `func()` definition it is reversible; given a name, pass `args`
     * (the argument types) to pick one of several overloads.
     */
    async dropFunction(target: Routine | string, options: DropFunctionOptions = {}): Promise<void> {
      if (typeof target !== "string") {
        checkMethodOptions("dropFunction", "definition", options, []);
        await emit(dropOf(requireRoutine("dropFunction", target)));
        return;
      }
      requireName(target, "dropFunction: the function name");
      checkMethodOptions("dropFunction", target, options, DROP_FUNCTION);
      await emit({
        kind: "dropFunction",
        name: target,
        schema: options.schema,
        args: argumentsWithoutDefaults(options.args ?? ""),
        procedure: options.procedure || undefined,
      });
    },

    /** `CREATE TRIGGER` of a `trigger()` definition. */
    async createTrigger(definition: Trigger): Promise<void> {
      await emit({ kind: "createTrigger", trigger: requireTrigger("createTrigger", definition) });
    },

    /** `DROP TRIGGER … ON table`. Given the `trigger()` definition it is reversible. */
    async dropTrigger(target: Trigger | string, options?: DropTriggerOptions): Promise<void> {
      if (typeof target !== "string") {
        const existing = requireTrigger("dropTrigger", target);
        checkMethodOptions("dropTrigger", existing.name, options, []);
        await emit({ kind: "dropTrigger", name: existing.name, table: existing.table, schema: existing.schema, existing });
        return;
      }
      requireName(target, "dropTrigger: the trigger name");
      checkMethodOptions("dropTrigger", target, options, DROP_TRIGGER);
      requireName(options?.table, "dropTrigger: the table", ` (trigger "${target}")`);
      await emit({ kind: "dropTrigger", name: target, table: options!.table, schema: options!.schema });
    },
  };
}

/** The function, procedure and trigger methods of `op`. */
export type RoutineOperations = ReturnType<typeof routineOperations>;
