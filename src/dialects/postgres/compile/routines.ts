/**
 * SQL for functions, procedures and triggers.
 */
import type { DropFunctionOp, DropTriggerOp } from "../../../ops/operation.js";
import type { Routine, Trigger } from "../../../schema/model.js";
import type { NamedIdentifier } from "../../identifiers.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";

/** A dollar quote the body does not contain: `$$`, else `$body$`, `$body1$`, …. */
export function dollarQuote(body: string): string {
  if (!body.includes("$$")) return "$$";
  for (let i = 0; ; i++) {
    const tag = `$body${i === 0 ? "" : i}$`;
    if (!body.includes(tag)) return tag;
  }
}

/** CREATE [OR REPLACE] FUNCTION / PROCEDURE. */
export function compileCreateRoutine(routine: Routine, orReplace: boolean): string[] {
  const parts = [
    `CREATE ${orReplace ? "OR REPLACE " : ""}${routine.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${qualifiedName(routine.name, routine.schema)}(${routine.args})`,
  ];
  if (routine.kind === "function") parts.push(`RETURNS ${routine.returns ?? "void"}`);
  parts.push(`LANGUAGE ${quoteIdentifier(routine.language)}`);
  if (routine.volatility !== undefined) parts.push(routine.volatility.toUpperCase());
  if (routine.strict) parts.push("STRICT");
  if (routine.securityDefiner) parts.push("SECURITY DEFINER");
  const quote = dollarQuote(routine.body);
  parts.push(`AS ${quote}${routine.body}${quote}`);
  return [parts.join(" ")];
}

/** DROP FUNCTION / PROCEDURE name(argument types). */
export function compileDropRoutine(op: DropFunctionOp): string[] {
  return [`DROP ${op.procedure ? "PROCEDURE" : "FUNCTION"} ${qualifiedName(op.name, op.schema)}(${op.args})`];
}

const EVENT_SQL = { insert: "INSERT", update: "UPDATE", delete: "DELETE", truncate: "TRUNCATE" } as const;

/** CREATE TRIGGER. */
export function compileCreateTrigger(trigger: Trigger): string[] {
  const events = trigger.events
    .map((event) =>
      event === "update" && trigger.updateOf !== undefined
        ? `UPDATE OF ${trigger.updateOf.map(quoteIdentifier).join(", ")}`
        : EVENT_SQL[event],
    )
    .join(" OR ");
  const parts = [
    `CREATE TRIGGER ${quoteIdentifier(trigger.name)} ${trigger.timing.toUpperCase()} ${events} ON ${qualifiedName(trigger.table, trigger.schema)}`,
    `FOR EACH ${trigger.forEach === "row" ? "ROW" : "STATEMENT"}`,
  ];
  if (trigger.when !== undefined) parts.push(`WHEN (${trigger.when})`);
  const args = (trigger.arguments ?? []).map((arg) => quoteLiteral(arg)).join(", ");
  parts.push(`EXECUTE FUNCTION ${qualifiedName(trigger.function.name, trigger.function.schema)}(${args})`);
  return [parts.join(" ")];
}

/** DROP TRIGGER name ON table. */
export function compileDropTrigger(op: DropTriggerOp): string[] {
  return [`DROP TRIGGER ${quoteIdentifier(op.name)} ON ${qualifiedName(op.table, op.schema)}`];
}

const quoted = (name: string): string => JSON.stringify(name);
const display = (name: string, schema: string | undefined) => quoted(schema === undefined ? name : `${schema}.${name}`);

/** The identifiers a routine names, with what they name. */
export function routineIdentifiers(name: string, schema: string | undefined, kind: Routine["kind"]): NamedIdentifier[] {
  const what = `${kind} ${display(name, schema)}`;
  return [{ name, what }, ...(schema === undefined ? [] : [{ name: schema, what: `the schema of ${what}` }])];
}

/** The identifiers a trigger names, with what they name. */
export function triggerIdentifiers(name: string, table: string, schema: string | undefined, trigger?: Trigger): NamedIdentifier[] {
  const of = `table ${display(table, schema)}`;
  const what = `trigger ${quoted(name)} of ${of}`;
  const uses: NamedIdentifier[] = [
    { name, what },
    { name: table, what: of },
  ];
  if (schema !== undefined) uses.push({ name: schema, what: `the schema of ${of}` });
  if (trigger !== undefined) {
    uses.push(...routineIdentifiers(trigger.function.name, trigger.function.schema, "function"));
    for (const column of trigger.updateOf ?? []) uses.push({ name: column, what: `column ${quoted(column)} of ${what}` });
  }
  return uses;
}
