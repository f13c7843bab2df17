/**
 * SQL for changes to existing tables: ALTER COLUMN, ADD/DROP CONSTRAINT, table comments.
 */
import type {
  AlterColumnOp,
  CreateCheckConstraintOp,
  CreateExclusionConstraintOp,
  CreateForeignKeyOp,
  CreatePrimaryKeyOp,
  CreateUniqueConstraintOp,
  DropConstraintOp,
  ValidateConstraintOp,
} from "../../../ops/operation.js";
import type { Identity, PrimaryKey, UniqueConstraint } from "../../../schema/model.js";
import { compileIndex } from "./indexes.js";
import { collateClause, columnComment, constraintDefinition, deferrableClause, identityDefinition } from "./table.js";
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
 * SET GENERATED / SET START / SET INCREMENT / SET MINVALUE / SET MAXVALUE / SET CACHE / SET [NO] CYCLE for what
 * differs. Options left out are PostgreSQL's defaults (`SET NO MINVALUE`, `SET NO MAXVALUE` restore those).
 */
function identityClause(from: Identity | null | undefined, to: Identity): string {
  if (from === null || from === undefined) return `ADD ${identityDefinition(to)}`;
  const increment = to.increment ?? 1;
  const bound = (value: number | undefined, name: string) => (value === undefined ? `SET NO ${name}` : `SET ${name} ${value}`);
  const start = to.start ?? (increment < 0 ? (to.maxValue ?? -1) : (to.minValue ?? 1));
  const clauses = [
    from.always === to.always ? undefined : `SET GENERATED ${to.always ? "ALWAYS" : "BY DEFAULT"}`,
    from.start === to.start && from.minValue === to.minValue && from.maxValue === to.maxValue ? undefined : `SET START WITH ${start}`,
    from.increment === to.increment ? undefined : `SET INCREMENT BY ${increment}`,
    from.minValue === to.minValue ? undefined : bound(to.minValue, "MINVALUE"),
    from.maxValue === to.maxValue ? undefined : bound(to.maxValue, "MAXVALUE"),
    from.cache === to.cache ? undefined : `SET CACHE ${to.cache ?? 1}`,
    (from.cycle ?? false) === (to.cycle ?? false) ? undefined : to.cycle ? "SET CYCLE" : "SET NO CYCLE",
  ].filter((clause) => clause !== undefined);
  return clauses.length === 0 ? `SET GENERATED ${to.always ? "ALWAYS" : "BY DEFAULT"}` : clauses.join(" ");
}

/**
 * ALTER TABLE … ADD CONSTRAINT, for the four constraint-creating operations: `… NOT VALID` for a foreign key or
 * check that leaves the existing rows to a later VALIDATE, `… UNIQUE / PRIMARY KEY USING INDEX ix` for a key that
 * adopts an index built before (no column list: the index's columns are the key's).
 */
export function compileAddConstraint(
  op: CreateUniqueConstraintOp | CreateForeignKeyOp | CreateCheckConstraintOp | CreateExclusionConstraintOp | CreatePrimaryKeyOp,
): string[] {
  const target = `ALTER TABLE ${qualifiedName(op.table, op.schema)} ADD`;
  switch (op.kind) {
    case "createUniqueConstraint":
    case "createPrimaryKey":
      if (op.usingIndex !== undefined) return [`${target} ${keyUsingIndex(op.constraint, op.usingIndex)}`];
      return [`${target} ${constraintDefinition(op.constraint)}`];
    case "createForeignKey":
    case "createCheckConstraint":
      return [`${target} ${constraintDefinition(op.constraint)}${op.notValid ? " NOT VALID" : ""}`];
    case "createExclusionConstraint":
      return [`${target} ${constraintDefinition(op.constraint)}`];
  }
}

function keyUsingIndex(constraint: PrimaryKey | UniqueConstraint, index: string): string {
  const kind = constraint.kind === "primaryKey" ? "PRIMARY KEY" : "UNIQUE";
  const deferrable = constraint.kind === "unique" ? deferrableClause(constraint.deferrable) : "";
  return `CONSTRAINT ${quoteIdentifier(constraint.name)} ${kind} USING INDEX ${quoteIdentifier(index)}${deferrable}`;
}

/** ALTER TABLE … VALIDATE CONSTRAINT: scans the existing rows under SHARE UPDATE EXCLUSIVE (reads and writes go on). */
export function compileValidateConstraint(op: ValidateConstraintOp): string[] {
  return [`ALTER TABLE ${qualifiedName(op.table, op.schema)} VALIDATE CONSTRAINT ${quoteIdentifier(op.name)}`];
}

/**
 * ALTER TABLE … DROP CONSTRAINT [IF EXISTS] … [CASCADE]; for a key that had adopted an index (`existingIndex`),
 * that index is built again under its own name, since the drop takes it with the constraint.
 */
export function compileDropConstraint(op: DropConstraintOp): string[] {
  const ifExists = op.ifExists ? "IF EXISTS " : "";
  const table = qualifiedName(op.table, op.schema);
  const drop = `ALTER TABLE ${table} DROP CONSTRAINT ${ifExists}${quoteIdentifier(op.name)}${op.cascade ? " CASCADE" : ""}`;
  const key = op.existing?.kind === "primaryKey" || op.existing?.kind === "unique" ? op.existing : undefined;
  if (op.existingIndex === undefined || key === undefined) return [drop];
  return [
    drop,
    compileIndex(
      op.table,
      op.schema,
      { name: op.existingIndex, unique: true, elements: key.columns.map((name) => ({ kind: "column", name })) },
      {},
    ),
  ];
}
