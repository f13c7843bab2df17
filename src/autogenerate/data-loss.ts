/**
 * Which operations lose data: dropping a table or a column, narrowing or converting a column's type.
 * The renderer marks them in the revision file and the command lists them (the CLI prints the list).
 */
import type { ComparisonRules } from "../dialects/dialect.js";
import { assertNever } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { displayName } from "./names.js";

/** One change that loses data, and what it loses; `operation` is absent for a change left to a person. */
export interface DataLoss {
  readonly operation?: Operation;
  readonly message: string;
}

/** What `op` loses, or `undefined` when it keeps every row and value (type changes judged by the dialect's `rules`). */
export function describeDataLoss(op: Operation, rules: ComparisonRules): string | undefined {
  switch (op.kind) {
    case "dropTable":
      return `drops table ${displayName(op.schema, op.name)} and all its rows`;
    case "dropColumn":
      // A generated column's values are computed from the other columns: adding it back recomputes them.
      if (op.existing?.column.generatedAs !== undefined) return undefined;
      return `drops column ${displayName(op.schema, op.table)}.${op.name} and its values`;
    case "alterColumn": {
      if (op.type?.from === undefined) return undefined;
      const kind = rules.classifyTypeChange(op.type.from, op.type.to);
      if (kind === "widening") return undefined;
      const change = `${displayName(op.schema, op.table)}.${op.column} from ${rules.typeName(op.type.from)} to ${rules.typeName(op.type.to)}`;
      return kind === "narrowing"
        ? `narrows ${change}: values that do not fit are cut or make the migration fail`
        : `converts ${change}: values that do not convert make the migration fail or change`;
    }
    // Creating, renaming or adding keeps every value; a dropped index, constraint, comment, enum, sequence or
    // schema can be rebuilt from the models, and raw SQL is the author's to judge.
    case "createTable":
    case "renameTable":
    case "addColumn":
    case "createIndex":
    case "dropIndex":
    case "createUniqueConstraint":
    case "createForeignKey":
    case "createCheckConstraint":
    case "createExclusionConstraint":
    case "createPrimaryKey":
    case "validateConstraint":
    case "dropConstraint":
    case "createTableComment":
    case "dropTableComment":
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
    case "dropSchema":
    case "createFunction":
    case "replaceFunction":
    case "dropFunction":
    case "createTrigger":
    case "dropTrigger":
    case "setRowLevelSecurity":
    case "grant":
    case "revoke":
    case "createPolicy":
    case "dropPolicy":
    case "attachPartition":
    case "detachPartition":
    case "execute":
    case "bulkInsert":
      return undefined;
    default:
      return assertNever(op, "operation");
  }
}

/** The operations of `ops` that lose data, in order. */
export function dataLossOf(ops: readonly Operation[], rules: ComparisonRules): DataLoss[] {
  return ops.flatMap((operation) => {
    const message = describeDataLoss(operation, rules);
    return message === undefined ? [] : [{ operation, message }];
  });
}
