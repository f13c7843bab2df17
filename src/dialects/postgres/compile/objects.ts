/**
 * SQL for objects beside tables (enum types, sequences, schemas) and for data (bulk insert).
 */
import { assertNever } from "../../../errors.js";
import type {
  AddEnumValueOp,
  BulkInsertOp,
  BulkValue,
  CreateSchemaOp,
  CreateSequenceOp,
  DropEnumOp,
  DropSchemaOp,
  DropSequenceOp,
  RenameEnumValueOp,
} from "../../../ops/operation.js";
import type { EnumType } from "../../../schema/model.js";
import { columnList } from "./table.js";
import { qualifiedName, quoteIdentifier, quoteLiteral } from "../quote.js";

/** CREATE TYPE … AS ENUM (…). */
export function compileCreateEnum(type: EnumType): string[] {
  return [`CREATE TYPE ${qualifiedName(type.name, type.schema)} AS ENUM (${type.values.map(quoteLiteral).join(", ")})`];
}

/** DROP TYPE [IF EXISTS]. */
export function compileDropEnum(op: DropEnumOp): string[] {
  return [`DROP TYPE ${op.ifExists ? "IF EXISTS " : ""}${qualifiedName(op.name, op.schema)}`];
}

/** ALTER TYPE … ADD VALUE [IF NOT EXISTS] … [BEFORE | AFTER …]. */
export function compileAddEnumValue(op: AddEnumValueOp): string[] {
  let text = `ALTER TYPE ${qualifiedName(op.enumName, op.schema)} ADD VALUE ${op.ifNotExists ? "IF NOT EXISTS " : ""}${quoteLiteral(op.value)}`;
  if (op.before !== undefined) text += ` BEFORE ${quoteLiteral(op.before)}`;
  if (op.after !== undefined) text += ` AFTER ${quoteLiteral(op.after)}`;
  return [text];
}

/** ALTER TYPE … RENAME VALUE … TO …. */
export function compileRenameEnumValue(op: RenameEnumValueOp): string[] {
  return [`ALTER TYPE ${qualifiedName(op.enumName, op.schema)} RENAME VALUE ${quoteLiteral(op.from)} TO ${quoteLiteral(op.to)}`];
}

/** CREATE SEQUENCE with its options in PostgreSQL's documented order. */
export function compileCreateSequence(op: CreateSequenceOp): string[] {
  const s = op.sequence;
  const parts = [`CREATE SEQUENCE ${op.ifNotExists ? "IF NOT EXISTS " : ""}${qualifiedName(s.name, s.schema)}`];
  if (s.dataType !== undefined) parts.push(`AS ${s.dataType}`);
  if (s.increment !== undefined) parts.push(`INCREMENT BY ${s.increment}`);
  if (s.minValue !== undefined) parts.push(`MINVALUE ${s.minValue}`);
  if (s.maxValue !== undefined) parts.push(`MAXVALUE ${s.maxValue}`);
  if (s.start !== undefined) parts.push(`START WITH ${s.start}`);
  if (s.cache !== undefined) parts.push(`CACHE ${s.cache}`);
  if (s.cycle) parts.push("CYCLE");
  if (s.ownedBy !== undefined) parts.push(`OWNED BY ${qualifiedName(s.ownedBy.table, s.schema)}.${quoteIdentifier(s.ownedBy.column)}`);
  return [parts.join(" ")];
}

/** DROP SEQUENCE [IF EXISTS]. */
export function compileDropSequence(op: DropSequenceOp): string[] {
  return [`DROP SEQUENCE ${op.ifExists ? "IF EXISTS " : ""}${qualifiedName(op.name, op.schema)}`];
}

/** CREATE SCHEMA [IF NOT EXISTS] … [AUTHORIZATION …]. */
export function compileCreateSchema(op: CreateSchemaOp): string[] {
  const authorization = op.authorization === undefined ? "" : ` AUTHORIZATION ${quoteIdentifier(op.authorization)}`;
  return [`CREATE SCHEMA ${op.ifNotExists ? "IF NOT EXISTS " : ""}${quoteIdentifier(op.name)}${authorization}`];
}

/** DROP SCHEMA [IF EXISTS] … [CASCADE]. */
export function compileDropSchema(op: DropSchemaOp): string[] {
  return [`DROP SCHEMA ${op.ifExists ? "IF EXISTS " : ""}${quoteIdentifier(op.name)}${op.cascade ? " CASCADE" : ""}`];
}

export function bulkValue(value: BulkValue | undefined): string {
  if (value === undefined) return "DEFAULT";
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

/** One multi-row INSERT; no statement for no rows. */
export function compileBulkInsert(op: BulkInsertOp): string[] {
  if (op.rows.length === 0) return [];
  const rows = op.rows.map((row) => `(${op.columns.map((_, i) => bulkValue(row[i])).join(", ")})`);
  return [`INSERT INTO ${qualifiedName(op.table, op.schema)} (${columnList(op.columns)}) VALUES ${rows.join(", ")}`];
}
