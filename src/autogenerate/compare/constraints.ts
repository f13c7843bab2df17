/**
 * Constraints of a table present on both sides, matched by name (models name them by their naming
 * convention, so a model and the database it was migrated into agree): primary key, unique, check and
 * foreign-key constraints. A constraint whose definition changed is dropped and created again.
 */
import { assertNever } from "../../errors.js";
import type { Operation } from "../../ops/operation.js";
import type { Constraint, ExclusionConstraint, Table } from "../../schema/model.js";
import { explicitSchema } from "../names.js";
import { deepEqual, type EqualityOptions, sameForeignKey, sameSql } from "./equality.js";
import type { Comparison } from "./result.js";

/** The same constraint definition, names aside. */
export function sameConstraint(a: Constraint, b: Constraint, options: EqualityOptions): boolean {
  switch (a.kind) {
    case "primaryKey":
      return b.kind === "primaryKey" && deepEqual(a.columns, b.columns);
    case "unique":
      return (
        b.kind === "unique" &&
        deepEqual(a.columns, b.columns) &&
        a.deferrable === b.deferrable &&
        (a.nullsNotDistinct ?? false) === (b.nullsNotDistinct ?? false)
      );
    case "check":
      return b.kind === "check" && sameSql(a.expression, b.expression, options);
    case "foreignKey":
      return b.kind === "foreignKey" && sameForeignKey(a, b);
    case "exclude":
      return b.kind === "exclude" && sameExclusion(a, b, options);
    default:
      return assertNever(a, "constraint");
  }
}

/**
 * The same exclusion constraint: method, elements (with operators and index options), predicate and
 * deferrability. Both sides are in the dialect's normal form (or the database's own text) by now.
 */
function sameExclusion(a: ExclusionConstraint, b: ExclusionConstraint, options: EqualityOptions): boolean {
  const sameWhere = a.where === undefined || b.where === undefined ? a.where === b.where : sameSql(a.where, b.where, options);
  return (
    a.method === b.method &&
    a.deferrable === b.deferrable &&
    sameWhere &&
    a.elements.length === b.elements.length &&
    a.elements.every((element, k) => {
      const other = b.elements[k]!;
      const { sql: _a, ...restA } = element.kind === "expression" ? element : { ...element, sql: undefined };
      const { sql: _b, ...restB } = other.kind === "expression" ? other : { ...other, sql: undefined };
      const sameExpression = element.kind !== "expression" || (other.kind === "expression" && sameSql(element.sql, other.sql, options));
      return sameExpression && deepEqual(restA, restB);
    })
  );
}

/** Every constraint of a table. */
export function constraintsOf(table: Table): Constraint[] {
  return [
    ...(table.primaryKey === undefined ? [] : [table.primaryKey]),
    ...table.uniqueConstraints,
    ...table.checkConstraints,
    ...table.foreignKeys,
    ...(table.exclusionConstraints ?? []),
  ];
}

/** The operation that creates `constraint` on `table`. */
export function createConstraintOp(table: string, schema: string | undefined, constraint: Constraint): Operation {
  switch (constraint.kind) {
    case "primaryKey":
      return { kind: "createPrimaryKey", table, schema, constraint };
    case "unique":
      return { kind: "createUniqueConstraint", table, schema, constraint };
    case "check":
      return { kind: "createCheckConstraint", table, schema, constraint };
    case "foreignKey":
      return { kind: "createForeignKey", table, schema, constraint };
    case "exclude":
      return { kind: "createExclusionConstraint", table, schema, constraint };
    default:
      return assertNever(constraint, "constraint");
  }
}

/**
 * Compares the constraints of two versions of a table (renames already applied to `from`); `inline` names
 * constraints an `addColumn` already creates. Drops run before renames, so they name the table and record
 * the constraint as `original` (the table before renames) has them.
 */
export function compareConstraints(
  from: Table,
  to: Table,
  options: EqualityOptions,
  inline: ReadonlySet<string>,
  original: Table = from,
): Comparison {
  const operations: Operation[] = [];
  const schema = explicitSchema(to.schema);
  const before = new Map(constraintsOf(from).map((c) => [c.name, c]));
  const asBefore = new Map(constraintsOf(original).map((c) => [c.name, c]));
  const after = new Map(constraintsOf(to).map((c) => [c.name, c]));
  // A constraint only renamed (same definition, another name: a renamed table's `movies_pkey` against the
  // model's `films_pkey`) is left alone: there is no operation to rename it, and dropping a key that
  // foreign keys depend on would fail.
  const unmatchedBefore = [...before.values()].filter((c) => !after.has(c.name));
  const unmatchedAfter = [...after.values()].filter((c) => !before.has(c.name) && !inline.has(c.name));
  const renamedOnly = new Set<Constraint>();
  for (const constraint of unmatchedBefore) {
    const twin = unmatchedAfter.find((c) => !renamedOnly.has(c) && sameConstraint(constraint, c, options));
    if (twin !== undefined) {
      renamedOnly.add(constraint);
      renamedOnly.add(twin);
    }
  }
  for (const [name, constraint] of before) {
    const target = after.get(name);
    if (renamedOnly.has(constraint)) continue;
    if (target === undefined || !sameConstraint(constraint, target, options)) {
      operations.push({ kind: "dropConstraint", table: original.name, schema, name, existing: asBefore.get(name) ?? constraint });
    }
  }
  for (const [name, constraint] of after) {
    const previous = before.get(name);
    // An added column's `addColumn` creates its constraints; one of the same name that the database had
    // elsewhere (on a dropped column, say) is dropped above, and must not be created a second time.
    if (renamedOnly.has(constraint) || inline.has(name)) continue;
    if (previous === undefined || !sameConstraint(previous, constraint, options)) {
      operations.push(createConstraintOp(to.name, schema, constraint));
    }
  }
  return { operations, manual: [] };
}
