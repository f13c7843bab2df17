/**
 * A column as a Drizzle builder chain: `varchar("full_name", { length: 200 }).notNull().default("")`. Types
 * follow `drizzle-orm/pg-core` (timestamps and dates in string mode and bigints in number mode, as
 * drizzle-kit's introspection writes them, so a default is a plain string or number); a type Drizzle has no
 * builder for is a `customType` const of the module. Defaults are literals where Drizzle's types take them,
 * `sql` otherwise.
 */
import { assertNever } from "../../errors.js";
import type { Column, ColumnType, LiteralDefault } from "../../schema/model.js";
import { type Imports, literal, object, sqlTemplate, str } from "../../autogenerate/render/code.js";

/** Custom SQL types `drizzle-orm/pg-core` has a builder for. */
const BUILTIN_CUSTOM: ReadonlySet<string> = new Set(["inet", "cidr", "macaddr", "macaddr8"]);

/** How the module names what a column refers to: enum types and custom types get consts of their own. */
export interface ColumnNames {
  /** The const of an enum type (declared in the module). */
  enumConst(type: { readonly name: string; readonly schema?: string | undefined }, from: { readonly schema?: string | undefined }): string;
  /** The const of a `customType` for a type's SQL text. */
  customConst(sql: string): string;
}

/** True for a custom type a `pg-core` builder writes. */
export function isBuiltinCustom(sql: string): boolean {
  return BUILTIN_CUSTOM.has(sql);
}

function call(name: string, imports: Imports, dbName: string | undefined, options: (readonly [string, string | undefined])[] = []): string {
  imports.add(name);
  const config = object(options);
  const args = [...(dbName === undefined ? [] : [str(dbName)]), ...(config === "{}" ? [] : [config])];
  return `${name}(${args.join(", ")})`;
}

/** The builder call of a type; `dbName` is the column's name when its key differs. */
export function drizzleType(
  type: ColumnType,
  dbName: string | undefined,
  imports: Imports,
  names: ColumnNames,
  from: { readonly schema?: string | undefined },
): string {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "smallserial":
    case "serial":
    case "boolean":
    case "text":
    case "real":
    case "doublePrecision":
    case "interval":
    case "uuid":
    case "json":
    case "jsonb":
      return call(type.kind, imports, dbName);
    case "bigint":
    case "bigserial":
      return call(type.kind, imports, dbName, [["mode", str("number")]]);
    case "date":
      return call("date", imports, dbName, [["mode", str("string")]]);
    case "varchar":
    case "char":
      return call(type.kind, imports, dbName, [["length", type.length?.toString()]]);
    case "numeric":
      return call("numeric", imports, dbName, [
        ["precision", type.precision?.toString()],
        ["scale", type.scale?.toString()],
      ]);
    case "time":
      return call("time", imports, dbName, [
        ["precision", type.precision?.toString()],
        ["withTimezone", type.withTimeZone ? "true" : undefined],
      ]);
    case "timestamp":
      return call("timestamp", imports, dbName, [
        ["precision", type.precision?.toString()],
        ["withTimezone", type.withTimeZone ? "true" : undefined],
        ["mode", str("string")],
      ]);
    case "array":
      return `${drizzleType(type.element, dbName, imports, names, from)}${".array()".repeat(type.dimensions)}`;
    case "enum":
      return `${names.enumConst(type, from)}(${dbName === undefined ? "" : str(dbName)})`;
    case "bytea":
      return `${names.customConst("bytea")}(${dbName === undefined ? "" : str(dbName)})`;
    case "custom":
      if (isBuiltinCustom(type.sql)) return call(type.sql, imports, dbName);
      return `${names.customConst(type.sql)}(${dbName === undefined ? "" : str(dbName)})`;
    default:
      return assertNever(type, "column type");
  }
}

/** What a Drizzle column of `type` takes in `.default()`: numbers, booleans, strings, or (arrays, bigints) `sql`. */
function literalKind(type: ColumnType): "number" | "boolean" | "string" | "json" | "sql" {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "smallserial":
    case "serial":
    case "bigserial":
    case "real":
    case "doublePrecision":
      return "number";
    case "boolean":
      return "boolean";
    case "json":
    case "jsonb":
      return "json";
    case "array":
      return "sql";
    default:
      return "string";
  }
}

/** A constant as an SQL literal: `'it''s'`, `12`, `true`. */
function sqlLiteral(value: Exclude<LiteralDefault, null>): string {
  return typeof value === "string" ? `'${value.replaceAll("'", "''")}'` : String(value);
}

/**
 * The argument of `.default()` for a literal: `"draft"`, `0`, `{ draft: true }` (jsonb, whose text the
 * server rewrites anyway), or `sql\`'{}'\`` where the Drizzle type would not take the value.
 */
function literalDefault(value: Exclude<LiteralDefault, null>, type: ColumnType, imports: Imports): string {
  const kind = literalKind(type);
  if (kind === "number" && typeof value === "number") return literal(value);
  if (kind === "boolean" && typeof value === "boolean") return literal(value);
  if (kind === "string") return str(String(value));
  if (kind === "json" && typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      // A json column keeps its text as written; only a compact text survives JSON.stringify unchanged.
      if (type.kind === "jsonb" || JSON.stringify(parsed) === value) return JSON.stringify(parsed);
    } catch {
      // Not JSON: written as SQL below, for the server to judge.
    }
  }
  return sqlTemplate(sqlLiteral(value), imports);
}

/** `.default(…)`, `.defaultNow()`, `.defaultRandom()` or nothing. */
function defaultCall(column: Column, imports: Imports): string {
  const value = column.default;
  if (value === undefined) return "";
  if (value.kind === "expression") {
    if (value.sql === "CURRENT_TIMESTAMP" && column.type.kind === "timestamp") return ".defaultNow()";
    if (value.sql === "gen_random_uuid()" && column.type.kind === "uuid") return ".defaultRandom()";
    return `.default(${sqlTemplate(value.sql, imports)})`;
  }
  if (value.value === null) return "";
  return `.default(${literalDefault(value.value, column.type, imports)})`;
}

/** What a column declares besides its type; constraints come from the table's renderer. */
export interface ColumnParts {
  readonly primaryKey: boolean;
  /** `.unique()` / `.unique("name", { nulls: "not distinct" })` arguments, or undefined. */
  readonly unique?: string | undefined;
  /** `.references(…)` arguments, or undefined. */
  readonly references?: string | undefined;
}

/** The whole chain of one column. */
export function drizzleColumn(
  column: Column,
  dbName: string | undefined,
  parts: ColumnParts,
  imports: Imports,
  names: ColumnNames,
  from: { readonly schema?: string | undefined },
): string {
  let code = drizzleType(column.type, dbName, imports, names, from);
  if (parts.primaryKey) code += ".primaryKey()";
  const implied = parts.primaryKey || column.identity !== undefined || ["smallserial", "serial", "bigserial"].includes(column.type.kind);
  if (!column.nullable && !implied) code += ".notNull()";
  if (parts.unique !== undefined) code += `.unique(${parts.unique})`;
  if (column.identity !== undefined) {
    const options = object([
      ["startWith", column.identity.start?.toString()],
      ["increment", column.identity.increment?.toString()],
    ]);
    const args = options === "{}" ? "" : options;
    code += column.identity.always ? `.generatedAlwaysAsIdentity(${args})` : `.generatedByDefaultAsIdentity(${args})`;
  }
  if (column.generatedAs !== undefined) code += `.generatedAlwaysAs(${sqlTemplate(column.generatedAs, imports)})`;
  code += defaultCall(column, imports);
  if (parts.references !== undefined) code += `.references(${parts.references})`;
  return code;
}
