/**
 * Functions, procedures and triggers read from the catalog, as the DSL's `func()`, `procedure()` and `trigger()`
 * declare them: argument lists and return types as `pg_get_function_arguments` / `pg_get_function_result` spell
 * them, bodies as stored (`prosrc`), a trigger's condition as `pg_get_triggerdef` prints it.
 * Routines written in C or internal ones, and those an extension or a type owns, are left out.
 */
import { frozen } from "../../../schema/freeze.js";
import type { Routine, Trigger, TriggerEvent } from "../../../schema/model.js";
import { canonicalSchema } from "../normalize/index.js";

/** One row per function or procedure. */
export interface RoutineRow extends Record<string, unknown> {
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly args: string;
  readonly identity_args: string;
  readonly returns: string | null;
  readonly language: string;
  readonly body: string;
  readonly volatility: string;
  readonly strict: boolean;
  readonly security_definer: boolean;
}

/** The columns of a routine row, for `pg_proc p` joined with `pg_language l`. */
export const ROUTINE_COLUMNS = `p.proname AS name, p.prokind AS kind,
  pg_get_function_arguments(p.oid) AS args, pg_get_function_identity_arguments(p.oid) AS identity_args,
  CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS returns,
  l.lanname AS language, p.prosrc AS body, p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer`;

/** Routines a person wrote in the included schemas (`$1`). */
export const ROUTINES_QUERY = `SELECT n.nspname AS schema, ${ROUTINE_COLUMNS}
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY($1::text[]) AND p.prokind IN ('f', 'p') AND l.lanname NOT IN ('c', 'internal')
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype IN ('e', 'i'))
ORDER BY 1, 2, 5`;

/** One row per trigger. */
export interface TriggerRow extends Record<string, unknown> {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: number;
  readonly function_schema: string;
  readonly function_name: string;
  readonly update_of: readonly string[] | null;
  readonly definition: string;
  readonly nargs: number;
  readonly args: string;
}

/** The columns of a trigger row, for `pg_trigger t`. */
export const TRIGGER_COLUMNS = `t.tgname AS name, t.tgtype::int AS type, fn.nspname AS function_schema, f.proname AS function_name,
  ARRAY(SELECT a.attname FROM unnest(t.tgattr::int2[]) AS k(attnum)
    JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.attnum ORDER BY a.attnum)::text[] AS update_of,
  pg_get_triggerdef(t.oid) AS definition, t.tgnargs::int AS nargs, encode(t.tgargs, 'escape') AS args`;

/** Triggers a person wrote on the tables of the included schemas (`$1`). */
export const TRIGGERS_QUERY = `SELECT n.nspname AS schema, c.relname AS table, ${TRIGGER_COLUMNS}
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_proc f ON f.oid = t.tgfoid
JOIN pg_namespace fn ON fn.oid = f.pronamespace
WHERE NOT t.tgisinternal AND n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY 1, 2, 3`;

const VOLATILITY = { i: "immutable", s: "stable" } as const;

/** A routine row as the model declares it; `schema` the schema to give it (absent: the default one). */
export function routineOf(row: RoutineRow, schema: string | undefined = canonicalSchema(row.schema)): Routine {
  return frozen({
    kind: row.kind === "p" ? "procedure" : "function",
    name: row.name,
    schema,
    args: row.args,
    identityArgs: row.identity_args,
    returns: row.kind === "p" ? undefined : (row.returns ?? undefined),
    language: row.language,
    body: row.body,
    volatility: VOLATILITY[row.volatility as keyof typeof VOLATILITY],
    strict: row.strict || undefined,
    securityDefiner: row.security_definer || undefined,
  });
}

/** The condition of `CREATE TRIGGER … WHEN (condition) EXECUTE …` as `pg_get_triggerdef` prints it. */
export function triggerCondition(definition: string): string | undefined {
  const start = definition.indexOf(" WHEN (");
  if (start < 0) return undefined;
  const end = definition.lastIndexOf(") EXECUTE ");
  return end < start ? undefined : definition.slice(start + " WHEN (".length, end);
}

/** The arguments of `tgargs` (`encode(…, 'escape')`: each argument ends with `\000`, a backslash is `\\`). */
export function triggerArguments(escaped: string, count: number): string[] | undefined {
  if (count === 0) return undefined;
  const args: string[] = [];
  let current = "";
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i]!;
    if (c !== "\\") {
      current += c;
      continue;
    }
    if (escaped[i + 1] === "\\") {
      current += "\\";
      i += 1;
      continue;
    }
    const code = Number.parseInt(escaped.slice(i + 1, i + 4), 8);
    i += 3;
    if (code === 0) {
      args.push(current);
      current = "";
    } else current += String.fromCharCode(code);
  }
  return args.slice(0, count);
}

/** A trigger row as the model declares it. */
export function triggerOf(row: TriggerRow, schema: string | undefined = canonicalSchema(row.schema)): Trigger {
  const type = row.type;
  const events: TriggerEvent[] = [];
  if (type & 4) events.push("insert");
  if (type & 16) events.push("update");
  if (type & 8) events.push("delete");
  if (type & 32) events.push("truncate");
  const updateOf = row.update_of ?? [];
  return frozen({
    kind: "trigger",
    name: row.name,
    table: row.table,
    schema,
    timing: type & 64 ? "instead of" : type & 2 ? "before" : "after",
    events,
    updateOf: updateOf.length === 0 ? undefined : [...updateOf],
    forEach: type & 1 ? "row" : "statement",
    when: triggerCondition(row.definition),
    function: { name: row.function_name, schema: canonicalSchema(row.function_schema) },
    arguments: triggerArguments(row.args, row.nargs),
  });
}
