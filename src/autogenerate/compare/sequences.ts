/**
 * Standalone sequences: created, dropped, and altered in place (`ALTER SEQUENCE`, which keeps the current value).
 * `OWNED BY` is given in an operation of its own, once the owning column exists, and released before a drop, as
 * dropping the owner drops the sequence. Both sides are normalised: an absent option is PostgreSQL's default.
 */
import type { AlterSequenceOp, Change, Operation, SequenceOwner } from "../../ops/operation.js";
import type { Sequence } from "../../schema/model.js";
import { explicitSchema, objectKey } from "../names.js";
import type { Comparison } from "./result.js";

/** The sequence as operations carry it: the default schema and the owner left out. */
function plain(sequence: Sequence): Sequence {
  const { ownedBy: _owner, ...rest } = sequence;
  const schema = explicitSchema(sequence.schema);
  const { schema: _schema, ...unqualified } = rest;
  return schema === undefined ? unqualified : { ...unqualified, schema };
}

/** Every option with PostgreSQL's default written out; `null`: no bound. */
export function effectiveOptions(s: Sequence) {
  const increment = s.increment ?? 1;
  const minValue = s.minValue ?? null;
  const maxValue = s.maxValue ?? null;
  return {
    dataType: s.dataType ?? ("bigint" as const),
    increment,
    minValue,
    maxValue,
    start: s.start ?? (increment > 0 ? (minValue ?? 1) : (maxValue ?? -1)),
    cache: s.cache ?? 1,
    cycle: s.cycle ?? false,
  };
}

const sameOwner = (a: SequenceOwner | undefined, b: SequenceOwner | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.table === b.table && a.column === b.column);

function changed<T>(from: T, to: T): Change<T> | undefined {
  return from === to ? undefined : { from, to };
}

/** The ALTER SEQUENCE that turns `from`'s options into `to`'s (the owner apart), or undefined when they are equal. */
export function alteredOptions(from: Sequence, to: Sequence): AlterSequenceOp | undefined {
  const a = effectiveOptions(from);
  const b = effectiveOptions(to);
  const schema = explicitSchema(to.schema);
  const op: AlterSequenceOp = {
    kind: "alterSequence",
    name: to.name,
    ...(schema === undefined ? {} : { schema }),
    ...(a.dataType === b.dataType ? {} : { dataType: { from: a.dataType, to: b.dataType } }),
    ...(a.start === b.start ? {} : { start: { from: a.start, to: b.start } }),
    ...(a.increment === b.increment ? {} : { increment: { from: a.increment, to: b.increment } }),
    ...(a.minValue === b.minValue ? {} : { minValue: { from: a.minValue, to: b.minValue } }),
    ...(a.maxValue === b.maxValue ? {} : { maxValue: { from: a.maxValue, to: b.maxValue } }),
    ...(a.cache === b.cache ? {} : { cache: { from: a.cache, to: b.cache } }),
    ...(a.cycle === b.cycle ? {} : { cycle: changed(a.cycle, b.cycle) }),
  };
  return Object.keys(op).length > (schema === undefined ? 2 : 3) ? op : undefined;
}

function ownerChange(sequence: Sequence, from: SequenceOwner | undefined, to: SequenceOwner | undefined): AlterSequenceOp {
  const schema = explicitSchema(sequence.schema);
  return {
    kind: "alterSequence",
    name: sequence.name,
    ...(schema === undefined ? {} : { schema }),
    ownedBy: { from: from === undefined ? null : { ...from }, to: to === undefined ? null : { ...to } },
  };
}

/** Compares the standalone sequences of two snapshots. */
export function compareSequences(from: readonly Sequence[], to: readonly Sequence[]): Comparison {
  const operations: Operation[] = [];
  const before = new Map(from.map((s) => [objectKey(s.schema, s.name), s]));
  const after = new Map(to.map((s) => [objectKey(s.schema, s.name), s]));
  for (const [key, sequence] of after) {
    const previous = before.get(key);
    if (previous === undefined) {
      operations.push({ kind: "createSequence", sequence: plain(sequence) });
      if (sequence.ownedBy !== undefined) operations.push(ownerChange(sequence, undefined, sequence.ownedBy));
      continue;
    }
    const altered = alteredOptions(previous, sequence);
    if (altered !== undefined) operations.push(altered);
    if (!sameOwner(previous.ownedBy, sequence.ownedBy)) operations.push(ownerChange(sequence, previous.ownedBy, sequence.ownedBy));
  }
  for (const [key, sequence] of before) {
    if (after.has(key)) continue;
    if (sequence.ownedBy !== undefined) operations.push(ownerChange(sequence, sequence.ownedBy, undefined));
    const schema = explicitSchema(sequence.schema);
    operations.push({ kind: "dropSequence", name: sequence.name, ...(schema === undefined ? {} : { schema }), existing: plain(sequence) });
  }
  return { operations, manual: [] };
}
