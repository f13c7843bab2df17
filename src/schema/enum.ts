import { SchemaError } from "../errors.js";
import { frozen } from "./freeze.js";
import type { EnumType } from "./model.js";
import { checkOptions } from "./options.js";

/**
 * Declares an enum type: `export const genre = enumType("genre", ["drama", "comedy"])`; columns use it with
 * `enumColumn(genre)`. Exported enum types of the models module belong to the target schema. The labels keep
 * their literal types, so a column of the enum is typed as their union.
 */
export function enumType<const L extends string>(
  name: string,
  values: readonly L[],
  options: { readonly schema?: string } = {},
): EnumType<L> {
  if (name.length === 0) throw new SchemaError("An enum type needs a name");
  checkOptions(`enumType("${name}")`, options, ["schema"]);
  const seen = new Set<string>();
  for (const value of values) {
    if (typeof value !== "string" || value.length === 0) {
      throw new SchemaError(`Enum "${name}": values must be non-empty strings`, { details: { enum: name, value } });
    }
    if (seen.has(value)) {
      throw new SchemaError(`Enum "${name}" lists the value "${value}" twice`, { details: { enum: name, value } });
    }
    seen.add(value);
  }
  return frozen({ kind: "enumType", name, schema: options.schema, values: [...values] });
}

/** True for a value returned by `enumType()`. */
export function isEnumType(value: unknown): value is EnumType {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "enumType";
}
