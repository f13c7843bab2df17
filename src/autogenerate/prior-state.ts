/**
 * The database's own spelling in what a revision restores. Comparison runs on normalised snapshots (so `now()`
 * and `CURRENT_TIMESTAMP` are one default), but what a downgrade puts back (a dropped table, column, index,
 * constraint, enum or sequence; the type, default or comment an `alterColumn` changes) must be what the database
 * held, as it reads it back, or upgrade + downgrade would leave a catalog that differs from the one before.
 * (A type is structure, not spelling: an `alterColumn`'s prior type stays as compared, so that a serial column,
 * say, is changed back to its integer type, not to a pseudo-type `ALTER COLUMN … TYPE` rejects.)
 * So the prior state that operations carry is taken from the database's snapshot as read. The counterpart of
 * `withModelSpelling`, for the other side. Everything is matched by name.
 */
import type { Operation } from "../ops/operation.js";
import type { Column, Constraint, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { constraintsOf } from "./compare/constraints.js";
import { objectKey } from "./names.js";
import { samePolicy } from "./compare/policies.js";

/** `ops` with the prior state they carry taken from `database` (as read, the default schema left out). */
export function withDatabaseSpelling(ops: readonly Operation[], database: SchemaSnapshot): Operation[] {
  const tables = new Map(database.tables.map((t) => [objectKey(t.schema, t.name), t]));
  const enums = new Map(database.enums.map((e) => [objectKey(e.schema, e.name), e]));
  const sequences = new Map(database.sequences.map((s) => [objectKey(s.schema, s.name), s]));
  const domains = new Map((database.domains ?? []).map((d) => [objectKey(d.schema, d.name), d]));
  const views = new Map((database.views ?? []).map((v) => [objectKey(v.schema, v.name), v]));
  const tableOf = (schema: string | undefined, name: string): Table | undefined => tables.get(objectKey(schema, name));
  const columnOf = (schema: string | undefined, table: string, name: string): Column | undefined =>
    tableOf(schema, table)?.columns.find((c) => c.name === name);
  const constraintOf = (schema: string | undefined, table: string, name: string): Constraint | undefined => {
    const found = tableOf(schema, table);
    return found === undefined ? undefined : constraintsOf(found).find((c) => c.name === name);
  };
  return ops.map((op): Operation => {
    switch (op.kind) {
      case "dropTable":
        return op.existing === undefined ? op : { ...op, existing: tableOf(op.schema, op.name) ?? op.existing };
      case "dropColumn": {
        const existing = op.existing;
        if (existing === undefined) return op;
        return {
          ...op,
          existing: {
            column: columnOf(op.schema, op.table, op.name) ?? existing.column,
            constraints: existing.constraints.map((c) => constraintOf(op.schema, op.table, c.name) ?? c),
          },
        };
      }
      case "alterColumn": {
        const held = columnOf(op.schema, op.table, op.column);
        if (held === undefined) return op;
        return {
          ...op,
          ...(op.nullable?.from === undefined ? {} : { nullable: { ...op.nullable, from: held.nullable } }),
          ...(op.default === undefined || !("from" in op.default) ? {} : { default: { ...op.default, from: held.default ?? null } }),
          ...(op.comment === undefined || !("from" in op.comment) ? {} : { comment: { ...op.comment, from: held.comment ?? null } }),
        };
      }
      case "dropIndex": {
        if (op.existing === undefined || op.table === undefined) return op;
        const held = tableOf(op.schema, op.table)?.indexes.find((ix) => ix.name === op.name);
        return { ...op, existing: held ?? op.existing };
      }
      case "dropConstraint": {
        if (op.existing === undefined) return op;
        const held = constraintOf(op.schema, op.table, op.name);
        return held?.kind === op.existing.kind ? { ...op, existing: held } : op;
      }
      case "createTableComment": {
        const held = tableOf(op.schema, op.table);
        return held === undefined ? op : { ...op, existing: held.comment ?? null };
      }
      case "dropTableComment": {
        const held = tableOf(op.schema, op.table)?.comment;
        return op.existing === undefined || held === undefined ? op : { ...op, existing: held };
      }
      case "dropPolicy":
        return op.existing === undefined
          ? op
          : { ...op, existing: database.policies?.find((p) => samePolicy(p, op.existing!)) ?? op.existing };
      case "dropEnum":
        return op.existing === undefined ? op : { ...op, existing: enums.get(objectKey(op.schema, op.name)) ?? op.existing };
      case "dropSequence": {
        if (op.existing === undefined) return op;
        const held = sequences.get(objectKey(op.schema, op.name));
        // The owner stays as the operation has it: autogenerate releases it in an alterSequence of its own.
        if (held === undefined) return op;
        const { ownedBy: _owner, ...options } = held;
        return { ...op, existing: { ...options, ...(op.existing.ownedBy === undefined ? {} : { ownedBy: op.existing.ownedBy }) } };
      }
      case "dropDomain":
        return op.existing === undefined ? op : { ...op, existing: domains.get(objectKey(op.schema, op.name)) ?? op.existing };
      case "alterDomain": {
        const held = domains.get(objectKey(op.schema, op.name));
        if (held === undefined) return op;
        const checks = new Map(held.checks.map((c) => [c.name, c]));
        return {
          ...op,
          ...(op.default?.from === undefined ? {} : { default: { ...op.default, from: held.default ?? null } }),
          ...(op.dropChecks === undefined ? {} : { dropChecks: op.dropChecks.map((c) => checks.get(c.name) ?? c) }),
        };
      }
      case "dropSequence":
        return op.existing === undefined ? op : { ...op, existing: sequences.get(objectKey(op.schema, op.name)) ?? op.existing };
      case "dropView":
        return op.existing === undefined ? op : { ...op, existing: views.get(objectKey(op.schema, op.name)) ?? op.existing };
      case "replaceView":
        return op.existing === undefined ? op : { ...op, existing: views.get(objectKey(op.view.schema, op.view.name)) ?? op.existing };
      case "createView":
      case "createTable":
      case "renameTable":
      case "addColumn":
      case "createIndex":
      case "createUniqueConstraint":
      case "createForeignKey":
      case "createCheckConstraint":
      case "createExclusionConstraint":
      case "createPrimaryKey":
      case "validateConstraint":
      case "createEnum":
      case "addEnumValue":
      case "renameEnumValue":
      case "createSequence":
      case "alterSequence":
      case "createDomain":
      case "createExtension":
      case "dropExtension":
      case "createSchema":
      case "dropSchema":
      // Functions and triggers are compared as the database reads them back: their prior state is its own.
      case "createFunction":
      case "replaceFunction":
      case "dropFunction":
      case "createTrigger":
      case "dropTrigger":
      case "setRowLevelSecurity":
      case "grant":
      case "revoke":
      case "createPolicy":
      case "attachPartition":
      case "detachPartition":
      case "execute":
      case "bulkInsert":
        return op;
    }
  });
}
