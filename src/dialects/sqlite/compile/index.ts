/**
 * The SQLite compiler. What SQLite alters in place compiles to one statement; the rest rebuilds the table
 * (rebuild.ts), which needs the table's current definition: online it is read from the database as the revision
 * runs ({@link compileLive}); a `--sql` script cannot read it, so there such an operation is refused.
 */
import { assertNever, UnsupportedOperationError } from "../../../errors.js";
import { refusePostgresOnlyTableOptions } from "../../postgres-only-table-options.js";
import type { AddColumnOp, AlterColumnOp, BackfillOp, Operation, RevisionOperation } from "../../../ops/operation.js";
import { qualifiedName, quoteIdentifier } from "../quote.js";
import { type CatalogQuery, readTable } from "../catalog/index.js";
import { catalogOf } from "./version-table.js";
import { applyToTable, rebuildStatements } from "./rebuild.js";
import { columnDefinition, compileBulkInsert, compileCreateTable, compileIndex, constraintDefinition, noComments } from "./table.js";
import { bulkValue } from "./table.js";

/** The statements of an operation, without reading the database. */
export function compileOperation(operation: RevisionOperation): readonly string[] {
  if (operation.kind === "backfill") return compileBackfill(operation);
  const inPlace = compileInPlace(operation);
  if (inPlace !== undefined) return inPlace;
  throw new UnsupportedOperationError(
    `On SQLite, ${describe(operation)} rebuilds the table from its current definition, which a --sql script cannot read.`,
    {
      hint: "Run the revision against the database (without --sql): Retort reads the table there and rebuilds it in the revision's transaction.",
      details: { operation: operation.kind, dialect: "sqlite" },
    },
  );
}

/** The statements of an operation, reading the table it rebuilds, when it rebuilds one, through `query`. */
export async function compileLive(operation: RevisionOperation, query: CatalogQuery): Promise<readonly string[]> {
  if (operation.kind === "backfill") return compileBackfill(operation);
  if (operation.kind === "dropColumn") {
    const live = await readTable(query, operation.table, operation.schema);
    const name = operation.name;
    const used =
      live !== undefined &&
      (live.table.primaryKey?.columns.includes(name) ||
        [...live.table.uniqueConstraints, ...live.table.foreignKeys].some((c) => c.columns.includes(name)) ||
        live.table.indexes.some((i) => i.elements.some((e) => (e.kind === "column" ? e.name === name : e.sql.includes(name)))) ||
        live.table.checkConstraints.some((c) => c.expression.includes(name)));
    if (!used) return compileInPlace(operation) ?? [];
  } else {
    const inPlace = compileInPlace(operation);
    if (inPlace !== undefined) return inPlace;
  }
  return rebuild(operation, query);
}

function tableOf(operation: Operation): { readonly table: string; readonly schema: string | undefined } {
  if ("table" in operation && typeof operation.table === "string")
    return { table: operation.table, schema: "schema" in operation ? operation.schema : undefined };
  throw new UnsupportedOperationError(`${operation.kind} does not name a table.`, { hint: "This is a bug in Retort's SQLite dialect." });
}

async function rebuild(operation: Operation, query: CatalogQuery): Promise<string[]> {
  const { table, schema } = tableOf(operation);
  const live = await readTable(query, table, schema);
  if (live === undefined) {
    throw new UnsupportedOperationError(`Cannot change the table ${table}: SQLite has no table of that name.`, {
      hint: "Check the table's name in the revision.",
      details: { table, dialect: "sqlite" },
    });
  }
  const views = await query(`SELECT name, sql FROM ${catalogOf(schema)} WHERE type = 'view' AND sql IS NOT NULL ORDER BY name`);
  const rename = operation.kind === "alterColumn" ? operation.newName : undefined;
  const statements = rebuildStatements(
    {
      table: live.table,
      triggers: live.triggers,
      options: live.options,
      views: views.map((v) => ({ name: String(v.name), sql: String(v.sql) })),
    },
    applyToTable(live.table, operation),
  );
  if (rename !== undefined && operation.kind === "alterColumn") statements.push(renameColumn(operation, rename));
  return statements;
}

function renameColumn(op: AlterColumnOp, newName: string): string {
  return `ALTER TABLE ${qualifiedName(op.table, op.schema)} RENAME COLUMN ${quoteIdentifier(op.column)} TO ${quoteIdentifier(newName)}`;
}

/**
 * ADD COLUMN in place: SQLite adds a column nullable or with a constant default, not computed from other columns,
 * whose own constraints are foreign keys and checks (a revision runs with foreign keys off, so a REFERENCES
 * column may have a default; every foreign key is checked before COMMIT). A primary key or unique column rebuilds.
 */
function addsInPlace(op: AddColumnOp): boolean {
  const c = op.column;
  const ownConstraints = op.constraints.every(
    (constraint) =>
      constraint.kind === "check" ||
      (constraint.kind === "foreignKey" && constraint.columns.length === 1 && constraint.columns[0] === c.name),
  );
  return (
    ownConstraints &&
    c.generatedAs === undefined &&
    c.default?.kind !== "expression" &&
    (c.nullable || (c.default !== undefined && c.default.value !== null))
  );
}

/** The column's foreign keys and checks as column constraints, for ADD COLUMN. */
function columnConstraints(op: AddColumnOp): string {
  return op.constraints.map((constraint) => ` ${constraintDefinition(constraint).replace(/ FOREIGN KEY \([^)]*\)/, "")}`).join("");
}

/** The statements of an operation SQLite can do in place; undefined for one that rebuilds its table. */
function compileInPlace(operation: Operation): readonly string[] | undefined {
  switch (operation.kind) {
    case "createTable":
      refusePostgresOnlyTableOptions(operation.table, "SQLite");
      return compileCreateTable(operation.table);
    case "dropTable":
      return [`DROP TABLE ${qualifiedName(operation.name, operation.schema)}`];
    case "renameTable":
      return [`ALTER TABLE ${qualifiedName(operation.name, operation.schema)} RENAME TO ${quoteIdentifier(operation.newName)}`];
    case "addColumn":
      if (operation.column.comment !== undefined) throw noComments(`the column ${operation.table}.${operation.column.name}`);
      if (!addsInPlace(operation)) return undefined;
      return [
        `ALTER TABLE ${qualifiedName(operation.table, operation.schema)} ADD COLUMN ${columnDefinition(operation.table, operation.column)}${columnConstraints(operation)}`,
      ];
    case "dropColumn":
      return [`ALTER TABLE ${qualifiedName(operation.table, operation.schema)} DROP COLUMN ${quoteIdentifier(operation.name)}`];
    case "alterColumn": {
      if (operation.comment !== undefined) throw noComments(`the column ${operation.table}.${operation.column}`);
      const onlyRename =
        operation.newName !== undefined &&
        operation.type === undefined &&
        operation.nullable === undefined &&
        operation.default === undefined &&
        operation.collation === undefined &&
        operation.identity === undefined;
      return onlyRename ? [renameColumn(operation, operation.newName!)] : undefined;
    }
    case "createIndex":
      if (operation.concurrently)
        throw postgresOnly(
          "CREATE INDEX CONCURRENTLY",
          "Leave out `concurrently`: SQLite builds an index inside the revision's transaction.",
        );
      return [compileIndex(operation.table, operation.schema, operation.index, { ifNotExists: operation.ifNotExists ?? false })];
    case "dropIndex":
      if (operation.concurrently) throw postgresOnly("DROP INDEX CONCURRENTLY", "Leave out `concurrently` on SQLite.");
      return [`DROP INDEX ${operation.ifExists ? "IF EXISTS " : ""}${qualifiedName(operation.name, operation.schema)}`];
    case "createUniqueConstraint":
    case "createForeignKey":
    case "createCheckConstraint":
    case "createPrimaryKey":
      if ("notValid" in operation && operation.notValid)
        throw postgresOnly("NOT VALID", "Add the constraint without `notValid`: SQLite checks every row as it rebuilds the table.");
      if ("usingIndex" in operation && operation.usingIndex !== undefined)
        throw postgresOnly("USING INDEX", "Add the constraint without `usingIndex`.");
      return undefined;
    case "createExclusionConstraint":
      throw postgresOnly("exclusion constraints", "Leave exclusion constraints out of the models for an SQLite database.");
    case "dropConstraint":
      return undefined;
    case "validateConstraint":
      throw postgresOnly("VALIDATE CONSTRAINT", "SQLite checks every row when a constraint is added; there is nothing to validate.");
    case "createTableComment":
    case "dropTableComment":
      throw noComments(`the table ${operation.table}`);
    case "createEnum":
    case "dropEnum":
    case "addEnumValue":
    case "renameEnumValue":
      throw postgresOnly("enum types", "Use text() with a check constraint listing the values.");
    case "createSequence":
    case "dropSequence":
    case "alterSequence":
      throw postgresOnly("sequences", "A one-column INTEGER primary key is assigned its rowid on insert.");
    case "createDomain":
    case "dropDomain":
    case "alterDomain":
      throw postgresOnly("domains", "Use the domain's base type with a check constraint on each column.");
    case "createExtension":
    case "dropExtension":
      throw postgresOnly("extensions", "Leave the extension out of the models for an SQLite database.");
    case "createFunction":
    case "replaceFunction":
    case "dropFunction":
      throw postgresOnly("functions and procedures", "SQLite has no stored functions; register them on the connection in the application.");
    case "createTrigger":
    case "dropTrigger":
      throw postgresOnly("triggers declared in the models", "Write the CREATE TRIGGER statement with op.execute.");
    case "createView":
    case "replaceView":
    case "dropView":
      throw postgresOnly("views declared in the models", "Write the CREATE VIEW statement with op.execute.");
    case "setRowLevelSecurity":
    case "createPolicy":
    case "dropPolicy":
      throw postgresOnly(
        "row-level security and policies",
        "Leave rowLevelSecurity and policies out of the models for an SQLite database.",
      );
    case "grant":
    case "revoke":
      throw postgresOnly("grants", "SQLite has no roles: access is the file's permissions.");
    case "attachPartition":
    case "detachPartition":
      throw postgresOnly("partitions", "SQLite has no table partitioning: use separate tables.");
    case "createSchema":
    case "dropSchema":
      throw postgresOnly("CREATE/DROP SCHEMA", "A schema on SQLite is another database file, attached with ATTACH DATABASE (op.execute).");
    case "execute":
      return [operation.sql];
    case "bulkInsert":
      return compileBulkInsert(operation);
    default:
      return assertNever(operation, "operation");
  }
}

function postgresOnly(what: string, hint: string): UnsupportedOperationError {
  return new UnsupportedOperationError(`SQLite has no ${what}.`, { hint, details: { dialect: "sqlite" } });
}

function describe(operation: Operation): string {
  if (operation.kind === "alterColumn") return `changing the column ${operation.table}.${operation.column}`;
  if (operation.kind === "addColumn")
    return `adding the column ${operation.table}.${operation.column.name} (with a constraint, an expression default, or NOT NULL without a default)`;
  if ("table" in operation && typeof operation.table === "string") return `${operation.kind} on ${operation.table}`;
  return operation.kind;
}

/** The `--sql` form of a backfill: one UPDATE (SQLite runs it as fast in one statement as in batches). */
export function compileBackfill(op: BackfillOp): string[] {
  const sets = op.set.map(({ column, value }) => `${quoteIdentifier(column)} = ${bulkValue(value)}`).join(", ");
  return [`UPDATE ${qualifiedName(op.table, op.schema)} SET ${sets}${op.where === undefined ? "" : ` WHERE ${op.where}`}`];
}

/** Nothing on SQLite must run outside a transaction, except a backfill, which commits each batch. */
export function requiresNoTransaction(operation: RevisionOperation): boolean {
  return operation.kind === "backfill";
}
