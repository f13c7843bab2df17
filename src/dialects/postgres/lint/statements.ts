/**
 * `op.execute` text read by PostgreSQL's own parser: each statement described as a lint action, with the lock
 * PostgreSQL takes for it. Text the grammar rejects is reported as not analysed rather than guessed at.
 */
import type { LintAction, LintSubject, TableLock, TableRef } from "../../lint-support.js";
import { type AstNode, nodeOf, parseStatements, stringOf } from "./ast.js";
import { lockOn } from "./locks.js";
import { volatileCallInNode } from "./volatility.js";

type Described = { readonly subject: LintSubject; readonly locks: readonly TableLock[] };

const UNNAMED = "(unnamed)";

function tableOf(rangeVar: unknown): TableRef {
  const fields = ((rangeVar as AstNode | undefined)?.RangeVar as AstNode | undefined) ?? (rangeVar as AstNode | undefined) ?? {};
  const schema = fields.schemaname as string | undefined;
  return schema === undefined ? { name: String(fields.relname) } : { name: String(fields.relname), schema };
}

/** A qualified name as a list of strings (`DROP TABLE s.t`). */
function nameList(node: unknown): TableRef {
  const items = (((node as AstNode).List as AstNode | undefined)?.items as unknown[] | undefined) ?? [node];
  const parts = items.map(stringOf).filter((part): part is string => part !== undefined);
  const name = parts[parts.length - 1] ?? UNNAMED;
  return parts.length > 1 ? { name, schema: parts[parts.length - 2] } : { name };
}

function constraintOf(node: unknown): AstNode {
  return ((node as AstNode | undefined)?.Constraint as AstNode | undefined) ?? {};
}

/** `column IS NOT NULL`, exactly: the check that lets SET NOT NULL skip its scan once validated. */
export function notNullColumnOf(expression: unknown): string | undefined {
  const test = (expression as AstNode | undefined)?.NullTest as AstNode | undefined;
  if (test?.nulltesttype !== "IS_NOT_NULL") return undefined;
  const fields = ((test.arg as AstNode | undefined)?.ColumnRef as AstNode | undefined)?.fields as unknown[] | undefined;
  return fields?.length === 1 ? stringOf(fields[0]) : undefined;
}

function addColumn(table: TableRef, definition: AstNode): Described[] {
  const column = String(definition.colname);
  const typeNames = ((definition.typeName as AstNode | undefined)?.names as unknown[] | undefined) ?? [];
  const typeName = stringOf(typeNames[typeNames.length - 1]);
  const constraints = ((definition.constraints as unknown[] | undefined) ?? []).map(constraintOf);
  let volatileDefault = typeName !== undefined && /^(small|big)?serial$/.test(typeName) ? `${typeName} (nextval())` : undefined;
  let keyConstraint: "primary key" | "unique" | undefined;
  const described: Described[] = [];
  for (const constraint of constraints) {
    switch (constraint.contype) {
      case "CONSTR_IDENTITY":
        volatileDefault ??= "GENERATED AS IDENTITY";
        break;
      case "CONSTR_GENERATED":
        volatileDefault ??= "a stored generated column";
        break;
      case "CONSTR_DEFAULT":
        volatileDefault ??= volatileCallInNode(constraint.raw_expr);
        break;
      case "CONSTR_PRIMARY":
        keyConstraint = "primary key";
        break;
      case "CONSTR_UNIQUE":
        keyConstraint ??= "unique";
        break;
      case "CONSTR_FOREIGN":
        described.push(foreignKey(table, constraint, `${column} references`));
        break;
    }
  }
  return [
    { subject: { kind: "addColumn", table, column, volatileDefault, keyConstraint }, locks: [lockOn(table, "accessExclusive")] },
    ...described,
  ];
}

function foreignKey(table: TableRef, constraint: AstNode, fallbackName: string): Described {
  const referredTable = tableOf(constraint.pktable);
  return {
    subject: {
      kind: "addForeignKey",
      table,
      constraint: (constraint.conname as string | undefined) ?? fallbackName,
      referredTable,
      notValid: constraint.skip_validation === true,
    },
    locks: [lockOn(table, "shareRowExclusive"), lockOn(referredTable, "shareRowExclusive")],
  };
}

function addConstraint(table: TableRef, constraint: AstNode): Described {
  const name = (constraint.conname as string | undefined) ?? UNNAMED;
  const exclusive = [lockOn(table, "accessExclusive")];
  switch (constraint.contype) {
    case "CONSTR_FOREIGN":
      return foreignKey(table, constraint, name);
    case "CONSTR_CHECK":
      return {
        subject: {
          kind: "addCheck",
          table,
          constraint: name,
          notValid: constraint.skip_validation === true,
          notNullColumn: notNullColumnOf(constraint.raw_expr),
        },
        locks: exclusive,
      };
    case "CONSTR_PRIMARY":
    case "CONSTR_UNIQUE":
      return {
        subject: {
          kind: "addKeyConstraint",
          table,
          constraint: name,
          primaryKey: constraint.contype === "CONSTR_PRIMARY",
          usingIndex: constraint.indexname !== undefined,
        },
        locks: exclusive,
      };
    default:
      return { subject: { kind: "alterTable", table }, locks: exclusive };
  }
}

function alterTableCommand(table: TableRef, command: AstNode): Described[] {
  const exclusive = [lockOn(table, "accessExclusive")];
  const column = command.name as string | undefined;
  switch (command.subtype) {
    case "AT_AddConstraint":
      return [addConstraint(table, constraintOf(command.def))];
    case "AT_ValidateConstraint":
      return [
        { subject: { kind: "validateConstraint", table, constraint: String(column) }, locks: [lockOn(table, "shareUpdateExclusive")] },
      ];
    case "AT_SetNotNull":
      return [{ subject: { kind: "setNotNull", table, column: String(column) }, locks: exclusive }];
    case "AT_AlterColumnType": {
      const names = ((((command.def as AstNode | undefined)?.ColumnDef as AstNode | undefined)?.typeName as AstNode | undefined)?.names ??
        []) as unknown[];
      const type = stringOf(names[names.length - 1]) ?? "a new type";
      return [
        {
          subject: { kind: "changeType", table, column: String(column), effect: "unknown", narrowing: false, change: `→ ${type}` },
          locks: exclusive,
        },
      ];
    }
    case "AT_AddColumn":
      return addColumn(table, ((command.def as AstNode | undefined)?.ColumnDef as AstNode | undefined) ?? {});
    case "AT_DropColumn":
      return [{ subject: { kind: "dropColumn", table, column: String(column) }, locks: exclusive }];
    default:
      return [{ subject: { kind: "alterTable", table }, locks: exclusive }];
  }
}

const OTHER: Described = { subject: { kind: "other" }, locks: [] };

function describeStatement(statement: AstNode): Described[] {
  const node = nodeOf(statement);
  if (node === undefined) return [OTHER];
  const { type, fields } = node;
  switch (type) {
    case "CreateStmt":
      return [{ subject: { kind: "createTable", table: tableOf(fields.relation) }, locks: [] }];
    case "CreateTableAsStmt":
      if (fields.objtype !== "OBJECT_TABLE") return [OTHER];
      return [{ subject: { kind: "createTable", table: tableOf((fields.into as AstNode | undefined)?.rel) }, locks: [] }];
    case "IndexStmt": {
      const table = tableOf(fields.relation);
      const concurrently = fields.concurrent === true;
      return [
        {
          subject: { kind: "createIndex", table, index: (fields.idxname as string | undefined) ?? UNNAMED, concurrently },
          locks: [lockOn(table, concurrently ? "shareUpdateExclusive" : "share")],
        },
      ];
    }
    case "AlterTableStmt": {
      if (fields.objtype !== "OBJECT_TABLE") return [OTHER];
      const table = tableOf(fields.relation);
      const commands = ((fields.cmds as unknown[] | undefined) ?? []).map((cmd) => ((cmd as AstNode).AlterTableCmd as AstNode) ?? {});
      return commands.flatMap((command) => alterTableCommand(table, command));
    }
    case "RenameStmt": {
      if (fields.relation === undefined) return [OTHER];
      const table = tableOf(fields.relation);
      const locks = [lockOn(table, "accessExclusive")];
      const newName = String(fields.newname);
      if (fields.renameType === "OBJECT_TABLE") return [{ subject: { kind: "renameTable", table, newName }, locks }];
      if (fields.renameType === "OBJECT_COLUMN") {
        return [{ subject: { kind: "renameColumn", table, column: String(fields.subname), newName }, locks }];
      }
      return [{ subject: { kind: "alterTable", table }, locks }];
    }
    case "DropStmt": {
      const objects = (fields.objects as unknown[] | undefined) ?? [];
      if (fields.removeType === "OBJECT_TABLE") {
        return objects.map(nameList).map((table) => ({ subject: { kind: "dropTable", table }, locks: [lockOn(table, "accessExclusive")] }));
      }
      if (fields.removeType === "OBJECT_INDEX") {
        const concurrently = fields.concurrent === true;
        return objects.map(nameList).map((index) => ({
          subject: { kind: "dropIndex", index: index.name, concurrently },
          locks: [lockOn(index, concurrently ? "shareUpdateExclusive" : "accessExclusive")],
        }));
      }
      if (fields.removeType === "OBJECT_SCHEMA" && fields.behavior === "DROP_CASCADE") {
        return [
          { subject: { kind: "dataLoss", table: undefined, what: "DROP SCHEMA … CASCADE drops every object in the schema" }, locks: [] },
        ];
      }
      return [OTHER];
    }
    case "TruncateStmt":
      return ((fields.relations as unknown[] | undefined) ?? []).map(tableOf).map((table) => ({
        subject: { kind: "dataLoss", table, what: "TRUNCATE removes every row" },
        locks: [lockOn(table, "accessExclusive")],
      }));
    case "DeleteStmt": {
      const table = tableOf(fields.relation);
      const locks = [lockOn(table, "rowExclusive")];
      if (fields.whereClause !== undefined) return [{ subject: { kind: "other" }, locks }];
      return [{ subject: { kind: "dataLoss", table, what: "DELETE without WHERE removes every row" }, locks }];
    }
    case "UpdateStmt":
    case "InsertStmt":
      return [{ subject: { kind: "other" }, locks: [lockOn(tableOf(fields.relation), "rowExclusive")] }];
    case "VariableSetStmt":
      return [{ subject: { kind: "setting", name: String(fields.name ?? ""), local: fields.is_local === true }, locks: [] }];
    default:
      return [OTHER];
  }
}

/** The actions of raw SQL text (`op.execute`), one or more per statement. */
export function describeSql(sql: string): LintAction[] {
  const parsed = parseStatements(sql);
  if ("error" in parsed) {
    const reason = `PostgreSQL's grammar rejects it (${parsed.error}), so it was not analysed`;
    return [{ subject: { kind: "notAnalysed", reason }, statement: sql.trim(), locks: [], fromSql: true }];
  }
  return parsed.statements.flatMap(({ stmt, text }) =>
    describeStatement(stmt).map(({ subject, locks }) => ({ subject, statement: text, locks, fromSql: true })),
  );
}
