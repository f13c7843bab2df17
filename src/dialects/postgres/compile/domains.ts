/**
 * SQL for domains, extensions and sequence alterations: CREATE / ALTER / DROP DOMAIN, CREATE / DROP EXTENSION,
 * ALTER SEQUENCE.
 */
import type { AlterDomainOp, AlterSequenceOp, CreateExtensionOp, DropDomainOp, DropExtensionOp } from "../../../ops/operation.js";
import type { Domain } from "../../../schema/model.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";
import { collateClause } from "./table.js";
import { compileDefault, compileType } from "./types.js";

/** CREATE DOMAIN … AS type [COLLATE …] [DEFAULT …] [NOT NULL] [CONSTRAINT … CHECK (…)]…. */
export function compileCreateDomain(domain: Domain): string[] {
  const parts = [`CREATE DOMAIN ${qualifiedName(domain.name, domain.schema)} AS ${compileType(domain.type)}`];
  if (domain.collation !== undefined) parts.push(collateClause(domain.collation));
  if (domain.default !== undefined) parts.push(`DEFAULT ${compileDefault(domain.default)}`);
  if (domain.notNull) parts.push("NOT NULL");
  for (const check of domain.checks) parts.push(`CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`);
  return [parts.join(" ")];
}

/** DROP DOMAIN [IF EXISTS]. */
export function compileDropDomain(op: DropDomainOp): string[] {
  return [`DROP DOMAIN ${op.ifExists ? "IF EXISTS " : ""}${qualifiedName(op.name, op.schema)}`];
}

/** One ALTER DOMAIN per change: checks dropped, default, NOT NULL, checks added. */
export function compileAlterDomain(op: AlterDomainOp): string[] {
  const target = `ALTER DOMAIN ${qualifiedName(op.name, op.schema)}`;
  const statements: string[] = [];
  for (const check of op.dropChecks ?? []) statements.push(`${target} DROP CONSTRAINT ${quoteIdentifier(check.name)}`);
  if (op.default !== undefined) {
    statements.push(op.default.to === null ? `${target} DROP DEFAULT` : `${target} SET DEFAULT ${compileDefault(op.default.to)}`);
  }
  if (op.notNull !== undefined) statements.push(`${target} ${op.notNull.to ? "SET" : "DROP"} NOT NULL`);
  for (const check of op.addChecks ?? []) {
    statements.push(`${target} ADD CONSTRAINT ${quoteIdentifier(check.name)} CHECK (${check.expression})`);
  }
  return statements;
}

/** CREATE EXTENSION [IF NOT EXISTS] name [WITH SCHEMA …] [VERSION …]. */
export function compileCreateExtension(op: CreateExtensionOp): string[] {
  const e = op.extension;
  const parts = [`CREATE EXTENSION ${op.ifNotExists ? "IF NOT EXISTS " : ""}${quoteIdentifier(e.name)}`];
  if (e.schema !== undefined) parts.push(`WITH SCHEMA ${quoteIdentifier(e.schema)}`);
  if (e.version !== undefined) parts.push(`VERSION ${quoteLiteral(e.version)}`);
  return [parts.join(" ")];
}

/** DROP EXTENSION [IF EXISTS]. */
export function compileDropExtension(op: DropExtensionOp): string[] {
  return [`DROP EXTENSION ${op.ifExists ? "IF EXISTS " : ""}${quoteIdentifier(op.name)}`];
}

/** ALTER SEQUENCE with the changed options, in PostgreSQL's documented order. */
export function compileAlterSequence(op: AlterSequenceOp): string[] {
  const parts: string[] = [];
  if (op.dataType !== undefined) parts.push(`AS ${op.dataType.to}`);
  if (op.increment !== undefined) parts.push(`INCREMENT BY ${op.increment.to}`);
  if (op.minValue !== undefined) parts.push(op.minValue.to === null ? "NO MINVALUE" : `MINVALUE ${op.minValue.to}`);
  if (op.maxValue !== undefined) parts.push(op.maxValue.to === null ? "NO MAXVALUE" : `MAXVALUE ${op.maxValue.to}`);
  if (op.start !== undefined) parts.push(`START WITH ${op.start.to}`);
  if (op.cache !== undefined) parts.push(`CACHE ${op.cache.to}`);
  if (op.cycle !== undefined) parts.push(op.cycle.to ? "CYCLE" : "NO CYCLE");
  if (op.ownedBy !== undefined) {
    const owner = op.ownedBy.to;
    parts.push(owner === null ? "OWNED BY NONE" : `OWNED BY ${qualifiedName(owner.table, op.schema)}.${quoteIdentifier(owner.column)}`);
  }
  return [`ALTER SEQUENCE ${qualifiedName(op.name, op.schema)} ${parts.join(" ")}`];
}
