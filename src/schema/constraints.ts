/**
 * Builders for the table-level parts of a model, used in `table()` options and by the `op` methods:
 * indexes, unique and check constraints, composite foreign keys.
 */
import { SchemaError } from "../errors.js";
import { type ColumnRef, REFERENCE_OPTIONS, type ReferenceOptions } from "./column.js";
import { frozen } from "./freeze.js";
import { shortenedObjectName } from "./naming.js";
import type { Deferrable, ExclusionConstraint, ExclusionElement, Index, IndexElement } from "./model.js";
import { checkOptions } from "./options.js";
import { normalizeDeferrable } from "./resolve-column.js";
import { isSqlExpression, sqlText, type SqlExpression } from "./sql.js";

/** One key part of an index as written: a column name, an expression, or either with ordering/opclass. */
export type IndexElementInput =
  | string
  | SqlExpression
  | {
      readonly column?: string;
      readonly expression?: SqlExpression | string;
      readonly opclass?: string;
      readonly order?: "asc" | "desc";
      readonly nulls?: "first" | "last";
    };

/** Options of an index. */
export interface IndexOptions {
  readonly unique?: boolean;
  /** Access method: `btree` (default), `hash`, `gin`, `gist`, `brin`, `spgist`. */
  readonly method?: string;
  /** Partial-index predicate. */
  readonly where?: SqlExpression | string;
  /** Non-key columns carried in the index. */
  readonly include?: readonly string[];
  /** A unique index's `NULLS NOT DISTINCT` (PostgreSQL 15+): null keys count as equal. */
  readonly nullsNotDistinct?: boolean;
}

const METHOD = /^[a-z_][a-z0-9_]*$/;
const OPCLASS = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function indexElement(indexName: string, input: IndexElementInput): IndexElement {
  if (typeof input === "string") return { kind: "column", name: input };
  if (!isSqlExpression(input))
    checkOptions(`Index "${indexName}": an element`, input, ["column", "expression", "opclass", "order", "nulls"]);
  if (isSqlExpression(input)) return { kind: "expression", sql: input.sql };
  const extra = { opclass: input.opclass, order: input.order, nulls: input.nulls };
  if (input.column !== undefined && input.expression === undefined) return { kind: "column", name: input.column, ...extra };
  if (input.expression !== undefined && input.column === undefined) {
    return { kind: "expression", sql: sqlText(input.expression), ...extra };
  }
  throw new SchemaError(`Index "${indexName}": each element needs exactly one of column or expression`, {
    details: { index: indexName },
  });
}

/**
 * An index: `index("ix_movies_title", ["title"])`, `index("ix_lower_title", [sql\`lower(title)\`])`,
 * `index("ix_tags", ["tags"], { method: "gin" })`, `index("ix_active", ["email"], { unique: true, where: sql\`deleted_at IS NULL\` })`.
 */
export function index(name: string, elements: readonly IndexElementInput[], options: IndexOptions = {}): Index {
  if (typeof name !== "string" || name.length === 0) {
    throw new SchemaError(`An index needs a name, got ${JSON.stringify(name)}`, { hint: 'index("ix_movies_title", ["title"])' });
  }
  if (!Array.isArray(elements) || elements.length === 0) {
    throw new SchemaError(`Index "${name}" has no columns or expressions`, { details: { index: name } });
  }
  checkOptions(`index("${name}")`, options, ["unique", "method", "where", "include", "nullsNotDistinct"]);
  if (options.nullsNotDistinct && !options.unique) {
    throw new SchemaError(`Index "${name}": nullsNotDistinct applies to a unique index only`, {
      hint: "Add unique: true, or remove nullsNotDistinct.",
      details: { index: name },
    });
  }
  if (options.method !== undefined && !METHOD.test(options.method)) {
    throw new SchemaError(`Index "${name}": ${JSON.stringify(options.method)} is not an index method`, {
      hint: "Use btree, hash, gin, gist, spgist, brin or another access method's name.",
      details: { index: name },
    });
  }
  const built = elements.map((element) => indexElement(name, element));
  for (const element of built) {
    if (element.opclass !== undefined && !OPCLASS.test(element.opclass)) {
      throw new SchemaError(`Index "${name}": ${JSON.stringify(element.opclass)} is not an operator class name`, {
        details: { index: name },
      });
    }
  }
  return frozen({
    name,
    elements: built,
    unique: options.unique ?? false,
    method: options.method,
    where: options.where === undefined ? undefined : sqlText(options.where),
    include: options.include === undefined || options.include.length === 0 ? undefined : [...options.include],
    nullsNotDistinct: options.nullsNotDistinct ? true : undefined,
  });
}

/** A table-level unique constraint as declared (named by the convention when `name` is absent). */
export interface UniqueSpec {
  readonly kind: "uniqueSpec";
  readonly columns: readonly string[];
  readonly name?: string;
  readonly deferrable?: boolean | Deferrable;
  readonly nullsNotDistinct?: boolean;
}

/** Options of a unique constraint. */
export interface UniqueOptions {
  readonly name?: string;
  readonly deferrable?: boolean | Deferrable;
  /** `UNIQUE NULLS NOT DISTINCT` (PostgreSQL 15+): rows whose keys are null count as equal. */
  readonly nullsNotDistinct?: boolean;
}

/** The keys of {@link UniqueOptions}, checked at run time. */
export const UNIQUE_OPTIONS: readonly (keyof UniqueOptions)[] = ["name", "deferrable", "nullsNotDistinct"];

/** A unique constraint over one or more columns: `unique(["title", "release_date"])`. */
export function unique(columns: readonly string[], options: UniqueOptions = {}): UniqueSpec {
  checkOptions("unique()", options, UNIQUE_OPTIONS);
  return frozen({
    kind: "uniqueSpec",
    columns: [...columns],
    name: options.name,
    deferrable: options.deferrable,
    nullsNotDistinct: options.nullsNotDistinct ? true : undefined,
  });
}

/** A check constraint as declared. */
export interface CheckSpec {
  readonly kind: "checkSpec";
  readonly name?: string;
  readonly expression: string;
}

/** A check constraint: `check("ck_movies_positive_length", sql\`length_minutes > 0\`)`, or unnamed `check(sql\`…\`)`. */
export function check(nameOrExpression: string | SqlExpression, expression?: SqlExpression | string): CheckSpec {
  if (expression === undefined) return frozen({ kind: "checkSpec", expression: sqlText(nameOrExpression) });
  if (typeof nameOrExpression !== "string") {
    throw new SchemaError("check(name, expression): the name must be a string", { details: { name: nameOrExpression } });
  }
  return frozen({ kind: "checkSpec", name: nameOrExpression, expression: sqlText(expression) });
}

/** One element of an exclusion constraint: a column or an expression, the operator, and index options. */
export interface ExclusionElementInput {
  readonly column?: string;
  readonly expression?: SqlExpression | string;
  /** The operator rows are compared with on this element: `=`, `&&`, `<>`, `~=`, … */
  readonly operator: string;
  readonly opclass?: string;
  readonly order?: "asc" | "desc";
  readonly nulls?: "first" | "last";
}

/** What `exclude()` takes besides the name. */
export interface ExclusionOptions {
  /** The index access method: `gist` (the usual one), `spgist`, `btree`, `hash`; PostgreSQL's default is `btree`. */
  readonly using?: string;
  readonly elements: readonly ExclusionElementInput[];
  /** Only rows that satisfy this predicate take part. */
  readonly where?: SqlExpression | string;
  readonly deferrable?: boolean | Deferrable;
}

const EXCLUSION_OPTIONS: readonly (keyof ExclusionOptions)[] = ["using", "elements", "where", "deferrable"];
const OPERATOR = /^(?:[+\-*/<>=~!@#%^&|`?]+|OPERATOR\([^()]+\))$/;

/** An exclusion constraint as declared (named `<table>_<columns>_excl`, PostgreSQL's own name, when `name` is absent). */
export interface ExclusionSpec {
  readonly kind: "exclusionSpec";
  readonly name?: string;
  readonly method: string;
  readonly elements: readonly ExclusionElement[];
  readonly where?: string;
  readonly deferrable?: Deferrable;
}

function exclusionSpec(what: string, name: string | undefined, options: ExclusionOptions): Omit<ExclusionSpec, "kind"> {
  if (typeof options !== "object" || options === null) {
    throw new SchemaError(`${what} needs its options: { using, elements }`, {
      hint: 'exclude("ex_bookings_overlap", { using: "gist", elements: [{ column: "during", operator: "&&" }] })',
    });
  }
  checkOptions(what, options, EXCLUSION_OPTIONS);
  const method = (options.using ?? "btree").toLowerCase();
  if (!METHOD.test(method)) {
    throw new SchemaError(`${what}: ${JSON.stringify(options.using)} is not an index method`, {
      hint: "Use gist, spgist, btree or hash.",
      details: { constraint: name },
    });
  }
  if (!Array.isArray(options.elements) || options.elements.length === 0) {
    throw new SchemaError(`${what} has no elements`, {
      hint: 'Give elements: [{ column: "during", operator: "&&" }].',
      details: { constraint: name },
    });
  }
  const elements = options.elements.map((input): ExclusionElement => {
    if (typeof input !== "object" || input === null || isSqlExpression(input)) {
      throw new SchemaError(`${what}: each element is { column or expression, operator }`, { details: { constraint: name } });
    }
    checkOptions(`${what}: an element`, input, ["column", "expression", "operator", "opclass", "order", "nulls"]);
    const operator = typeof input.operator === "string" ? input.operator.trim() : "";
    if (!OPERATOR.test(operator)) {
      throw new SchemaError(`${what}: ${JSON.stringify(input.operator)} is not an operator`, {
        hint: 'Give each element an operator, such as "=" or "&&".',
        details: { constraint: name },
      });
    }
    if ((input.column === undefined) === (input.expression === undefined)) {
      throw new SchemaError(`${what}: each element needs exactly one of column or expression`, { details: { constraint: name } });
    }
    const { operator: _, ...rest } = input;
    const element = indexElement(name ?? "exclude()", rest);
    if (element.opclass !== undefined && !OPCLASS.test(element.opclass)) {
      throw new SchemaError(`${what}: ${JSON.stringify(element.opclass)} is not an operator class name`, { details: { constraint: name } });
    }
    return frozen({ ...element, operator });
  });
  return {
    name,
    method,
    elements,
    where: options.where === undefined ? undefined : sqlText(options.where),
    deferrable: normalizeDeferrable(options.deferrable),
  };
}

/**
 * An exclusion constraint (PostgreSQL): no two rows may satisfy every element's operator at once.
 * ```ts
 * exclude("ex_bookings_overlap", { using: "gist", elements: [{ column: "during", operator: "&&" }] })
 * exclude({ using: "gist", elements: [{ column: "area", operator: "&&" }], where: sql`NOT cancelled` })
 * ```
 */
export function exclude(nameOrOptions: string | ExclusionOptions, options?: ExclusionOptions): ExclusionSpec {
  if (typeof nameOrOptions === "string") {
    if (nameOrOptions.length === 0) throw new SchemaError("exclude(name, options): the name cannot be empty");
    return frozen({ kind: "exclusionSpec", ...exclusionSpec(`exclude("${nameOrOptions}")`, nameOrOptions, options as ExclusionOptions) });
  }
  return frozen({ kind: "exclusionSpec", ...exclusionSpec("exclude()", undefined, nameOrOptions) });
}

/** The neutral exclusion constraint of `spec` on `table`, checked against the table's columns (when known). */
export function exclusionConstraintOf(table: string, spec: Omit<ExclusionSpec, "kind">): ExclusionConstraint {
  let name = spec.name;
  if (name === undefined) {
    const columns = spec.elements.map((element) => (element.kind === "column" ? element.name : undefined));
    if (columns.some((column) => column === undefined)) {
      throw new SchemaError(`Table "${table}": an exclusion constraint over an expression needs a name`, {
        hint: 'exclude("ex_name", { … })',
        details: { table },
      });
    }
    name = shortenedObjectName(table, columns.join("_"), "excl");
  }
  return frozen({ kind: "exclude", name, method: spec.method, elements: spec.elements, where: spec.where, deferrable: spec.deferrable });
}

/** What a composite foreign key refers to: named columns, or columns of a `table()` returned lazily (one, or a list). */
export type ForeignKeyTarget =
  | { readonly table: string; readonly columns: readonly string[]; readonly schema?: string }
  | (() => readonly ColumnRef[] | ColumnRef);

/** A (composite) foreign key as declared in table options. */
export interface ForeignKeySpec extends ReferenceOptions {
  readonly kind: "foreignKeySpec";
  readonly columns: readonly string[];
  readonly references: ForeignKeyTarget;
}

/**
 * A foreign key over one or more columns:
 * `foreignKey({ columns: ["country", "city"], references: () => [cities.country, cities.name], onDelete: "cascade" })`.
 */
export function foreignKey(spec: Omit<ForeignKeySpec, "kind">): ForeignKeySpec {
  checkOptions("foreignKey()", spec, ["columns", "references", ...REFERENCE_OPTIONS]);
  return Object.freeze({ ...spec, kind: "foreignKeySpec", columns: Object.freeze([...spec.columns]) });
}
