/**
 * Where functions go among the other operations, which depends on the rest of the run: a function runs before
 * the tables (their checks, defaults and indexes may call it) unless it is SQL that PostgreSQL checks when it is
 * created and that names a table this run creates, which it then follows; the drop of a function that is created
 * again (another return type or argument names) runs before its creation, otherwise after the tables are dropped.
 */
import type { Operation } from "../ops/operation.js";
import type { Routine } from "../schema/model.js";
import { objectKey } from "./names.js";

/** The phases of order.ts that function operations take. */
export type RoutinePhase = "dropReplacedFunctions" | "createFunctions" | "createLateFunctions" | "dropFunctions";

function escaped(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The routine's argument or return types name one of `tables` (row types), or its body does and it is SQL,
 * which PostgreSQL checks when it is created: it must follow them.
 */
function namesTable(routine: Routine, tables: readonly string[]): boolean {
  const text = `${routine.args} ${routine.returns ?? ""} ${routine.language === "sql" ? routine.body : ""}`;
  return tables.some((table) => new RegExp(`(^|[^A-Za-z0-9_$])"?${escaped(table)}"?($|[^A-Za-z0-9_$])`).test(text));
}

/** The phase of each function operation of `ops` (undefined for other operations). */
export function routinePhases(ops: readonly Operation[]): (op: Operation) => RoutinePhase | undefined {
  const createdTables = ops.flatMap((op) => (op.kind === "createTable" ? [op.table.name] : op.kind === "addColumn" ? [op.table] : []));
  const created = new Set(ops.flatMap((op) => (op.kind === "createFunction" ? [objectKey(op.function.schema, op.function.name)] : [])));
  return (op) => {
    switch (op.kind) {
      case "createFunction":
      case "replaceFunction":
        return namesTable(op.function, createdTables) ? "createLateFunctions" : "createFunctions";
      case "dropFunction":
        return created.has(objectKey(op.schema, op.name)) ? "dropReplacedFunctions" : "dropFunctions";
      default:
        return undefined;
    }
  };
}
