/**
 * Structured operations described as lint actions: precise, no parsing (only a check's expression and an
 * expression default are read by the parser). Each action shows the compiled statement it belongs to.
 */
import { assertNever } from "../../../errors.js";
import type { AlterColumnOp, Operation, RevisionOperation } from "../../../ops/operation.js";
import type { Column, Constraint } from "../../../schema/model.js";
import type { LintAction, LintSubject, TableLock, TableRef } from "../../lint-support.js";
import { compileType } from "../compile/types.js";
import { parseSql } from "./ast.js";
import { lockOn } from "./locks.js";
import { describeSql, notNullColumnOf } from "./statements.js";
import { typeChangeRewrite } from "./type-rewrite.js";
import { perRowValueOf } from "./volatility.js";

type Described = { readonly subject: LintSubject; readonly locks: readonly TableLock[]; readonly statement?: string | undefined };

function ref(name: string, schema: string | undefined): TableRef {
  return schema === undefined ? { name } : { name, schema };
}

function checkNotNullColumn(expression: string): string | undefined {
  const select = parseSql(`SELECT ${expression}`);
  const target = ((select?.SelectStmt as { targetList?: { ResTarget?: { val?: unknown } }[] } | undefined)?.targetList ?? [])[0];
  return notNullColumnOf(target?.ResTarget?.val);
}

function foreignKey(table: TableRef, constraint: Constraint & { kind: "foreignKey" }, notValid = false): Described {
  const referredTable = ref(constraint.referredTable, constraint.referredSchema);
  return {
    subject: { kind: "addForeignKey", table, constraint: constraint.name, referredTable, notValid },
    locks: [lockOn(table, "shareRowExclusive"), lockOn(referredTable, "shareRowExclusive")],
  };
}

function alterColumn(op: AlterColumnOp, statements: readonly string[]): Described[] {
  const table = ref(op.table, op.schema);
  const exclusive = [lockOn(table, "accessExclusive")];
  const described: Described[] = [];
  if (op.type !== undefined) {
    const { effect, narrowing } = typeChangeRewrite(op.type.from, op.type.to, op.type.using);
    const change = `${op.type.from === undefined ? "" : `${compileType(op.type.from)} `}→ ${compileType(op.type.to)}`;
    described.push({ subject: { kind: "changeType", table, column: op.column, effect, narrowing, change }, locks: exclusive });
  }
  if (op.nullable !== undefined && !op.nullable.to)
    described.push({ subject: { kind: "setNotNull", table, column: op.column }, locks: exclusive });
  if (
    described.length === 0 &&
    (op.nullable !== undefined || op.default !== undefined || op.collation !== undefined || op.identity !== undefined)
  ) {
    described.push({ subject: { kind: "alterTable", table }, locks: exclusive });
  }
  if (op.newName !== undefined) {
    described.push({
      subject: { kind: "renameColumn", table, column: op.column, newName: op.newName },
      locks: exclusive,
      statement: statements[statements.length - 1],
    });
  }
  return described;
}

function describeOperation(operation: Operation, statements: readonly string[]): Described[] {
  switch (operation.kind) {
    case "createTable": {
      const table = ref(operation.table.name, operation.table.schema);
      const referred = operation.table.foreignKeys.map((fk) => lockOn(ref(fk.referredTable, fk.referredSchema), "shareRowExclusive"));
      return [{ subject: { kind: "createTable", table }, locks: referred }];
    }
    case "dropTable": {
      const table = ref(operation.name, operation.schema);
      return [{ subject: { kind: "dropTable", table }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "renameTable": {
      const table = ref(operation.name, operation.schema);
      return [{ subject: { kind: "renameTable", table, newName: operation.newName }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "addColumn": {
      const table = ref(operation.table, operation.schema);
      const keys = operation.constraints.filter((c) => c.kind === "primaryKey" || c.kind === "unique");
      const keyConstraint = keys.some((c) => c.kind === "primaryKey") ? "primary key" : keys.length > 0 ? "unique" : undefined;
      const column = operation.column.name;
      const add: Described = {
        subject: { kind: "addColumn", table, column, volatileDefault: perRowValueOf(operation.column), keyConstraint },
        locks: [lockOn(table, "accessExclusive")],
      };
      const fks = operation.constraints.flatMap((c) => (c.kind === "foreignKey" ? [foreignKey(table, c)] : []));
      return [add, ...fks];
    }
    case "dropColumn": {
      const table = ref(operation.table, operation.schema);
      return [{ subject: { kind: "dropColumn", table, column: operation.name }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "alterColumn":
      return alterColumn(operation, statements);
    case "createIndex": {
      const table = ref(operation.table, operation.schema);
      const concurrently = operation.concurrently === true;
      return [
        {
          subject: { kind: "createIndex", table, index: operation.index.name, concurrently },
          locks: [lockOn(table, concurrently ? "shareUpdateExclusive" : "share")],
        },
      ];
    }
    case "dropIndex": {
      const concurrently = operation.concurrently === true;
      const on = ref(operation.table ?? operation.name, operation.schema);
      return [
        {
          subject: { kind: "dropIndex", index: operation.name, concurrently },
          locks: [lockOn(on, concurrently ? "shareUpdateExclusive" : "accessExclusive")],
        },
      ];
    }
    case "createUniqueConstraint":
    case "createPrimaryKey": {
      const table = ref(operation.table, operation.schema);
      const primaryKey = operation.kind === "createPrimaryKey";
      return [
        {
          subject: {
            kind: "addKeyConstraint",
            table,
            constraint: operation.constraint.name,
            primaryKey,
            usingIndex: operation.usingIndex !== undefined,
          },
          locks: [lockOn(table, "accessExclusive")],
        },
      ];
    }
    case "createExclusionConstraint": {
      // Builds the constraint's index while holding ACCESS EXCLUSIVE: there is no concurrent form.
      const table = ref(operation.table, operation.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "createForeignKey":
      return [foreignKey(ref(operation.table, operation.schema), operation.constraint, operation.notValid === true)];
    case "createCheckConstraint": {
      const table = ref(operation.table, operation.schema);
      const { name, expression } = operation.constraint;
      return [
        {
          subject: {
            kind: "addCheck",
            table,
            constraint: name,
            notValid: operation.notValid === true,
            notNullColumn: checkNotNullColumn(expression),
          },
          locks: [lockOn(table, "accessExclusive")],
        },
      ];
    }
    case "validateConstraint": {
      const table = ref(operation.table, operation.schema);
      return [
        { subject: { kind: "validateConstraint", table, constraint: operation.name }, locks: [lockOn(table, "shareUpdateExclusive")] },
      ];
    }
    case "dropConstraint": {
      const table = ref(operation.table, operation.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "createTableComment":
    case "dropTableComment": {
      const table = ref(operation.table, operation.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "shareUpdateExclusive")] }];
    }
    case "setRowLevelSecurity":
    case "dropPolicy": {
      const table = ref(operation.table, operation.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "createPolicy": {
      const table = ref(operation.policy.table, operation.policy.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "accessExclusive")] }];
    }
    case "grant":
    case "revoke":
      return [{ subject: { kind: "other" }, locks: [] }];
    case "dropSchema":
      return operation.cascade
        ? [{ subject: { kind: "dataLoss", table: undefined, what: "DROP SCHEMA … CASCADE drops every object in the schema" }, locks: [] }]
        : [{ subject: { kind: "other" }, locks: [] }];
    case "bulkInsert":
      return [{ subject: { kind: "other" }, locks: [lockOn(ref(operation.table, operation.schema), "rowExclusive")] }];
    case "createTrigger":
      return [
        {
          subject: { kind: "other" },
          locks: [lockOn(ref(operation.trigger.table, operation.trigger.schema), "shareRowExclusive")],
        },
      ];
    case "dropTrigger":
      return [{ subject: { kind: "other" }, locks: [lockOn(ref(operation.table, operation.schema), "accessExclusive")] }];
    // ATTACH scans the partition for rows outside its bound under an ACCESS EXCLUSIVE lock on it; the parent
    // takes SHARE UPDATE EXCLUSIVE. DETACH (without CONCURRENTLY) locks the parent ACCESS EXCLUSIVE.
    case "attachPartition": {
      const table = ref(operation.table, operation.schema);
      const partition = ref(operation.partition, operation.partitionSchema ?? operation.schema);
      return [
        { subject: { kind: "alterTable", table }, locks: [lockOn(table, "shareUpdateExclusive"), lockOn(partition, "accessExclusive")] },
      ];
    }
    case "detachPartition": {
      const table = ref(operation.table, operation.schema);
      const partition = ref(operation.partition, operation.partitionSchema ?? operation.schema);
      return [{ subject: { kind: "alterTable", table }, locks: [lockOn(table, "accessExclusive"), lockOn(partition, "accessExclusive")] }];
    }
    case "createFunction":
    case "replaceFunction":
    case "dropFunction":
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "renameEnumValue":
    case "createSequence":
    case "dropSequence":
    case "alterSequence":
    case "createDomain":
    case "dropDomain":
    case "alterDomain":
    case "createExtension":
    case "dropExtension":
    case "createView":
    case "replaceView":
    case "dropView":
    case "createSchema":
      return [{ subject: { kind: "other" }, locks: [] }];
    case "execute":
      // Handled by the caller: the text is parsed statement by statement.
      return [];
    default:
      return assertNever(operation, "operation");
  }
}

/** The lint actions of one operation, given the statements the dialect compiled it to. */
export function describe(operation: RevisionOperation, statements: readonly string[]): readonly LintAction[] {
  if (operation.kind === "execute") return describeSql(operation.sql);
  // Row locks a batch at a time, each batch committed: the safe form of a big UPDATE.
  if (operation.kind === "backfill")
    return [
      Object.freeze({
        subject: { kind: "other" } as const,
        locks: [lockOn(ref(operation.table, operation.schema), "rowExclusive")],
        statement: statements[0] ?? "",
        fromSql: false,
      }),
    ];
  const first = statements[0] ?? "";
  return describeOperation(operation, statements).map(({ subject, locks, statement }) =>
    Object.freeze({ subject, locks, statement: statement ?? first, fromSql: false }),
  );
}
