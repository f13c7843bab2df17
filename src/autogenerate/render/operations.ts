/**
 * One operation as the `await op.…(…);` statement that makes it, with the exact signatures of
 * `src/ops/operations.ts`. Lines come without the function body's indentation; a `createTable` spans
 * several lines, one per column.
 */
import { assertNever } from "../../errors.js";
import type { AlterColumnOp, BulkValue, CreateTableOp, DropConstraintOp, Operation } from "../../ops/operation.js";
import type { Identity } from "../../schema/model.js";
import { columnBuilder, defaultValue, exclusionEntries, foreignKeyOptions, identityEntries, indexParts, typeBuilder } from "./builders.js";
import { type Imports, literal, object, optionsArgument, sqlTemplate, str, stringArray } from "./code.js";
import {
  renderAlterDomain,
  renderAlterSequence,
  renderCreateDomain,
  renderCreateExtension,
  renderDropDomain,
  renderDropExtension,
} from "./domain-operations.js";
import { routineDefinition, triggerDefinition } from "./routines.js";
import { renderCreatePolicy, renderDropPolicy, renderGrant, renderSetRowLevelSecurity } from "./security.js";
import { partitionCall } from "./partitions.js";
import { tableCall } from "./table.js";
import { renderViewOperation } from "./views.js";

function schemaOption(schema: string | undefined): readonly [string, string | undefined] {
  return ["schema", schema === undefined ? undefined : str(schema)];
}

function notValidOption(notValid: boolean | undefined): readonly [string, string | undefined] {
  return ["notValid", notValid ? "true" : undefined];
}

function usingIndexOption(index: string | undefined): readonly [string, string | undefined] {
  return ["usingIndex", index === undefined ? undefined : str(index)];
}

/** The drop, then (for a key that had adopted an index) the index built again as the statement after it does. */
function dropConstraint(op: DropConstraintOp): string[] {
  const drop = `await op.dropConstraint(${str(op.name)}, ${str(op.table)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined], ["cascade", op.cascade ? "true" : undefined]])});`;
  const key = op.existing?.kind === "primaryKey" || op.existing?.kind === "unique" ? op.existing : undefined;
  if (op.existingIndex === undefined || key === undefined) return [drop];
  return [
    drop,
    `await op.createIndex(${str(op.existingIndex)}, ${str(op.table)}, ${stringArray(key.columns)}${optionsArgument([["unique", "true"], schemaOption(op.schema)])});`,
  ];
}

function createTable(op: CreateTableOp, imports: Imports): string[] {
  return tableCall(`await op.createTable(${str(op.table.name)}, {`, op.table, imports);
}

/** `{ always: true, start: 100 }`, or `null`. */
function identityValue(identity: Identity | null): string {
  if (identity === null) return "null";
  return object([["always", String(identity.always)], ...identityEntries(identity)]);
}

function nullableString(value: string | null): string {
  return value === null ? "null" : str(value);
}

/** The previous type; without a type change, a collation change names the column's type here. */
function existingType(op: AlterColumnOp, imports: Imports): string | undefined {
  if (op.type !== undefined) return op.type.from === undefined ? undefined : typeBuilder(op.type.from, imports);
  return op.collation === undefined ? undefined : typeBuilder(op.collation.type, imports);
}

function alterColumn(op: AlterColumnOp, imports: Imports): string {
  const entries: (readonly [string, string | undefined])[] = [
    ["type", op.type === undefined ? undefined : typeBuilder(op.type.to, imports)],
    ["existingType", existingType(op, imports)],
    ["using", op.type?.using === undefined ? undefined : sqlTemplate(op.type.using, imports)],
    ["collation", op.collation === undefined ? undefined : nullableString(op.collation.to)],
    ["existingCollation", op.collation?.from === undefined ? undefined : nullableString(op.collation.from)],
    ["nullable", op.nullable === undefined ? undefined : String(op.nullable.to)],
    ["existingNullable", op.nullable?.from === undefined ? undefined : String(op.nullable.from)],
    ["identity", op.identity === undefined ? undefined : identityValue(op.identity.to)],
    ["existingIdentity", op.identity?.from === undefined ? undefined : identityValue(op.identity.from)],
    ["default", op.default === undefined ? undefined : defaultValue(op.default.to, imports)],
    ["existingDefault", op.default?.from === undefined ? undefined : defaultValue(op.default.from, imports)],
    ["comment", op.comment === undefined ? undefined : op.comment.to === null ? "null" : str(op.comment.to)],
    ["existingComment", op.comment?.from === undefined ? undefined : op.comment.from === null ? "null" : str(op.comment.from)],
    ["newName", op.newName === undefined ? undefined : str(op.newName)],
    schemaOption(op.schema),
  ];
  return `await op.alterColumn(${str(op.table)}, ${str(op.column)}, ${object(entries)});`;
}

function bulkValue(value: BulkValue, imports: Imports): string {
  if (value === null || typeof value !== "object") return literal(value);
  if (value instanceof Date) return `new Date(${str(value.toISOString())})`;
  if (value.kind === "sql") return sqlTemplate(value.sql, imports);
  return JSON.stringify(value.value);
}

/** The statement(s) for one operation. */
export function renderOperation(op: Operation, imports: Imports): string[] {
  switch (op.kind) {
    case "createTable":
      return createTable(op, imports);
    case "dropTable":
      return [
        `await op.dropTable(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["cascade", op.cascade ? "true" : undefined]])});`,
      ];
    case "renameTable":
      return [`await op.renameTable(${str(op.name)}, ${str(op.newName)}${optionsArgument([schemaOption(op.schema)])});`];
    case "addColumn": {
      const builder = columnBuilder(op.table, op.column, op.constraints, imports);
      return [`await op.addColumn(${str(op.table)}, ${str(op.column.name)}, ${builder}${optionsArgument([schemaOption(op.schema)])});`];
    }
    case "dropColumn":
      return [`await op.dropColumn(${str(op.table)}, ${str(op.name)}${optionsArgument([schemaOption(op.schema)])});`];
    case "alterColumn":
      return [alterColumn(op, imports)];
    case "createIndex": {
      const parts = indexParts(op.index, imports);
      const options = [
        ...parts.options,
        schemaOption(op.schema),
        ["concurrently", op.concurrently ? "true" : undefined],
        ["ifNotExists", op.ifNotExists ? "true" : undefined],
      ] as const;
      return [`await op.createIndex(${str(op.index.name)}, ${str(op.table)}, ${parts.elements}${optionsArgument(options)});`];
    }
    case "dropIndex":
      return [
        `await op.dropIndex(${str(op.name)}${optionsArgument([["table", op.table === undefined ? undefined : str(op.table)], schemaOption(op.schema), ["concurrently", op.concurrently ? "true" : undefined], ["ifExists", op.ifExists ? "true" : undefined]])});`,
      ];
    case "createUniqueConstraint":
      return [
        `await op.createUniqueConstraint(${str(op.constraint.name)}, ${str(op.table)}, ${stringArray(op.constraint.columns)}${optionsArgument([schemaOption(op.schema), ["deferrable", op.constraint.deferrable === undefined ? undefined : str(op.constraint.deferrable)], ["nullsNotDistinct", op.constraint.nullsNotDistinct ? "true" : undefined], usingIndexOption(op.usingIndex)])});`,
      ];
    case "createForeignKey": {
      const fk = op.constraint;
      const options = [
        ...foreignKeyOptions(fk, op.table).filter(([k]) => k !== "name"),
        ["sourceSchema", op.schema === undefined ? undefined : str(op.schema)],
        ["referentSchema", fk.referredSchema === undefined ? undefined : str(fk.referredSchema)],
        notValidOption(op.notValid),
      ] as const;
      return [
        `await op.createForeignKey(${str(fk.name)}, ${str(op.table)}, ${str(fk.referredTable)}, ${stringArray(fk.columns)}, ${stringArray(fk.referredColumns)}${optionsArgument(options)});`,
      ];
    }
    case "createCheckConstraint":
      return [
        `await op.createCheckConstraint(${str(op.constraint.name)}, ${str(op.table)}, ${sqlTemplate(op.constraint.expression, imports)}${optionsArgument([schemaOption(op.schema), notValidOption(op.notValid)])});`,
      ];
    case "createExclusionConstraint":
      return [
        `await op.createExclusionConstraint(${str(op.constraint.name)}, ${str(op.table)}, ${object([...exclusionEntries(op.constraint, imports), schemaOption(op.schema)])});`,
      ];
    case "createPrimaryKey":
      return [
        `await op.createPrimaryKey(${str(op.constraint.name)}, ${str(op.table)}, ${stringArray(op.constraint.columns)}${optionsArgument([schemaOption(op.schema), usingIndexOption(op.usingIndex)])});`,
      ];
    case "validateConstraint":
      return [`await op.validateConstraint(${str(op.name)}, ${str(op.table)}${optionsArgument([schemaOption(op.schema)])});`];
    case "dropConstraint":
      return dropConstraint(op);
    case "createTableComment":
      return [
        `await op.createTableComment(${str(op.table)}, ${str(op.comment)}${optionsArgument([schemaOption(op.schema), ["existingComment", op.existing === undefined ? undefined : op.existing === null ? "null" : str(op.existing)]])});`,
      ];
    case "dropTableComment":
      return [
        `await op.dropTableComment(${str(op.table)}${optionsArgument([schemaOption(op.schema), ["existingComment", op.existing === undefined ? undefined : str(op.existing)]])});`,
      ];
    case "createEnum":
      return [
        `await op.createEnum(${str(op.enumType.name)}, ${stringArray(op.enumType.values)}${optionsArgument([schemaOption(op.enumType.schema)])});`,
      ];
    case "dropEnum":
      return [
        `await op.dropEnum(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined], ["existingValues", op.existing === undefined ? undefined : stringArray(op.existing.values)]])});`,
      ];
    case "addEnumValue":
      return [
        `await op.addEnumValue(${str(op.enumName)}, ${str(op.value)}${optionsArgument([schemaOption(op.schema), ["before", op.before === undefined ? undefined : str(op.before)], ["after", op.after === undefined ? undefined : str(op.after)], ["ifNotExists", op.ifNotExists ? "true" : undefined]])});`,
      ];
    case "renameEnumValue":
      return [
        `await op.renameEnumValue(${str(op.enumName)}, ${str(op.from)}, ${str(op.to)}${optionsArgument([schemaOption(op.schema)])});`,
      ];
    case "createSequence": {
      const s = op.sequence;
      const number = (n: number | undefined) => n?.toString();
      return [
        `await op.createSequence(${str(s.name)}${optionsArgument([
          schemaOption(s.schema),
          ["dataType", s.dataType === undefined ? undefined : str(s.dataType)],
          ["start", number(s.start)],
          ["increment", number(s.increment)],
          ["minValue", number(s.minValue)],
          ["maxValue", number(s.maxValue)],
          ["cache", number(s.cache)],
          ["cycle", s.cycle ? "true" : undefined],
          [
            "ownedBy",
            s.ownedBy === undefined
              ? undefined
              : object([
                  ["table", str(s.ownedBy.table)],
                  ["column", str(s.ownedBy.column)],
                ]),
          ],
          ["ifNotExists", op.ifNotExists ? "true" : undefined],
        ])});`,
      ];
    }
    case "dropSequence":
      return [
        `await op.dropSequence(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["ifExists", op.ifExists ? "true" : undefined]])});`,
      ];
    case "alterSequence":
      return renderAlterSequence(op);
    case "createDomain":
      return renderCreateDomain(op, imports);
    case "dropDomain":
      return renderDropDomain(op);
    case "alterDomain":
      return renderAlterDomain(op, imports);
    case "createExtension":
      return renderCreateExtension(op);
    case "dropExtension":
      return renderDropExtension(op);
    case "createView":
    case "replaceView":
    case "dropView":
      return renderViewOperation(op, imports);
    case "createSchema":
      return [
        `await op.createSchema(${str(op.name)}${optionsArgument([
          ["ifNotExists", op.ifNotExists ? "true" : undefined],
          ["authorization", op.authorization === undefined ? undefined : str(op.authorization)],
        ])});`,
      ];
    case "dropSchema":
      return [
        `await op.dropSchema(${str(op.name)}${optionsArgument([
          ["ifExists", op.ifExists ? "true" : undefined],
          ["cascade", op.cascade ? "true" : undefined],
        ])});`,
      ];
    case "createFunction":
      return [`await op.createFunction(${routineDefinition(op.function, imports)});`];
    case "replaceFunction":
      return [
        `await op.replaceFunction(${routineDefinition(op.function, imports)}${op.existing === undefined ? "" : `, { existing: ${routineDefinition(op.existing, imports)} }`});`,
      ];
    case "dropFunction":
      return op.existing === undefined
        ? [
            `await op.dropFunction(${str(op.name)}${optionsArgument([schemaOption(op.schema), ["args", op.args === "" ? undefined : str(op.args)], ["procedure", op.procedure ? "true" : undefined]])});`,
          ]
        : [`await op.dropFunction(${routineDefinition(op.existing, imports)});`];
    case "createTrigger":
      return [`await op.createTrigger(${triggerDefinition(op.trigger, imports)});`];
    case "dropTrigger":
      return op.existing === undefined
        ? [`await op.dropTrigger(${str(op.name)}${optionsArgument([["table", str(op.table)], schemaOption(op.schema)])});`]
        : [`await op.dropTrigger(${triggerDefinition(op.existing, imports)});`];
    case "setRowLevelSecurity":
      return [renderSetRowLevelSecurity(op)];
    case "grant":
    case "revoke":
      return [renderGrant(op)];
    case "createPolicy":
      return [renderCreatePolicy(op.policy, imports)];
    case "dropPolicy":
      return [renderDropPolicy(op.name, op.table, op.schema, op.existing, imports)];
    case "attachPartition":
    case "detachPartition":
      return [partitionCall(op, imports)];
    case "execute":
      return [`await op.execute(${str(op.sql)});`];
    case "bulkInsert": {
      const rows = op.rows.map(
        (row) =>
          `  ${object(op.columns.map((column, i) => [column, row[i] === undefined ? undefined : bulkValue(row[i]!, imports)] as const))},`,
      );
      return [`await op.bulkInsert(${str(op.table)}, [`, ...rows, `]${optionsArgument([schemaOption(op.schema)])});`];
    }
    default:
      return assertNever(op, "operation");
  }
}
