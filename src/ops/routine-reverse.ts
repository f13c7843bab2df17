/**
 * The reverse of the function and trigger operations: a create drops, a drop creates the recorded definition,
 * a replace puts the replaced definition back.
 */
import { IrreversibleOperationError } from "../errors.js";
import type { Routine } from "../schema/model.js";
import type { CreateFunctionOp, CreateTriggerOp, DropFunctionOp, DropTriggerOp, Operation, ReplaceFunctionOp } from "./operation.js";
import { routineIdentityArgs } from "./routine-signature.js";

type RoutineOperation = CreateFunctionOp | ReplaceFunctionOp | DropFunctionOp | CreateTriggerOp | DropTriggerOp;

function qualified(name: string, schema: string | undefined): string {
  return schema === undefined ? `"${name}"` : `"${schema}"."${name}"`;
}

function irreversible(op: Operation, subject: string, why: string, hint: string): IrreversibleOperationError {
  return new IrreversibleOperationError(`Cannot reverse ${op.kind} of ${subject}: ${why}`, {
    hint,
    details: { operation: op.kind, subject },
  });
}

/** The drop of `routine` (recording it, so that the drop can be reversed in turn). */
export function dropOf(routine: Routine): DropFunctionOp {
  return {
    kind: "dropFunction",
    name: routine.name,
    schema: routine.schema,
    args: routineIdentityArgs(routine),
    procedure: routine.kind === "procedure" || undefined,
    existing: routine,
  };
}

/** The operation that undoes `op`. */
export function reverseRoutineOperation(op: RoutineOperation): Operation {
  switch (op.kind) {
    case "createFunction":
      return dropOf(op.function);
    case "replaceFunction":
      if (op.existing === undefined) {
        throw irreversible(
          op,
          `${qualified(op.function.name, op.function.schema)}(${op.function.args})`,
          "the definition it replaces is not recorded",
          "Pass existing (the previous func() definition) to op.replaceFunction, or write the downgrade by hand.",
        );
      }
      return { kind: "replaceFunction", function: op.existing, existing: op.function };
    case "dropFunction":
      if (op.existing === undefined) {
        throw irreversible(
          op,
          `${qualified(op.name, op.schema)}(${op.args})`,
          "the dropped function's definition is not recorded",
          "Pass the func() definition to op.dropFunction instead of its name, or write the downgrade by hand.",
        );
      }
      return { kind: "createFunction", function: op.existing };
    case "createTrigger":
      return { kind: "dropTrigger", name: op.trigger.name, table: op.trigger.table, schema: op.trigger.schema, existing: op.trigger };
    case "dropTrigger":
      if (op.existing === undefined) {
        throw irreversible(
          op,
          `"${op.name}" on ${qualified(op.table, op.schema)}`,
          "the dropped trigger's definition is not recorded",
          "Pass the trigger() definition to op.dropTrigger instead of its name, or write the downgrade by hand.",
        );
      }
      return { kind: "createTrigger", trigger: op.existing };
  }
}
