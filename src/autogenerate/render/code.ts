/**
 * Small pieces of TypeScript source: string literals, property keys, `sql` templates, object literals,
 * and the set of `retort/schema` builders a file uses (for its import line).
 */
import type { LiteralDefault } from "../../schema/model.js";

/** The `retort/schema` names a rendered file uses; rendering adds to it. */
export type Imports = Set<string>;

/** A string literal (double quotes, as the rest of Retort's output). */
export function str(value: string): string {
  return JSON.stringify(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A property key: bare when it is an identifier, quoted otherwise. */
export function key(name: string): string {
  return IDENTIFIER.test(name) ? name : str(name);
}

/** `sql\`…\`` holding `text` exactly (backslashes, backticks and `${` escaped). */
export function sqlTemplate(text: string, imports: Imports): string {
  imports.add("sql");
  return `sql\`${text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
}

/** A literal value as TypeScript: `"draft"`, `0`, `10n`, `true`, `null`. */
export function literal(value: LiteralDefault): string {
  if (typeof value === "string") return str(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  return String(value);
}

/** `{ a: 1, b: "x" }` from entries whose value is already code; entries with `undefined` are left out. */
export function object(entries: readonly (readonly [string, string | undefined])[]): string {
  const parts = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined).map(([k, v]) => `${key(k)}: ${v}`);
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/** `["a", "b"]`. */
export function stringArray(values: readonly string[]): string {
  return `[${values.map(str).join(", ")}]`;
}

/** A call's trailing options argument, or nothing when there are no options. */
export function optionsArgument(entries: readonly (readonly [string, string | undefined])[]): string {
  const text = object(entries);
  return text === "{}" ? "" : `, ${text}`;
}

/** An object literal as a call's only argument: nothing when there are no entries. */
export function soleArgument(entries: readonly (readonly [string, string | undefined])[]): string {
  return optionsArgument(entries).slice(2);
}
