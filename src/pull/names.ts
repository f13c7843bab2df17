/**
 * The const names of a pulled models module: each table, enum type, function and trigger under its name in camelCase
 * (`order_items` → `orderItems`). When two objects would share a name, the one in the default schema keeps it and
 * the others are qualified by their schema (`archiveOrderItems`); a name that is taken (a `retort/schema` builder
 * the module may import, a reserved word) gets the kind (`dateEnum`); a number is the last resort.
 */
import { objectKey } from "../autogenerate/names.js";

/** What `retort/schema` exports and a models module may import. */
const RETORT_SCHEMA_NAMES: ReadonlySet<string> = new Set([
  ...["sql", "column", "smallint", "integer", "bigint", "smallserial", "serial", "bigserial", "boolean", "text", "varchar"],
  ...["char", "numeric", "real", "doublePrecision", "date", "time", "timestamp", "timestamptz", "interval", "uuid", "json"],
  ...["jsonb", "bytea", "array", "enumColumn", "customType", "index", "unique", "check", "foreignKey", "enumType", "table"],
  ...["withNamingConvention", "tableModel", "isTableDefinition", "isEnumType", "isSqlExpression", "ColumnRef"],
  ...["defaultNamingConvention", "TABLE_SOURCE", "ColumnBuilder"],
  ...["sequence", "isSequence", "nextval", "domain", "domainColumn", "isDomain", "extension", "isExtension"],
  ...["func", "procedure", "trigger", "isRoutine", "isTrigger"],
  ...["view", "materializedView", "isView"],
  ...["policy", "isPolicy", "TABLE_PRIVILEGES"],
]);

/** JavaScript's reserved words and the globals a module should not shadow. */
const RESERVED: ReadonlySet<string> = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum"],
  ...["export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null"],
  ...["return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield"],
  ...["let", "static", "implements", "interface", "package", "private", "protected", "public", "await", "arguments"],
  ...["eval", "undefined", "NaN", "Infinity", "Object", "Array", "String", "Number", "Date", "JSON", "Symbol"],
]);

/** `order_items` → `orderItems`, `UserAccounts` → `userAccounts`, `2fa` → `_2fa`; `fallback` when nothing is left. */
export function camelCase(name: string, fallback: string): string {
  const parts = name.split(/[^\p{L}\p{N}]+/u).filter((part) => part.length > 0);
  const first = parts[0];
  if (first === undefined) return fallback;
  const head = first === first.toUpperCase() ? first.toLowerCase() : first.charAt(0).toLowerCase() + first.slice(1);
  const rest = parts.slice(1).map((part) => part.charAt(0).toUpperCase() + part.slice(1));
  const joined = [head, ...rest].join("");
  return /^\p{N}/u.test(joined) ? `_${joined}` : joined;
}

/** An object that gets a const: a table, an enum type, and (in a Drizzle module) a schema or a custom type. */
export interface NamedObject {
  readonly kind: "table" | "enum" | "schema" | "type" | "sequence" | "domain" | "extension" | "function" | "trigger" | "view" | "policy";
  readonly schema?: string | undefined;
  readonly name: string;
}

/** The key {@link exportNames} files a name under. */
export function exportKey(object: NamedObject): string {
  return `${object.kind}:${objectKey(object.schema, object.name)}`;
}

const SUFFIX: Readonly<Record<NamedObject["kind"], string>> = {
  table: "Table",
  enum: "Enum",
  schema: "Schema",
  type: "Type",
  sequence: "Sequence",
  domain: "Domain",
  extension: "Extension",
  function: "Function",
  trigger: "Trigger",
  view: "View",
  policy: "Policy",
};

/**
 * A distinct const name per object (in the order given, which decides who keeps a contested name); `taken` are
 * the names the module imports (default: those of `retort/schema`) besides JavaScript's reserved words.
 */
export function exportNames(
  objects: readonly NamedObject[],
  taken: ReadonlySet<string> = RETORT_SCHEMA_NAMES,
): ReadonlyMap<string, string> {
  const isTaken = (name: string) => taken.has(name) || RESERVED.has(name);
  const plain = objects.map((object) => camelCase(object.name, object.kind));
  const count = new Map<string, number>();
  for (const name of plain) count.set(name, (count.get(name) ?? 0) + 1);
  const result = new Map<string, string>();
  const used = new Set<string>();
  objects.forEach((object, i) => {
    const own = plain[i] as string;
    // A contested name goes to the object of the default schema; the others say their schema.
    const contested = (count.get(own) ?? 0) > 1;
    const candidates = [
      ...(!isTaken(own) && (!contested || object.schema === undefined) ? [own] : []),
      ...(object.schema === undefined ? [] : [camelCase(`${object.schema}_${object.name}`, object.kind)]),
      `${own}${SUFFIX[object.kind]}`,
    ];
    let chosen = candidates.find((name) => !isTaken(name) && !used.has(name));
    const base = candidates[candidates.length - 1] as string;
    for (let n = 2; chosen === undefined; n++) if (!used.has(`${base}${n}`)) chosen = `${base}${n}`;
    used.add(chosen);
    result.set(exportKey(object), chosen);
  });
  return result;
}
