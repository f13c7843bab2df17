/**
 * `Operations`: the `op` a revision's `upgrade(op)` / `downgrade(op)` receives. It is composed of one group of
 * methods per area (tables and columns, indexes and constraints, enums / sequences / schemas, raw SQL and data),
 * each built around one `emit`. Each method validates its arguments, builds one frozen {@link Operation} and hands
 * it to the runtime's `run`, which compiles and executes it (online) or prints it (`--sql`).
 */
import { frozen } from "../schema/freeze.js";
import { type ConstraintOperations, constraintOperations } from "./constraint-operations.js";
import { type DataOperations, dataOperations } from "./data-operations.js";
import { type DomainOperations, domainOperations } from "./domain-operations.js";
import type { Emit } from "./emit.js";
import { type ObjectOperations, objectOperations } from "./object-operations.js";
import type { RevisionOperation } from "./operation.js";
import { type RoutineOperations, routineOperations } from "./routine-operations.js";
import { type SecurityOperations, securityOperations } from "./security-operations.js";
import { type PartitionOperations, partitionOperations } from "./partition-operations.js";
import { type TableOperations, tableOperations } from "./table-operations.js";
import { type ViewOperations, viewOperations } from "./view-operations.js";

export type {
  CreateCheckConstraintOptions,
  CreateExclusionConstraintOptions,
  CreateForeignKeyOptions,
  CreatePrimaryKeyOptions,
  CreateUniqueConstraintOptions,
  CreateIndexOptions,
  DropConstraintOptions,
  DropIndexOptions,
} from "./constraint-operations.js";
export type { BackfillOptions, BulkInsertValue } from "./data-operations.js";
export type {
  AlterDomainOptions,
  AlterSequenceOptions,
  CreateDomainOptions,
  CreateExtensionOptions,
  DropDomainOptions,
  DropExtensionOptions,
  SequenceChanges,
} from "./domain-operations.js";
export type { IfNotExistsOptions, SchemaOption } from "./emit.js";
export type {
  AddEnumValueOptions,
  CreateSchemaOptions,
  DropEnumOptions,
  DropSchemaOptions,
  SequenceOptions,
} from "./object-operations.js";
export type { DropFunctionOptions, DropTriggerOptions, ReplaceFunctionOptions } from "./routine-operations.js";
export type { DropViewOptions } from "./view-operations.js";
export type { CreatePolicyOptions, DropPolicyOptions, SetRowLevelSecurityOptions } from "./security-operations.js";
export type { AlterColumnOptions, CreateTableCommentOptions, DropTableCommentOptions } from "./table-operations.js";
export type { AttachPartitionOptions, DetachPartitionOptions } from "./partition-operations.js";

/**
 * The `op` object. Names and arguments follow Alembic's `op.*` (camelCase); column builders come from
 * `retort/schema`, as in models.
 * ```ts
 * await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });
 * await op.addColumn("movies", "release_date", date());
 * ```
 */
export interface Operations
  extends TableOperations,
    ConstraintOperations,
    ObjectOperations,
    DomainOperations,
    RoutineOperations,
    DataOperations,
    ViewOperations,
    SecurityOperations,
    PartitionOperations {}

// The class gives `new Operations(run)` and the `Operations` type one name; its methods are the groups' own
// properties, which need no `this`, so `const { createTable } = op` works too.
export class Operations {
  /** @param run executes one operation (online) or renders it (`--sql`); supplied by the runtime. */
  constructor(run: (operation: RevisionOperation) => Promise<void>) {
    const emit: Emit = (operation) => run(frozen(operation));
    const methods: TableOperations &
      ConstraintOperations &
      ObjectOperations &
      DomainOperations &
      RoutineOperations &
      DataOperations &
      ViewOperations &
      SecurityOperations &
      PartitionOperations = {
      ...tableOperations(emit),
      ...constraintOperations(emit),
      ...objectOperations(emit),
      ...domainOperations(emit),
      ...routineOperations(emit),
      ...dataOperations(emit),
      ...viewOperations(emit),
      ...securityOperations(emit),
      ...partitionOperations(emit),
    };
    Object.assign(this, methods);
    emitters.set(this, emit);
  }
}

const emitters = new WeakMap<Operations, Emit>();

/**
 * Hands an operation built elsewhere (a drop carrying its prior state, which no `op.` signature takes) to `op`,
 * as its own methods do. Not part of the `op` a revision sees; for the runtime's tests.
 */
export function emitOperation(op: Operations, operation: RevisionOperation): Promise<void> {
  const emit = emitters.get(op);
  if (emit === undefined) throw new TypeError("emitOperation: not an op object made by new Operations(run)");
  return emit(operation);
}
