/**
 * SQL for tables, columns and constraints: CREATE/DROP/RENAME TABLE, ADD/DROP COLUMN, constraint definitions.
 * Comments are part of the definitions (MySQL has no COMMENT ON).
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import type { AddColumnOp, DropColumnOp, DropTableOp, RenameTableOp } from "../../../ops/operation.js";
import type { Column, Constraint, ForeignKey, Table } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { compileIndex } from "./indexes.js";
import { compileDefault, compileType, isSerial } from "./types.js";

/** `` `a`, `b` ``. */
export function columnList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(", ");
}

/** What a constraint or column cannot be on MySQL: refused, naming the table. */
export function unsupportedOn(table: string, what: string, hint: string): never {
  throw new UnsupportedOperationError(`Table "${table}": ${what}; the mysql dialect cannot express it.`, { hint, details: { table } });
}

/**
 * A column definition as in CREATE TABLE, ADD COLUMN and MODIFY COLUMN: name, type, collation, generated
 * expression, NULL or NOT NULL, default, AUTO_INCREMENT (serial and identity columns), comment.
 */
export function columnDefinition(table: string, column: Column): string {
  const parts = [quoteIdentifier(column.name), compileType(column.type, { table, column: column.name })];
  if (column.collation !== undefined) parts.push(`COLLATE ${quoteIdentifier(column.collation)}`);
  if (column.generatedAs !== undefined) parts.push(`GENERATED ALWAYS AS (${column.generatedAs}) STORED`);
  const autoIncrement = column.identity !== undefined || isSerial(column.type);
  parts.push(column.nullable && !autoIncrement ? "NULL" : "NOT NULL");
  if (column.default !== undefined) parts.push(`DEFAULT ${compileDefault(column.default)}`);
  if (autoIncrement) parts.push("AUTO_INCREMENT");
  if (column.comment !== undefined) parts.push(`COMMENT ${quoteLiteral(column.comment)}`);
  return parts.join(" ");
}

function references(table: string, fk: ForeignKey): string {
  if (fk.deferrable !== undefined)
    unsupportedOn(table, `foreign key "${fk.name}" is deferrable`, "MySQL checks foreign keys at once; leave deferrable out.");
  if (fk.onDelete === "set default" || fk.onUpdate === "set default")
    unsupportedOn(table, `foreign key "${fk.name}" uses SET DEFAULT`, "InnoDB refuses SET DEFAULT: use cascade, set null or restrict.");
  let text = `FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${qualifiedName(fk.referredTable, fk.referredSchema)} (${columnList(fk.referredColumns)})`;
  if (fk.onDelete !== undefined) text += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== undefined) text += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return text;
}

/**
 * `CONSTRAINT `name` UNIQUE (`a`)` and the like, as in CREATE TABLE and ADD. A primary key has no name of its
 * own on MySQL (it is always PRIMARY), so none is written.
 */
export function constraintDefinition(table: string, constraint: Constraint): string {
  const head = `CONSTRAINT ${quoteIdentifier(constraint.name)} `;
  switch (constraint.kind) {
    case "primaryKey":
      return `PRIMARY KEY (${columnList(constraint.columns)})`;
    case "unique":
      if (constraint.deferrable !== undefined)
        unsupportedOn(table, `unique constraint "${constraint.name}" is deferrable`, "MySQL checks keys at once; leave deferrable out.");
      if (constraint.nullsNotDistinct)
        unsupportedOn(table, `unique constraint "${constraint.name}" is NULLS NOT DISTINCT`, "Make the columns NOT NULL instead.");
      return `${head}UNIQUE (${columnList(constraint.columns)})`;
    case "foreignKey":
      return head + references(table, constraint);
    case "check":
      return `${head}CHECK (${constraint.expression})`;
    case "exclude":
      return unsupportedOn(
        table,
        `exclusion constraint "${constraint.name}" is PostgreSQL's`,
        "Leave exclusion constraints out of the models for a MySQL database.",
      );
    default:
      return assertNever(constraint, "constraint");
  }
}

/** CREATE TABLE with its keys, checks and foreign keys, then its indexes. */
export function compileCreateTable(table: Table): string[] {
  const lines = [
    ...table.columns.map((column) => columnDefinition(table.name, column)),
    ...(table.primaryKey ? [constraintDefinition(table.name, table.primaryKey)] : []),
    ...table.uniqueConstraints.map((c) => constraintDefinition(table.name, c)),
    ...table.checkConstraints.map((c) => constraintDefinition(table.name, c)),
    ...table.foreignKeys.map((c) => constraintDefinition(table.name, c)),
  ];
  const comment = table.comment === undefined ? "" : ` COMMENT = ${quoteLiteral(table.comment)}`;
  const name = qualifiedName(table.name, table.schema);
  const statements = [`CREATE TABLE ${name} (\n${lines.map((line) => `    ${line}`).join(",\n")}\n)${comment}`];
  for (const index of table.indexes) statements.push(compileIndex(table.name, table.schema, index, {}));
  return statements;
}

/** DROP TABLE (MySQL's CASCADE does nothing, so none is written). */
export function compileDropTable(op: DropTableOp): string[] {
  return [`DROP TABLE ${qualifiedName(op.name, op.schema)}`];
}

/** ALTER TABLE … RENAME TO. */
export function compileRenameTable(op: RenameTableOp): string[] {
  return [`ALTER TABLE ${qualifiedName(op.name, op.schema)} RENAME TO ${qualifiedName(op.newName, op.schema)}`];
}

/** ADD COLUMN with its constraints, in one ALTER TABLE. */
export function compileAddColumn(op: AddColumnOp): string[] {
  const clauses = [
    `ADD COLUMN ${columnDefinition(op.table, op.column)}`,
    ...op.constraints.map((c) => `ADD ${constraintDefinition(op.table, c)}`),
  ];
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} ${clauses.join(", ")}`];
}

/** DROP COLUMN, after the foreign keys on the column (MySQL refuses to drop a column a foreign key still uses). */
export function compileDropColumn(op: DropColumnOp): string[] {
  const table = qualifiedName(op.table, op.schema);
  const foreignKeys = (op.existing?.constraints ?? []).filter((constraint) => constraint.kind === "foreignKey");
  return [
    ...foreignKeys.map((fk) => `ALTER TABLE ${table} DROP FOREIGN KEY ${quoteIdentifier(fk.name)}`),
    `ALTER TABLE ${table} DROP COLUMN ${quoteIdentifier(op.name)}`,
  ];
}

/** `ALTER TABLE … COMMENT = '…'` (an empty comment is none). */
export function tableComment(table: string, schema: string | undefined, comment: string | null): string {
  return `ALTER TABLE ${qualifiedName(table, schema)} COMMENT = ${quoteLiteral(comment ?? "")}`;
}
