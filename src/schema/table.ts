/**
 * `table()`: a model table from column builders and options. The result exposes each column as a property
 * (`movies.id`, for `.references(() => movies.id)`); `tableModel()` gives its neutral {@link Table}.
 */
import type { ColumnBuilder, ColumnRef } from "./column.js";
import { type CheckSpec, type ExclusionSpec, exclusionConstraintOf, type ForeignKeySpec, type UniqueSpec } from "./constraints.js";
import { frozen } from "./freeze.js";
import type { CheckConstraint, ExclusionConstraint, ForeignKey, Index, PrimaryKey, Table, UniqueConstraint } from "./model.js";
import { conventionName, type NamingConvention } from "./naming.js";
import { checkOptions } from "./options.js";
import { type GrantSpec, grantsOf, type RowLevelSecurityOption, rowLevelSecurityOf } from "./security.js";
import { type PartitionBoundSpec, type PartitionBySpec, partitionKeyOf, partitionOfModel } from "./partitions.js";
import type { SqlExpression } from "./sql.js";
import { normalizeDeferrable, referenceToForeignKey, resolveColumn, schemaError, type ResolvedColumn } from "./resolve-column.js";

/** Options of `table()` (and of `op.createTable`). */
export interface TableOptions {
  /** The PostgreSQL schema the table lives in (`search_path`'s first schema, usually `public`, when absent). */
  readonly schema?: string;
  readonly comment?: string;
  /** A composite primary key (declare single-column keys with `.primaryKey()`). */
  readonly primaryKey?: readonly string[] | { readonly name?: string; readonly columns: readonly string[] };
  readonly indexes?: readonly Index[];
  /** Unique constraints from `unique([...])`. */
  readonly uniques?: readonly UniqueSpec[];
  /** Check constraints from `check(...)`. */
  readonly checks?: readonly CheckSpec[];
  /** Exclusion constraints from `exclude(...)` (PostgreSQL only). */
  readonly excludes?: readonly ExclusionSpec[];
  /** Composite foreign keys from `foreignKey({...})`. */
  readonly foreignKeys?: readonly ForeignKeySpec[];
  /** Names for unnamed constraints; PostgreSQL's own default names when absent. */
  readonly namingConvention?: NamingConvention;
  /** Row-level security: `true` enables it, `"force"` applies it to the table's owner too. */
  readonly rowLevelSecurity?: RowLevelSecurityOption;
  /** Privileges granted on the table: `[{ to: "app_user", privileges: ["select", "insert"] }]`. */
  readonly grants?: readonly GrantSpec[];
  /** Makes the table partitioned: `{ range: ["created_at"] }`, `{ list: ["region"] }`, `{ hash: ["id"] }`. */
  readonly partitionBy?: PartitionBySpec;
  /**
   * Makes the table a partition of a partitioned table: its `table()` (in models), or its name (`"events"`,
   * `{ table: "events", schema: "app" }`, in revision files). A partition has its parent's columns: declare none,
   * or use `partition()`.
   */
  readonly partitionOf?: TableDefinition | string | { readonly table: string; readonly schema?: string };
  /** A partition's bound, after `FOR VALUES`: `sql\`FROM ('2026-01-01') TO ('2027-01-01')\``, `sql\`IN ('eu')\``. */
  readonly forValues?: SqlExpression | string;
  /** The default partition (`DEFAULT`), which takes the rows no other partition's bound accepts. */
  readonly defaultPartition?: boolean;
}

const TABLE_OPTIONS: readonly (keyof TableOptions)[] = [
  "schema",
  "comment",
  "primaryKey",
  "indexes",
  "uniques",
  "checks",
  "excludes",
  "foreignKeys",
  "namingConvention",
  "rowLevelSecurity",
  "grants",
  "partitionBy",
  "partitionOf",
  "forValues",
  "defaultPartition",
];

/** The key under which a table definition keeps its source; `Symbol.for` so copies of the library agree. */
export const TABLE_SOURCE: unique symbol = Symbol.for("retort.table") as never;

/** What `table()` was given; the type parameters keep the columns' builders and the names for typed rows. */
export interface TableSource<
  C extends Record<string, ColumnBuilder> = Record<string, ColumnBuilder>,
  N extends string = string,
  S extends string | undefined = string | undefined,
  P extends string = string,
> {
  readonly name: N;
  readonly columns: Readonly<C>;
  readonly options: TableOptions;
  /** Types only: the schema's name and the composite primary key's columns, as `table()` was given them. */
  readonly [TABLE_NAMES]?: { readonly schema: S; readonly primaryKey: P };
}

declare const TABLE_NAMES: unique symbol;

/** Options as written, with a key `TableOptions` does not have refused (TypeScript cannot refuse it otherwise). */
type KnownOptions<O> = O & { readonly [K in Exclude<keyof O, keyof TableOptions>]: never };

/** The schema named in options written as `O`: `undefined` when absent or not a literal. */
export type SchemaOf<O> = O extends { readonly schema: infer S extends string } ? S : undefined;

/** The columns of a composite primary key in options written as `O`; `never` when absent or not literals. */
export type PrimaryKeyOf<O> = O extends { readonly primaryKey: infer K }
  ? K extends readonly (infer P extends string)[] | { readonly columns: readonly (infer P extends string)[] }
    ? string extends P
      ? never
      : P
    : never
  : never;

/** What `table()` returns: one {@link ColumnRef} per column, and the source under {@link TABLE_SOURCE}. */
export type TableDefinition<
  C extends Record<string, ColumnBuilder> = Record<string, ColumnBuilder>,
  N extends string = string,
  S extends string | undefined = string | undefined,
  P extends string = string,
> = {
  readonly [K in keyof C]: ColumnRef;
} & { readonly [TABLE_SOURCE]: TableSource<C, N, S, P> };

/**
 * Declares a model table. Everything except lazy references (`() => other.column`) is validated now; errors
 * name the table and the column.
 * ```ts
 * export const movies = table("movies", {
 *   id: integer().primaryKey(),
 *   title: varchar(200).notNull(),
 *   director_id: integer().references(() => directors.id, { onDelete: "cascade" }),
 * }, { indexes: [index("ix_movies_title", ["title"])] });
 * ```
 */
export function table<N extends string, C extends Record<string, ColumnBuilder>, const O extends TableOptions = {}>(
  name: N,
  columns: C,
  options: KnownOptions<O> = {} as KnownOptions<O>,
): TableDefinition<C, N, SchemaOf<O>, PrimaryKeyOf<O>> {
  const model = buildTable(name, columns, options, true);
  const source: TableSource<C, N, SchemaOf<O>, PrimaryKeyOf<O>> = Object.freeze({
    name,
    columns: Object.freeze({ ...columns }),
    options: Object.freeze({ ...options }),
  });
  // Without lazy references the model is already complete: keep it rather than build it again later.
  if (!hasLazyReferences(columns, options)) models.set(source, model);
  const definition: Record<string | symbol, unknown> = { [TABLE_SOURCE]: source };
  for (const key of Object.keys(columns)) {
    definition[key] = frozen({ kind: "columnRef", table: name, schema: options.schema, column: key });
  }
  return Object.freeze(definition) as TableDefinition<C, N, SchemaOf<O>, PrimaryKeyOf<O>>;
}

/**
 * A `table()` that names unnamed constraints by `convention` (SQLAlchemy's `MetaData(naming_convention=…)`):
 * ```ts
 * const table = withNamingConvention({ pk: "pk_{table}", uq: "uq_{table}_{columns}", fk: "fk_{table}_{columns}_{referred_table}" });
 * ```
 * A table's own `namingConvention` option is merged over it.
 */
export function withNamingConvention(convention: NamingConvention): typeof table {
  return <N extends string, C extends Record<string, ColumnBuilder>, const O extends TableOptions = {}>(
    name: N,
    columns: C,
    options: KnownOptions<O> = {} as KnownOptions<O>,
  ) =>
    table(name, columns, {
      ...options,
      namingConvention: { ...convention, ...options.namingConvention },
    }) as unknown as TableDefinition<C, N, SchemaOf<O>, PrimaryKeyOf<O>>;
}

/** Options of `partition()`: a `table()`'s, but the partition's place instead of its columns' keys. */
export type PartitionOptions = Omit<TableOptions, "partitionOf"> & PartitionBoundSpec;

/**
 * A partition of a partitioned `table()`, with its parent's columns (for typed rows and `events_2026.id`
 * references) without writing them again:
 * ```ts
 * export const events_2026 = partition("events_2026", events, { forValues: sql`FROM ('2026-01-01') TO ('2027-01-01')` });
 * ```
 */
export function partition<N extends string, C extends Record<string, ColumnBuilder>, const O extends PartitionOptions = {}>(
  name: N,
  parent: TableDefinition<C>,
  options: O = {} as O,
): TableDefinition<C, N, SchemaOf<O>, never> {
  if (!isTableDefinition(parent)) {
    throw schemaError({ table: name }, "partition() needs the parent's table() as its second argument");
  }
  checkOptions(`partition("${name}")`, options, [...TABLE_OPTIONS.filter((key) => !NOT_ON_PARTITIONS.includes(key))]);
  return table(name, parent[TABLE_SOURCE].columns as C, { ...options, partitionOf: parent } as TableOptions) as unknown as TableDefinition<
    C,
    N,
    SchemaOf<O>,
    never
  >;
}

/** What a partition inherits from its parent and cannot declare. */
const NOT_ON_PARTITIONS: readonly (keyof TableOptions)[] = ["partitionOf"];

/** The parent of a partition as `{ table, schema }`; its columns when given as a `table()`. */
function parentOf(
  name: string,
  value: NonNullable<TableOptions["partitionOf"]>,
): { readonly table: string; readonly schema?: string | undefined; readonly columns?: unknown } {
  if (typeof value === "string") return { table: value };
  if (isTableDefinition(value)) {
    const source = value[TABLE_SOURCE];
    if (source.options.partitionBy === undefined) {
      throw schemaError(
        { table: name },
        `partitionOf names "${source.name}", which is not partitioned`,
        `Give "${source.name}" a partitionBy option.`,
      );
    }
    return { table: source.name, schema: source.options.schema, columns: source.columns };
  }
  if (typeof value === "object" && value !== null && typeof value.table === "string") {
    checkOptions(`Table "${name}": partitionOf`, value, ["table", "schema"]);
    return { table: value.table, schema: value.schema };
  }
  throw schemaError({ table: name }, "partitionOf must be the parent's table(), its name, or { table, schema }");
}

/** True for a value returned by `table()`. */
export function isTableDefinition(value: unknown): value is TableDefinition {
  return typeof value === "object" && value !== null && TABLE_SOURCE in value;
}

const models = new WeakMap<TableSource, Table>();

function hasLazyReferences(columns: Readonly<Record<string, ColumnBuilder>>, options: TableOptions): boolean {
  return (
    Object.values(columns).some((builder) => typeof builder.spec.references?.target === "function") ||
    (options.foreignKeys ?? []).some((spec) => typeof spec.references === "function")
  );
}

/** The neutral model of a table definition, with lazy references resolved (and checked) now. */
export function tableModel(definition: TableDefinition): Table {
  const source = definition[TABLE_SOURCE];
  let model = models.get(source);
  if (model === undefined) {
    model = buildTable(source.name, source.columns, source.options, false);
    models.set(source, model);
  }
  return model;
}

function checkColumns(tableName: string, what: string, names: readonly string[], known: ReadonlySet<string>): void {
  if (names.length === 0) throw schemaError({ table: tableName }, `${what} has no columns`);
  const seen = new Set<string>();
  for (const name of names) {
    if (!known.has(name)) {
      throw schemaError(
        { table: tableName, column: name },
        `${what} names a column the table does not have`,
        `The table's columns are: ${[...known].join(", ")}.`,
      );
    }
    if (seen.has(name)) throw schemaError({ table: tableName, column: name }, `${what} lists the column twice`);
    seen.add(name);
  }
}

function primaryKeyOf(name: string, resolved: readonly ResolvedColumn[], options: TableOptions): PrimaryKey | undefined {
  const declared = resolved.filter((entry) => entry.primaryKey !== undefined);
  if (declared.length + (options.primaryKey === undefined ? 0 : 1) > 1) {
    const columns = declared.map((entry) => `"${entry.column.name}"`).join(" and ");
    throw schemaError(
      { table: name },
      `declares two primary keys (${columns}${options.primaryKey === undefined ? "" : " and the primaryKey option"})`,
      'A table has one primary key; for a composite key use the table option primaryKey: ["a", "b"].',
    );
  }
  const only = declared[0];
  if (only !== undefined) {
    return frozen({
      kind: "primaryKey",
      name: only.primaryKey?.name ?? conventionName(options.namingConvention, "pk", { table: name, columns: [only.column.name] }),
      columns: [only.column.name],
    });
  }
  if (options.primaryKey === undefined) return undefined;
  const spec = "columns" in options.primaryKey ? options.primaryKey : { columns: options.primaryKey as readonly string[] };
  return frozen({
    kind: "primaryKey",
    name:
      ("name" in spec ? spec.name : undefined) ?? conventionName(options.namingConvention, "pk", { table: name, columns: spec.columns }),
    columns: [...spec.columns],
  });
}

function tableForeignKey(name: string, spec: ForeignKeySpec, options: TableOptions, deferLazy: boolean): ForeignKey | undefined {
  const where = { table: name, ...(spec.columns[0] === undefined ? {} : { column: spec.columns[0] }) };
  let target: { table: string; schema?: string | undefined; columns: readonly string[] };
  if (typeof spec.references === "function") {
    if (deferLazy) return undefined;
    const returned = spec.references();
    const refs: readonly ColumnRef[] = Array.isArray(returned) ? returned : [returned as ColumnRef];
    const first = refs[0];
    if (first === undefined || refs.some((ref) => typeof ref !== "object" || ref === null || ref.kind !== "columnRef")) {
      throw schemaError(where, "the foreign key's referenced columns do not exist (the reference function returned no column)");
    }
    if (refs.some((ref) => ref.table !== first.table || ref.schema !== first.schema)) {
      throw schemaError(where, "a foreign key must refer to columns of one table");
    }
    target = { table: first.table, schema: first.schema, columns: refs.map((ref) => ref.column) };
  } else {
    target = spec.references;
  }
  if (target.columns.length !== spec.columns.length) {
    throw schemaError(where, `the foreign key has ${spec.columns.length} column(s) but refers to ${target.columns.length}`);
  }
  return referenceToForeignKey(name, spec.columns, target.table, target.schema, target.columns, spec, options.namingConvention, where);
}

/** The exclusion constraints of `options`, their columns checked against `known` (when the table has its own). */
function exclusionsOf(name: string, options: TableOptions, known: ReadonlySet<string> | undefined): ExclusionConstraint[] | undefined {
  if (options.excludes === undefined || options.excludes.length === 0) return undefined;
  const built = options.excludes.map((spec) => exclusionConstraintOf(name, spec));
  for (const constraint of built) {
    for (const element of constraint.elements) {
      if (known !== undefined && element.kind === "column" && !known.has(element.name)) {
        throw schemaError(
          { table: name, column: element.name },
          `exclusion constraint "${constraint.name}" names a column the table does not have`,
          `The table's columns are: ${[...known].join(", ")}.`,
        );
      }
    }
  }
  return built.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Builds and validates the neutral model of a table. With `deferLazy`, lazy references are skipped (they are
 * checked when the model is asked for); `op.createTable` builds with everything resolved.
 */
export function buildTable(
  name: string,
  columns: Readonly<Record<string, ColumnBuilder>>,
  options: TableOptions,
  deferLazy: boolean,
): Table {
  if (name.length === 0) throw schemaError({ table: name }, "a table name cannot be empty");
  checkOptions(`Table "${name}"`, options, TABLE_OPTIONS);
  const pk = options.primaryKey;
  if (pk !== undefined && !Array.isArray(pk)) checkOptions(`Table "${name}": primaryKey`, pk, ["name", "columns"]);
  if (options.schema === "") throw schemaError({ table: name }, "the schema name cannot be empty");
  if (options.partitionOf !== undefined) return buildPartition(name, columns, options, deferLazy);
  if (options.forValues !== undefined || options.defaultPartition !== undefined) {
    throw schemaError({ table: name }, "forValues and defaultPartition belong to a partition", "Add partitionOf: the partitioned table.");
  }
  const convention = options.namingConvention;
  const resolved = Object.entries(columns).map(([key, builder]) => resolveColumn(name, key, builder, convention, deferLazy));
  const known = new Set(resolved.map((entry) => entry.column.name));
  const primaryKey = primaryKeyOf(name, resolved, options);
  if (primaryKey !== undefined) checkColumns(name, `Primary key "${primaryKey.name}"`, primaryKey.columns, known);
  const pkColumns = new Set(primaryKey?.columns ?? []);
  const uniqueConstraints: UniqueConstraint[] = resolved.flatMap((entry) => (entry.unique ? [entry.unique] : []));
  for (const spec of options.uniques ?? []) {
    uniqueConstraints.push(
      frozen({
        kind: "unique",
        name: spec.name ?? conventionName(convention, "uq", { table: name, columns: spec.columns }),
        columns: [...spec.columns],
        deferrable: normalizeDeferrable(spec.deferrable),
        nullsNotDistinct: spec.nullsNotDistinct ? true : undefined,
      }),
    );
  }
  for (const constraint of uniqueConstraints) checkColumns(name, `Unique constraint "${constraint.name}"`, constraint.columns, known);
  const foreignKeys: ForeignKey[] = resolved.flatMap((entry) => (entry.foreignKey ? [entry.foreignKey] : []));
  for (const spec of options.foreignKeys ?? []) {
    const foreignKey = tableForeignKey(name, spec, options, deferLazy);
    if (foreignKey === undefined) {
      checkColumns(name, "A foreign key", spec.columns, known);
      continue;
    }
    foreignKeys.push(foreignKey);
  }
  for (const fk of foreignKeys) {
    checkColumns(name, `Foreign key "${fk.name}"`, fk.columns, known);
    if (fk.referredTable === name && fk.referredSchema === options.schema) {
      checkColumns(name, `Foreign key "${fk.name}" (to its own table)`, fk.referredColumns, known);
    }
  }
  const checkConstraints: CheckConstraint[] = (options.checks ?? []).map((spec) => {
    if (spec.expression.trim().length === 0) throw schemaError({ table: name }, "a check constraint needs an expression");
    return frozen({
      kind: "check",
      name: spec.name ?? conventionName(convention, "ck", { table: name, columns: [] }),
      expression: spec.expression,
    });
  });
  const exclusionConstraints = exclusionsOf(name, options, known);
  const indexes = [...(options.indexes ?? [])];
  for (const ix of indexes) {
    const columnsOfIndex = ix.elements.flatMap((element) => (element.kind === "column" ? [element.name] : []));
    for (const column of [...columnsOfIndex, ...(ix.include ?? [])]) {
      if (!known.has(column)) throw schemaError({ table: name, column }, `index "${ix.name}" names a column the table does not have`);
    }
  }
  const names = new Set<string>();
  for (const objectName of [
    primaryKey?.name,
    ...uniqueConstraints.map((c) => c.name),
    ...foreignKeys.map((c) => c.name),
    ...checkConstraints.map((c) => c.name),
    ...(exclusionConstraints ?? []).map((c) => c.name),
    ...indexes.map((ix) => ix.name),
  ]) {
    if (objectName === undefined) continue;
    if (objectName.length === 0) throw schemaError({ table: name }, "a constraint or index name cannot be empty");
    if (names.has(objectName)) {
      throw schemaError({ table: name }, `two constraints or indexes are named "${objectName}"`, "Give each one its own name.");
    }
    names.add(objectName);
  }
  return frozen({
    name,
    schema: options.schema,
    columns: resolved.map((entry) =>
      pkColumns.has(entry.column.name) && entry.column.nullable ? { ...entry.column, nullable: false } : entry.column,
    ),
    primaryKey,
    uniqueConstraints,
    foreignKeys,
    checkConstraints,
    exclusionConstraints,
    indexes,
    comment: options.comment,
    rowLevelSecurity: rowLevelSecurityOf(name, options.rowLevelSecurity),
    grants: grantsOf(name, options.grants),
    partitionBy: options.partitionBy === undefined ? undefined : partitionKeyOf(name, options.partitionBy, known),
  });
}

/**
 * A partition: no columns of its own (they are its parent's), its checks and indexes, and a key when it is
 * partitioned in turn. The column and key names it uses are checked against the parent by PostgreSQL.
 */
function buildPartition(name: string, columns: Readonly<Record<string, ColumnBuilder>>, options: TableOptions, deferLazy: boolean): Table {
  const parent = parentOf(name, options.partitionOf!);
  if (Object.keys(columns).length > 0 && columns !== parent.columns) {
    throw schemaError(
      { table: name },
      "a partition has its parent's columns and declares none",
      `Write table("${name}", {}, { partitionOf: … }), or partition("${name}", parent, { forValues: … }).`,
    );
  }
  const checkConstraints: CheckConstraint[] = (options.checks ?? []).map((spec) => {
    if (spec.name === undefined)
      throw schemaError({ table: name }, "a partition's check constraint needs a name", 'check("ck_name", sql`…`)');
    return frozen({ kind: "check", name: spec.name, expression: spec.expression });
  });
  // Its own keys, uniques and foreign keys, besides those it has from its parent (PostgreSQL checks their columns).
  const convention = options.namingConvention;
  const primaryKey = options.primaryKey === undefined ? undefined : primaryKeyOf(name, [], options);
  const uniqueConstraints: UniqueConstraint[] = (options.uniques ?? []).map((spec) =>
    frozen({
      kind: "unique",
      name: spec.name ?? conventionName(convention, "uq", { table: name, columns: spec.columns }),
      columns: [...spec.columns],
      deferrable: normalizeDeferrable(spec.deferrable),
      nullsNotDistinct: spec.nullsNotDistinct ? true : undefined,
    }),
  );
  const foreignKeys = (options.foreignKeys ?? []).flatMap((spec) => {
    const foreignKey = tableForeignKey(name, spec, options, deferLazy);
    return foreignKey === undefined ? [] : [foreignKey];
  });
  const exclusionConstraints = exclusionsOf(name, options, undefined);
  const names = new Set<string>();
  for (const objectName of [
    primaryKey?.name,
    ...uniqueConstraints.map((c) => c.name),
    ...foreignKeys.map((c) => c.name),
    ...checkConstraints.map((c) => c.name),
    ...(exclusionConstraints ?? []).map((c) => c.name),
    ...(options.indexes ?? []).map((ix) => ix.name),
  ]) {
    if (objectName === undefined) continue;
    if (names.has(objectName))
      throw schemaError({ table: name }, `two constraints or indexes are named "${objectName}"`, "Give each one its own name.");
    names.add(objectName);
  }
  const known = new Set(Object.keys(columns));
  return frozen({
    name,
    schema: options.schema,
    columns: [],
    primaryKey,
    uniqueConstraints,
    foreignKeys,
    checkConstraints,
    exclusionConstraints,
    indexes: [...(options.indexes ?? [])],
    comment: options.comment,
    partitionBy:
      options.partitionBy === undefined ? undefined : partitionKeyOf(name, options.partitionBy, known.size === 0 ? undefined : known),
    partitionOf: partitionOfModel(name, { table: parent.table, schema: parent.schema ?? options.schema }, options),
  });
}
