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
    case "createExclusionConstraint":
      return `add exclusion constraint ${op.constraint.name} on ${displayName(op.schema, op.table)}`;
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
    case "alterSequence":
      return `alter sequence ${displayName(op.schema, op.name)}`;
    case "createDomain":
      return `add domain ${displayName(op.domain.schema, op.domain.name)}`;
    case "dropDomain":
      return `drop domain ${displayName(op.schema, op.name)}`;
    case "alterDomain":
      return `alter domain ${displayName(op.schema, op.name)}`;
    case "createExtension":
      return `add extension ${op.extension.name}`;
    case "dropExtension":
      return `drop extension ${op.name}`;
    case "createView":
      return `add ${op.view.materialized ? "materialized view" : "view"} ${displayName(op.view.schema, op.view.name)}`;
    case "replaceView":
      return `replace the query of view ${displayName(op.view.schema, op.view.name)}`;
    case "dropView":
      return `drop ${op.materialized ? "materialized view" : "view"} ${displayName(op.schema, op.name)}`;
    case "createSchema":
      return `add schema ${op.name}`;
    case "dropSchema":
      return `drop schema ${op.name}`;
    case "createFunction":
      return `add ${op.function.kind} ${displayName(op.function.schema, op.function.name)}(${op.function.args})`;
    case "replaceFunction":
      return `replace ${op.function.kind} ${displayName(op.function.schema, op.function.name)}(${op.function.args})`;
    case "dropFunction":
      return `drop ${op.procedure ? "procedure" : "function"} ${displayName(op.schema, op.name)}(${op.args})`;
    case "createTrigger":
      return `add trigger ${op.trigger.name} on ${displayName(op.trigger.schema, op.trigger.table)}`;
    case "dropTrigger":
      return `drop trigger ${op.name} on ${displayName(op.schema, op.table)}`;
    case "setRowLevelSecurity":
      return `set row-level security of table ${displayName(op.schema, op.table)} to ${op.mode}`;
    case "grant":
      return `grant ${op.privileges.join(", ")} on ${displayName(op.schema, op.table)} to ${op.to}`;
    case "revoke":
      return `revoke ${op.privileges.join(", ")} on ${displayName(op.schema, op.table)} from ${op.from}`;
    case "createPolicy":
      return `add policy ${op.policy.name} on ${displayName(op.policy.schema, op.policy.table)}`;
    case "dropPolicy":
      return `drop policy ${op.name} on ${displayName(op.schema, op.table)}`;
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
