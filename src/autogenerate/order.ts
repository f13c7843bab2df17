/**
 * Orders operations by dependency (after Atlas's `sqlx/plan.go`): schemas, extensions, enum types, sequences and
 * domains first; drops of
 * foreign keys, indexes and constraints (under their names before renames, so the downgrade recreates them
 * once the names are back); renames; drops of columns and tables (tables in reverse dependency order); creates
 * (tables before the foreign keys that point at them), alterations, constraints, foreign keys, and the
 * types and schemas nothing uses any more. Views are dropped before any table change and created after all of
 * them, each after the views it reads (see order-views.ts). Foreign-key cycles are broken by creating (or dropping) one
 * foreign key as its own operation; so are a new table's foreign key into a key created in the same run, and a
 * dropped table's foreign key into a key or column dropped in the same run. Pure; the result reversed is a
 * valid downgrade.
 */
import { assertNever } from "../errors.js";
import type { AlterColumnOp, CreateTableOp, DropTableOp, Operation } from "../ops/operation.js";
import type { ForeignKey, Table } from "../schema/model.js";
import { byCodeUnit, objectKey } from "./names.js";
import { routinePhases } from "./order-routines.js";
import { withViewsInDependencyOrder } from "./order-views.js";

/**
 * The phases, in the order they run. Drops of keys, indexes and constraints come before renames (they are
 * known by their old names) and before the drops of the columns and tables they sit on; creates run from the
 * containers (schemas, types, tables, columns) to what sits on them (keys, indexes, foreign keys); types,
 * sequences and schemas are dropped once nothing uses them; hand-written SQL and data run last.
 */
const PHASES = Object.freeze([
  "createSchemas",
  "createExtensions",
  "createEnums",
  "createSequences",
  "createDomains",
  "changeEnumValues",
  "alterDomains",
  "dropTriggers",
  "dropReplacedFunctions",
  "createFunctions",
  "dropViews",
  "dropPolicies",
  "dropForeignKeys",
  "dropIndexes",
  "dropConstraints",
  "dropPrimaryKeys",
  "releaseSequences",
  "detachPartitions",
  "renameTables",
  "renameColumns",
  "dropColumns",
  "dropTables",
  "createTables",
  "addColumns",
  "alterColumns",
  "alterSequences",
  "attachPartitions",
  "createPrimaryKeys",
  "createConstraints",
  "createIndexes",
  "createForeignKeys",
  "createLateFunctions",
  "createTriggers",
  "changeTableComments",
  "dropDomains",
  "dropFunctions",
  "createViews",
  "changeSecurity",
  "createPolicies",
  "dropEnums",
  "dropSequences",
  "dropExtensions",
  "dropSchemas",
  "executeAndInsert",
] as const);

type Phase = (typeof PHASES)[number];

/** An `alterColumn` that only renames runs with the renames; any other change waits for the creates. */
function onlyRenames(op: AlterColumnOp): boolean {
  return (
    op.newName !== undefined && op.type === undefined && op.nullable === undefined && op.default === undefined && op.comment === undefined
  );
}

/** The phase `op` runs in. */
function phaseOf(op: Operation): Phase {
  switch (op.kind) {
    case "createSchema":
      // Stryker disable next-line StringLiteral: an unknown phase sorts at index -1, before everything, where createSchemas already is
      return "createSchemas";
    case "createEnum":
      return "createEnums";
    case "createSequence":
      return "createSequences";
    case "addEnumValue":
    case "renameEnumValue":
      return "changeEnumValues";
    case "dropConstraint":
      return op.existing?.kind === "foreignKey"
        ? "dropForeignKeys"
        : op.existing?.kind === "primaryKey"
          ? "dropPrimaryKeys"
          : "dropConstraints";
    case "dropIndex":
      return "dropIndexes";
    case "renameTable":
      return "renameTables";
    case "alterColumn":
      return onlyRenames(op) ? "renameColumns" : "alterColumns";
    // Stryker disable next-line ConditionalExpression: dropColumns and dropTables are adjacent phases and every dropColumn comes before every dropTable in the list sorted
    case "dropColumn":
      return "dropColumns";
    // Stryker disable next-line ConditionalExpression: dropTables and createTables are adjacent phases and every dropTable comes before every createTable in the list sorted
    case "dropTable":
      return "dropTables";
    case "createTable":
      return "createTables";
    case "addColumn":
      return "addColumns";
    case "createPrimaryKey":
      return "createPrimaryKeys";
    case "createUniqueConstraint":
    case "createCheckConstraint":
    case "createExclusionConstraint":
      return "createConstraints";
    case "createIndex":
      return "createIndexes";
    case "createForeignKey":
    case "validateConstraint":
      return "createForeignKeys";
    case "createTableComment":
    case "dropTableComment":
      return "changeTableComments";
    case "dropView":
      return "dropViews";
    case "createView":
    case "replaceView":
      return "createViews";
    // A policy's expressions may use any column or table: dropped before them, created after them.
    case "dropPolicy":
      return "dropPolicies";
    case "setRowLevelSecurity":
    case "grant":
    case "revoke":
      return "changeSecurity";
    case "createPolicy":
      return "createPolicies";
    case "dropEnum":
      return "dropEnums";
    case "dropSequence":
      return "dropSequences";
    case "dropSchema":
      return "dropSchemas";
    case "createExtension":
      return "createExtensions";
    case "dropExtension":
      return "dropExtensions";
    case "createDomain":
      return "createDomains";
    case "alterDomain":
      return "alterDomains";
    case "dropDomain":
      return "dropDomains";
    case "alterSequence":
      // Released from its owner before columns and tables go (dropping the owner would drop it); given an owner
      // once the owner's table and column exist.
      return op.ownedBy?.to === null ? "releaseSequences" : "alterSequences";
    case "createFunction":
    case "replaceFunction":
      return "createFunctions";
    case "dropFunction":
      return "dropFunctions";
    case "createTrigger":
      return "createTriggers";
    case "dropTrigger":
      return "dropTriggers";
    case "detachPartition":
      return "detachPartitions";
    case "attachPartition":
      return "attachPartitions";
    case "execute":
    case "bulkInsert":
      return "executeAndInsert";
    default:
      return assertNever(op, "operation");
  }
}

const tableKey = (table: Table) => objectKey(table.schema, table.name);
const targetKey = (fk: ForeignKey) => objectKey(fk.referredSchema, fk.referredTable);

/**
 * Tables in creation order (each after the tables its foreign keys point at), Kahn's algorithm with names
 * as tie-breaker; in a cycle, the first table by name has its foreign keys into the cycle detached.
 */
export function creationOrder(tables: readonly Table[]): { order: Table[]; detached: { table: Table; foreignKey: ForeignKey }[] } {
  const byKey = new Map(tables.map((t) => [tableKey(t), t]));
  const remaining = new Map(byKey);
  const order: Table[] = [];
  const detached: { table: Table; foreignKey: ForeignKey }[] = [];
  const current = new Map(byKey);
  const blockers = (table: Table) => table.foreignKeys.filter((fk) => targetKey(fk) !== tableKey(table) && remaining.has(targetKey(fk)));
  // A partition comes after its parent (which a cycle never involves: no table is its own ancestor).
  const waitsForParent = (table: Table) =>
    table.partitionOf !== undefined && remaining.has(objectKey(table.partitionOf.schema, table.partitionOf.table));
  while (remaining.size > 0) {
    const keys = [...remaining.keys()].sort(byCodeUnit);
    const ready = keys.find((key) => blockers(current.get(key)!).length === 0 && !waitsForParent(current.get(key)!));
    if (ready !== undefined) {
      order.push(current.get(ready)!);
      remaining.delete(ready);
      continue;
    }
    const key = keys.find((k) => !waitsForParent(current.get(k)!)) ?? keys[0]!;
    const table = current.get(key)!;
    const cut = new Set(blockers(table));
    for (const foreignKey of cut) detached.push({ table: byKey.get(key)!, foreignKey });
    current.set(key, { ...table, foreignKeys: table.foreignKeys.filter((fk) => !cut.has(fk)) });
  }
  return { order, detached };
}

/** Adds `value` to the list kept under `key`. */
function append<V>(into: Map<string, V[]>, key: string, value: V): void {
  into.set(key, [...(into.get(key) ?? []), value]);
}

/** Adds `columns` to the ones kept for `schema.table`. */
function addColumns(into: Map<string, Set<string>>, schema: string | undefined, table: string, columns: readonly string[]): void {
  const key = objectKey(schema, table);
  const known = into.get(key) ?? new Set<string>();
  for (const column of columns) known.add(column);
  into.set(key, known);
}

/** Tables whose keys this run creates or changes, by `schema.table`, with the columns concerned. */
function pendingKeys(ops: readonly Operation[]): Map<string, Set<string>> {
  const pending = new Map<string, Set<string>>();
  for (const op of ops) {
    switch (op.kind) {
      case "createPrimaryKey":
      case "createUniqueConstraint":
        addColumns(pending, op.schema, op.table, op.constraint.columns);
        break;
      case "addColumn":
        addColumns(pending, op.schema, op.table, [op.column.name]);
        break;
      case "alterColumn":
        if (op.type !== undefined) addColumns(pending, op.schema, op.table, [op.newName ?? op.column]);
        break;
    }
  }
  return pending;
}

/** `fk` refers to one of `columns` (by `schema.table`). */
function pointsInto(fk: ForeignKey, columnsByTable: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const columns = columnsByTable.get(targetKey(fk));
  return columns !== undefined && fk.referredColumns.some((c) => columns.has(c));
}

/** Keys and columns this run drops, by `schema.table`, with the columns concerned. */
function droppedKeys(ops: readonly Operation[]): Map<string, Set<string>> {
  const dropped = new Map<string, Set<string>>();
  for (const op of ops) {
    switch (op.kind) {
      case "dropConstraint": {
        const existing = op.existing;
        if (existing?.kind === "primaryKey" || existing?.kind === "unique") addColumns(dropped, op.schema, op.table, existing.columns);
        break;
      }
      case "dropColumn":
        addColumns(dropped, op.schema, op.table, [op.name]);
        break;
    }
  }
  return dropped;
}

/** Orders `ops` by dependency; see the module comment. */
export function orderOperations(ops: readonly Operation[]): Operation[] {
  const pending = pendingKeys(ops);
  const creates = ops.filter((op): op is CreateTableOp => op.kind === "createTable");
  const drops = ops.filter((op): op is DropTableOp => op.kind === "dropTable");
  const rest: Operation[] = ops.filter((op) => op.kind !== "createTable" && op.kind !== "dropTable");
  const extra: Operation[] = [];

  const created = creationOrder(creates.map((op) => op.table));
  const detachedCreate = new Map<string, ForeignKey[]>();
  for (const { table, foreignKey } of created.detached) append(detachedCreate, tableKey(table), foreignKey);
  const createOps: Operation[] = created.order.map((table) => {
    const late = [
      ...(detachedCreate.get(tableKey(table)) ?? []),
      ...table.foreignKeys.filter(
        (fk) =>
          pointsInto(fk, pending) &&
          // Stryker disable next-line ConditionalExpression: a new table is created with its keys, so no key of its own is pending in the same run
          targetKey(fk) !== tableKey(table),
      ),
    ];
    for (const fk of late) extra.push({ kind: "createForeignKey", table: table.name, schema: table.schema, constraint: fk });
    return {
      kind: "createTable",
      table: { ...table, foreignKeys: table.foreignKeys.filter((fk) => !late.includes(fk)) },
    };
  });

  const dropped = creationOrder(drops.flatMap((op) => (op.existing === undefined ? [] : [op.existing])));
  const detachedDrop = new Map<string, ForeignKey[]>();
  const detach = (table: Table, foreignKey: ForeignKey) => {
    append(detachedDrop, tableKey(table), foreignKey);
    extra.push({ kind: "dropConstraint", table: table.name, schema: table.schema, name: foreignKey.name, existing: foreignKey });
  };
  for (const { table, foreignKey } of dropped.detached) detach(table, foreignKey);
  // A dropped table's foreign key into a key or column this run drops goes first, as PostgreSQL refuses
  // to drop a key (or its column) that a foreign key still needs.
  const gone = droppedKeys(ops);
  for (const table of dropped.order)
    for (const fk of table.foreignKeys) if (targetKey(fk) !== tableKey(table) && pointsInto(fk, gone)) detach(table, fk);
  const dropOps: Operation[] = [
    ...drops.filter((op) => op.existing === undefined),
    ...dropped.order.reverse().map((table): Operation => {
      const cut = detachedDrop.get(tableKey(table));
      const existing = cut === undefined ? table : { ...table, foreignKeys: table.foreignKeys.filter((fk) => !cut.includes(fk)) };
      return { kind: "dropTable", name: table.name, schema: table.schema, existing };
    }),
  ];

  const columnOps = rest.map((op): Operation => {
    if (op.kind !== "addColumn") return op;
    // Stryker disable next-line ConditionalExpression,MethodExpression: a constraint that is no foreign key refers to no table, so it points into nothing
    const foreignKeys = op.constraints.filter((c): c is ForeignKey => c.kind === "foreignKey");
    const late = foreignKeys.filter((fk) => pointsInto(fk, pending));
    // Stryker disable next-line ConditionalExpression: filtering out nothing gives an equal operation
    if (late.length === 0) return op;
    for (const fk of late) extra.push({ kind: "createForeignKey", table: op.table, schema: op.schema, constraint: fk });
    return { ...op, constraints: op.constraints.filter((c) => !late.includes(c as ForeignKey)) };
  });

  const all = [...columnOps, ...dropOps, ...createOps, ...extra];
  const routines = routinePhases(all);
  const entries = all.map((op, i) => ({ op, i, p: PHASES.indexOf(routines(op) ?? phaseOf(op)) }));
  entries.sort(
    (a, b) =>
      a.p - b.p ||
      // Stryker disable next-line ArithmeticOperator: the sort is stable and V8 asks whether a later entry goes first; sum and difference both say no
      a.i - b.i,
  );
  return withViewsInDependencyOrder(entries.map((entry) => entry.op));
}
