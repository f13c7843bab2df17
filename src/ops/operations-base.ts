import { SchemaError } from "../errors.js";
import { frozen } from "../schema/freeze.js";
import type { Operation } from "./operation.js";

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

/** Hands operations to the runtime; the `op` method groups extend it. */
export class OperationsBase {
  /** @param run executes one operation (online) or renders it (`--sql`); supplied by the runtime. */
  constructor(protected readonly run: (operation: Operation) => Promise<void>) {}

  /** Freezes (dropping `undefined` fields) and runs one operation. */
  protected async emit(operation: Operation): Promise<void> {
    await this.run(frozen(operation));
  }
}
