import { describe, expect, test } from "vitest";
import { IrreversibleOperationError } from "../errors.js";
import type { Column, Constraint, EnumType, Index, Sequence, Table } from "../schema/model.js";
import type { Operation } from "./operation.js";
import { reversalOf, reverseOperation, reverseOperations } from "./reverse.js";

// Fixtures are literal operations built inside each test: the expected results are written out, not derived.

function movies(schema?: string): Table {
  return {
    name: "movies",
    ...(schema === undefined ? {} : { schema }),
    columns: [
      { name: "id", type: { kind: "integer" }, nullable: false },
      { name: "title", type: { kind: "varchar", length: 200 }, nullable: false, comment: "title" },
    ],
    primaryKey: { kind: "primaryKey", name: "movies_pkey", columns: ["id"] },
    uniqueConstraints: [{ kind: "unique", name: "movies_title_key", columns: ["title"] }],
    foreignKeys: [],
    checkConstraints: [{ kind: "check", name: "ck_title", expression: "title <> ''" }],
    indexes: [{ name: "ix_movies_title", elements: [{ kind: "column", name: "title" }], unique: false }],
    comment: "films",
  };
}

function rating(): Column {
  return { name: "rating", type: { kind: "integer" }, nullable: false, default: { kind: "literal", value: 0 } };
}

function ratingConstraints(): Constraint[] {
  return [
    { kind: "unique", name: "movies_rating_key", columns: ["rating"] },
    { kind: "foreignKey", name: "movies_rating_fkey", columns: ["rating"], referredTable: "ratings", referredColumns: ["id"] },
  ];
}

function yearIndex(): Index {
  return { name: "ix_movies_year", elements: [{ kind: "column", name: "year", order: "desc" }], unique: true, where: "year > 0" };
}

function genre(): EnumType {
  return { kind: "enumType", name: "genre", schema: "film", values: ["drama", "comedy"] };
}

function seq(): Sequence {
  return { kind: "sequence", name: "seq", start: 5, increment: 2, ownedBy: { table: "movies", column: "id" } };
}

const constraints: Record<string, () => Constraint> = {
  primaryKey: () => ({ kind: "primaryKey", name: "pk_movies", columns: ["id"] }),
  unique: () => ({ kind: "unique", name: "uq_movies", columns: ["title", "year"], deferrable: "deferred" }),
  foreignKey: () => ({
    kind: "foreignKey",
    name: "fk_movies",
    columns: ["director_id"],
    referredTable: "directors",
    referredSchema: "people",
    referredColumns: ["id"],
    onDelete: "set null",
  }),
  check: () => ({ kind: "check", name: "ck_year", expression: "year > 1880" }),
  exclude: () => ({
    kind: "exclude",
    name: "ex_movies_run",
    method: "gist",
    elements: [{ kind: "column", name: "run", operator: "&&" }],
    where: "NOT cancelled",
    deferrable: "deferred",
  }),
};

/** A reversible operation and the operation that undoes it. */
type Reversible = readonly [name: string, op: () => Operation, reversed: () => Operation];

const reversible: readonly Reversible[] = [
  ["createTable", () => ({ kind: "createTable", table: movies() }), () => ({ kind: "dropTable", name: "movies", existing: movies() })],
  [
    "createTable in a schema",
    () => ({ kind: "createTable", table: movies("film") }),
    () => ({ kind: "dropTable", name: "movies", schema: "film", existing: movies("film") }),
  ],
  [
    "dropTable with its definition",
    () => ({ kind: "dropTable", name: "movies", schema: "film", existing: movies("film") }),
    () => ({ kind: "createTable", table: movies("film") }),
  ],
  [
    "renameTable",
    () => ({ kind: "renameTable", name: "movies", newName: "films" }),
    () => ({ kind: "renameTable", name: "films", newName: "movies" }),
  ],
  [
    "renameTable in a schema",
    () => ({ kind: "renameTable", name: "movies", newName: "films", schema: "film" }),
    () => ({ kind: "renameTable", name: "films", newName: "movies", schema: "film" }),
  ],
  [
    "addColumn with its constraints",
    () => ({ kind: "addColumn", table: "movies", schema: "film", column: rating(), constraints: ratingConstraints() }),
    () => ({
      kind: "dropColumn",
      table: "movies",
      schema: "film",
      name: "rating",
      existing: { column: rating(), constraints: ratingConstraints() },
    }),
  ],
  [
    "addColumn without constraints",
    () => ({ kind: "addColumn", table: "movies", column: rating(), constraints: [] }),
    () => ({ kind: "dropColumn", table: "movies", name: "rating", existing: { column: rating(), constraints: [] } }),
  ],
  [
    "dropColumn with its definition",
    () => ({ kind: "dropColumn", table: "movies", name: "rating", existing: { column: rating(), constraints: ratingConstraints() } }),
    () => ({ kind: "addColumn", table: "movies", column: rating(), constraints: ratingConstraints() }),
  ],
  [
    "alterColumn of the type alone (no rename)",
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      type: { from: { kind: "varchar", length: 200 }, to: { kind: "text" } },
    }),
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      type: { from: { kind: "text" }, to: { kind: "varchar", length: 200 } },
    }),
  ],
  [
    "alterColumn of the type with USING both ways",
    () => ({
      kind: "alterColumn",
      table: "movies",
      schema: "film",
      column: "year",
      type: { from: { kind: "text" }, to: { kind: "integer" }, using: "year::integer", reverseUsing: "year::text" },
    }),
    () => ({
      kind: "alterColumn",
      table: "movies",
      schema: "film",
      column: "year",
      type: { from: { kind: "integer" }, to: { kind: "text" }, using: "year::text", reverseUsing: "year::integer" },
    }),
  ],
  [
    "alterColumn adding an identity",
    () => ({ kind: "alterColumn", table: "movies", column: "id", identity: { from: null, to: { always: true, start: 10 } } }),
    () => ({ kind: "alterColumn", table: "movies", column: "id", identity: { from: { always: true, start: 10 }, to: null } }),
  ],
  [
    "alterColumn of the collation alone keeps the type",
    () => ({ kind: "alterColumn", table: "movies", column: "title", collation: { from: null, to: "C", type: { kind: "text" } } }),
    () => ({ kind: "alterColumn", table: "movies", column: "title", collation: { from: "C", to: null, type: { kind: "text" } } }),
  ],
  [
    "alterColumn of the collation with a type change names the old type",
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      type: { from: { kind: "varchar", length: 200 }, to: { kind: "text" } },
      collation: { from: "C", to: "POSIX", type: { kind: "text" } },
    }),
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      type: { from: { kind: "text" }, to: { kind: "varchar", length: 200 } },
      collation: { from: "POSIX", to: "C", type: { kind: "varchar", length: 200 } },
    }),
  ],
  [
    "alterColumn of the nullability alone",
    () => ({ kind: "alterColumn", table: "movies", column: "title", nullable: { from: false, to: true } }),
    () => ({ kind: "alterColumn", table: "movies", column: "title", nullable: { from: true, to: false } }),
  ],
  [
    "alterColumn adding a default",
    () => ({ kind: "alterColumn", table: "movies", column: "title", default: { from: null, to: { kind: "literal", value: "untitled" } } }),
    () => ({ kind: "alterColumn", table: "movies", column: "title", default: { from: { kind: "literal", value: "untitled" }, to: null } }),
  ],
  [
    "alterColumn changing an expression default",
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "added_at",
      default: { from: { kind: "expression", sql: "now()" }, to: { kind: "expression", sql: "clock_timestamp()" } },
    }),
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "added_at",
      default: { from: { kind: "expression", sql: "clock_timestamp()" }, to: { kind: "expression", sql: "now()" } },
    }),
  ],
  [
    "alterColumn removing a comment",
    () => ({ kind: "alterColumn", table: "movies", column: "title", comment: { from: "title", to: null } }),
    () => ({ kind: "alterColumn", table: "movies", column: "title", comment: { from: null, to: "title" } }),
  ],
  [
    "alterColumn renaming alone",
    () => ({ kind: "alterColumn", table: "movies", column: "title", newName: "name" }),
    () => ({ kind: "alterColumn", table: "movies", column: "name", newName: "title" }),
  ],
  [
    "alterColumn of everything, then a rename",
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "title",
      type: { from: { kind: "varchar", length: 200 }, to: { kind: "text" }, using: "title::text", reverseUsing: "title::varchar(200)" },
      nullable: { from: false, to: true },
      default: { from: null, to: { kind: "literal", value: "untitled" } },
      comment: { from: "title", to: null },
      newName: "name",
    }),
    () => ({
      kind: "alterColumn",
      table: "movies",
      column: "name",
      type: { from: { kind: "text" }, to: { kind: "varchar", length: 200 }, using: "title::varchar(200)", reverseUsing: "title::text" },
      nullable: { from: true, to: false },
      default: { from: { kind: "literal", value: "untitled" }, to: null },
      comment: { from: null, to: "title" },
      newName: "title",
    }),
  ],
  [
    "createIndex",
    () => ({ kind: "createIndex", table: "movies", index: yearIndex() }),
    () => ({ kind: "dropIndex", name: "ix_movies_year", table: "movies", existing: yearIndex() }),
  ],
  [
    "createIndex concurrently, if not exists, owned by the revision, in a schema",
    () => ({
      kind: "createIndex",
      table: "movies",
      schema: "film",
      index: yearIndex(),
      concurrently: true,
      ifNotExists: true,
      dropOnDowngrade: true,
    }),
    () => ({
      kind: "dropIndex",
      name: "ix_movies_year",
      table: "movies",
      schema: "film",
      concurrently: true,
      ifExists: true,
      existing: yearIndex(),
    }),
  ],
  [
    "dropIndex with its table and definition",
    () => ({ kind: "dropIndex", name: "ix_movies_year", table: "movies", existing: yearIndex() }),
    () => ({ kind: "createIndex", table: "movies", index: yearIndex() }),
  ],
  [
    "dropIndex concurrently, if exists, in a schema",
    () => ({
      kind: "dropIndex",
      name: "ix_movies_year",
      table: "movies",
      schema: "film",
      concurrently: true,
      ifExists: true,
      existing: yearIndex(),
    }),
    () => ({
      kind: "createIndex",
      table: "movies",
      schema: "film",
      index: yearIndex(),
      concurrently: true,
      ifNotExists: true,
      dropOnDowngrade: true,
    }),
  ],
  ...(
    [
      ["createPrimaryKey", "primaryKey"],
      ["createUniqueConstraint", "unique"],
      ["createForeignKey", "foreignKey"],
      ["createCheckConstraint", "check"],
      ["createExclusionConstraint", "exclude"],
    ] as const
  ).flatMap(([kind, constraintKind]): Reversible[] => [
    [
      kind,
      () => ({ kind, table: "movies", schema: "film", constraint: constraints[constraintKind]!() }) as Operation,
      () => ({
        kind: "dropConstraint",
        table: "movies",
        schema: "film",
        name: constraints[constraintKind]!().name,
        existing: constraints[constraintKind]!(),
      }),
    ],
    [
      `dropConstraint of a ${constraintKind} with its definition`,
      () => ({
        kind: "dropConstraint",
        table: "movies",
        name: constraints[constraintKind]!().name,
        existing: constraints[constraintKind]!(),
      }),
      () => ({ kind, table: "movies", constraint: constraints[constraintKind]!() }) as Operation,
    ],
  ]),
  ...(
    [
      ["createForeignKey", "foreignKey"],
      ["createCheckConstraint", "check"],
    ] as const
  ).map(
    ([kind, constraintKind]): Reversible => [
      `${kind} NOT VALID (its drop records it, so it is added NOT VALID again)`,
      () => ({ kind, table: "movies", constraint: constraints[constraintKind]!(), notValid: true }) as Operation,
      () => ({
        kind: "dropConstraint",
        table: "movies",
        name: constraints[constraintKind]!().name,
        existing: constraints[constraintKind]!(),
        existingNotValid: true,
      }),
    ],
  ),
  ...(
    [
      ["createPrimaryKey", "primaryKey"],
      ["createUniqueConstraint", "unique"],
    ] as const
  ).map(
    ([kind, constraintKind]): Reversible => [
      `${kind} USING INDEX (its drop builds the adopted index again)`,
      () => ({ kind, table: "movies", schema: "film", constraint: constraints[constraintKind]!(), usingIndex: "ix_adopted" }) as Operation,
      () => ({
        kind: "dropConstraint",
        table: "movies",
        schema: "film",
        name: constraints[constraintKind]!().name,
        existing: constraints[constraintKind]!(),
        existingIndex: "ix_adopted",
      }),
    ],
  ),
  [
    "createTableComment where there was none",
    () => ({ kind: "createTableComment", table: "movies", comment: "films", existing: null }),
    () => ({ kind: "dropTableComment", table: "movies", existing: "films" }),
  ],
  [
    "createTableComment replacing one",
    () => ({ kind: "createTableComment", table: "movies", schema: "film", comment: "films", existing: "movies" }),
    () => ({ kind: "createTableComment", table: "movies", schema: "film", comment: "movies", existing: "films" }),
  ],
  [
    "dropTableComment with the comment",
    () => ({ kind: "dropTableComment", table: "movies", schema: "film", existing: "films" }),
    () => ({ kind: "createTableComment", table: "movies", schema: "film", comment: "films", existing: null }),
  ],
  [
    "createEnum",
    () => ({ kind: "createEnum", enumType: genre() }),
    () => ({ kind: "dropEnum", name: "genre", schema: "film", existing: genre() }),
  ],
  [
    "dropEnum with its values",
    () => ({ kind: "dropEnum", name: "genre", schema: "film", existing: genre() }),
    () => ({ kind: "createEnum", enumType: genre() }),
  ],
  [
    "renameEnumValue",
    () => ({ kind: "renameEnumValue", enumName: "genre", schema: "film", from: "comedy", to: "humour" }),
    () => ({ kind: "renameEnumValue", enumName: "genre", schema: "film", from: "humour", to: "comedy" }),
  ],
  ["createSequence", () => ({ kind: "createSequence", sequence: seq() }), () => ({ kind: "dropSequence", name: "seq", existing: seq() })],
  [
    "createSequence if not exists, owned by the revision, in a schema",
    () => ({ kind: "createSequence", sequence: { ...seq(), schema: "film" }, ifNotExists: true, dropOnDowngrade: true }),
    () => ({ kind: "dropSequence", name: "seq", schema: "film", ifExists: true, existing: { ...seq(), schema: "film" } }),
  ],
  [
    "dropSequence with its definition",
    () => ({ kind: "dropSequence", name: "seq", ifExists: true, existing: seq() }),
    () => ({ kind: "createSequence", sequence: seq(), ifNotExists: true, dropOnDowngrade: true }),
  ],
  ["createSchema", () => ({ kind: "createSchema", name: "film" }), () => ({ kind: "dropSchema", name: "film" })],
  [
    "createSchema if not exists, owned by the revision, with an owner",
    () => ({ kind: "createSchema", name: "film", ifNotExists: true, dropOnDowngrade: true, authorization: "app" }),
    () => ({ kind: "dropSchema", name: "film", ifExists: true, authorization: "app" }),
  ],
  [
    "dropSchema without CASCADE",
    () => ({ kind: "dropSchema", name: "film", ifExists: true, authorization: "app" }),
    () => ({ kind: "createSchema", name: "film", ifNotExists: true, dropOnDowngrade: true, authorization: "app" }),
  ],
  ["dropSchema without IF EXISTS", () => ({ kind: "dropSchema", name: "film" }), () => ({ kind: "createSchema", name: "film" })],
];

/** An operation that cannot be reversed, and the error's message, hint and subject. */
type Irreversible = readonly [name: string, op: () => Operation, message: string, hint: string, subject: string];

const irreversible: readonly Irreversible[] = [
  [
    "dropTable without its definition",
    () => ({ kind: "dropTable", name: "movies", schema: "film" }),
    `Cannot reverse dropTable of "film"."movies": the dropped table's definition is not recorded`,
    "Write the downgrade by hand (op.createTable with the table's columns).",
    `"film"."movies"`,
  ],
  [
    "dropTable with its definition but CASCADE",
    () => ({ kind: "dropTable", name: "movies", cascade: true, existing: movies() }),
    `Cannot reverse dropTable of "movies": CASCADE dropped objects it does not record`,
    "Write the downgrade by hand (op.createTable with the table's columns).",
    `"movies"`,
  ],
  [
    "dropColumn without its definition",
    () => ({ kind: "dropColumn", table: "movies", name: "title" }),
    `Cannot reverse dropColumn of "movies"."title": the dropped column's definition is not recorded`,
    "Write the downgrade by hand (op.addColumn with the column's type).",
    `"movies"."title"`,
  ],
  [
    "dropColumn in a schema without its definition",
    () => ({ kind: "dropColumn", table: "movies", schema: "film", name: "title" }),
    `Cannot reverse dropColumn of "film"."movies"."title": the dropped column's definition is not recorded`,
    "Write the downgrade by hand (op.addColumn with the column's type).",
    `"film"."movies"."title"`,
  ],
  [
    "alterColumn without the old type",
    () => ({ kind: "alterColumn", table: "movies", column: "title", type: { to: { kind: "text" } }, nullable: { from: false, to: true } }),
    `Cannot reverse alterColumn of "movies"."title": the previous type is not known`,
    "Pass existingType to op.alterColumn, or write the downgrade by hand.",
    `"movies"."title"`,
  ],
  [
    "alterColumn without the old nullability",
    () => ({ kind: "alterColumn", table: "movies", schema: "film", column: "title", nullable: { to: true } }),
    `Cannot reverse alterColumn of "film"."movies"."title": the previous nullable is not known`,
    "Pass existingNullable to op.alterColumn, or write the downgrade by hand.",
    `"film"."movies"."title"`,
  ],
  [
    "alterColumn without the old default",
    () => ({ kind: "alterColumn", table: "movies", column: "title", default: { to: null }, newName: "name" }),
    `Cannot reverse alterColumn of "movies"."title": the previous default is not known`,
    "Pass existingDefault to op.alterColumn, or write the downgrade by hand.",
    `"movies"."title"`,
  ],
  [
    "alterColumn without the old comment",
    () => ({ kind: "alterColumn", table: "movies", column: "title", comment: { to: "the title" } }),
    `Cannot reverse alterColumn of "movies"."title": the previous comment is not known`,
    "Pass existingComment to op.alterColumn, or write the downgrade by hand.",
    `"movies"."title"`,
  ],
  [
    "alterColumn without the old collation",
    () => ({ kind: "alterColumn", table: "movies", column: "title", collation: { to: "C", type: { kind: "text" } } }),
    `Cannot reverse alterColumn of "movies"."title": the previous collation is not known`,
    "Pass existingCollation to op.alterColumn, or write the downgrade by hand.",
    `"movies"."title"`,
  ],
  [
    "dropIndex without its table",
    () => ({ kind: "dropIndex", name: "ix_movies_year", existing: yearIndex() }),
    `Cannot reverse dropIndex of "ix_movies_year": the dropped index's table and definition are not recorded`,
    "Write the downgrade by hand (op.createIndex).",
    `"ix_movies_year"`,
  ],
  [
    "dropIndex without its definition",
    () => ({ kind: "dropIndex", name: "ix_movies_year", table: "movies", schema: "film" }),
    `Cannot reverse dropIndex of "film"."ix_movies_year": the dropped index's table and definition are not recorded`,
    "Write the downgrade by hand (op.createIndex).",
    `"film"."ix_movies_year"`,
  ],
  [
    "dropConstraint without its definition",
    () => ({ kind: "dropConstraint", table: "movies", name: "fk_movies" }),
    `Cannot reverse dropConstraint of "fk_movies" on "movies": the dropped constraint's definition is not recorded`,
    "Write the downgrade by hand (op.createForeignKey, op.createUniqueConstraint, …).",
    `"fk_movies" on "movies"`,
  ],
  [
    "dropConstraint IF EXISTS with its definition",
    () => ({ kind: "dropConstraint", table: "movies", schema: "film", name: "ck_year", ifExists: true, existing: constraints.check!() }),
    `Cannot reverse dropConstraint of "ck_year" on "film"."movies": IF EXISTS / CASCADE drops cannot be undone exactly`,
    "Write the downgrade by hand (op.createForeignKey, op.createUniqueConstraint, …).",
    `"ck_year" on "film"."movies"`,
  ],
  [
    "dropConstraint CASCADE with its definition",
    () => ({ kind: "dropConstraint", table: "movies", name: "pk_movies", cascade: true, existing: constraints.primaryKey!() }),
    `Cannot reverse dropConstraint of "pk_movies" on "movies": IF EXISTS / CASCADE drops cannot be undone exactly`,
    "Write the downgrade by hand (op.createForeignKey, op.createUniqueConstraint, …).",
    `"pk_movies" on "movies"`,
  ],
  [
    "dropTableComment without the comment",
    () => ({ kind: "dropTableComment", table: "movies" }),
    `Cannot reverse dropTableComment of "movies": the dropped comment is not recorded`,
    "Pass existingComment to op.dropTableComment.",
    `"movies"`,
  ],
  [
    "dropEnum without its values",
    () => ({ kind: "dropEnum", name: "genre", schema: "film" }),
    `Cannot reverse dropEnum of "film"."genre": the enum's values are not recorded`,
    "Pass existingValues to op.dropEnum, or write the downgrade by hand.",
    `"film"."genre"`,
  ],
  [
    "dropEnum IF EXISTS with its values",
    () => ({ kind: "dropEnum", name: "genre", ifExists: true, existing: genre() }),
    `Cannot reverse dropEnum of "genre": the type may not have existed (IF EXISTS)`,
    "Pass existingValues to op.dropEnum, or write the downgrade by hand.",
    `"genre"`,
  ],
  [
    "addEnumValue",
    () => ({ kind: "addEnumValue", enumName: "genre", schema: "film", value: "noir", after: "drama" }),
    `Cannot reverse addEnumValue of "film"."genre" value 'noir': PostgreSQL cannot remove a value from an enum`,
    "Leave the value in place in the downgrade, or recreate the type by hand (create a new type, convert the columns, drop the old type).",
    `"film"."genre" value 'noir'`,
  ],
  [
    "createIndex if not exists, not owned by the revision",
    () => ({ kind: "createIndex", table: "movies", schema: "film", index: yearIndex(), ifNotExists: true }),
    `Cannot reverse createIndex of "film"."ix_movies_year": with ifNotExists the index may have existed before the upgrade, and dropping it would destroy it`,
    "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createIndex if this revision owns the index.",
    `"film"."ix_movies_year"`,
  ],
  [
    "createSequence if not exists, not owned by the revision",
    () => ({ kind: "createSequence", sequence: seq(), ifNotExists: true }),
    `Cannot reverse createSequence of "seq": with ifNotExists the sequence may have existed before the upgrade, and dropping it would destroy it`,
    "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createSequence if this revision owns the sequence.",
    `"seq"`,
  ],
  [
    "createSchema if not exists, not owned by the revision",
    () => ({ kind: "createSchema", name: "film", ifNotExists: true, authorization: "app" }),
    `Cannot reverse createSchema of "film": with ifNotExists the schema may have existed before the upgrade, and dropping it would destroy it`,
    "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createSchema if this revision owns the schema.",
    `"film"`,
  ],
  [
    "createTableComment without the comment it replaces",
    () => ({ kind: "createTableComment", table: "movies", schema: "film", comment: "films" }),
    `Cannot reverse createTableComment of "film"."movies": the comment it replaces is not recorded`,
    "Pass existingComment to op.createTableComment (null when the table had none), or write the downgrade by hand.",
    `"film"."movies"`,
  ],
  [
    "dropSequence without its definition",
    () => ({ kind: "dropSequence", name: "seq" }),
    `Cannot reverse dropSequence of "seq": the sequence's definition is not recorded`,
    "Write the downgrade by hand (op.createSequence).",
    `"seq"`,
  ],
  [
    "dropSchema CASCADE",
    () => ({ kind: "dropSchema", name: "film", cascade: true }),
    `Cannot reverse dropSchema of "film": CASCADE dropped objects it does not record`,
    "Write the downgrade by hand.",
    `"film"`,
  ],
  [
    "execute",
    () => ({ kind: "execute", sql: "DELETE FROM movies" }),
    "Cannot reverse execute of raw SQL: Retort cannot know what the SQL did",
    "Write the downgrade by hand with op.execute.",
    "raw SQL",
  ],
  [
    "bulkInsert",
    () => ({ kind: "bulkInsert", table: "genres", schema: "film", columns: ["id"], rows: [[1]] }),
    `Cannot reverse bulkInsert of "film"."genres": the inserted rows cannot be identified in general`,
    "Write the downgrade by hand (op.execute with a DELETE).",
    `"film"."genres"`,
  ],
];

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== "object") return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

function failure(op: Operation): unknown {
  try {
    reverseOperation(op);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("reverseOperation of a reversible operation", () => {
  test("every kind but addEnumValue, execute and bulkInsert has a reversible case", () => {
    const kinds = new Set(reversible.map(([, op]) => op().kind));
    expect([...kinds].sort()).toEqual(
      [
        "addColumn",
        "alterColumn",
        "createCheckConstraint",
        "createEnum",
        "createExclusionConstraint",
        "createForeignKey",
        "createIndex",
        "createPrimaryKey",
        "createSchema",
        "createSequence",
        "createTable",
        "createTableComment",
        "createUniqueConstraint",
        "dropColumn",
        "dropConstraint",
        "dropEnum",
        "dropIndex",
        "dropSchema",
        "dropSequence",
        "dropTable",
        "dropTableComment",
        "renameEnumValue",
        "renameTable",
      ].sort(),
    );
  });

  test.each(reversible)("%s", (_name, op, reversed) => {
    const input = op();
    const result = reverseOperation(input);
    expect(result).toStrictEqual(reversed());
    expect(isDeepFrozen(result)).toBe(true);
    expect(reverseOperation(result)).toStrictEqual(op());
    // The input is neither frozen nor changed: the result shares nothing with it.
    expect(Object.isFrozen(input)).toBe(false);
    expect(input).toStrictEqual(op());
  });
});

describe("reverseOperation of an operation without the state to undo it", () => {
  test.each(irreversible)("%s", (_name, op, message, hint, subject) => {
    const input = op();
    const error = failure(input);
    expect(error).toBeInstanceOf(IrreversibleOperationError);
    const irreversibleError = error as IrreversibleOperationError;
    expect(irreversibleError.code).toBe("irreversible_operation");
    expect(irreversibleError.message).toBe(message);
    expect(irreversibleError.hint).toBe(hint);
    expect(irreversibleError.details).toStrictEqual({ operation: input.kind, subject });
  });
});

describe("reverseOperation of a dropConstraint recording an unknown kind of constraint", () => {
  test("throws naming the constraint instead of returning nothing", () => {
    const existing = { kind: "exclusion", name: "ex_movies", columns: ["id"] } as unknown as Constraint;
    const op: Operation = { kind: "dropConstraint", table: "movies", name: "ex_movies", existing };
    expect(() => reverseOperation(op)).toThrow('Unexpected constraint: {"kind":"exclusion","name":"ex_movies","columns":["id"]}');
  });
});

describe("reverseOperations", () => {
  test("reverses each operation and the order", () => {
    const ops: Operation[] = [
      { kind: "createSchema", name: "film" },
      { kind: "createTable", table: movies("film") },
      { kind: "renameTable", name: "movies", newName: "films", schema: "film" },
    ];
    expect(reverseOperations(ops)).toStrictEqual([
      { kind: "renameTable", name: "films", newName: "movies", schema: "film" },
      { kind: "dropTable", name: "movies", schema: "film", existing: movies("film") },
      { kind: "dropSchema", name: "film" },
    ]);
    expect(ops.map((op) => op.kind)).toEqual(["createSchema", "createTable", "renameTable"]);
  });

  test("of nothing is nothing", () => {
    expect(reverseOperations([])).toEqual([]);
  });

  test("leaves out an operation whose downgrade is nothing", () => {
    const ops: Operation[] = [
      { kind: "createCheckConstraint", table: "movies", constraint: { kind: "check", name: "ck", expression: "id > 0" }, notValid: true },
      { kind: "validateConstraint", table: "movies", name: "ck" },
    ];
    expect(reverseOperations(ops)).toStrictEqual([
      {
        kind: "dropConstraint",
        table: "movies",
        name: "ck",
        existing: { kind: "check", name: "ck", expression: "id > 0" },
        existingNotValid: true,
      },
    ]);
  });

  test("fails on the first operation that cannot be reversed", () => {
    const ops: Operation[] = [
      { kind: "createSchema", name: "film" },
      { kind: "execute", sql: "SELECT 1" },
    ];
    expect(() => reverseOperations(ops)).toThrow(IrreversibleOperationError);
  });
});

describe("reversalOf", () => {
  test("validateConstraint reverses to nothing, with a note for the rendered downgrade", () => {
    const op: Operation = { kind: "validateConstraint", table: "movies", schema: "film", name: "fk_director" };
    const reversal = reversalOf(op);
    expect(reversal).toStrictEqual({
      kind: "nothing",
      operation: op,
      note: 'Nothing to undo for validateConstraint of "fk_director" on "film"."movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped',
    });
    expect(Object.isFrozen(reversal)).toBe(true);
    expect(() => reverseOperation(op)).toThrow(TypeError);
  });

  test("any other operation reverses to its reverse operation, and irreversible ones still throw", () => {
    const op: Operation = { kind: "renameTable", name: "a", newName: "b" };
    expect(reversalOf(op)).toStrictEqual({ kind: "operation", operation: { kind: "renameTable", name: "b", newName: "a" } });
    expect(() => reversalOf({ kind: "execute", sql: "SELECT 1" })).toThrow(IrreversibleOperationError);
  });

  test("existingIndex on the drop of a foreign key or check cannot be reversed", () => {
    const op: Operation = {
      kind: "dropConstraint",
      table: "movies",
      name: "ck",
      existing: { kind: "check", name: "ck", expression: "id > 0" },
      existingIndex: "ix",
    };
    expect(() => reverseOperation(op)).toThrow(/existingIndex applies only to a primary key or unique constraint/);
  });
});
