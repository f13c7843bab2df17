/**
 * Model parts as the builder calls of `retort/schema`: types (`varchar(200)`), columns
 * (`integer().primaryKey()`), indexes (`index("ix", ["title"])`), references and defaults.
 */
import { assertNever } from "../../errors.js";
import type {
  Column,
  ColumnDefault,
  ColumnType,
  Constraint,
  ExclusionConstraint,
  ForeignKey,
  Identity,
  Index,
  IndexElement,
} from "../../schema/model.js";
import { conventionName, type NamingContext, type NamingConvention, shortenedObjectName } from "../../schema/naming.js";
import { type Imports, literal, object, optionsArgument, soleArgument, sqlTemplate, str, stringArray } from "./code.js";

/**
 * How a models module names the objects it declares: the code of a reference's target (`() => directors.id`)
 * and of an enum type's const. Revision files have no such names and refer by string; an answer of `undefined`
 * (an object the module does not declare) falls back to that.
 */
export interface ModelReferences {
  /** `() => directors.id`, or `() => [cities.country, cities.name]` for a composite key. */
  foreignKeyTarget(fk: ForeignKey, from: { readonly table: string; readonly schema?: string | undefined }): string | undefined;
  /** The const holding an enum type. */
  enumType(
    type: { readonly name: string; readonly schema?: string | undefined },
    from: { readonly schema?: string | undefined },
  ): string | undefined;
  /** The const holding a partition's parent table; absent or undefined: its name as a string. */
  partitionParent?(partitionOf: { readonly table: string; readonly schema?: string | undefined }): string | undefined;
}

function call(name: string, imports: Imports, args = ""): string {
  imports.add(name);
  return `${name}(${args})`;
}

/** The builder call for a type: `integer()`, `varchar(200)`, `timestamptz({ precision: 3 })`, `text().array()`. */
export function typeBuilder(
  type: ColumnType,
  imports: Imports,
  refs?: ModelReferences,
  from: { readonly schema?: string | undefined } = {},
): string {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "smallserial":
    case "serial":
    case "bigserial":
    case "boolean":
    case "text":
    case "real":
    case "doublePrecision":
    case "date":
    case "interval":
    case "uuid":
    case "json":
    case "jsonb":
    case "bytea":
      return call(type.kind, imports);
    case "varchar":
    case "char":
      return call(type.kind, imports, type.length === undefined ? "" : String(type.length));
    case "numeric":
      return call("numeric", imports, [type.precision, type.scale].filter((n) => n !== undefined).join(", "));
    case "time":
      return call(
        "time",
        imports,
        soleArgument([
          ["withTimeZone", type.withTimeZone ? "true" : undefined],
          ["precision", type.precision?.toString()],
        ]),
      );
    case "timestamp":
      return type.withTimeZone
        ? call("timestamptz", imports, soleArgument([["precision", type.precision?.toString()]]))
        : call("timestamp", imports, soleArgument([["precision", type.precision?.toString()]]));
    case "array":
      return `${typeBuilder(type.element, imports, refs, from)}.array(${type.dimensions === 1 ? "" : type.dimensions})`;
    case "enum": {
      const named = refs?.enumType(type, from);
      if (named !== undefined) return call("enumColumn", imports, named);
      return call(
        "enumColumn",
        imports,
        `${str(type.name)}${optionsArgument([["schema", type.schema === undefined ? undefined : str(type.schema)]])}`,
      );
    }
    case "custom":
      return call("customType", imports, str(type.sql));
    default:
      return assertNever(type, "column type");
  }
}

/** A default as the argument of `.default()` (and of alterColumn's `default`): a literal or `sql\`…\``. */
export function defaultValue(value: ColumnDefault | null, imports: Imports): string {
  if (value === null) return "null";
  switch (value.kind) {
    case "literal":
      return literal(value.value);
    case "expression":
      return sqlTemplate(value.sql, imports);
    default:
      return assertNever(value, "column default");
  }
}

/**
 * The name the builders of a revision file give a constraint declared without one: the default naming
 * convention (PostgreSQL's own names), as `op.createTable` and `op.addColumn` apply it. A constraint of that
 * name is rendered without it.
 */
export function defaultName(type: keyof NamingConvention, context: NamingContext): string {
  return conventionName(undefined, type, context);
}

/** `"directors.id"` (or `"schema.table.column"`, or an object when a name holds a dot). */
function referenceTarget(fk: ForeignKey): string {
  const column = fk.referredColumns[0] ?? "";
  const parts = [...(fk.referredSchema === undefined ? [] : [fk.referredSchema]), fk.referredTable, column];
  if (parts.some((part) => part.includes("."))) {
    return object([
      ["table", str(fk.referredTable)],
      ["column", str(column)],
      ["schema", fk.referredSchema === undefined ? undefined : str(fk.referredSchema)],
    ]);
  }
  return str(parts.join("."));
}

/** The options of a reference or composite foreign key: name (unless the default), actions, deferrable. */
export function foreignKeyOptions(fk: ForeignKey, table: string): (readonly [string, string | undefined])[] {
  const unnamed = defaultName("fk", { table, columns: fk.columns, referredTable: fk.referredTable, referredColumns: fk.referredColumns });
  return [
    ["name", fk.name === unnamed ? undefined : str(fk.name)],
    ["onDelete", fk.onDelete === undefined ? undefined : str(fk.onDelete)],
    ["onUpdate", fk.onUpdate === undefined ? undefined : str(fk.onUpdate)],
    ["deferrable", fk.deferrable === undefined ? undefined : str(fk.deferrable)],
  ];
}

/** `{ name: "…" }` when `name` is not what the default naming convention gives. */
function nameOption(name: string, unnamed: string): string {
  return soleArgument([["name", name === unnamed ? undefined : str(name)]]);
}

/**
 * A column builder chain: `varchar(200).notNull().unique().default("x").references("t.id").comment("…")`.
 * `constraints` are the single-column constraints declared on the column.
 */
export function columnBuilder(
  table: string,
  column: Column,
  constraints: readonly Constraint[],
  imports: Imports,
  refs?: ModelReferences,
  schema?: string,
): string {
  let code = typeBuilder(column.type, imports, refs, { schema });
  if (column.collation !== undefined) code += `.collate(${str(column.collation)})`;
  const primaryKey = constraints.find((c) => c.kind === "primaryKey");
  if (primaryKey !== undefined) code += `.primaryKey(${nameOption(primaryKey.name, defaultName("pk", { table, columns: [column.name] }))})`;
  const implied =
    primaryKey !== undefined || column.identity !== undefined || ["smallserial", "serial", "bigserial"].includes(column.type.kind);
  if (!column.nullable && !implied) code += ".notNull()";
  for (const constraint of constraints) {
    if (constraint.kind !== "unique") continue;
    code += `.unique(${soleArgument([
      ["name", constraint.name === defaultName("uq", { table, columns: [column.name] }) ? undefined : str(constraint.name)],
      ["deferrable", constraint.deferrable === undefined ? undefined : str(constraint.deferrable)],
      ["nullsNotDistinct", constraint.nullsNotDistinct ? "true" : undefined],
    ])})`;
  }
  if (column.identity !== undefined) {
    const options = soleArgument(identityEntries(column.identity));
    code += column.identity.always ? `.generatedAlwaysAsIdentity(${options})` : `.generatedByDefaultAsIdentity(${options})`;
  }
  if (column.generatedAs !== undefined) code += `.generatedAlwaysAs(${sqlTemplate(column.generatedAs, imports)})`;
  if (column.default !== undefined) code += `.default(${defaultValue(column.default, imports)})`;
  for (const constraint of constraints) {
    if (constraint.kind !== "foreignKey") continue;
    const target = refs?.foreignKeyTarget(constraint, { table, schema }) ?? referenceTarget(constraint);
    code += `.references(${target}${optionsArgument(foreignKeyOptions(constraint, table))})`;
  }
  if (column.comment !== undefined) code += `.comment(${str(column.comment)})`;
  return code;
}

function indexElement(element: IndexElement, imports: Imports): string {
  const extra: (readonly [string, string | undefined])[] = [
    ["opclass", element.opclass === undefined ? undefined : str(element.opclass)],
    ["order", element.order === undefined ? undefined : str(element.order)],
    ["nulls", element.nulls === undefined ? undefined : str(element.nulls)],
  ];
  const plain = extra.every(([, v]) => v === undefined);
  if (element.kind === "column") return plain ? str(element.name) : object([["column", str(element.name)], ...extra]);
  return plain ? sqlTemplate(element.sql, imports) : object([["expression", sqlTemplate(element.sql, imports)], ...extra]);
}

/** The elements and options of an index, as `createIndex` and `index()` take them. */
export function indexParts(index: Index, imports: Imports): { elements: string; options: (readonly [string, string | undefined])[] } {
  return {
    elements: `[${index.elements.map((e) => indexElement(e, imports)).join(", ")}]`,
    options: [
      ["unique", index.unique ? "true" : undefined],
      ["method", index.method === undefined ? undefined : str(index.method)],
      ["where", index.where === undefined ? undefined : sqlTemplate(index.where, imports)],
      ["include", index.include === undefined ? undefined : stringArray(index.include)],
      ["nullsNotDistinct", index.nullsNotDistinct ? "true" : undefined],
    ],
  };
}

/** The options of an exclusion constraint, as `exclude()` and `op.createExclusionConstraint` take them. */
export function exclusionEntries(constraint: ExclusionConstraint, imports: Imports): (readonly [string, string | undefined])[] {
  const elements = constraint.elements.map((element) => {
    const { operator, ...rest } = element;
    const part: IndexElement = rest;
    const source: readonly [string, string] =
      part.kind === "column" ? ["column", str(part.name)] : ["expression", sqlTemplate(part.sql, imports)];
    return object([
      source,
      ["operator", str(operator)],
      ["opclass", part.opclass === undefined ? undefined : str(part.opclass)],
      ["order", part.order === undefined ? undefined : str(part.order)],
      ["nulls", part.nulls === undefined ? undefined : str(part.nulls)],
    ]);
  });
  return [
    ["using", str(constraint.method)],
    ["elements", `[${elements.join(", ")}]`],
    ["where", constraint.where === undefined ? undefined : sqlTemplate(constraint.where, imports)],
    ["deferrable", constraint.deferrable === undefined ? undefined : str(constraint.deferrable)],
  ];
}

/** `exclude("ex_bookings_overlap", { using: "gist", elements: [{ column: "during", operator: "&&" }] })`; unnamed under PostgreSQL's own name. */
export function exclusionBuilder(table: string, constraint: ExclusionConstraint, imports: Imports): string {
  const columns = constraint.elements.map((e) => (e.kind === "column" ? e.name : undefined));
  const unnamed = columns.every((c) => c !== undefined) && constraint.name === shortenedObjectName(table, columns.join("_"), "excl");
  const options = object(exclusionEntries(constraint, imports));
  return call("exclude", imports, unnamed ? options : `${str(constraint.name)}, ${options}`);
}

/** `index("ix_movies_title", ["title"], { unique: true })`. */
export function indexBuilder(index: Index, imports: Imports): string {
  const parts = indexParts(index, imports);
  return call("index", imports, `${str(index.name)}, ${parts.elements}${optionsArgument(parts.options)}`);
}

/** The sequence options of an identity as `[key, code]` entries (`always` left to the caller), absent ones undefined. */
export function identityEntries(identity: Identity): (readonly [string, string | undefined])[] {
  return [
    ["start", identity.start?.toString()],
    ["increment", identity.increment?.toString()],
    ["minValue", identity.minValue?.toString()],
    ["maxValue", identity.maxValue?.toString()],
    ["cache", identity.cache?.toString()],
    ["cycle", identity.cycle === undefined ? undefined : String(identity.cycle)],
  ];
}
