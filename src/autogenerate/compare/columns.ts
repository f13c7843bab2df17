/**
 * Columns of a table present on both sides: added, dropped, renamed (as decided), and altered (type with a
 * USING suggestion, collation, nullability, server default, comment). Dropped columns carry their definition so
 * the downgrade can add them back. A column whose generated expression changes is dropped and added again.
 */
import type { AlterColumnOp, Change, CollationChange, Operation, TypeChange } from "../../ops/operation.js";
import type { Column, ColumnDefault, Constraint, Identity, Table } from "../../schema/model.js";
import { displayName, explicitSchema } from "../names.js";
import { type CompareSettings, deepEqual, sameDefault, sameSql, sameType, withoutSerial } from "./equality.js";
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

/**
 * The collation change, or none. A type change resets the collation to the new type's default, so a column
 * that keeps a collation through a type change states it again.
 */
function collationChange(from: Column, to: Column, type: TypeChange | undefined): CollationChange | undefined {
  const before = from.collation ?? null;
  const after = to.collation ?? null;
  if (before === after && (type === undefined || after === null)) return undefined;
  return { from: before, to: after, type: withoutSerial(to).type };
}

/** The alterColumn that turns `from` into `to` (`to` is the column under its final name), or none. */
export function alterColumn(table: Table, from: Column, to: Column, options: CompareSettings): AlterColumnOp | undefined {
  const type = options.compareTypes ? typeChange(to.name, from, to, options.rules) : undefined;
  const collation = collationChange(from, to, type);
  const fromDefault = withoutSerial(from);
  const toDefault = withoutSerial(to);
  const defaultChanged =
    options.compareDefaults && fromDefault.serial === toDefault.serial && !sameDefault(fromDefault.default, toDefault.default);
  const nullable = from.nullable !== to.nullable ? { from: from.nullable, to: to.nullable } : undefined;
  const comment = (from.comment ?? null) !== (to.comment ?? null) ? { from: from.comment ?? null, to: to.comment ?? null } : undefined;
  const identity = identityChange(from, to);
  if (
    type === undefined &&
    collation === undefined &&
    !defaultChanged &&
    nullable === undefined &&
    identity === undefined &&
    comment === undefined
  ) {
    return undefined;
  }
  const changed: AlterColumnOp = {
    kind: "alterColumn",
    table: table.name,
    schema: explicitSchema(table.schema),
    column: to.name,
    type,
    collation,
    nullable,
    identity,
    default: defaultChanged ? { from: from.default ?? null, to: to.default ?? null } : undefined,
    comment,
  };
  const restates = options.rules.restatesColumns === true && (type ?? collation ?? nullable ?? identity ?? comment) !== undefined;
  return restates ? restated(changed, from, to) : changed;
}

/** The alterColumn with the column's unchanged attributes too, for a database that restates the whole column. */
function restated(op: AlterColumnOp, from: Column, to: Column): AlterColumnOp {
  const before = withoutSerial(from);
  const after = withoutSerial(to);
  const kept = <T>(a: T | undefined, b: T | undefined): Change<T> | undefined =>
    a === undefined && b === undefined ? undefined : { from: a as T, to: b as T };
  return {
    ...op,
    type: op.type ?? { from: before.type, to: after.type },
    nullable: op.nullable ?? { from: from.nullable, to: to.nullable },
    collation:
      op.collation ?? (to.collation === undefined ? undefined : { from: from.collation ?? null, to: to.collation, type: after.type }),
    identity: op.identity ?? (to.identity === undefined ? undefined : { from: from.identity ?? null, to: to.identity }),
    default: op.default ?? kept<ColumnDefault | null>(from.default, to.default),
    comment: op.comment ?? (to.comment === undefined ? undefined : { from: from.comment ?? null, to: to.comment }),
  };
}

/** A column whose generated expression differs: PostgreSQL before 17 can only drop it and add it again. */
function generatedChanged(from: Column, to: Column, options: CompareSettings): boolean {
  if (from.generatedAs === undefined || to.generatedAs === undefined) return from.generatedAs !== to.generatedAs;
  return !sameSql(from.generatedAs, to.generatedAs, options);
}

function generatedNote(table: Table, from: Column, to: Column): ManualChange | undefined {
  if (from.generatedAs === undefined || to.generatedAs !== undefined) return undefined;
  return {
    subject: columnSubject(table, to),
    message:
      'is no longer generated: it is dropped and added back empty; to keep its values, replace those two operations with op.execute("ALTER TABLE … ALTER COLUMN … DROP EXPRESSION").',
    dataLoss: false,
  };
}

/** Serial on one side only: the sequence default is in the way, so an identity change is left to a person. */
function serialChanges(from: Column, to: Column): boolean {
  return withoutSerial(from).serial !== withoutSerial(to).serial;
}

/** The identity change (`null`: none), unless the column also stops or starts being serial. */
function identityChange(from: Column, to: Column): Change<Identity | null> | undefined {
  if (deepEqual(from.identity, to.identity) || serialChanges(from, to)) return undefined;
  return { from: from.identity ?? null, to: to.identity ?? null };
}

function identityNote(table: Table, from: Column, to: Column): ManualChange | undefined {
  if (deepEqual(from.identity, to.identity) || !serialChanges(from, to)) return undefined;
  const change = `{ identity: ${identityLiteral(to.identity)}, existingIdentity: ${identityLiteral(from.identity)} }`;
  return {
    subject: columnSubject(table, to),
    message: `identity changes while the column ${withoutSerial(to).serial ? "becomes" : "stops being"} serial; write it by hand: the sequence default first, then op.alterColumn(table, column, ${change}).`,
    dataLoss: false,
  };
}

/** An identity as the `op.alterColumn` option is written: `{ always: true, start: 5 }`, or `null` for none. */
function identityLiteral(identity: Identity | undefined): string {
  if (identity === undefined) return "null";
  const parts = [
    `always: ${identity.always}`,
    ...(["start", "increment", "minValue", "maxValue", "cache", "cycle"] as const).flatMap((key) =>
      identity[key] === undefined ? [] : [`${key}: ${identity[key]}`],
    ),
  ];
  return `{ ${parts.join(", ")} }`;
}

/** `movies.id`, or `inventory.items.id` outside the default schema. */
function columnSubject(table: Table, column: Column): string {
  return `${displayName(table.schema, table.name)}.${column.name}`;
}

function serialNote(table: Table, from: Column, to: Column): ManualChange | undefined {
  const before = withoutSerial(from).serial;
  if (before === withoutSerial(to).serial) return undefined;
  return {
    subject: columnSubject(table, to),
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
    if (generatedChanged(previous, column, options)) {
      // Constraints on the column go with the drop; the constraint comparison sees them unchanged, so they are
      // created again with the column.
      const constraints = singleColumnConstraints(to, column.name).filter((c) => c.kind !== "primaryKey");
      for (const constraint of constraints) inlineConstraints.add(constraint.name);
      const existing = singleColumnConstraints(from, column.name).filter((c) => c.kind !== "primaryKey");
      operations.push({
        kind: "dropColumn",
        table: to.name,
        schema,
        name: column.name,
        existing: { column: previous, constraints: existing },
      });
      operations.push({ kind: "addColumn", table: to.name, schema, column, constraints });
      const note = generatedNote(to, previous, column);
      if (note !== undefined) manual.push(note);
      continue;
    }
    const alter = alterColumn(to, previous, column, options);
    if (alter !== undefined) operations.push(alter);
    const note = identityNote(to, previous, column) ?? serialNote(to, previous, column);
    if (note !== undefined) manual.push(note);
  }
  return { operations, manual };
}
