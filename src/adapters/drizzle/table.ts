/** One Drizzle table (read through `getTableConfig`) as a Retort {@link Table}. */
import { frozen } from "../../schema/freeze.js";
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Identity,
  Index,
  IndexElement,
  PrimaryKey,
  ReferentialAction,
  Table,
  UniqueConstraint,
} from "../../schema/model.js";
import { conventionName } from "../../schema/naming.js";
import { drizzleColumnType } from "./column-type.js";
import { drizzleDefault, isDrizzleSql, type SqlRenderer } from "./defaults.js";
import { TABLE_NAME, TABLE_SCHEMA } from "./detect.js";
import type { DrizzleColumn, DrizzleForeignKey, DrizzleIndex, DrizzleTableConfig } from "./drizzle-types.js";
import { type ColumnNamer, drizzleIndexName, renamedColumns, serverIdentifier } from "./names.js";
import { type DrizzleWhere, unsupported } from "./unsupported.js";

const ACTIONS: Readonly<Record<string, ReferentialAction | undefined>> = {
  "no action": undefined,
  cascade: "cascade",
  restrict: "restrict",
  "set null": "set null",
  "set default": "set default",
};

function action(value: string | undefined, where: DrizzleWhere, what: string): ReferentialAction | undefined {
  if (value === undefined) return undefined;
  if (!Object.hasOwn(ACTIONS, value)) throw unsupported(where, `the referential action ${what} ${JSON.stringify(value)}`);
  return ACTIONS[value];
}

/** Sequence options drizzle-kit writes with their PostgreSQL defaults; only start and increment have a place in Retort. */
function identityOf(column: DrizzleColumn, where: DrizzleWhere, table: string, columnName: string): Identity | undefined {
  const identity = column.generatedIdentity;
  if (identity === undefined) return undefined;
  const options = identity.sequenceOptions ?? {};
  for (const key of Object.keys(options)) {
    if (key !== "startWith" && key !== "increment" && options[key] !== undefined) {
      throw unsupported(where, `the identity sequence option ${key}`, "Keep only startWith and increment in the identity's options.");
    }
  }
  if (identity.sequenceName !== undefined && identity.sequenceName !== `${table}_${columnName}_seq`) {
    throw unsupported(where, `the identity sequence name "${identity.sequenceName}"`, "Leave the identity's sequence unnamed.");
  }
  const number = (value: unknown, key: string): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw unsupported(where, `the identity option ${key} ${String(value)}`);
    return parsed;
  };
  const start = number(options["startWith"], "startWith");
  const increment = number(options["increment"], "increment");
  return {
    always: identity.type === "always",
    ...(start === undefined ? {} : { start }),
    ...(increment === undefined ? {} : { increment }),
  };
}

/** A stored generated column's expression: drizzle-kit writes `sql` (or a function returning it) as SQL text. */
function generatedOf(column: DrizzleColumn, where: DrizzleWhere, render: SqlRenderer): string | undefined {
  const generated = column.generated as { readonly as?: unknown; readonly mode?: unknown } | undefined;
  if (generated === undefined) return undefined;
  const as = typeof generated.as === "function" ? (generated.as as () => unknown)() : generated.as;
  if (!isDrizzleSql(as)) {
    throw unsupported(where, "a generated column whose expression is a value, not sql`…`", "Write the expression as sql`…`.");
  }
  if (generated.mode !== undefined && generated.mode !== "stored") throw unsupported(where, `a ${String(generated.mode)} generated column`);
  return render(as, where, "the generated expression");
}

function columnOf(column: DrizzleColumn, table: string, render: SqlRenderer, nameOf: ColumnNamer): Column {
  const name = nameOf(column);
  const where = { table, column: name };
  const generatedAs = generatedOf(column, where, render);
  const identity = identityOf(column, where, table, name);
  const defaultValue = generatedAs === undefined ? drizzleDefault(column, where, render) : undefined;
  return frozen({
    name,
    type: drizzleColumnType(column, where),
    nullable: !(column.notNull || column.primary),
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
    ...(identity === undefined ? {} : { identity }),
    ...(generatedAs === undefined ? {} : { generatedAs }),
  });
}

function foreignKeyOf(fk: DrizzleForeignKey, table: string, nameOf: ColumnNamer): ForeignKey {
  const reference = fk.reference();
  const where: DrizzleWhere = reference.columns[0] === undefined ? { table } : { table, column: nameOf(reference.columns[0]) };
  const target = reference.foreignTable as Record<symbol, unknown>;
  const referredSchema = target[TABLE_SCHEMA];
  return frozen({
    kind: "foreignKey",
    name: serverIdentifier(
      // Under a casing drizzle-kit replaces the keys in any name, given or made, and so does this.
      renamedColumns(fk.getName(), [...reference.columns, ...reference.foreignColumns], nameOf),
    ),
    columns: reference.columns.map(nameOf),
    referredTable: String(target[TABLE_NAME]),
    ...(typeof referredSchema === "string" ? { referredSchema } : {}),
    referredColumns: reference.foreignColumns.map(nameOf),
    onDelete: action(fk.onDelete, where, "onDelete"),
    onUpdate: action(fk.onUpdate, where, "onUpdate"),
  });
}

function indexOf(ix: DrizzleIndex, table: string, render: SqlRenderer, nameOf: ColumnNamer): Index {
  const { config } = ix;
  const columnNames: string[] = [];
  const elements: IndexElement[] = config.columns.map((part) => {
    if (isDrizzleSql(part)) {
      if (config.name === undefined) {
        throw unsupported(
          { table },
          "an expression index without a name",
          'Name the index: index("…").on(sql`…`), as drizzle-kit requires.',
        );
      }
      return { kind: "expression", sql: render(part, { table }, `the expression of index "${config.name}"`) };
    }
    columnNames.push(nameOf(part));
    const ordering = part.indexConfig ?? {};
    const descending = ordering.order === "desc";
    // PostgreSQL's default is NULLS LAST for ascending keys and NULLS FIRST for descending ones.
    const nulls = ordering.nulls === undefined || ordering.nulls === (descending ? "first" : "last") ? undefined : ordering.nulls;
    return {
      kind: "column",
      name: nameOf(part),
      ...(ordering.opClass === undefined ? {} : { opclass: ordering.opClass }),
      ...(descending ? { order: "desc" as const } : {}),
      ...(nulls === undefined ? {} : { nulls }),
    };
  });
  const name = config.name ?? drizzleIndexName(table, columnNames);
  if (config.with !== undefined && Object.keys(config.with).length > 0) {
    throw unsupported({ table }, `the storage parameters of index "${name}" (.with())`);
  }
  const method = config.method === undefined || config.method === "btree" ? undefined : config.method;
  return frozen({
    name: serverIdentifier(name),
    elements,
    unique: config.unique,
    ...(method === undefined ? {} : { method }),
    ...(config.where === undefined ? {} : { where: render(config.where, { table }, `the predicate of index "${name}"`) }),
  });
}

/**
 * The neutral model of one Drizzle table, named as drizzle-kit and PostgreSQL name what it creates, so that a
 * database drizzle-kit migrated compares clean. A construct Retort cannot express throws
 * {@link UnsupportedModelError} naming the table, the column and the construct.
 */
export function drizzleTable(config: DrizzleTableConfig, render: SqlRenderer, nameOf: ColumnNamer = (column) => column.name): Table {
  const name = config.name;
  if (config.enableRLS === true) throw unsupported({ table: name }, "row-level security (.enableRLS())");
  if ((config.policies ?? []).length > 0) throw unsupported({ table: name }, "a row-level security policy (pgPolicy)");
  const columns = config.columns.map((column) => columnOf(column, name, render, nameOf));
  const inline = config.columns.filter((column) => column.primary);
  if (inline.length + config.primaryKeys.length > 1) {
    throw unsupported({ table: name }, "more than one primary key", "Declare a composite key once, with primaryKey({ columns: [...] }).");
  }
  let primaryKey: PrimaryKey | undefined;
  if (inline[0] !== undefined) {
    primaryKey = frozen({
      kind: "primaryKey",
      name: conventionName(undefined, "pk", { table: name, columns: [nameOf(inline[0])] }),
      columns: [nameOf(inline[0])],
    });
  } else if (config.primaryKeys[0] !== undefined) {
    const pk = config.primaryKeys[0];
    primaryKey = frozen({
      kind: "primaryKey",
      name: serverIdentifier(renamedColumns(pk.getName(), pk.columns, nameOf)),
      columns: pk.columns.map(nameOf),
    });
  }
  const uniqueConstraints: UniqueConstraint[] = [];
  for (const column of config.columns) {
    if (!column.isUnique) continue;
    uniqueConstraints.push(
      frozen({
        kind: "unique",
        name: serverIdentifier(column.uniqueName ?? `${name}_${nameOf(column)}_unique`),
        columns: [nameOf(column)],
        ...(column.uniqueType === "not distinct" ? { nullsNotDistinct: true } : {}),
      }),
    );
  }
  for (const unique of config.uniqueConstraints) {
    const columnNames = unique.columns.map(nameOf);
    const uniqueName = unique.name ?? `${name}_${columnNames.join("_")}_unique`;
    uniqueConstraints.push(
      frozen({
        kind: "unique",
        name: serverIdentifier(uniqueName),
        columns: columnNames,
        ...(unique.nullsNotDistinct === true ? { nullsNotDistinct: true } : {}),
      }),
    );
  }
  const checkConstraints: CheckConstraint[] = config.checks.map((check) =>
    frozen({
      kind: "check",
      name: serverIdentifier(check.name),
      expression: render(check.value, { table: name }, `check "${check.name}"`),
    }),
  );
  const pkColumns = new Set(primaryKey?.columns ?? []);
  return frozen({
    name,
    ...(config.schema === undefined ? {} : { schema: config.schema }),
    columns: columns.map((column) => (pkColumns.has(column.name) && column.nullable ? { ...column, nullable: false } : column)),
    ...(primaryKey === undefined ? {} : { primaryKey }),
    uniqueConstraints,
    foreignKeys: config.foreignKeys.map((fk) => foreignKeyOf(fk, name, nameOf)),
    checkConstraints,
    indexes: config.indexes.map((ix) => indexOf(ix, name, render, nameOf)),
  });
}
