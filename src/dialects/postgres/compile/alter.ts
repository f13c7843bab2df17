/**
 * SQL for changes to existing tables: ALTER COLUMN, ADD/DROP CONSTRAINT, table comments.
 */
import type {
  AlterColumnOp,
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
} from "../../../ops/operation.js";
import { collateClause, columnComment, constraintDefinition } from "./table.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { compileDefault, compileType } from "./types.js";

/**
 * One ALTER TABLE for type, nullability and default (PostgreSQL orders the sub-commands itself), then the
 * comment, then the rename.
 */
export function compileAlterColumn(op: AlterColumnOp): string[] {
  const target = qualifiedName(op.table, op.schema);
  const column = `ALTER COLUMN ${quoteIdentifier(op.column)}`;
  const clauses: string[] = [];
  if (op.type !== undefined || op.collation !== undefined) {
    // A type change without COLLATE resets the collation to the new type's default (which a type without
    // collations, such as integer, cannot even name), so a kept collation is stated again.
    const type = compileType(op.type?.to ?? op.collation!.type);
    const collate =
      op.collation === undefined || (op.collation.to === null && op.type !== undefined) ? "" : ` ${collateClause(op.collation.to)}`;
    const using = op.type?.using === undefined ? "" : ` USING ${op.type.using}`;
    clauses.push(`${column} TYPE ${type}${collate}${using}`);
  }
  if (op.nullable !== undefined) clauses.push(`${column} ${op.nullable.to ? "DROP" : "SET"} NOT NULL`);
  if (op.default !== undefined) {
    clauses.push(op.default.to === null ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${compileDefault(op.default.to)}`);
  }
  const statements = clauses.length === 0 ? [] : [`ALTER TABLE ${target} ${clauses.join(", ")}`];
  if (op.comment !== undefined) statements.push(columnComment(op.table, op.schema, op.column, op.comment.to));
  if (op.newName !== undefined) {
    statements.push(`ALTER TABLE ${target} RENAME COLUMN ${quoteIdentifier(op.column)} TO ${quoteIdentifier(op.newName)}`);
  }
  return statements;
}

/** ALTER TABLE … ADD CONSTRAINT, for the four constraint-creating operations. */
export function compileAddConstraint(
  op: CreateUniqueConstraintOp | CreateForeignKeyOp | CreateCheckConstraintOp | CreatePrimaryKeyOp,
): string[] {
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} ADD ${constraintDefinition(op.constraint)}`];
}

/** ALTER TABLE … DROP CONSTRAINT [IF EXISTS] … [CASCADE]. */
export function compileDropConstraint(op: DropConstraintOp): string[] {
  const ifExists = op.ifExists ? "IF EXISTS " : "";
  return [
    `ALTER TABLE ${qualifiedName(op.table, op.schema)} DROP CONSTRAINT ${ifExists}${quoteIdentifier(op.name)}${op.cascade ? " CASCADE" : ""}`,
  ];
}
