/**
 * One line per operation for people: what `retort check` lists and what the command summary shows
 * (`add column movies.release_date`, `alter column movies.title (type, nullable)`).
 */
import { assertNever } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { displayName } from "./names.js";

/** A short description of `op`. */
export function describeOperation(op: Operation): string {
  switch (op.kind) {
    case "createTable":
      return `add table ${displayName(op.table.schema, op.table.name)}`;
    case "dropTable":
      return `drop table ${displayName(op.schema, op.name)}`;
    case "renameTable":
      return `rename table ${displayName(op.schema, op.name)} to ${op.newName}`;
    case "addColumn":
      return `add column ${displayName(op.schema, op.table)}.${op.column.name}`;
    case "dropColumn":
      return `drop column ${displayName(op.schema, op.table)}.${op.name}`;
    case "alterColumn": {
      const parts = (["type", "collation", "nullable", "identity", "default", "comment"] as const).filter((part) => op[part] !== undefined);
      const column = `${displayName(op.schema, op.table)}.${op.column}`;
      if (op.newName !== undefined && parts.length === 0) return `rename column ${column} to ${op.newName}`;
      return `alter column ${column} (${parts.join(", ")})${op.newName === undefined ? "" : ` and rename it to ${op.newName}`}`;
    }
    case "createIndex":
      return `add index ${op.index.name} on ${displayName(op.schema, op.table)}`;
    case "dropIndex":
      return `drop index ${op.name}${op.table === undefined ? "" : ` on ${displayName(op.schema, op.table)}`}`;
    case "createUniqueConstraint":
      return `add unique constraint ${op.constraint.name} on ${displayName(op.schema, op.table)}`;
    case "createForeignKey":
      return `add foreign key ${op.constraint.name} on ${displayName(op.schema, op.table)}`;
    case "createCheckConstraint":
      return `add check constraint ${op.constraint.name} on ${displayName(op.schema, op.table)}`;
    case "createPrimaryKey":
      return `add primary key ${op.constraint.name} on ${displayName(op.schema, op.table)}`;
    case "validateConstraint":
      return `validate constraint ${op.name} on ${displayName(op.schema, op.table)}`;
    case "dropConstraint":
      return `drop constraint ${op.name} on ${displayName(op.schema, op.table)}`;
    case "createTableComment":
      return `set the comment of table ${displayName(op.schema, op.table)}`;
    case "dropTableComment":
      return `remove the comment of table ${displayName(op.schema, op.table)}`;
    case "createEnum":
      return `add enum ${displayName(op.enumType.schema, op.enumType.name)}`;
    case "dropEnum":
      return `drop enum ${displayName(op.schema, op.name)}`;
    case "addEnumValue":
      return `add value '${op.value}' to enum ${displayName(op.schema, op.enumName)}`;
    case "renameEnumValue":
      return `rename value '${op.from}' of enum ${displayName(op.schema, op.enumName)} to '${op.to}'`;
    case "createSequence":
      return `add sequence ${displayName(op.sequence.schema, op.sequence.name)}`;
    case "dropSequence":
      return `drop sequence ${displayName(op.schema, op.name)}`;
    case "createSchema":
      return `add schema ${op.name}`;
    case "dropSchema":
      return `drop schema ${op.name}`;
    case "attachPartition":
      return `attach partition ${displayName(op.partitionSchema ?? op.schema, op.partition)} to ${displayName(op.schema, op.table)}`;
    case "detachPartition":
      return `detach partition ${displayName(op.partitionSchema ?? op.schema, op.partition)} from ${displayName(op.schema, op.table)}`;
    case "execute":
      return "execute SQL";
    case "bulkInsert":
      return `insert ${op.rows.length} row(s) into ${displayName(op.schema, op.table)}`;
    default:
      return assertNever(op, "operation");
  }
}
