import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { Routine, Trigger, TriggerEvent } from "./model.js";
import { checkOptions } from "./options.js";
import { type SqlExpression, sqlText } from "./sql.js";
import { isTableDefinition, type TableDefinition, TABLE_SOURCE } from "./table.js";

/** Options of `trigger()`. */
export interface TriggerOptions {
  /** The table: its `table()` definition, or its name (in `schema`). */
  readonly table: TableDefinition | string;
  /** The table's schema, when `table` is a name. */
  readonly schema?: string;
  readonly timing: "before" | "after" | "instead of";
  readonly events: readonly TriggerEvent[];
  /** Fire on updates of these columns only. */
  readonly updateOf?: readonly string[];
  /** `"row"` (`FOR EACH ROW`) or `"statement"` (the default). */
  readonly forEach?: "row" | "statement";
  /** The `WHEN (…)` condition. */
  readonly when?: string | SqlExpression;
  /** The trigger function: its `func()` definition, or its name (`"audit.log_change"` for another schema). */
  readonly function: Routine | string;
  /** Literal arguments the function receives in `TG_ARGV`. */
  readonly arguments?: readonly string[];
}

const KEYS = ["table", "schema", "timing", "events", "updateOf", "forEach", "when", "function", "arguments"];
const EVENTS: readonly TriggerEvent[] = ["insert", "update", "delete", "truncate"];
const TIMINGS = ["before", "after", "instead of"];

function functionRef(name: string, target: Routine | string): { name: string; schema?: string } {
  if (typeof target === "string") {
    const dot = target.indexOf(".");
    if (target.length === 0) throw new SchemaError(`trigger("${name}"): function must name the trigger function`);
    return dot < 0 ? { name: target } : { schema: target.slice(0, dot), name: target.slice(dot + 1) };
  }
  if (target?.kind !== "function") {
    throw new SchemaError(`trigger("${name}"): function must be a func() definition or a function's name`, {
      hint: 'Export the trigger function with func(name, { returns: "trigger", … }) and pass it here.',
    });
  }
  return { name: target.name, schema: target.schema };
}

/**
 * Declares a trigger: `export const moviesTouch = trigger("movies_touch", { table: movies, timing: "before",
 * events: ["update"], forEach: "row", function: touchUpdatedAt })`. Exported triggers of the models module belong
 * to the target schema.
 */
export function trigger(name: string, options: TriggerOptions): Trigger {
  if (typeof name !== "string" || name.length === 0) throw new SchemaError("trigger(): a name is required");
  checkOptions(`trigger("${name}")`, options, KEYS);
  const source = isTableDefinition(options.table) ? options.table[TABLE_SOURCE] : undefined;
  const table = source?.name ?? options.table;
  if (typeof table !== "string" || table.length === 0) throw new SchemaError(`trigger("${name}"): table is required`);
  const schema = source === undefined ? options.schema : source.options.schema;
  if (!TIMINGS.includes(options.timing)) {
    throw new SchemaError(`trigger("${name}"): timing must be "before", "after" or "instead of", got ${JSON.stringify(options.timing)}`);
  }
  const events = options.events ?? [];
  if (events.length === 0 || events.some((event) => !EVENTS.includes(event))) {
    throw new SchemaError(`trigger("${name}"): events must list some of ${EVENTS.join(", ")}, got ${JSON.stringify(events)}`);
  }
  const forEach = options.forEach ?? "statement";
  if (forEach !== "row" && forEach !== "statement") {
    throw new SchemaError(`trigger("${name}"): forEach must be "row" or "statement", got ${JSON.stringify(forEach)}`);
  }
  if (options.updateOf !== undefined && (options.updateOf.length === 0 || !events.includes("update"))) {
    throw new SchemaError(`trigger("${name}"): updateOf needs the "update" event and at least one column`);
  }
  const when = options.when === undefined ? undefined : sqlText(options.when);
  return frozen({
    kind: "trigger",
    name,
    table,
    schema,
    timing: options.timing,
    events: EVENTS.filter((event) => events.includes(event)),
    updateOf: options.updateOf === undefined ? undefined : [...options.updateOf],
    forEach,
    when,
    function: functionRef(name, options.function),
    arguments: options.arguments === undefined || options.arguments.length === 0 ? undefined : [...options.arguments],
  });
}

/** True for a value returned by `trigger()`. */
export function isTrigger(value: unknown): value is Trigger {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "trigger";
}
