/**
 * Names over PostgreSQL's 63 bytes refused before any SQL is built, with the object they belong to: the server
 * would cut them, and the cut names would no longer match the models or the later revisions using them.
 */
import { assertNever, SchemaError } from "../../../errors.js";
import type { Operation } from "../../../ops/operation.js";
import type { Constraint } from "../../../schema/model.js";
import {
  enumIdentifiers,
  firstTooLong,
  indexIdentifiers,
  type NamedIdentifier,
  sequenceIdentifiers,
  tableIdentifiers,
  tooLongMessage,
} from "../../identifiers.js";
import { MAX_IDENTIFIER_BYTES } from "../quote.js";
import { routineIdentifiers, triggerIdentifiers } from "./routines.js";

const quoted = (name: string): string => JSON.stringify(name);

function tableOf(table: string, schema: string | undefined): string {
  return `table ${quoted(schema === undefined ? table : `${schema}.${table}`)}`;
}

function schemaUse(schema: string | undefined, of: string): NamedIdentifier[] {
  return schema === undefined ? [] : [{ name: schema, what: `the schema of ${of}` }];
}

function constraintIdentifiers(constraint: Constraint, of: string): NamedIdentifier[] {
  switch (constraint.kind) {
    case "primaryKey":
    case "unique": {
      const what = `${constraint.kind === "unique" ? "unique constraint" : "primary key"} ${quoted(constraint.name)} of ${of}`;
      return [{ name: constraint.name, what }, ...constraint.columns.map((name) => ({ name, what: `column ${quoted(name)} of ${what}` }))];
    }
    case "foreignKey": {
      const what = `foreign key ${quoted(constraint.name)} of ${of}`;
      return [
        { name: constraint.name, what },
        ...constraint.columns.map((name) => ({ name, what: `column ${quoted(name)} of ${what}` })),
        { name: constraint.referredTable, what: `the table referred to by ${what}` },
        ...schemaUse(constraint.referredSchema, `the table referred to by ${what}`),
        ...constraint.referredColumns.map((name) => ({ name, what: `column ${quoted(name)} referred to by ${what}` })),
      ];
    }
    case "check":
      return [{ name: constraint.name, what: `check constraint ${quoted(constraint.name)} of ${of}` }];
    case "exclude": {
      const what = `exclusion constraint ${quoted(constraint.name)} of ${of}`;
      return [
        { name: constraint.name, what },
        ...constraint.elements.flatMap((e) => (e.kind === "column" ? [{ name: e.name, what: `column ${quoted(e.name)} of ${what}` }] : [])),
      ];
    }
    default:
      return assertNever(constraint, "constraint");
  }
}

/** Every identifier `operation` names, with what it names. */
export function operationIdentifiers(operation: Operation): NamedIdentifier[] {
  switch (operation.kind) {
    case "createTable":
      return tableIdentifiers(operation.table);
    case "dropTable":
    case "createTableComment":
    case "dropTableComment": {
      const name = operation.kind === "dropTable" ? operation.name : operation.table;
      const of = tableOf(name, operation.schema);
      return [{ name, what: of }, ...schemaUse(operation.schema, of)];
    }
    case "renameTable": {
      const of = tableOf(operation.name, operation.schema);
      return [
        { name: operation.name, what: of },
        { name: operation.newName, what: `the new name of ${of}` },
        ...schemaUse(operation.schema, of),
      ];
    }
    case "addColumn":
    case "dropColumn":
    case "alterColumn": {
      const of = tableOf(operation.table, operation.schema);
      const name =
        operation.kind === "addColumn" ? operation.column.name : operation.kind === "dropColumn" ? operation.name : operation.column;
      const uses: NamedIdentifier[] = [{ name: operation.table, what: of }, ...schemaUse(operation.schema, of)];
      uses.push({ name, what: `column ${quoted(name)} of ${of}` });
      if (operation.kind === "addColumn") uses.push(...operation.constraints.flatMap((c) => constraintIdentifiers(c, of)));
      if (operation.kind === "alterColumn" && operation.newName !== undefined) {
        uses.push({ name: operation.newName, what: `the new name of column ${quoted(name)} of ${of}` });
      }
      return uses;
    }
    case "createIndex": {
      const of = tableOf(operation.table, operation.schema);
      return [{ name: operation.table, what: of }, ...schemaUse(operation.schema, of), ...indexIdentifiers(operation.index, of)];
    }
    case "dropIndex": {
      const of = operation.table === undefined ? "" : ` of ${tableOf(operation.table, operation.schema)}`;
      return [
        { name: operation.name, what: `index ${quoted(operation.name)}${of}` },
        ...schemaUse(operation.schema, `index ${quoted(operation.name)}`),
      ];
    }
    case "createUniqueConstraint":
    case "createForeignKey":
    case "createCheckConstraint":
    case "createExclusionConstraint":
    case "createPrimaryKey": {
      const of = tableOf(operation.table, operation.schema);
      const adopted =
        "usingIndex" in operation && operation.usingIndex !== undefined
          ? [{ name: operation.usingIndex, what: `index ${quoted(operation.usingIndex)} of ${of}` }]
          : [];
      return [
        { name: operation.table, what: of },
        ...schemaUse(operation.schema, of),
        ...constraintIdentifiers(operation.constraint, of),
        ...adopted,
      ];
    }
    case "validateConstraint":
    case "dropConstraint": {
      const of = tableOf(operation.table, operation.schema);
      return [
        { name: operation.table, what: of },
        ...schemaUse(operation.schema, of),
        { name: operation.name, what: `constraint ${quoted(operation.name)} of ${of}` },
      ];
    }
    case "createEnum":
      return enumIdentifiers(operation.enumType);
    case "dropEnum":
    case "addEnumValue":
    case "renameEnumValue": {
      const name = operation.kind === "dropEnum" ? operation.name : operation.enumName;
      const what = `enum type ${quoted(operation.schema === undefined ? name : `${operation.schema}.${name}`)}`;
      const uses: NamedIdentifier[] = [{ name, what }, ...schemaUse(operation.schema, what)];
      if (operation.kind === "addEnumValue") uses.push({ name: operation.value, what: `value ${quoted(operation.value)} of ${what}` });
      if (operation.kind === "renameEnumValue") uses.push({ name: operation.to, what: `value ${quoted(operation.to)} of ${what}` });
      return uses;
    }
    case "createSequence":
      return sequenceIdentifiers(operation.sequence);
    case "dropSequence": {
      const what = `sequence ${quoted(operation.name)}`;
      return [{ name: operation.name, what }, ...schemaUse(operation.schema, what)];
    }
    case "alterSequence": {
      const what = `sequence ${quoted(operation.name)}`;
      const owner = operation.ownedBy?.to;
      return [
        { name: operation.name, what },
        ...schemaUse(operation.schema, what),
        ...(owner
          ? [
              { name: owner.table, what: `the owner of ${what}` },
              { name: owner.column, what: `the owner of ${what}` },
            ]
          : []),
      ];
    }
    case "createDomain":
    case "dropDomain":
    case "alterDomain": {
      const name = operation.kind === "createDomain" ? operation.domain.name : operation.name;
      const schema = operation.kind === "createDomain" ? operation.domain.schema : operation.schema;
      const what = `domain ${quoted(schema === undefined ? name : `${schema}.${name}`)}`;
      const checks =
        operation.kind === "createDomain" ? operation.domain.checks : operation.kind === "alterDomain" ? (operation.addChecks ?? []) : [];
      return [
        { name, what },
        ...schemaUse(schema, what),
        ...checks.map((check) => ({ name: check.name, what: `check constraint ${quoted(check.name)} of ${what}` })),
      ];
    }
    case "createExtension":
    case "dropExtension": {
      const name = operation.kind === "createExtension" ? operation.extension.name : operation.name;
      const what = `extension ${quoted(name)}`;
      return [{ name, what }, ...(operation.kind === "createExtension" ? schemaUse(operation.extension.schema, what) : [])];
    }
    case "createView":
    case "replaceView":
    case "dropView": {
      const { name, schema } = operation.kind === "dropView" ? operation : operation.view;
      const what = `view ${quoted(name)}`;
      const indexes = operation.kind === "createView" ? (operation.view.indexes ?? []) : [];
      return [
        { name, what },
        ...schemaUse(schema, what),
        ...(operation.kind === "dropView"
          ? []
          : (operation.view.columns ?? []).map((c) => ({ name: c, what: `column ${quoted(c)} of ${what}` }))),
        ...indexes.map((ix) => ({ name: ix.name, what: `index ${quoted(ix.name)} of ${what}` })),
      ];
    }
    case "createSchema":
    case "dropSchema":
      return [{ name: operation.name, what: `schema ${quoted(operation.name)}` }];
    case "createFunction":
    case "replaceFunction":
      return routineIdentifiers(operation.function.name, operation.function.schema, operation.function.kind);
    case "dropFunction":
      return routineIdentifiers(operation.name, operation.schema, operation.procedure ? "procedure" : "function");
    case "createTrigger":
      return triggerIdentifiers(operation.trigger.name, operation.trigger.table, operation.trigger.schema, operation.trigger);
    case "dropTrigger":
      return triggerIdentifiers(operation.name, operation.table, operation.schema);
    case "setRowLevelSecurity":
    case "grant":
    case "revoke": {
      const of = tableOf(operation.table, operation.schema);
      return [{ name: operation.table, what: of }, ...schemaUse(operation.schema, of)];
    }
    case "createPolicy":
    case "dropPolicy": {
      const name = operation.kind === "createPolicy" ? operation.policy.name : operation.name;
      const table = operation.kind === "createPolicy" ? operation.policy.table : operation.table;
      const schema = operation.kind === "createPolicy" ? operation.policy.schema : operation.schema;
      const of = tableOf(table, schema);
      return [{ name: table, what: of }, ...schemaUse(schema, of), { name, what: `policy ${quoted(name)} of ${of}` }];
    }
    case "attachPartition":
    case "detachPartition": {
      const of = tableOf(operation.table, operation.schema);
      const partition = tableOf(operation.partition, operation.partitionSchema ?? operation.schema);
      return [
        { name: operation.table, what: of },
        ...schemaUse(operation.schema, of),
        { name: operation.partition, what: `the partition ${partition}` },
        ...schemaUse(operation.partitionSchema, partition),
      ];
    }
    case "execute":
      return [];
    case "bulkInsert": {
      const of = tableOf(operation.table, operation.schema);
      return [
        { name: operation.table, what: of },
        ...schemaUse(operation.schema, of),
        ...operation.columns.map((name) => ({ name, what: `column ${quoted(name)} of ${of}` })),
      ];
    }
    default:
      return assertNever(operation, "operation");
  }
}

/** Throws `invalid_schema` naming the object when `operation` uses a name over PostgreSQL's limit. */
export function checkIdentifierLengths(operation: Operation): void {
  const found = firstTooLong(operationIdentifiers(operation), MAX_IDENTIFIER_BYTES);
  if (found === undefined) return;
  const { message, hint } = tooLongMessage(found, MAX_IDENTIFIER_BYTES, "postgresql");
  throw new SchemaError(message, { hint, details: { name: found.name, bytes: found.bytes, limit: MAX_IDENTIFIER_BYTES } });
}
