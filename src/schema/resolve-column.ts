/**
 * Turns a column builder into model data, validating it with the table and column names at hand:
 * the column itself and the constraints declared on it (primary key, unique, foreign key).
 */
import { SchemaError } from "../errors.js";
import type { ColumnBuilder, ColumnRef, ReferenceOptions, ReferenceTarget, ReferentialActionOption } from "./column.js";
import { frozen } from "./freeze.js";
import type { Column, ColumnDefault, ColumnType, Deferrable, ForeignKey, ReferentialAction, UniqueConstraint } from "./model.js";
import { conventionName, type NamingConvention } from "./naming.js";
import { isSqlExpression } from "./sql.js";

/** Where a model element sits, for error messages. */
export interface Where {
  readonly table: string;
  readonly column?: string;
}

/** Builds the SchemaError for a model that cannot be right, naming the table (and column). */
export function schemaError(where: Where, message: string, hint?: string): SchemaError {
  const subject = where.column === undefined ? `Table "${where.table}"` : `Column "${where.table}.${where.column}"`;
  return new SchemaError(`${subject}: ${message}`, {
    ...(hint === undefined ? {} : { hint }),
    details: { ...where },
  });
}

/** True for a value made by a column builder (duck-typed, so two copies of the library still agree). */
export function isColumnBuilder(value: unknown): value is ColumnBuilder {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { spec?: unknown }).spec === "object" &&
    typeof (value as { notNull?: unknown }).notNull === "function"
  );
}

function isInteger(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Checks a type's parameters. */
export function validateType(type: ColumnType, where: Where): void {
  switch (type.kind) {
    case "varchar":
    case "char":
      if (type.length !== undefined && !isInteger(type.length, 1, 10_485_760)) {
        throw schemaError(where, `${type.kind}(${type.length}): the length must be an integer from 1 to 10485760`);
      }
      return;
    case "numeric":
      if (type.precision !== undefined && !isInteger(type.precision, 1, 1000)) {
        throw schemaError(where, `numeric(${type.precision}): the precision must be an integer from 1 to 1000`);
      }
      if (type.scale !== undefined && (type.precision === undefined || !isInteger(type.scale, -1000, 1000))) {
        throw schemaError(where, `numeric scale ${type.scale} needs a precision and must be an integer from -1000 to 1000`);
      }
      return;
    case "time":
    case "timestamp":
      if (type.precision !== undefined && !isInteger(type.precision, 0, 6)) {
        throw schemaError(where, `${type.kind} precision ${type.precision} must be an integer from 0 to 6`);
      }
      return;
    case "array":
      if (!isInteger(type.dimensions, 1, 6)) {
        throw schemaError(where, `an array needs 1 to 6 dimensions, got ${type.dimensions}`);
      }
      if (type.element.kind === "array") {
        throw schemaError(where, "an array of arrays is written array(element, dimensions)", "Use .array(2) for a two-dimensional array.");
      }
      if (type.element.kind === "serial" || type.element.kind === "bigserial" || type.element.kind === "smallserial") {
        throw schemaError(where, `there is no array of ${type.element.kind}`, "Use an array of integer or bigint.");
      }
      validateType(type.element, where);
      return;
    case "enum":
      if (type.name.length === 0 || type.schema === "") throw schemaError(where, "an enum column needs the enum's name");
      return;
    case "custom":
      if (type.sql.trim().length === 0) throw schemaError(where, "customType() needs the type's SQL name");
      return;
    default:
      return;
  }
}

/** A deferrable option as written, normalised: absent is NOT DEFERRABLE, `true` is INITIALLY IMMEDIATE. */
export function normalizeDeferrable(value: boolean | Deferrable | undefined): Deferrable | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? "immediate" : value;
}

/** A referential action as written, normalised: `no action` (PostgreSQL's default) is stored as absent. */
export function normalizeAction(value: ReferentialActionOption | undefined, where: Where): ReferentialAction | undefined {
  if (value === undefined || value === "no action") return undefined;
  if (value === "cascade" || value === "restrict" || value === "set null" || value === "set default") return value;
  throw schemaError(
    where,
    `unknown referential action ${JSON.stringify(value)}`,
    'Use "cascade", "restrict", "set null", "set default" or "no action".',
  );
}

/** A reference target with its table resolved, or `undefined` when a lazy target is left for later. */
export function resolveTarget(
  target: ReferenceTarget,
  where: Where,
  deferLazy: boolean,
): { readonly table: string; readonly schema?: string; readonly column: string } | undefined {
  if (typeof target === "function") {
    if (deferLazy) return undefined;
    const ref: ColumnRef | undefined = target();
    if (typeof ref !== "object" || ref === null || ref.kind !== "columnRef") {
      throw schemaError(
        where,
        "the referenced column does not exist (the reference function returned no column)",
        "Check the column name in .references(() => table.column).",
      );
    }
    return ref;
  }
  if (typeof target === "string") {
    const parts = target.split(".");
    if (parts.length === 2 && parts.every((part) => part.length > 0)) return { table: parts[0]!, column: parts[1]! };
    if (parts.length === 3 && parts.every((part) => part.length > 0)) return { schema: parts[0]!, table: parts[1]!, column: parts[2]! };
    throw schemaError(
      where,
      `cannot read the reference "${target}"`,
      'Write "table.column" or "schema.table.column", or { table, column, schema } for names with dots.',
    );
  }
  return target;
}

/** A column builder resolved into the column and the constraints declared on it. */
export interface ResolvedColumn {
  readonly column: Column;
  /** Present when the column was declared `.primaryKey()`; holds the explicit name, if any. */
  readonly primaryKey?: { readonly name?: string };
  readonly unique?: UniqueConstraint;
  /** Absent when the column has no reference, or when a lazy reference was deferred. */
  readonly foreignKey?: ForeignKey;
}

function resolveDefault(value: unknown, where: Where): ColumnDefault {
  if (isSqlExpression(value)) return { kind: "expression", sql: value.sql };
  if (value === null || ["string", "number", "bigint", "boolean"].includes(typeof value)) {
    return { kind: "literal", value: value as string | number | bigint | boolean | null };
  }
  throw schemaError(
    where,
    `a default must be a string, number, bigint, boolean, null or sql\`…\`, got ${typeof value}`,
    "For JSON defaults write .default(sql`'{}'::jsonb`) or .default(JSON.stringify(value)).",
  );
}

const INTEGER_KINDS = new Set(["smallint", "integer", "bigint"]);
const SERIAL_KINDS = new Set(["smallserial", "serial", "bigserial"]);

/** A generated column takes an sql`…` expression and excludes a default, an identity and a serial type. */
function checkGenerated(spec: ColumnBuilder["spec"], where: Where): void {
  if (!isSqlExpression(spec.generatedAs) || spec.generatedAs.sql.trim().length === 0) {
    throw schemaError(where, "generatedAlwaysAs() needs an SQL expression", "Write .generatedAlwaysAs(sql`price * qty`).");
  }
  const other =
    spec.default !== undefined
      ? "a default"
      : spec.identity !== undefined
        ? "an identity"
        : SERIAL_KINDS.has(spec.type.kind)
          ? "a serial type"
          : undefined;
  if (other !== undefined) {
    throw schemaError(where, `a generated column cannot also have ${other}`, "Keep either .generatedAlwaysAs(…) or the other.");
  }
}

/** Resolves and validates one column of `table`. */
export function resolveColumn(
  tableName: string,
  name: string,
  builder: ColumnBuilder,
  convention: NamingConvention | undefined,
  deferLazy: boolean,
): ResolvedColumn {
  const where = { table: tableName, column: name };
  if (name.length === 0) throw schemaError({ table: tableName }, "a column name cannot be empty");
  if (!isColumnBuilder(builder)) {
    throw schemaError(where, "is not a column builder", "Use integer(), varchar(n), text() … from retort/schema.");
  }
  const spec = builder.spec;
  validateType(spec.type, where);
  if (spec.identity !== undefined) {
    if (!INTEGER_KINDS.has(spec.type.kind)) {
      throw schemaError(where, `an identity column must be smallint, integer or bigint, not ${spec.type.kind}`);
    }
    if (spec.default !== undefined) throw schemaError(where, "an identity column cannot also have a default");
  }
  if (spec.generatedAs !== undefined) checkGenerated(spec, where);
  if (spec.collation !== undefined && (typeof spec.collation !== "string" || spec.collation.length === 0)) {
    throw schemaError(where, `collate() needs a collation name, got ${JSON.stringify(spec.collation)}`, 'Write .collate("C").');
  }
  if (SERIAL_KINDS.has(spec.type.kind) && spec.default !== undefined) {
    throw schemaError(
      where,
      `a ${spec.type.kind} column already has a default (its sequence)`,
      "Use integer() with .default(), or drop the default.",
    );
  }
  const implicitNotNull = spec.identity !== undefined || SERIAL_KINDS.has(spec.type.kind);
  const column: Column = frozen({
    name,
    type: spec.type,
    nullable: !(spec.notNull || spec.primaryKey !== undefined || implicitNotNull),
    default: spec.default === undefined ? undefined : resolveDefault(spec.default, where),
    identity: spec.identity === undefined ? undefined : { ...spec.identity },
    generatedAs: spec.generatedAs?.sql,
    collation: spec.collation,
    comment: spec.comment,
  });
  const unique: UniqueConstraint | undefined =
    spec.unique === undefined
      ? undefined
      : frozen({
          kind: "unique",
          name: spec.unique.name ?? conventionName(convention, "uq", { table: tableName, columns: [name] }),
          columns: [name],
          deferrable: normalizeDeferrable(spec.unique.deferrable),
          nullsNotDistinct: spec.unique.nullsNotDistinct ? true : undefined,
        });
  let foreignKey: ForeignKey | undefined;
  if (spec.references !== undefined) {
    const target = resolveTarget(spec.references.target, where, deferLazy);
    if (target !== undefined)
      foreignKey = referenceToForeignKey(
        tableName,
        [name],
        target.table,
        target.schema,
        [target.column],
        spec.references.options,
        convention,
        where,
      );
  }
  return frozen({ column, primaryKey: spec.primaryKey, unique, foreignKey });
}

/** Builds a foreign key, named by `options.name` or the convention. */
export function referenceToForeignKey(
  tableName: string,
  columns: readonly string[],
  referredTable: string,
  referredSchema: string | undefined,
  referredColumns: readonly string[],
  options: ReferenceOptions,
  convention: NamingConvention | undefined,
  where: Where,
): ForeignKey {
  return frozen({
    kind: "foreignKey",
    name: options.name ?? conventionName(convention, "fk", { table: tableName, columns, referredTable, referredColumns }),
    columns: [...columns],
    referredTable,
    referredSchema,
    referredColumns: [...referredColumns],
    onDelete: normalizeAction(options.onDelete, where),
    onUpdate: normalizeAction(options.onUpdate, where),
    deferrable: normalizeDeferrable(options.deferrable),
  });
}
