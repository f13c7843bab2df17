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
import type { Identity } from "../../../schema/model.js";
import { collateClause, columnComment, constraintDefinition, identityDefinition } from "./table.js";
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
  // An identity column refuses DROP NOT NULL, so a dropped identity goes first, in a statement of its own.
  const dropIdentity = op.identity?.to === null ? [`ALTER TABLE ${target} ${column} DROP IDENTITY`] : [];
  if (op.identity !== undefined && op.identity.to !== null) clauses.push(`${column} ${identityClause(op.identity.from, op.identity.to)}`);
  if (op.default !== undefined) {
    clauses.push(op.default.to === null ? `${column} DROP DEFAULT` : `${column} SET DEFAULT ${compileDefault(op.default.to)}`);
  }
  const statements = [...dropIdentity, ...(clauses.length === 0 ? [] : [`ALTER TABLE ${target} ${clauses.join(", ")}`])];
  if (op.comment !== undefined) statements.push(columnComment(op.table, op.schema, op.column, op.comment.to));
  if (op.newName !== undefined) {
    statements.push(`ALTER TABLE ${target} RENAME COLUMN ${quoteIdentifier(op.column)} TO ${quoteIdentifier(op.newName)}`);
  }
  return statements;
}

/**
 * The ALTER COLUMN clause of an identity change: ADD (also when the previous identity is not known), or
 * SET GENERATED / SET START / SET INCREMENT for what differs. Options left out are PostgreSQL's defaults.
 */
function identityClause(from: Identity | null | undefined, to: Identity): string {
  if (from === null || from === undefined) return `ADD ${identityDefinition(to)}`;
  const increment = to.increment ?? 1;
  const clauses = [
    from.always === to.always ? undefined : `SET GENERATED ${to.always ? "ALWAYS" : "BY DEFAULT"}`,
    from.start === to.start ? undefined : `SET START WITH ${to.start ?? (increment < 0 ? -1 : 1)}`,
    from.increment === to.increment ? undefined : `SET INCREMENT BY ${increment}`,
  ].filter((clause) => clause !== undefined);
  return clauses.length === 0 ? `SET GENERATED ${to.always ? "ALWAYS" : "BY DEFAULT"}` : clauses.join(" ");
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
