/**
 * The PostgreSQL compiler: the one place that turns each operation into SQL. Every identifier is quoted,
 * every literal escaped; names over 63 bytes are refused, naming the object they belong to.
 */
import { compileAttachPartition, compileDetachPartition } from "./partitions.js";
import { assertNever } from "../../../errors.js";
import type { Operation, RevisionOperation } from "../../../ops/operation.js";
import { compileBackfill } from "./backfill.js";
import { compileAddConstraint, compileAlterColumn, compileDropConstraint, compileValidateConstraint } from "./alter.js";
import {
  compileAlterDomain,
  compileAlterSequence,
  compileCreateDomain,
  compileCreateExtension,
  compileDropDomain,
  compileDropExtension,
} from "./domains.js";
import { checkIdentifierLengths } from "./identifiers.js";
import { compileDropIndex, compileIndex } from "./indexes.js";
import {
  compileAddEnumValue,
  compileBulkInsert,
  compileCreateEnum,
  compileCreateSchema,
  compileCreateSequence,
  compileDropEnum,
  compileDropSchema,
  compileDropSequence,
  compileRenameEnumValue,
} from "./objects.js";
import { compileCreateRoutine, compileCreateTrigger, compileDropRoutine, compileDropTrigger } from "./routines.js";
import { compileCreateView, compileDropView, compileReplaceView } from "./views.js";
import { compileCreatePolicy, compileDropPolicy, compileGrant, compileRevoke, compileSetRowLevelSecurity } from "./security.js";
import { compileAddColumn, compileCreateTable, compileDropColumn, compileDropTable, compileRenameTable, tableComment } from "./table.js";

/**
 * The SQL statements (without trailing semicolons) for one operation, in order. `execute` returns its SQL
 * unchanged; a `bulkInsert` of no rows returns none.
 */
export function compileOperation(operation: RevisionOperation): readonly string[] {
  if (operation.kind === "backfill") return compileBackfill(operation);
  return compileSchemaOperation(operation);
}

function compileSchemaOperation(operation: Operation): readonly string[] {
  checkIdentifierLengths(operation);
  switch (operation.kind) {
    case "createTable":
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
    case "createExclusionConstraint":
    case "createPrimaryKey":
      return compileAddConstraint(operation);
    case "validateConstraint":
      return compileValidateConstraint(operation);
    case "dropConstraint":
      return compileDropConstraint(operation);
    case "createTableComment":
      return [tableComment(operation.table, operation.schema, operation.comment)];
    case "dropTableComment":
      return [tableComment(operation.table, operation.schema, null)];
    case "createEnum":
      return compileCreateEnum(operation.enumType);
    case "dropEnum":
      return compileDropEnum(operation);
    case "addEnumValue":
      return compileAddEnumValue(operation);
    case "renameEnumValue":
      return compileRenameEnumValue(operation);
    case "createSequence":
      return compileCreateSequence(operation);
    case "dropSequence":
      return compileDropSequence(operation);
    case "alterSequence":
      return compileAlterSequence(operation);
    case "createDomain":
      return compileCreateDomain(operation.domain);
    case "dropDomain":
      return compileDropDomain(operation);
    case "alterDomain":
      return compileAlterDomain(operation);
    case "createExtension":
      return compileCreateExtension(operation);
    case "dropExtension":
      return compileDropExtension(operation);
    case "createView":
      return compileCreateView(operation.view);
    case "replaceView":
      return compileReplaceView(operation.view);
    case "dropView":
      return compileDropView(operation);
    case "createSchema":
      return compileCreateSchema(operation);
    case "dropSchema":
      return compileDropSchema(operation);
    case "createFunction":
      return compileCreateRoutine(operation.function, false);
    case "replaceFunction":
      return compileCreateRoutine(operation.function, true);
    case "dropFunction":
      return compileDropRoutine(operation);
    case "createTrigger":
      return compileCreateTrigger(operation.trigger);
    case "dropTrigger":
      return compileDropTrigger(operation);
    case "setRowLevelSecurity":
      return compileSetRowLevelSecurity(operation.table, operation.schema, operation.mode);
    case "grant":
      return compileGrant(operation);
    case "revoke":
      return compileRevoke(operation);
    case "createPolicy":
      return compileCreatePolicy(operation.policy);
    case "dropPolicy":
      return compileDropPolicy(operation.name, operation.table, operation.schema);
    case "attachPartition":
      return compileAttachPartition(operation);
    case "detachPartition":
      return compileDetachPartition(operation);
    case "execute":
      return [operation.sql];
    case "bulkInsert":
      return compileBulkInsert(operation);
    default:
      return assertNever(operation, "operation");
  }
}

/**
 * True when PostgreSQL refuses to run the operation inside a transaction block (CREATE/DROP INDEX
 * CONCURRENTLY). The runtime runs such a revision outside a transaction, or fails with a hint to declare the
 * revision non-transactional.
 */
export function requiresNoTransaction(operation: RevisionOperation): boolean {
  // A backfill commits each batch: it cannot be one statement of a revision's transaction.
  if (operation.kind === "backfill") return true;
  return (operation.kind === "createIndex" || operation.kind === "dropIndex") && operation.concurrently === true;
}
