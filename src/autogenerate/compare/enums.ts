/**
 * Enum types: created, dropped, and given new values with `ADD VALUE` at the position the model lists
 * them. PostgreSQL cannot remove or reorder values; such a change is reported for a hand-written migration.
 */
import type { AddEnumValueOp, Operation } from "../../ops/operation.js";
import type { EnumType } from "../../schema/model.js";
import { displayName, explicitSchema, objectKey } from "../names.js";
import type { Comparison, ManualChange } from "./result.js";

/** The enum as operations carry it: the default schema left out. */
function plain(type: EnumType): EnumType {
  const schema = explicitSchema(type.schema);
  return schema === undefined
    ? { kind: "enumType", name: type.name, values: [...type.values] }
    : { kind: "enumType", name: type.name, schema, values: [...type.values] };
}

/**
 * The `ADD VALUE`s that turn `from`'s values into `to`'s, or `undefined` when `from`'s values are not
 * `to`'s in the same order (a value removed or moved).
 */
export function addedValues(from: EnumType, to: EnumType): AddEnumValueOp[] | undefined {
  const old = new Set(from.values);
  const kept = to.values.filter((value) => old.has(value));
  if (kept.length !== from.values.length || kept.some((value, i) => value !== from.values[i])) return undefined;
  const schema = explicitSchema(to.schema);
  const base = { kind: "addEnumValue" as const, enumName: to.name, ...(schema === undefined ? {} : { schema }) };
  const first = to.values.findIndex((value) => old.has(value));
  const ops: AddEnumValueOp[] = [];
  // Stryker disable next-line ConditionalExpression,BlockStatement: the loops below append the same values in the same order
  if (first < 0) {
    // No old value to place the new ones against: append them in order.
    for (const value of to.values) ops.push({ ...base, value });
    return ops;
  }
  // Values before the first old one: each BEFORE its successor, innermost first.
  for (let i = first - 1; i >= 0; i--) ops.push({ ...base, value: to.values[i]!, before: to.values[i + 1]! });
  const lastOld = to.values.findLastIndex((value) => old.has(value));
  for (let i = first + 1; i < to.values.length; i++) {
    const value = to.values[i]!;
    if (old.has(value)) continue;
    // After the last old value a plain ADD VALUE appends, which is where the value belongs.
    // Stryker disable next-line EqualityOperator: the value at lastOld is an old one, skipped above
    ops.push(i > lastOld ? { ...base, value } : { ...base, value, after: to.values[i - 1]! });
  }
  return ops;
}

/** Compares the enum types of two snapshots. */
export function compareEnums(from: readonly EnumType[], to: readonly EnumType[]): Comparison {
  const operations: Operation[] = [];
  const manual: ManualChange[] = [];
  const before = new Map(from.map((type) => [objectKey(type.schema, type.name), type]));
  const after = new Map(to.map((type) => [objectKey(type.schema, type.name), type]));
  for (const [key, type] of after) {
    const previous = before.get(key);
    if (previous === undefined) {
      operations.push({ kind: "createEnum", enumType: plain(type) });
      continue;
    }
    const added = addedValues(previous, type);
    if (added !== undefined) {
      operations.push(...added);
      continue;
    }
    const removed = previous.values.filter((value) => !type.values.includes(value));
    manual.push({
      subject: displayName(type.schema, type.name),
      message:
        removed.length > 0
          ? `enum values ${removed.map((v) => `'${v}'`).join(", ")} were removed from the models; PostgreSQL cannot drop an enum value. Write this migration by hand: create the new type, convert the columns (USING col::text::new_type), drop the old type, rename the new one.`
          : `enum values were reordered (${previous.values.join(", ")} → ${type.values.join(", ")}); PostgreSQL cannot reorder enum values. Write this migration by hand (create a new type and convert the columns).`,
      dataLoss: removed.length > 0,
    });
  }
  for (const [key, type] of before) {
    if (!after.has(key)) {
      const schema = explicitSchema(type.schema);
      operations.push({ kind: "dropEnum", name: type.name, ...(schema === undefined ? {} : { schema }), existing: plain(type) });
    }
  }
  return { operations, manual };
}
