import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { Routine, Volatility } from "./model.js";
import { checkOptions } from "./options.js";
import { type SqlExpression, sqlText } from "./sql.js";

/** Options of `procedure()`. */
export interface ProcedureOptions {
  /** The argument list as SQL (`"a integer, b text DEFAULT 'x'"`); none when absent. */
  readonly args?: string;
  /** `plpgsql`, `sql`, … */
  readonly language: string;
  /** The body, kept as written (PostgreSQL stores it so). */
  readonly body: string | SqlExpression;
  /** `"definer"` for `SECURITY DEFINER`; `"invoker"` (the default) otherwise. */
  readonly security?: "invoker" | "definer";
  readonly schema?: string;
}

/** Options of `func()`. */
export interface FunctionOptions extends ProcedureOptions {
  /** The return type as SQL: `trigger`, `integer`, `SETOF movies`, `TABLE(id integer)`. */
  readonly returns: string;
  /** `"volatile"` (the default), `"stable"` or `"immutable"`. */
  readonly volatility?: "volatile" | Volatility;
  /** `STRICT`: the function returns null on a null argument without running. */
  readonly strict?: boolean;
}

const PROCEDURE_KEYS = ["args", "language", "body", "security", "schema"];
const FUNCTION_KEYS = [...PROCEDURE_KEYS, "returns", "volatility", "strict"];

function required(builder: string, name: string, key: string, value: unknown): string {
  if (typeof value !== "string" || value.trim().length === 0) {
    throw new SchemaError(`${builder}("${name}"): ${key} must be a non-empty string`, { details: { routine: name, key } });
  }
  return value;
}

function routine(kind: Routine["kind"], name: string, options: FunctionOptions | ProcedureOptions): Routine {
  const builder = kind === "function" ? "func" : "procedure";
  if (typeof name !== "string" || name.length === 0) throw new SchemaError(`${builder}(): a name is required`);
  checkOptions(`${builder}("${name}")`, options, kind === "function" ? FUNCTION_KEYS : PROCEDURE_KEYS);
  const language = required(builder, name, "language", options.language);
  const body = sqlText(options.body ?? "");
  if (body.trim().length === 0) throw new SchemaError(`${builder}("${name}"): the body is empty`, { details: { routine: name } });
  if (options.security !== undefined && options.security !== "invoker" && options.security !== "definer") {
    throw new SchemaError(`${builder}("${name}"): security must be "invoker" or "definer", got ${JSON.stringify(options.security)}`);
  }
  const fn = kind === "function" ? (options as FunctionOptions) : undefined;
  const volatility = fn?.volatility;
  if (volatility !== undefined && volatility !== "volatile" && volatility !== "stable" && volatility !== "immutable") {
    throw new SchemaError(`func("${name}"): volatility must be "volatile", "stable" or "immutable", got ${JSON.stringify(volatility)}`);
  }
  return frozen({
    kind,
    name,
    schema: options.schema,
    args: options.args ?? "",
    returns: fn === undefined ? undefined : required(builder, name, "returns", fn.returns),
    language: language.toLowerCase(),
    body,
    volatility: volatility === "volatile" ? undefined : volatility,
    strict: fn?.strict || undefined,
    securityDefiner: options.security === "definer" || undefined,
  });
}

/**
 * Declares a function: `export const touchUpdatedAt = func("touch_updated_at", { returns: "trigger", language:
 * "plpgsql", body: sql\`BEGIN NEW.updated_at := now(); RETURN NEW; END\` })`. Exported functions of the models
 * module belong to the target schema; a trigger names one as its `function`.
 */
export function func(name: string, options: FunctionOptions): Routine {
  return routine("function", name, options);
}

/** Declares a procedure (`CREATE PROCEDURE`, run with `CALL`): as {@link func}, without a return type. */
export function procedure(name: string, options: ProcedureOptions): Routine {
  return routine("procedure", name, options);
}

/** True for a value returned by `func()` or `procedure()`. */
export function isRoutine(value: unknown): value is Routine {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return (kind === "function" || kind === "procedure") && typeof (value as { body?: unknown }).body === "string";
}
