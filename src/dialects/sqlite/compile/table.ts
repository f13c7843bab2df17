/** SQL for tables and indexes: CREATE TABLE with its constraints, CREATE INDEX, bulk inserts. */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import type { BulkInsertOp, BulkValue } from "../../../ops/operation.js";
import type { Column, Constraint, Deferrable, ForeignKey, Index, IndexElement, Table } from "../../../schema/model.js";
import { columnList, qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { compileDefault, compileType } from "./types.js";

/** A column definition: name, type, collation, generated expression or default, NOT NULL. */
export function columnDefinition(table: string, column: Column): string {
  const parts = [quoteIdentifier(column.name), compileType(column.type, { table, column: column.name })];
  if (column.identity !== undefined) {
    throw new UnsupportedOperationError(`The column ${table}.${column.name} is an identity column, which SQLite does not have.`, {
      hint: "Declare it integer().primaryKey(): SQLite assigns a one-column INTEGER primary key its rowid on insert.",
      details: { table, column: column.name, dialect: "sqlite" },
    });
  }
  if (column.comment !== undefined) throw noComments(`the column ${table}.${column.name}`);
  if (column.collation !== undefined) parts.push(`COLLATE ${quoteIdentifier(column.collation)}`);
  if (column.generatedAs !== undefined) parts.push(`GENERATED ALWAYS AS (${column.generatedAs}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${compileDefault(column.default)}`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
}

export function noComments(what: string): UnsupportedOperationError {
  return new UnsupportedOperationError(`SQLite keeps no comments, so the comment on ${what} cannot be stored.`, {
    hint: "Remove the comment from the models or the revision (SQLite has no COMMENT ON).",
    details: { dialect: "sqlite" },
  });
}

function deferrableClause(value: Deferrable | undefined): string {
  if (value === undefined) return "";
  return value === "deferred" ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE";
}

/** SQLite's foreign keys point into the same database: the referred schema is left out. */
function references(fk: ForeignKey): string {
  let text = `FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${quoteIdentifier(fk.referredTable)} (${columnList(fk.referredColumns)})`;
  if (fk.onDelete !== undefined) text += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== undefined) text += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return text + deferrableClause(fk.deferrable);
}

/** `CONSTRAINT "name" PRIMARY KEY ("id")` and the like, as CREATE TABLE holds them. */
export function constraintDefinition(constraint: Constraint): string {
  const head = `CONSTRAINT ${quoteIdentifier(constraint.name)} `;
  switch (constraint.kind) {
    case "primaryKey":
      return `${head}PRIMARY KEY (${columnList(constraint.columns)})`;
    case "unique":
      if (constraint.nullsNotDistinct || constraint.deferrable !== undefined) {
        throw new UnsupportedOperationError(
          `The unique constraint ${constraint.name} is ${constraint.nullsNotDistinct ? "NULLS NOT DISTINCT" : "deferrable"}, which SQLite does not have.`,
          { hint: "Declare a plain unique constraint.", details: { constraint: constraint.name, dialect: "sqlite" } },
        );
      }
      return `${head}UNIQUE (${columnList(constraint.columns)})`;
    case "foreignKey":
      return head + references(constraint);
    case "check":
      return `${head}CHECK (${constraint.expression})`;
    case "exclude":
      throw new UnsupportedOperationError(`SQLite has no exclusion constraints (constraint "${constraint.name}").`, {
        hint: "Leave exclusion constraints out of the models for an SQLite database.",
        details: { constraint: constraint.name, dialect: "sqlite" },
      });
    default:
      return assertNever(constraint, "constraint");
  }
}

/** CREATE TABLE with every constraint inside it (SQLite cannot add one later), then its indexes. */
export function compileCreateTable(table: Table, options: { readonly as?: string } = {}): string[] {
  if (table.comment !== undefined) throw noComments(`the table ${table.name}`);
  const lines = [
    ...table.columns.map((column) => columnDefinition(table.name, column)),
    ...(table.primaryKey ? [constraintDefinition(table.primaryKey)] : []),
    ...table.uniqueConstraints.map(constraintDefinition),
    ...table.checkConstraints.map(constraintDefinition),
    ...table.foreignKeys.map(constraintDefinition),
  ];
  const name = qualifiedName(options.as ?? table.name, table.schema);
  return [
    `CREATE TABLE ${name} (\n    ${lines.join(",\n    ")}\n)`,
    ...table.indexes.map((index) => compileIndex(table.name, table.schema, index, {})),
  ];
}

function element(table: string, index: string, e: IndexElement): string {
  if (e.opclass !== undefined || e.nulls !== undefined) {
    throw new UnsupportedOperationError(
      `The index ${index} on ${table} uses ${e.opclass !== undefined ? "an operator class" : "NULLS FIRST/LAST"}, which SQLite does not have.`,
      { hint: "Leave it out of the index on SQLite.", details: { table, index, dialect: "sqlite" } },
    );
  }
  const text = e.kind === "column" ? quoteIdentifier(e.name) : `(${e.sql})`;
  return e.order === "desc" ? `${text} DESC` : text;
}

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] … ON … (…) [WHERE …]; an index lives in its table's schema. */
export function compileIndex(table: string, schema: string | undefined, index: Index, options: { readonly ifNotExists?: boolean }): string {
  const refused =
    index.method !== undefined && index.method !== "btree"
      ? `the ${index.method} method`
      : index.include !== undefined && index.include.length > 0
        ? "INCLUDE columns"
        : index.nullsNotDistinct
          ? "NULLS NOT DISTINCT"
          : undefined;
  if (refused !== undefined) {
    throw new UnsupportedOperationError(`The index ${index.name} on ${table} uses ${refused}, which SQLite does not have.`, {
      hint: "Declare a plain index on SQLite.",
      details: { table, index: index.name, dialect: "sqlite" },
    });
  }
  const elements = index.elements.map((e) => element(table, index.name, e)).join(", ");
  const where = index.where === undefined ? "" : ` WHERE ${index.where}`;
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${options.ifNotExists ? "IF NOT EXISTS " : ""}${qualifiedName(index.name, schema)} ON ${quoteIdentifier(table)} (${elements})${where}`;
}

export function bulkValue(value: BulkValue): string {
  if (value === null || typeof value !== "object" || value instanceof Date) return quoteLiteral(value);
  switch (value.kind) {
    case "sql":
      return value.sql;
    case "json":
      return quoteLiteral(JSON.stringify(value.value));
    default:
      return assertNever(value, "bulk insert value");
  }
}

/**
 * INSERT … VALUES of the rows. SQLite has no DEFAULT in VALUES, so rows that leave out different columns go in
 * separate statements, each naming the columns its rows give (rows keep their order).
 */
export function compileBulkInsert(op: BulkInsertOp): string[] {
  const target = qualifiedName(op.table, op.schema);
  const statements: string[] = [];
  let group: { columns: number[]; rows: string[] } | undefined;
  const flush = (): void => {
    if (group === undefined) return;
    const { columns, rows } = group;
    if (columns.length === 0) for (const _ of rows) statements.push(`INSERT INTO ${target} DEFAULT VALUES`);
    else statements.push(`INSERT INTO ${target} (${columnList(columns.map((i) => op.columns[i]!))}) VALUES ${rows.join(", ")}`);
  };
  for (const row of op.rows) {
    const present = op.columns.map((_, i) => i).filter((i) => row[i] !== undefined);
    if (group === undefined || group.columns.join() !== present.join()) {
      flush();
      group = { columns: present, rows: [] };
    }
    group.rows.push(`(${present.map((i) => bulkValue(row[i] as BulkValue)).join(", ")})`);
  }
  flush();
  return statements;
}
