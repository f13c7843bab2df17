/**
 * What every `op` method group shares: the `emit` that hands one operation to the runtime, the `schema` option,
 * and the check of name arguments.
 */
import { SchemaError } from "../errors.js";
import type { Operation } from "./operation.js";

/** Freezes one operation and runs it (online) or renders it (`--sql`); built by `Operations` from the runtime's `run`. */
export type Emit = (operation: Operation) => Promise<void>;

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
