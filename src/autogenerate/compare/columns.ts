/**
 * Columns of a table present on both sides: added, dropped, renamed (as decided), and altered (type with a
 * USING suggestion, nullability, server default, comment). Dropped columns carry their definition so the
 * downgrade can add them back.
 */
import type { AlterColumnOp, Operation, TypeChange } from "../../ops/operation.js";
import type { Column, Constraint, Table } from "../../schema/model.js";
import { explicitSchema } from "../names.js";
import { type CompareSettings, deepEqual, sameDefault, sameType, withoutSerial } from "./equality.js";
import type { Comparison, ManualChange } from "./result.js";
import type { ComparisonRules } from "../../dialects/dialect.js";

function typeChange(column: string, from: Column, to: Column, rules: ComparisonRules): TypeChange | undefined {
  const a = withoutSerial(from);
  const b = withoutSerial(to);
  if (sameType(a.type, b.type)) return undefined;
  const using = rules.suggestUsing(column, a.type, b.type);
  const reverseUsing = rules.suggestUsing(column, b.type, a.type);
  return { from: a.type, to: b.type, ...(using === undefined ? {} : { using }), ...(reverseUsing === undefined ? {} : { reverseUsing }) };
}

/** The alterColumn that turns `from` into `to` (`to` is the column under its final name), or none. */
export function alterColumn(table: Table, from: Column, to: Column, options: CompareSettings): AlterColumnOp | undefined {
  const type = options.compareTypes ? typeChange(to.name, from, to, options.rules) : undefined;
  const fromDefault = withoutSerial(from);
  const toDefault = withoutSerial(to);
  const defaultChanged =
    options.compareDefaults && fromDefault.serial === toDefault.serial && !sameDefault(fromDefault.default, toDefault.default);
  const nullable = from.nullable !== to.nullable ? { from: from.nullable, to: to.nullable } : undefined;
  const comment = (from.comment ?? null) !== (to.comment ?? null) ? { from: from.comment ?? null, to: to.comment ?? null } : undefined;
  if (type === undefined && !defaultChanged && nullable === undefined && comment === undefined) return undefined;
  return {
    kind: "alterColumn",
    table: table.name,
    schema: explicitSchema(table.schema),
    column: to.name,
    type,
    nullable,
    default: defaultChanged ? { from: from.default ?? null, to: to.default ?? null } : undefined,
    comment,
  };
}

function identityNote(table: Table, from: Column, to: Column): ManualChange | undefined {
  if (deepEqual(from.identity, to.identity)) return undefined;
  const describe = (column: Column) =>
    column.identity === undefined ? "no identity" : `GENERATED ${column.identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`;
  return {
    subject: `${table.name}.${to.name}`,
    message: `identity changes from ${describe(from)} to ${describe(to)}; write it with op.execute("ALTER TABLE … ALTER COLUMN … ADD/DROP IDENTITY").`,
    dataLoss: false,
  };
}

function serialNote(table: Table, from: Column, to: Column): ManualChange | undefined {
  const before = withoutSerial(from).serial;
  if (before === withoutSerial(to).serial) return undefined;
  return {
    subject: `${table.name}.${to.name}`,
    message: before
      ? "is no longer serial; its sequence default stays until you drop it: op.alterColumn(table, column, { default: null }), then op.dropSequence(...)."
      : "becomes serial; create its sequence and default by hand (op.createSequence(...) and op.alterColumn(table, column, { default: sql`nextval('…')` })), or use an identity column.",
    dataLoss: false,
  };
}

/** Constraints of `table` on exactly this one column, which `addColumn` creates with it. */
export function singleColumnConstraints(table: Table, column: string): Constraint[] {
  const only = (columns: readonly string[]) => columns.length === 1 && columns[0] === column;
  return [
    ...(table.primaryKey !== undefined && only(table.primaryKey.columns) ? [table.primaryKey] : []),
    ...table.uniqueConstraints.filter((c) => only(c.columns)),
    ...table.foreignKeys.filter((c) => only(c.columns)),
  ];
}

/**
 * Compares the columns of two versions of a table (renames already applied to `from`). Constraints created
 * with an added column travel in its `addColumn`; `inlineConstraints` receives their names so the
 * constraint comparison does not create them twice.
 */
export function compareColumns(from: Table, to: Table, options: CompareSettings, inlineConstraints: Set<string>): Comparison {
  const operations: Operation[] = [];
  const manual: ManualChange[] = [];
  const schema = explicitSchema(to.schema);
  const toNames = new Set(to.columns.map((c) => c.name));
  for (const column of from.columns) {
    if (!toNames.has(column.name)) {
      operations.push({ kind: "dropColumn", table: to.name, schema, name: column.name, existing: { column, constraints: [] } });
    }
  }
  const fromByName = new Map(from.columns.map((c) => [c.name, c]));
  for (const column of to.columns) {
    const previous = fromByName.get(column.name);
    if (previous === undefined) {
      const constraints = singleColumnConstraints(to, column.name).filter((c) => c.kind !== "primaryKey" || from.primaryKey === undefined);
      for (const constraint of constraints) inlineConstraints.add(constraint.name);
      operations.push({ kind: "addColumn", table: to.name, schema, column, constraints });
      continue;
    }
    const alter = alterColumn(to, previous, column, options);
    if (alter !== undefined) operations.push(alter);
    const note = identityNote(to, previous, column) ?? serialNote(to, previous, column);
    if (note !== undefined) manual.push(note);
  }
  return { operations, manual };
}
