import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertNever } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import type { CheckConstraint, Column, ForeignKey, Table } from "../schema/model.js";
import { describeOperation } from "./describe.js";
import { byCodeUnit } from "./names.js";
import { orderOperations } from "./order.js";

const col = (name: string, type: Column["type"] = { kind: "integer" }): Column => ({ name, type, nullable: true });
const tbl = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...extra,
});
const genreType: Column["type"] = { kind: "enum", name: "genre" };
const fk: ForeignKey = {
  kind: "foreignKey",
  name: "movies_director_id_fkey",
  columns: ["director_id"],
  referredTable: "directors",
  referredColumns: ["id"],
};
const ck: CheckConstraint = { kind: "check", name: "movies_check", expression: "id > 0" };

/**
 * What an operation needs to exist before it (`needs`), makes exist (`gives`), takes as a name (`takes`),
 * needs to still exist while it runs (`holds`), and removes or frees (`frees`). One operation must run
 * before another when it gives what the other needs, holds what the other frees, or frees a name the
 * other takes.
 */
interface Facets {
  readonly needs: readonly string[];
  readonly gives: readonly string[];
  readonly takes: readonly string[];
  readonly holds: readonly string[];
  readonly frees: readonly string[];
}

const tableName = (schema: string | undefined, name: string) => `name:${schema ?? "public"}.${name}`;
const columnName = (schema: string | undefined, table: string, column: string) => `column:${schema ?? "public"}.${table}.${column}`;
const typeOf = (schema: string | undefined, table: string, column: string) => `type:${schema ?? "public"}.${table}.${column}`;
const keyOf = (schema: string | undefined, table: string, columns: readonly string[]) => `key:${schema ?? "public"}.${table}(${columns})`;

/** What a column's type and default use: enums, sequences, enum values. */
function columnUses(column: Column): string[] {
  const uses: string[] = [];
  if (column.type.kind === "enum") {
    uses.push(`enum:${column.type.name}`);
    if (column.default?.kind === "literal") uses.push(`value:${column.type.name}.${String(column.default.value)}`);
  }
  const sequence = column.default?.kind === "expression" ? /nextval\('(\w+)'\)/.exec(column.default.sql)?.[1] : undefined;
  if (sequence !== undefined) uses.push(`seq:${sequence}`);
  return uses;
}

function facets(op: Operation): Facets {
  const none: Facets = { needs: [], gives: [], takes: [], holds: [], frees: [] };
  switch (op.kind) {
    case "createSchema":
      return { ...none, gives: [`schema:${op.name}`] };
    case "createEnum":
      return { ...none, gives: [`enum:${op.enumType.name}`] };
    case "createSequence":
      return { ...none, gives: [`seq:${op.sequence.name}`] };
    case "addEnumValue":
      return { ...none, needs: [`enum:${op.enumName}`], gives: [`value:${op.enumName}.${op.value}`] };
    case "createTable": {
      const t = op.table;
      const columns = t.columns.flatMap((c) => [columnName(t.schema, t.name, c.name), typeOf(t.schema, t.name, c.name)]);
      return {
        ...none,
        needs: [...(t.schema === undefined ? [] : [`schema:${t.schema}`]), ...t.columns.flatMap(columnUses)],
        gives: [tableName(t.schema, t.name), ...columns],
        takes: [tableName(t.schema, t.name), ...t.columns.map((c) => columnName(t.schema, t.name, c.name))],
      };
    }
    case "dropTable": {
      const t = op.existing;
      return {
        ...none,
        holds:
          t === undefined
            ? []
            : [
                ...(t.schema === undefined ? [] : [`schema:${t.schema}`]),
                ...t.columns.flatMap(columnUses),
                ...t.foreignKeys.flatMap((fk) => [
                  tableName(fk.referredSchema, fk.referredTable),
                  keyOf(fk.referredSchema, fk.referredTable, fk.referredColumns),
                  ...fk.referredColumns.map((c) => columnName(fk.referredSchema, fk.referredTable, c)),
                ]),
              ],
        frees: [tableName(op.schema, op.name), ...(t?.columns ?? []).map((c) => columnName(op.schema, op.name, c.name))],
      };
    }
    case "renameTable":
      return { ...none, frees: [tableName(op.schema, op.name)], gives: [tableName(op.schema, op.newName)] };
    case "addColumn":
      return {
        ...none,
        needs: [tableName(op.schema, op.table), ...columnUses(op.column)],
        gives: [columnName(op.schema, op.table, op.column.name), typeOf(op.schema, op.table, op.column.name)],
        takes: [columnName(op.schema, op.table, op.column.name)],
      };
    case "dropColumn":
      return {
        ...none,
        holds: op.existing === undefined ? [] : columnUses(op.existing.column),
        frees: [columnName(op.schema, op.table, op.name)],
      };
    case "alterColumn":
      if (op.newName !== undefined)
        return { ...none, frees: [columnName(op.schema, op.table, op.column)], gives: [columnName(op.schema, op.table, op.newName)] };
      return {
        ...none,
        needs: [
          columnName(op.schema, op.table, op.column),
          ...(op.type === undefined ? [] : columnUses({ name: op.column, type: op.type.to, nullable: true })),
        ],
        gives: [typeOf(op.schema, op.table, op.column)],
      };
    case "createIndex": {
      const columns = op.index.elements.flatMap((e) => (e.kind === "column" ? [e.name] : []));
      return {
        ...none,
        needs: [
          tableName(op.schema, op.table),
          ...columns.flatMap((c) => [columnName(op.schema, op.table, c), typeOf(op.schema, op.table, c)]),
        ],
        takes: [`index:${op.index.name}`],
      };
    }
    case "dropIndex": {
      const columns = (op.existing?.elements ?? []).flatMap((e) => (e.kind === "column" ? [e.name] : []));
      return {
        ...none,
        holds: op.table === undefined ? [] : [tableName(op.schema, op.table), ...columns.map((c) => columnName(op.schema, op.table!, c))],
        frees: [`index:${op.name}`],
      };
    }
    case "createPrimaryKey":
    case "createUniqueConstraint":
      return {
        ...none,
        needs: [
          tableName(op.schema, op.table),
          ...op.constraint.columns.flatMap((c) => [columnName(op.schema, op.table, c), typeOf(op.schema, op.table, c)]),
        ],
        gives: [keyOf(op.schema, op.table, op.constraint.columns)],
        takes: [`constraint:${op.constraint.name}`],
      };
    case "createCheckConstraint":
      return { ...none, needs: [tableName(op.schema, op.table)], takes: [`constraint:${op.constraint.name}`] };
    case "createExclusionConstraint":
      return {
        ...none,
        needs: [
          tableName(op.schema, op.table),
          ...op.constraint.elements.flatMap((e) =>
            e.kind === "column" ? [columnName(op.schema, op.table, e.name), typeOf(op.schema, op.table, e.name)] : [],
          ),
        ],
        takes: [`constraint:${op.constraint.name}`],
      };
    case "createForeignKey": {
      const fk = op.constraint;
      return {
        ...none,
        needs: [
          tableName(op.schema, op.table),
          ...fk.columns.flatMap((c) => [columnName(op.schema, op.table, c), typeOf(op.schema, op.table, c)]),
          tableName(fk.referredSchema, fk.referredTable),
          ...fk.referredColumns.flatMap((c) => [
            columnName(fk.referredSchema, fk.referredTable, c),
            typeOf(fk.referredSchema, fk.referredTable, c),
          ]),
          keyOf(fk.referredSchema, fk.referredTable, fk.referredColumns),
        ],
        takes: [`constraint:${fk.name}`],
      };
    }
    case "dropConstraint": {
      const c = op.existing;
      const columns =
        c === undefined || c.kind === "check"
          ? []
          : c.kind === "exclude"
            ? c.elements.flatMap((e) => (e.kind === "column" ? [e.name] : []))
            : c.columns;
      return {
        ...none,
        holds: [
          tableName(op.schema, op.table),
          ...columns.map((name) => columnName(op.schema, op.table, name)),
          ...(c?.kind === "foreignKey"
            ? [
                tableName(c.referredSchema, c.referredTable),
                keyOf(c.referredSchema, c.referredTable, c.referredColumns),
                ...c.referredColumns.map((name) => columnName(c.referredSchema, c.referredTable, name)),
              ]
            : []),
        ],
        frees: [
          `constraint:${op.name}`,
          ...(c?.kind === "primaryKey" || c?.kind === "unique" ? [keyOf(op.schema, op.table, c.columns)] : []),
        ],
      };
    }
    case "createTableComment":
    case "dropTableComment":
      return { ...none, needs: [tableName(op.schema, op.table)] };
    case "validateConstraint":
      return { ...none, needs: [tableName(op.schema, op.table)] };
    case "dropEnum":
      return { ...none, holds: op.schema === undefined ? [] : [`schema:${op.schema}`], frees: [`enum:${op.name}`] };
    case "dropSequence":
      return { ...none, frees: [`seq:${op.name}`] };
    case "dropSchema":
      return { ...none, frees: [`schema:${op.name}`] };
    case "bulkInsert":
      return {
        ...none,
        needs: [
          tableName(op.schema, op.table),
          ...op.columns.flatMap((c) => [columnName(op.schema, op.table, c), typeOf(op.schema, op.table, c)]),
        ],
      };
    case "createFunction":
    case "replaceFunction":
      return { ...none, gives: [`function:${op.function.name}`] };
    case "dropFunction":
      return { ...none, frees: [`function:${op.name}`] };
    case "createTrigger":
      return {
        ...none,
        needs: [tableName(op.trigger.schema, op.trigger.table), `function:${op.trigger.function.name}`],
        takes: [`trigger:${op.trigger.name}`],
      };
    case "dropTrigger":
      return {
        ...none,
        holds: [tableName(op.schema, op.table), ...(op.existing === undefined ? [] : [`function:${op.existing.function.name}`])],
        frees: [`trigger:${op.name}`],
      };
    // The generator makes no views; their order is tested in order.test.ts.
    case "createView":
    case "replaceView":
    case "dropView":
      return none;
    case "setRowLevelSecurity":
    case "grant":
    case "revoke":
      return { ...none, needs: [tableName(op.schema, op.table)] };
    case "createPolicy":
      return { ...none, needs: [tableName(op.policy.schema, op.policy.table)] };
    case "dropPolicy":
      return { ...none, holds: [tableName(op.schema, op.table)] };
    case "attachPartition":
    case "detachPartition":
      return { ...none, needs: [tableName(op.schema, op.table), tableName(op.partitionSchema ?? op.schema, op.partition)] };
    case "renameEnumValue":
    case "execute":
    case "alterSequence":
    case "createDomain":
    case "dropDomain":
    case "alterDomain":
    case "createExtension":
    case "dropExtension":
      return none;
    default:
      return assertNever(op, "operation");
  }
}

const meets = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));

/** `a` must run before `b`. */
function mustPrecede(a: Operation, b: Operation): boolean {
  const fa = facets(a);
  const fb = facets(b);
  return meets(fa.gives, fb.needs) || meets(fa.holds, fb.frees) || meets(fa.frees, fb.takes);
}

/**
 * Operations on a small world (tables movies, directors, reviews, inventory.items, archive.logs; enums genre
 * and old_genre; sequences ids and old_ids; schemas inventory and archive) as a migration could hold them
 * together. No created table's foreign key waits for a key, and no dropped tables hold a cycle: the only
 * foreign keys split off are those of dropped tables into dropped keys or columns.
 */
const POOL: readonly Operation[] = [
  { kind: "createSchema", name: "inventory" },
  { kind: "createEnum", enumType: { kind: "enumType", name: "genre", values: ["drama"] } },
  { kind: "createSequence", sequence: { kind: "sequence", name: "ids" } },
  { kind: "addEnumValue", enumName: "genre", value: "comedy" },
  {
    kind: "createTable",
    table: tbl("items", [col("id"), { ...col("genre", genreType), default: { kind: "literal", value: "comedy" } }], {
      schema: "inventory",
    }),
  },
  { kind: "createTable", table: tbl("directors", [{ ...col("id"), default: { kind: "expression", sql: "nextval('ids')" } }]) },
  { kind: "addColumn", table: "movies", column: col("rating", genreType), constraints: [] },
  { kind: "addColumn", table: "movies", column: col("name"), constraints: [] },
  { kind: "alterColumn", table: "movies", column: "title", type: { to: genreType } },
  { kind: "alterColumn", table: "movies", column: "name", newName: "title" },
  { kind: "renameTable", name: "films", newName: "movies" },
  {
    kind: "dropIndex",
    name: "ix_films_name",
    table: "films",
    existing: { name: "ix_films_name", elements: [{ kind: "column", name: "name" }], unique: false },
  },
  {
    kind: "dropIndex",
    name: "ix_movies_title",
    table: "movies",
    existing: { name: "ix_movies_title", elements: [{ kind: "column", name: "title" }], unique: false },
  },
  {
    kind: "dropConstraint",
    table: "films",
    name: "films_director_id_fkey",
    existing: { ...fk, name: "films_director_id_fkey" },
  },
  {
    kind: "dropConstraint",
    table: "directors",
    name: "directors_pkey",
    existing: { kind: "primaryKey", name: "directors_pkey", columns: ["id"] },
  },
  {
    kind: "dropConstraint",
    table: "movies",
    name: "movies_legacy_key",
    existing: { kind: "unique", name: "movies_legacy_key", columns: ["legacy"] },
  },
  { kind: "dropConstraint", table: "movies", name: "movies_check", existing: ck },
  {
    kind: "dropColumn",
    table: "movies",
    name: "legacy",
    existing: { column: col("legacy", { kind: "enum", name: "old_genre" }), constraints: [] },
  },
  {
    kind: "dropTable",
    name: "reviews",
    existing: tbl(
      "reviews",
      [
        col("id"),
        col("director_id"),
        col("mood", { kind: "enum", name: "old_genre" }),
        { ...col("n"), default: { kind: "expression", sql: "nextval('old_ids')" } },
      ],
      { foreignKeys: [{ ...fk, name: "reviews_director_id_fkey" }] },
    ),
  },
  { kind: "dropTable", name: "directors", existing: tbl("directors", [col("id")]) },
  { kind: "dropTable", name: "logs", schema: "archive", existing: tbl("logs", [col("id")], { schema: "archive" }) },
  { kind: "dropEnum", name: "old_genre" },
  { kind: "dropEnum", name: "level", schema: "archive" },
  { kind: "dropSequence", name: "old_ids" },
  { kind: "dropSchema", name: "archive" },
  { kind: "createPrimaryKey", table: "movies", constraint: { kind: "primaryKey", name: "movies_pkey", columns: ["title"] } },
  { kind: "createUniqueConstraint", table: "movies", constraint: { kind: "unique", name: "movies_legacy_key", columns: ["rating"] } },
  { kind: "createCheckConstraint", table: "movies", constraint: ck },
  {
    kind: "createIndex",
    table: "movies",
    index: { name: "ix_movies_title", elements: [{ kind: "column", name: "title" }], unique: false },
  },
  {
    kind: "createForeignKey",
    table: "items",
    schema: "inventory",
    constraint: { kind: "foreignKey", name: "items_id_fkey", columns: ["id"], referredTable: "movies", referredColumns: ["title"] },
  },
  {
    kind: "createForeignKey",
    table: "items",
    schema: "inventory",
    constraint: { kind: "foreignKey", name: "items_genre_fkey", columns: ["genre"], referredTable: "movies", referredColumns: ["rating"] },
  },
  { kind: "createTableComment", table: "movies", comment: "Films", existing: null },
  { kind: "dropTableComment", table: "movies", existing: "Films" },
  { kind: "bulkInsert", table: "movies", columns: ["title", "rating"], rows: [["x", "comedy"]] },
  { kind: "renameEnumValue", enumName: "genre", from: "drama", to: "dramatic" },
  { kind: "execute", sql: "SELECT 1" },
];

describe("ordering, property-based", () => {
  const canonical = (ops: readonly Operation[]) => ops.map((op) => JSON.stringify(op)).sort();
  /** `ordered` with the foreign keys split off dropped tables put back into them (by name). */
  const rejoined = (ordered: readonly Operation[], input: readonly Operation[]): Operation[] => {
    const split = ordered.filter((op) => op.kind === "dropConstraint" && !input.includes(op));
    return ordered
      .filter((op) => !split.includes(op))
      .map((op) => {
        if (op.kind !== "dropTable" || op.existing === undefined) return op;
        const back = split.flatMap((s) =>
          s.kind === "dropConstraint" && s.table === op.name && s.existing?.kind === "foreignKey" ? [s.existing] : [],
        );
        const foreignKeys = [...op.existing.foreignKeys, ...back].sort((a, b) => byCodeUnit(a.name, b.name));
        return { ...op, existing: { ...op.existing, foreignKeys } };
      });
  };

  it("has dependencies to check in its world", () => {
    const related = POOL.flatMap((a) => POOL.filter((b) => a !== b && mustPrecede(a, b)));
    expect(related.length).toBeGreaterThan(40);
  });

  it("returns a permutation of its input in which every dependency runs first", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...POOL]), (ops) => {
        const ordered = orderOperations(ops);
        expect(canonical(rejoined(ordered, ops))).toEqual(canonical(ops));
        ordered.forEach((later, j) => {
          for (const earlier of ordered.slice(j + 1)) {
            expect(mustPrecede(earlier, later), `${describeOperation(earlier)} must run before ${describeOperation(later)}`).toBe(false);
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
