import { SchemaError } from "../errors.js";
import type { ColumnValues } from "./column-values.js";
import { type ColumnBuilder, column } from "./column.js";
import { frozen } from "./freeze.js";
import type { CheckConstraint, ColumnDefault, Domain, Extension, LiteralDefault } from "./model.js";
import { checkOptions } from "./options.js";
import { isColumnBuilder, validateType } from "./resolve-column.js";
import { isSqlExpression, type SqlExpression } from "./sql.js";

/** Options of {@link domain}. */
export interface DomainOptions {
  readonly schema?: string;
  /** A check on `VALUE`, named `<domain>_check`: `sql\`VALUE ~ '^[^@]+@[^@]+$'\``. */
  readonly check?: SqlExpression | string;
  /** Named checks on `VALUE`, by constraint name. */
  readonly checks?: Readonly<Record<string, SqlExpression | string>>;
  readonly notNull?: boolean;
  readonly default?: LiteralDefault | SqlExpression;
  readonly collate?: string;
}

const DOMAIN_KEYS = ["schema", "check", "checks", "notNull", "default", "collate"] as const;

/** The typed values of a domain: those of its base type. */
export interface DomainDefinition<T extends ColumnValues = ColumnValues> extends Domain {
  /** Types only: the base type's values (no such property at run time). */
  readonly __values?: T;
}

function domainDefault(value: LiteralDefault | SqlExpression | undefined, builder: string): ColumnDefault | undefined {
  if (value === undefined || value === null) return undefined;
  if (isSqlExpression(value)) return { kind: "expression", sql: value.sql };
  if (["string", "number", "bigint", "boolean"].includes(typeof value)) return { kind: "literal", value };
  throw new SchemaError(`${builder}: a default must be a literal or sql\`…\`, got ${typeof value}`);
}

function checkText(value: SqlExpression | string, builder: string, name: string): string {
  const text = typeof value === "string" ? value : isSqlExpression(value) ? value.sql : undefined;
  if (text === undefined || text.trim().length === 0) {
    throw new SchemaError(`${builder}: check ${name} must be sql\`…\` on VALUE`, { details: { check: name } });
  }
  return text;
}

/**
 * Declares a domain: `export const email = domain("email", text(), { check: sql\`VALUE ~ '@'\`, notNull: true })`.
 * Exported domains of the models module belong to the target schema; a column uses one with `domainColumn(email)`.
 * The base type is a bare type builder (`text()`, `numeric(10, 2)`, `enumColumn(genre)`).
 */
export function domain<T extends ColumnValues>(name: string, type: ColumnBuilder<T>, options: DomainOptions = {}): DomainDefinition<T> {
  if (typeof name !== "string" || name.length === 0) throw new SchemaError("A domain needs a name");
  const builder = `domain("${name}")`;
  checkOptions(builder, options, DOMAIN_KEYS);
  if (!isColumnBuilder(type)) throw new SchemaError(`${builder}: the base type must be a type builder such as text()`);
  const spec = type.spec;
  if (spec.notNull || spec.primaryKey || spec.unique || spec.default !== undefined || spec.references || spec.identity) {
    throw new SchemaError(`${builder}: the base type takes a bare type builder`, {
      hint: "Give NOT NULL, the default and the collation as the domain's options: domain(name, text(), { notNull: true }).",
    });
  }
  if (["smallserial", "serial", "bigserial"].includes(spec.type.kind)) {
    throw new SchemaError(`${builder}: a domain cannot be serial`, { hint: "Use an integer base type and a column default." });
  }
  validateType(spec.type, { table: name, column: "(domain)" });
  const checks: CheckConstraint[] = [];
  if (options.check !== undefined)
    checks.push({ kind: "check", name: `${name}_check`, expression: checkText(options.check, builder, `${name}_check`) });
  for (const [checkName, expression] of Object.entries(options.checks ?? {})) {
    if (checks.some((c) => c.name === checkName)) throw new SchemaError(`${builder}: two checks are named ${checkName}`);
    checks.push({ kind: "check", name: checkName, expression: checkText(expression, builder, checkName) });
  }
  checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return frozen({
    kind: "domain",
    name,
    schema: options.schema,
    type: spec.type,
    notNull: options.notNull || undefined,
    default: domainDefault(options.default, builder),
    collation: options.collate ?? spec.collation,
    checks,
  });
}

/** True for a value returned by `domain()`. */
export function isDomain(value: unknown): value is Domain {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "domain";
}

/** A name as PostgreSQL's `format_type` prints it: bare when it needs no quotes, else quoted. */
function typeNamePart(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/**
 * A column of a domain: `domainColumn(email)` with a domain from `domain()`, or `domainColumn("email", { schema })`
 * by name in revision files. Its values are typed as the domain's base type.
 */
export function domainColumn<T extends ColumnValues = ColumnValues>(
  target: DomainDefinition<T> | string,
  options: { readonly schema?: string } = {},
): ColumnBuilder<T> {
  checkOptions("domainColumn()", options, ["schema"]);
  const name = typeof target === "string" ? target : target.name;
  const schema = typeof target === "string" ? options.schema : target.schema;
  if (name.length === 0) throw new SchemaError("domainColumn(): the domain needs a name");
  const text = schema === undefined ? typeNamePart(name) : `${typeNamePart(schema)}.${typeNamePart(name)}`;
  return column({ kind: "custom", sql: text }) as unknown as ColumnBuilder<T>;
}

/** Options of {@link extension}. */
export interface ExtensionOptions {
  /** The schema its objects go in (`WITH SCHEMA`); absent: the default one. */
  readonly schema?: string;
  /** A version to install; absent: the server's default, and any installed version is accepted. */
  readonly version?: string;
}

/**
 * Declares an extension: `export const trgm = extension("pg_trgm")`. Exported extensions of the models module
 * belong to the target schema; autogenerate creates them before anything else and drops them last.
 */
export function extension(name: string, options: ExtensionOptions = {}): Extension {
  if (typeof name !== "string" || name.length === 0) throw new SchemaError("An extension needs a name");
  checkOptions(`extension("${name}")`, options, ["schema", "version"]);
  return frozen({ kind: "extension", name, schema: options.schema, version: options.version });
}

/** True for a value returned by `extension()`. */
export function isExtension(value: unknown): value is Extension {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "extension";
}
