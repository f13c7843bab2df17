/**
 * SQL for changes to existing tables: alterColumn, ADD and DROP of constraints. MySQL changes a column's type,
 * nullability or comment only by restating the whole column (MODIFY COLUMN), so those changes need the column's
 * type and nullability; a default alone and a rename have statements of their own.
 */
import { UnsupportedOperationError } from "../../../errors.js";
import type {
  AlterColumnOp,
  CreateCheckConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
} from "../../../ops/operation.js";
import type { Column } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { columnDefinition, constraintDefinition, unsupportedOn } from "./table.js";
import { compileDefault } from "./types.js";

/**
 * MODIFY COLUMN for a change of type, collation, nullability, identity or comment (the whole column restated:
 * its default too when the operation gives one, else MySQL drops it); ALTER COLUMN … SET/DROP DEFAULT for a
 * default alone; then RENAME COLUMN.
 */
export function compileAlterColumn(op: AlterColumnOp): string[] {
  const target = qualifiedName(op.table, op.schema);
  const statements: string[] = [];
  const restates =
    op.type !== undefined ||
    op.collation !== undefined ||
    op.nullable !== undefined ||
    op.identity !== undefined ||
    op.comment !== undefined;
  if (restates) {
    const type = op.type?.to ?? op.collation?.type ?? op.type?.from;
    const nullable = op.nullable?.to;
    if (type === undefined || nullable === undefined) {
      throw new UnsupportedOperationError(
        `alterColumn "${op.table}.${op.column}": MySQL changes a column's type, nullability or comment only by restating the whole column, and ${type === undefined ? "its type" : "its nullability"} was not given.`,
        {
          hint: "Pass the column as it should be: type (with existingType), nullable (with existingNullable) and, if it has one, default (with existingDefault), even where they do not change.",
          details: { table: op.table, column: op.column },
        },
      );
    }
    if (op.type?.using !== undefined)
      unsupportedOn(
        op.table,
        `alterColumn "${op.column}" has a USING conversion`,
        "MySQL converts values itself; convert them first with op.execute.",
      );
    const column: Column = {
      name: op.column,
      type,
      nullable,
      ...(op.default?.to ? { default: op.default.to } : {}),
      ...(op.collation?.to ? { collation: op.collation.to } : {}),
      ...(op.identity?.to ? { identity: op.identity.to } : {}),
      ...(op.comment?.to ? { comment: op.comment.to } : {}),
    };
    statements.push(`ALTER TABLE ${target} MODIFY COLUMN ${columnDefinition(op.table, column)}`);
  } else if (op.default !== undefined) {
    const column = quoteIdentifier(op.column);
    statements.push(
      op.default.to === null
        ? `ALTER TABLE ${target} ALTER COLUMN ${column} DROP DEFAULT`
        : `ALTER TABLE ${target} ALTER COLUMN ${column} SET DEFAULT ${compileDefault(op.default.to)}`,
    );
  }
  if (op.newName !== undefined) {
    statements.push(`ALTER TABLE ${target} RENAME COLUMN ${quoteIdentifier(op.column)} TO ${quoteIdentifier(op.newName)}`);
  }
  return statements;
}

/** ALTER TABLE … ADD …, for the four constraint-creating operations. NOT VALID and USING INDEX are PostgreSQL's. */
export function compileAddConstraint(
  op: CreateUniqueConstraintOp | CreateForeignKeyOp | CreateCheckConstraintOp | CreatePrimaryKeyOp,
): string[] {
  if ((op.kind === "createForeignKey" || op.kind === "createCheckConstraint") && op.notValid)
    unsupportedOn(
      op.table,
      `constraint "${op.constraint.name}" is NOT VALID`,
      "MySQL checks existing rows as it adds the constraint: leave notValid out.",
    );
  if ((op.kind === "createUniqueConstraint" || op.kind === "createPrimaryKey") && op.usingIndex !== undefined)
    unsupportedOn(op.table, `constraint "${op.constraint.name}" adopts an index (USING INDEX)`, "Create the key directly.");
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} ADD ${constraintDefinition(op.table, op.constraint)}`];
}

/**
 * DROP of a constraint by its kind when the operation knows it (FOREIGN KEY, INDEX, PRIMARY KEY, CONSTRAINT for
 * a check); DROP CONSTRAINT otherwise, which MySQL 8.0.19 and MariaDB resolve by name.
 */
export function compileDropConstraint(op: DropConstraintOp): string[] {
  if (op.ifExists)
    unsupportedOn(
      op.table,
      `dropConstraint "${op.name}" has ifExists`,
      "Leave ifExists out: MySQL has no DROP CONSTRAINT IF EXISTS for every kind.",
    );
  const table = `ALTER TABLE ${qualifiedName(op.table, op.schema)}`;
  const name = quoteIdentifier(op.name);
  switch (op.existing?.kind) {
    case "foreignKey":
      return [`${table} DROP FOREIGN KEY ${name}`];
    case "unique":
      return [`${table} DROP INDEX ${name}`];
    case "primaryKey":
      return [`${table} DROP PRIMARY KEY`];
    default:
      return [`${table} DROP CONSTRAINT ${name}`];
  }
}
