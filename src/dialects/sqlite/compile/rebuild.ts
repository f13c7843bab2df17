/**
 * What SQLite cannot ALTER in place (a column's type, nullability, default or collation; adding or dropping a
 * constraint; dropping a column an index or constraint uses) is done as Alembic's batch mode does it, and as
 * https://www.sqlite.org/lang_altertable.html#otheralter describes: create the table as it must become under a
 * temporary name, copy every row, drop the old table, rename the new one, and create its indexes and triggers
 * again. Views are dropped before and created again after, since SQLite checks them when a table is renamed.
 * It runs in the revision's transaction, with foreign keys off (set before BEGIN) and checked before COMMIT.
 */
import { assertNever, SchemaError, UnsupportedOperationError } from "../../../errors.js";
import type { Operation } from "../../../ops/operation.js";
import type { Constraint, Table } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { compileCreateTable, compileIndex } from "./table.js";

/** The table as it is and what goes with it; the views of its database. */
export interface RebuildInput {
  readonly table: Table;
  readonly triggers: readonly string[];
  readonly views: readonly { readonly name: string; readonly sql: string }[];
  /** The table's options after its column list (`STRICT`, `WITHOUT ROWID`), kept by the new table. */
  readonly options?: string;
}

/** The table after `operation`, and which new column takes its rows from which old one. */
export interface Rebuilt {
  readonly table: Table;
  readonly sources: ReadonlyMap<string, string>;
}

function missing(what: string, table: Table): SchemaError {
  return new SchemaError(`The table ${table.name} has no ${what}.`, {
    hint: "Check the name in the revision against the table as the database has it.",
    details: { table: table.name },
  });
}

function withoutColumn<T extends { readonly columns: readonly string[] }>(list: readonly T[], column: string): T[] {
  return list.filter((item) => !item.columns.includes(column));
}

/** Adds a constraint to the table's lists. */
function addConstraint(table: Table, constraint: Constraint): Table {
  switch (constraint.kind) {
    case "primaryKey":
      return { ...table, primaryKey: constraint };
    case "unique":
      return { ...table, uniqueConstraints: [...table.uniqueConstraints, constraint] };
    case "foreignKey":
      return { ...table, foreignKeys: [...table.foreignKeys, constraint] };
    case "check":
      return { ...table, checkConstraints: [...table.checkConstraints, constraint] };
    case "exclude":
      return { ...table, exclusionConstraints: [...(table.exclusionConstraints ?? []), constraint] };
    default:
      return assertNever(constraint, "constraint");
  }
}

/** The table once `operation` has run on it (pure). */
export function applyToTable(table: Table, operation: Operation): Rebuilt {
  const identity = new Map(table.columns.map((c) => [c.name, c.name]));
  switch (operation.kind) {
    case "addColumn": {
      let next: Table = { ...table, columns: [...table.columns, operation.column] };
      for (const constraint of operation.constraints) next = addConstraint(next, constraint);
      return { table: next, sources: identity };
    }
    case "dropColumn": {
      const name = operation.name;
      if (!table.columns.some((c) => c.name === name)) throw missing(`column ${name}`, table);
      const sources = new Map(identity);
      sources.delete(name);
      const primaryKey = table.primaryKey?.columns.includes(name) ? undefined : table.primaryKey;
      return {
        table: {
          ...table,
          columns: table.columns.filter((c) => c.name !== name),
          ...(primaryKey === undefined ? { primaryKey: undefined } : { primaryKey }),
          uniqueConstraints: withoutColumn(table.uniqueConstraints, name),
          foreignKeys: withoutColumn(table.foreignKeys, name),
          indexes: table.indexes.filter((i) => !i.elements.some((e) => e.kind === "column" && e.name === name)),
        },
        sources,
      };
    }
    case "alterColumn": {
      const current = table.columns.find((c) => c.name === operation.column);
      if (current === undefined) throw missing(`column ${operation.column}`, table);
      if (operation.identity !== undefined) {
        throw new UnsupportedOperationError(`SQLite has no identity columns (${table.name}.${operation.column}).`, {
          hint: "A one-column INTEGER primary key is assigned its rowid on insert.",
          details: { table: table.name, column: operation.column, dialect: "sqlite" },
        });
      }
      let column = { ...current };
      if (operation.type) column = { ...column, type: operation.type.to };
      if (operation.nullable) column = { ...column, nullable: operation.nullable.to };
      if (operation.collation) {
        const { collation: _, ...rest } = column;
        column = operation.collation.to === null ? rest : { ...rest, collation: operation.collation.to };
      }
      if (operation.default) {
        const { default: _, ...rest } = column;
        column = operation.default.to === null ? rest : { ...rest, default: operation.default.to };
      }
      return { table: { ...table, columns: table.columns.map((c) => (c.name === current.name ? column : c)) }, sources: identity };
    }
    case "createUniqueConstraint":
    case "createForeignKey":
    case "createCheckConstraint":
    case "createPrimaryKey":
      return { table: addConstraint(table, operation.constraint), sources: identity };
    case "dropConstraint": {
      const name = operation.name;
      const found =
        table.primaryKey?.name === name ||
        [...table.uniqueConstraints, ...table.foreignKeys, ...table.checkConstraints].some((c) => c.name === name);
      if (!found) {
        if (operation.ifExists) return { table, sources: identity };
        throw missing(`constraint ${name}`, table);
      }
      const primaryKey = table.primaryKey?.name === name ? undefined : table.primaryKey;
      return {
        table: {
          ...table,
          ...(primaryKey === undefined ? { primaryKey: undefined } : { primaryKey }),
          uniqueConstraints: table.uniqueConstraints.filter((c) => c.name !== name),
          foreignKeys: table.foreignKeys.filter((c) => c.name !== name),
          checkConstraints: table.checkConstraints.filter((c) => c.name !== name),
        },
        sources: identity,
      };
    }
    default:
      throw new UnsupportedOperationError(`${operation.kind} does not rebuild a table.`, {
        hint: "This is a bug in Retort's SQLite dialect.",
      });
  }
}

/** The temporary name the new table is built under. */
export function temporaryName(table: string): string {
  return `_retort_new_${table}`;
}

/** The statements of a rebuild from `input` to `rebuilt`. */
export function rebuildStatements(input: RebuildInput, rebuilt: Rebuilt): string[] {
  const { table } = input;
  const { primaryKey, ...rest } = rebuilt.table;
  const cleaned: Table = primaryKey === undefined ? rest : { ...rest, primaryKey };
  const temporary = temporaryName(table.name);
  const [create, ...indexes] = compileCreateTable(cleaned, { as: temporary });
  const copied = cleaned.columns.filter((c) => rebuilt.sources.has(c.name) && c.generatedAs === undefined);
  const into = copied.map((c) => quoteIdentifier(c.name)).join(", ");
  const from = copied.map((c) => quoteIdentifier(rebuilt.sources.get(c.name)!)).join(", ");
  const old = qualifiedName(table.name, table.schema);
  const statements = [
    ...input.views.map((view) => `DROP VIEW ${qualifiedName(view.name, table.schema)}`),
    input.options ? `${create!} ${input.options}` : create!,
    ...(copied.length > 0 ? [`INSERT INTO ${qualifiedName(temporary, table.schema)} (${into}) SELECT ${from} FROM ${old}`] : []),
    `DROP TABLE ${old}`,
    `ALTER TABLE ${qualifiedName(temporary, table.schema)} RENAME TO ${quoteIdentifier(table.name)}`,
    ...indexes,
    ...input.triggers,
    ...input.views.map((view) => view.sql),
  ];
  return statements;
}

export { compileIndex };
