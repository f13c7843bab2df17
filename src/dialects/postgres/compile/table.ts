/**
 * SQL for tables, columns and constraints: CREATE/DROP TABLE, ADD/DROP COLUMN, constraint definitions,
 * table and column comments.
 */
import { createPartitionStatement, partitionByClause } from "./partitions.js";
import { assertNever } from "../../../errors.js";
import type { Column, Constraint, Deferrable, ExclusionConstraint, ForeignKey, Identity, Table } from "../../../schema/model.js";
import type { AddColumnOp, DropColumnOp, DropTableOp, RenameTableOp } from "../../../ops/operation.js";
import { compileIndex, element } from "./indexes.js";
import { tableSecurity } from "./security.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { compileDefault, compileType } from "./types.js";

/** `"a", "b"`. */
export function columnList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(", ");
}

/** `COLLATE "C"`; `null` (back to the type's default collation) is `COLLATE "default"`. */
export function collateClause(collation: string | null): string {
  return `COLLATE ${quoteIdentifier(collation ?? "default")}`;
}

/**
 * A column definition as in CREATE TABLE and ADD COLUMN: name, type, collation, generated expression, identity
 * or default, NOT NULL.
 */
export function columnDefinition(column: Column): string {
  const parts = [quoteIdentifier(column.name), compileType(column.type)];
  if (column.collation !== undefined) parts.push(collateClause(column.collation));
  if (column.generatedAs !== undefined) parts.push(`GENERATED ALWAYS AS (${column.generatedAs}) STORED`);
  if (column.identity !== undefined) parts.push(identityDefinition(column.identity));
  if (column.default !== undefined) parts.push(`DEFAULT ${compileDefault(column.default)}`);
  if (!column.nullable) parts.push("NOT NULL");
  return parts.join(" ");
}

/** `GENERATED { ALWAYS | BY DEFAULT } AS IDENTITY [(START WITH … INCREMENT BY … MINVALUE … MAXVALUE … CACHE … CYCLE)]`. */
export function identityDefinition(identity: Identity): string {
  const options: string[] = [];
  if (identity.start !== undefined) options.push(`START WITH ${identity.start}`);
  if (identity.increment !== undefined) options.push(`INCREMENT BY ${identity.increment}`);
  if (identity.minValue !== undefined) options.push(`MINVALUE ${identity.minValue}`);
  if (identity.maxValue !== undefined) options.push(`MAXVALUE ${identity.maxValue}`);
  if (identity.cache !== undefined) options.push(`CACHE ${identity.cache}`);
  if (identity.cycle === true) options.push("CYCLE");
  return `GENERATED ${identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${options.length ? ` (${options.join(" ")})` : ""}`;
}

/** ` DEFERRABLE INITIALLY …`, or nothing for a constraint that is not deferrable. */
export function deferrableClause(value: Deferrable | undefined): string {
  if (value === undefined) return "";
  return value === "deferred" ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE INITIALLY IMMEDIATE";
}

function references(fk: ForeignKey): string {
  let text = `FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${qualifiedName(fk.referredTable, fk.referredSchema)} (${columnList(fk.referredColumns)})`;
  if (fk.onDelete !== undefined) text += ` ON DELETE ${fk.onDelete.toUpperCase()}`;
  if (fk.onUpdate !== undefined) text += ` ON UPDATE ${fk.onUpdate.toUpperCase()}`;
  return text + deferrableClause(fk.deferrable);
}

/** `EXCLUDE USING gist ("room" WITH =, "during" WITH &&) WHERE (…) DEFERRABLE …`. */
function exclusion(constraint: ExclusionConstraint): string {
  const elements = constraint.elements.map(({ operator, ...part }) => `${element(part)} WITH ${operator}`);
  const where = constraint.where === undefined ? "" : ` WHERE (${constraint.where})`;
  return `EXCLUDE USING ${constraint.method} (${elements.join(", ")})${where}${deferrableClause(constraint.deferrable)}`;
}

/** `CONSTRAINT "name" PRIMARY KEY ("id")` and the like, as in CREATE TABLE and ADD CONSTRAINT. */
export function constraintDefinition(constraint: Constraint): string {
  const head = `CONSTRAINT ${quoteIdentifier(constraint.name)} `;
  switch (constraint.kind) {
    case "primaryKey":
      return `${head}PRIMARY KEY (${columnList(constraint.columns)})`;
    case "unique":
      return `${head}UNIQUE${constraint.nullsNotDistinct ? " NULLS NOT DISTINCT" : ""} (${columnList(constraint.columns)})${deferrableClause(constraint.deferrable)}`;
    case "foreignKey":
      return head + references(constraint);
    case "check":
      return `${head}CHECK (${constraint.expression})`;
    case "exclude":
      return head + exclusion(constraint);
    default:
      return assertNever(constraint, "constraint");
  }
}

/** `COMMENT ON COLUMN "t"."c" IS '…'` (`IS NULL` removes it). */
export function columnComment(table: string, schema: string | undefined, column: string, comment: string | null): string {
  return `COMMENT ON COLUMN ${qualifiedName(table, schema)}.${quoteIdentifier(column)} IS ${quoteLiteral(comment)}`;
}

/** `COMMENT ON TABLE "t" IS '…'` (`IS NULL` removes it). */
export function tableComment(table: string, schema: string | undefined, comment: string | null): string {
  return `COMMENT ON TABLE ${qualifiedName(table, schema)} IS ${quoteLiteral(comment)}`;
}

/**
 * CREATE TABLE, then its indexes and comments. CREATE TABLE keeps only one of a primary key and unique
 * constraints with the same columns (and deferrability), silently; a later such unique constraint is added
 * by ALTER TABLE, which keeps it.
 */
export function compileCreateTable(table: Table): string[] {
  const keys = new Set(table.primaryKey ? [keyOf(table.primaryKey.columns, undefined, undefined)] : []);
  const inline = table.uniqueConstraints.filter(
    (u) => !keys.has(keyOf(u.columns, u.deferrable, u.nullsNotDistinct)) && keys.add(keyOf(u.columns, u.deferrable, u.nullsNotDistinct)),
  );
  const lines = [
    ...table.columns.map(columnDefinition),
    ...(table.primaryKey ? [constraintDefinition(table.primaryKey)] : []),
    ...inline.map(constraintDefinition),
    ...table.checkConstraints.map(constraintDefinition),
    ...(table.exclusionConstraints ?? []).map(constraintDefinition),
    ...table.foreignKeys.map(constraintDefinition),
  ];
  const name = qualifiedName(table.name, table.schema);
  const statements = [
    table.partitionOf === undefined
      ? `CREATE TABLE ${name} (\n${lines.map((line) => `    ${line}`).join(",\n")}\n)${table.partitionBy === undefined ? "" : ` ${partitionByClause(table.partitionBy)}`}`
      : createPartitionStatement({ ...table, partitionOf: table.partitionOf }, lines),
  ];
  for (const unique of table.uniqueConstraints) {
    if (!inline.includes(unique)) statements.push(`ALTER TABLE ${name} ADD ${constraintDefinition(unique)}`);
  }
  for (const index of table.indexes) statements.push(compileIndex(table.name, table.schema, index, {}));
  if (table.comment !== undefined) statements.push(tableComment(table.name, table.schema, table.comment));
  for (const column of table.columns) {
    if (column.comment !== undefined) statements.push(columnComment(table.name, table.schema, column.name, column.comment));
  }
  statements.push(...tableSecurity(table));
  return statements;
}

/** What CREATE TABLE compares to find a duplicate key: the columns in order, the deferrability, NULLS NOT DISTINCT. */
function keyOf(columns: readonly string[], deferrable: Deferrable | undefined, nullsNotDistinct: boolean | undefined): string {
  return JSON.stringify([columns, deferrable ?? null, nullsNotDistinct ?? false]);
}

/** DROP TABLE [CASCADE]. */
export function compileDropTable(op: DropTableOp): string[] {
  return [`DROP TABLE ${qualifiedName(op.name, op.schema)}${op.cascade ? " CASCADE" : ""}`];
}

/** ALTER TABLE … RENAME TO. */
export function compileRenameTable(op: RenameTableOp): string[] {
  return [`ALTER TABLE ${qualifiedName(op.name, op.schema)} RENAME TO ${quoteIdentifier(op.newName)}`];
}

/** ADD COLUMN, with its constraints in the same statement, then its comment. */
export function compileAddColumn(op: AddColumnOp): string[] {
  const target = qualifiedName(op.table, op.schema);
  const clauses = [`ADD COLUMN ${columnDefinition(op.column)}`, ...op.constraints.map((c) => `ADD ${constraintDefinition(c)}`)];
  const statements = [`ALTER TABLE ${target} ${clauses.join(", ")}`];
  if (op.column.comment !== undefined) statements.push(columnComment(op.table, op.schema, op.column.name, op.column.comment));
  return statements;
}

/** DROP COLUMN (its column-level constraints go with it). */
export function compileDropColumn(op: DropColumnOp): string[] {
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} DROP COLUMN ${quoteIdentifier(op.name)}`];
}
