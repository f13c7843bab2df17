/**
 * What a comparison produces besides operations: changes no operation can make, which a person must write
 * by hand (an enum value removed, an identity added to an existing column).
 */
import type { Operation } from "../../ops/operation.js";

/** A difference autogenerate found but cannot turn into an operation. */
export interface ManualChange {
  /** The object it concerns: `genre`, `movies.id`. */
  readonly subject: string;
  /** What differs and what to write instead. */
  readonly message: string;
  /** True when the change the models ask for would lose data (an enum value removed). */
  readonly dataLoss: boolean;
}

/** The operations (unordered; see `orderOperations`) and the changes left to a person. */
export interface Comparison {
  readonly operations: readonly Operation[];
  readonly manual: readonly ManualChange[];
}

/** Concatenates comparisons. */
export function mergeComparisons(parts: readonly Comparison[]): Comparison {
  return { operations: parts.flatMap((part) => part.operations), manual: parts.flatMap((part) => part.manual) };
}
