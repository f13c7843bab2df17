/**
 * The MySQL/MariaDB compiler: each operation as MySQL statements. Every identifier is quoted, every literal
 * escaped; what MySQL cannot express is refused with a hint, never skipped.
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import { refusePostgresOnlyTableOptions } from "../../postgres-only-table-options.js";
import type { BackfillOp, Operation, RevisionOperation } from "../../../ops/operation.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { compileAddConstraint, compileAlterColumn, compileDropConstraint } from "./alter.js";
import { compileDropIndex, compileIndex } from "./indexes.js";
import { bulkValue, compileBulkInsert, refuseObject } from "./objects.js";
import { compileAddColumn, compileCreateTable, compileDropColumn, compileDropTable, compileRenameTable, tableComment } from "./table.js";

/** The statements (without trailing semicolons) for one operation, in order. */
export function compileOperation(operation: RevisionOperation): readonly string[] {
  if (operation.kind === "backfill") return compileBackfill(operation);
  return compileSchemaOperation(operation);
}

const ENUM_HINT = "MySQL's ENUM belongs to a column: use a custom column type `enum('a','b')`, or varchar with a check constraint.";
const SEQUENCE_HINT = "Use an AUTO_INCREMENT column (integer().primaryKey() with identity, or serial()).";
const EXCLUSION_HINT = "Leave exclusion constraints out of the models for a MySQL database, or check the rule in the application.";
const DOMAIN_HINT = "Use the domain's base type with a check constraint on each column.";
const EXTENSION_HINT = "Leave the extension out of the models for a MySQL database.";
const ROUTINE_HINT = "Write the CREATE FUNCTION / CREATE TRIGGER statement with op.execute.";
const VIEW_HINT = "Write the CREATE VIEW statement with op.execute.";
const SECURITY_HINT = "Leave rowLevelSecurity and policies out of the models for a MySQL database.";
const GRANT_HINT = "Write the GRANT statement with op.execute.";
const PARTITION_HINT = "Write the ALTER TABLE … PARTITION statement with op.execute.";
const SCHEMA_HINT = "On MySQL a schema is a database: create it outside the revisions (CREATE DATABASE).";

function compileSchemaOperation(operation: Operation): readonly string[] {
  switch (operation.kind) {
    case "createTable":
      refusePostgresOnlyTableOptions(operation.table, "MySQL");
      return compileCreateTable(operation.table);
    case "dropTable":
      return compileDropTable(operation);
    case "renameTable":
      return compileRenameTable(operation);
    case "addColumn":
      return compileAddColumn(operation);
    case "dropColumn":
      return compileDropColumn(operation);
    case "alterColumn":
      return compileAlterColumn(operation);
    case "createIndex":
      return [compileIndex(operation.table, operation.schema, operation.index, operation)];
    case "dropIndex":
      return [compileDropIndex(operation)];
    case "createUniqueConstraint":
    case "createForeignKey":
    case "createCheckConstraint":
    case "createPrimaryKey":
      return compileAddConstraint(operation);
    case "createExclusionConstraint":
      return refuseObject(operation, "exclusion constraints are PostgreSQL's", EXCLUSION_HINT);
    case "validateConstraint":
      throw new UnsupportedOperationError(`validateConstraint "${operation.name}": MySQL has no constraint left to validate.`, {
        hint: "MySQL checks existing rows as a constraint is added; leave validateConstraint out.",
        details: { table: operation.table, constraint: operation.name },
      });
    case "dropConstraint":
      return compileDropConstraint(operation);
    case "createTableComment":
      return [tableComment(operation.table, operation.schema, operation.comment)];
    case "dropTableComment":
      return [tableComment(operation.table, operation.schema, null)];
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "renameEnumValue":
      return refuseObject(operation, "named enum types are PostgreSQL's", ENUM_HINT);
    case "createSequence":
    case "dropSequence":
    case "alterSequence":
      return refuseObject(operation, "sequences are not in MySQL", SEQUENCE_HINT);
    case "createDomain":
    case "dropDomain":
    case "alterDomain":
      return refuseObject(operation, "domains are PostgreSQL's", DOMAIN_HINT);
    case "createExtension":
    case "dropExtension":
      return refuseObject(operation, "extensions are PostgreSQL's", EXTENSION_HINT);
    case "createFunction":
    case "replaceFunction":
    case "dropFunction":
    case "createTrigger":
    case "dropTrigger":
      return refuseObject(operation, "functions and triggers are not modelled for MySQL yet", ROUTINE_HINT);
    case "createView":
    case "replaceView":
    case "dropView":
      return refuseObject(operation, "views are not modelled for MySQL yet", VIEW_HINT);
    case "setRowLevelSecurity":
    case "createPolicy":
    case "dropPolicy":
      return refuseObject(operation, "row-level security and policies are PostgreSQL's", SECURITY_HINT);
    case "grant":
    case "revoke":
      return refuseObject(operation, "grants are not modelled for MySQL yet", GRANT_HINT);
    case "attachPartition":
    case "detachPartition":
      return refuseObject(operation, "partitions are not modelled for MySQL yet", PARTITION_HINT);
    case "createSchema":
    case "dropSchema":
      return refuseObject(operation, "schemas are databases on MySQL", SCHEMA_HINT);
    case "execute":
      return [operation.sql];
    case "bulkInsert":
      return compileBulkInsert(operation);
    default:
      return assertNever(operation, "operation");
  }
}

/** The `--sql` form of a backfill: one UPDATE. */
function compileBackfill(op: BackfillOp): string[] {
  const set = op.set.map(({ column, value }) => `${quoteIdentifier(column)} = ${bulkValue(value)}`).join(", ");
  const where = op.where === undefined ? "" : ` WHERE ${op.where}`;
  return [`UPDATE ${qualifiedName(op.table, op.schema)} SET ${set}${where}`];
}

/** Only a backfill must run outside a transaction; on MySQL every revision does anyway (DDL commits). */
export function requiresNoTransaction(operation: RevisionOperation): boolean {
  return operation.kind === "backfill";
}
