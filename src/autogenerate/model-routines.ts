/**
 * The functions, procedures and triggers the models export, gathered into a snapshot's `routines` and
 * `triggers`: one definition per name (and argument list), each trigger on a table the models declare.
 */
import { RetortError } from "../errors.js";
import { argumentsWithoutDefaults } from "../ops/routine-signature.js";
import type { Routine, Table, Trigger } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { byCodeUnit, displayName, objectKey } from "./names.js";

const routineKey = (r: Routine) => `${objectKey(r.schema, r.name)}(${argumentsWithoutDefaults(r.args)})`;
const triggerKey = (t: Trigger) => `${objectKey(t.schema, t.table)}.${t.name}`;

function modelsError(message: string, hint: string): RetortError {
  return new RetortError("models_invalid", message, { hint });
}

/** Collects exported routines and triggers; `snapshot` checks them against the tables and sorts them. */
export function modelRoutines() {
  const routines = new Map<string, { routine: Routine; where: string }>();
  const triggers = new Map<string, { trigger: Trigger; where: string }>();
  return {
    add(value: Routine | Trigger, where: string): void {
      if (value.kind === "trigger") {
        const seen = triggers.get(triggerKey(value));
        if (seen !== undefined && seen.trigger !== value) {
          throw modelsError(
            `Two different triggers are named ${value.name} on ${displayName(value.schema, value.table)}: ${seen.where} and ${where}.`,
            "Rename one of them, or export the same trigger() once.",
          );
        }
        triggers.set(triggerKey(value), { trigger: value, where });
        return;
      }
      const seen = routines.get(routineKey(value));
      if (seen !== undefined && seen.routine !== value) {
        throw modelsError(
          `Two different ${value.kind}s are named ${displayName(value.schema, value.name)}(${value.args}): ${seen.where} and ${where}.`,
          `Rename one of them, or export the same ${value.kind === "function" ? "func" : "procedure"}() once.`,
        );
      }
      routines.set(routineKey(value), { routine: value, where });
    },
    snapshot(tables: readonly Table[]): Pick<SchemaSnapshot, "routines" | "triggers"> {
      const known = new Set(tables.map((t) => objectKey(t.schema, t.name)));
      for (const { trigger, where } of triggers.values()) {
        if (!known.has(objectKey(trigger.schema, trigger.table))) {
          throw modelsError(
            `The trigger ${trigger.name} (${where}) is on the table ${displayName(trigger.schema, trigger.table)}, which no models module exports.`,
            "Export the table from the models, or fix the trigger's table.",
          );
        }
      }
      const sorted = <T>(entries: Map<string, T>): T[] => [...entries].sort(([a], [b]) => byCodeUnit(a, b)).map(([, v]) => v);
      return {
        ...(routines.size === 0 ? {} : { routines: sorted(routines).map((entry) => entry.routine) }),
        ...(triggers.size === 0 ? {} : { triggers: sorted(triggers).map((entry) => entry.trigger) }),
      };
    },
  };
}
