/**
 * The argument list that identifies a routine among its overloads, as `DROP FUNCTION` takes it: the database's
 * own list when it was read from a catalog, else the written one without its defaults.
 */
import type { Routine } from "../schema/model.js";

/** Splits SQL text at the commas outside parentheses, brackets and quotes. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

/** One argument without its `DEFAULT …` or `= …`. */
function withoutDefault(arg: string): string {
  const match = /\s+default\s|\s*=\s*/i.exec(arg);
  return (match === null ? arg : arg.slice(0, match.index)).trim();
}

/** `args` (as written in `CREATE FUNCTION`) without the defaults, which `DROP FUNCTION` refuses. */
export function argumentsWithoutDefaults(args: string): string {
  return splitTopLevel(args).map(withoutDefault).join(", ");
}

/** The argument list that names `routine` in a `DROP`. */
export function routineIdentityArgs(routine: Routine): string {
  return routine.identityArgs ?? argumentsWithoutDefaults(routine.args);
}
