/**
 * The models' own spelling in what a revision creates. Comparison runs on normalised snapshots (so
 * `'{}'::text[]` and `'{}'` are one default), but a created table, column, default, index or check should
 * read as the person wrote it in the models, so those payloads are taken back from the models as written.
 * Everything is matched by name; normalisation never changes what a name refers to.
 */
import { assertNever } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { Constraint, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { constraintsOf } from "./compare/constraints.js";
import { objectKey } from "./names.js";
import { samePolicy } from "./compare/policies.js";

/** `ops` with the payloads they create taken from `models` (the default schema already left out). */
export function withModelSpelling(ops: readonly Operation[], models: SchemaSnapshot): Operation[] {
  const tables = new Map(models.tables.map((t) => [objectKey(t.schema, t.name), t]));
  const enums = new Map(models.enums.map((e) => [objectKey(e.schema, e.name), e]));
  const views = new Map((models.views ?? []).map((v) => [objectKey(v.schema, v.name), v]));
  const tableOf = (schema: string | undefined, name: string): Table | undefined => tables.get(objectKey(schema, name));
  const constraint = (schema: string | undefined, table: string, name: string): Constraint | undefined =>
    (() => {
      const found = tableOf(schema, table);
      return found === undefined ? undefined : constraintsOf(found).find((c) => c.name === name);
    })();
  return ops.map((op): Operation => {
    switch (op.kind) {
      case "createTable":
        return { ...op, table: tableOf(op.table.schema, op.table.name) ?? op.table };
      case "createEnum":
        return {
          ...op,
          enumType: { ...op.enumType, values: enums.get(objectKey(op.enumType.schema, op.enumType.name))?.values ?? op.enumType.values },
        };
      case "addColumn": {
        const column = tableOf(op.schema, op.table)?.columns.find((c) => c.name === op.column.name);
        return { ...op, column: column ?? op.column, constraints: op.constraints.map((c) => constraint(op.schema, op.table, c.name) ?? c) };
      }
      case "alterColumn": {
        const column = tableOf(op.schema, op.table)?.columns.find((c) => c.name === (op.newName ?? op.column));
        if (column === undefined) return op;
        return {
          ...op,
          ...(op.type === undefined || column.type.kind !== op.type.to.kind ? {} : { type: { ...op.type, to: column.type } }),
          ...(op.default === undefined ? {} : { default: { ...op.default, to: column.default ?? null } }),
        };
      }
      case "createView":
      case "replaceView":
        return { ...op, view: views.get(objectKey(op.view.schema, op.view.name)) ?? op.view };
      case "createPolicy":
        return { ...op, policy: models.policies?.find((p) => samePolicy(p, op.policy)) ?? op.policy };
      case "createIndex":
        return { ...op, index: tableOf(op.schema, op.table)?.indexes.find((ix) => ix.name === op.index.name) ?? op.index };
      case "createUniqueConstraint":
      case "createForeignKey":
      case "createCheckConstraint":
      case "createExclusionConstraint":
      case "createPrimaryKey": {
        const written = constraint(op.schema, op.table, op.constraint.name);
        return written?.kind === op.constraint.kind ? ({ ...op, constraint: written } as Operation) : op;
      }
      // These carry no payload the models spell: names, prior state, or SQL given as written.
      case "dropTable":
      case "renameTable":
      case "dropColumn":
      case "dropIndex":
      case "dropConstraint":
      case "validateConstraint":
      case "createTableComment":
      case "dropTableComment":
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
      case "dropView":
      case "createSchema":
      case "dropSchema":
      // Functions and triggers are compared in the form the database stores, which is also what is written.
      case "createFunction":
      case "replaceFunction":
      case "dropFunction":
      case "createTrigger":
      case "dropTrigger":
      case "setRowLevelSecurity":
      case "grant":
      case "revoke":
      case "dropPolicy":
      case "attachPartition":
      case "detachPartition":
      case "execute":
      case "bulkInsert":
        return op;
      default:
        return assertNever(op, "operation");
    }
  });
}
