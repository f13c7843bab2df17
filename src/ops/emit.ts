/**
 * What every `op` method group shares: the `emit` that hands one operation to the runtime, the `schema` option,
 * and the checks of name arguments and option keys.
 */
import { SchemaError } from "../errors.js";
import { checkOptions } from "../schema/options.js";
import type { RevisionOperation } from "./operation.js";

/** Freezes one operation and runs it (online) or renders it (`--sql`); built by `Operations` from the runtime's `run`. */
export type Emit = (operation: RevisionOperation) => Promise<void>;

/** Options naming the schema of the object an operation works on. */
export interface SchemaOption {
  readonly schema?: string;
}

/** Checks that a name argument is a non-empty string; `context` names the object for the message. */
export function requireName(value: unknown, what: string, context = ""): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new SchemaError(`${what} must be a non-empty string${context}, got ${JSON.stringify(value)}`, {
      details: { what, value },
    });
  }
  return value;
}

/**
 * The keys of an options type, as a record the compiler checks for completeness: a key added to the type must
 * be listed here, or the method would reject it.
 */
export function optionKeys<T>(keys: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(keys));
}

/**
 * Rejects option keys `method` does not know, naming the method, its object and the closest known key: in a
 * `.js` revision, behind a cast or in an object built elsewhere, a misspelt key (`concurently`) would otherwise be
 * dropped and the operation run without it.
 */
export function checkMethodOptions(method: string, object: string, options: unknown, known: readonly string[]): void {
  checkOptions(`op.${method}(${JSON.stringify(object)})`, options, known);
}

/** Options of a create that takes `ifNotExists`. */
export interface IfNotExistsOptions {
  readonly ifNotExists?: boolean;
  /** With `ifNotExists`: the revision owns the object, so the downgrade drops it even if it was there before. */
  readonly dropOnDowngrade?: boolean;
}

/** The operation fields of {@link IfNotExistsOptions}; `dropOnDowngrade` means nothing without `ifNotExists`. */
export function ifNotExistsFields(
  method: string,
  object: string,
  options: IfNotExistsOptions,
): { readonly ifNotExists?: true; readonly dropOnDowngrade?: true } {
  if (options.dropOnDowngrade && !options.ifNotExists) {
    throw new SchemaError(`op.${method}(${JSON.stringify(object)}): dropOnDowngrade only applies with ifNotExists`, {
      hint: "Without ifNotExists the downgrade always drops the object; remove dropOnDowngrade.",
      details: { method, object },
    });
  }
  return { ifNotExists: options.ifNotExists || undefined, dropOnDowngrade: options.dropOnDowngrade || undefined };
}
