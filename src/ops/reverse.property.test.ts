import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { IrreversibleOperationError } from "../errors.js";
import type {
  CheckConstraint,
  Column,
  ColumnDefault,
  ColumnType,
  Constraint,
  EnumType,
  ForeignKey,
  Index,
  IndexElement,
  PrimaryKey,
  Sequence,
  Table,
  UniqueConstraint,
} from "../schema/model.js";
import type { Operation } from "./operation.js";
import { reverseOperation } from "./reverse.js";

// Generated operations hold no `undefined` fields: an optional field is either absent or has a value, as in the
// frozen operations `op` builds. The arbitraries are built inside the tests.

/** A record whose keys outside `required` may be absent; always with Object's prototype. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]): fc.Arbitrary<Partial<T>> {
  return fc.record(model, { requiredKeys: required, noNullPrototype: true }) as fc.Arbitrary<Partial<T>>;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function schemaArbitraries() {
  const ident = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
  const text = fc.string({ maxLength: 12 });
  const sqlText = fc.string({ minLength: 1, maxLength: 12 });
  const columns = fc.array(ident, { minLength: 1, maxLength: 3 });
  const deferrable = fc.constantFrom("immediate" as const, "deferred" as const);
  const action = fc.constantFrom("cascade" as const, "restrict" as const, "set null" as const, "set default" as const);

  const scalarType: fc.Arbitrary<ColumnType> = fc.oneof(
    fc
      .constantFrom(
        "smallint" as const,
        "integer" as const,
        "bigint" as const,
        "boolean" as const,
        "text" as const,
        "date" as const,
        "uuid" as const,
        "jsonb" as const,
      )
      .map((kind) => ({ kind })),
    rec({ kind: fc.constant("varchar" as const), length: fc.integer({ min: 1, max: 10_000 }) }, ["kind"]) as fc.Arbitrary<ColumnType>,
    rec({ kind: fc.constant("numeric" as const), precision: fc.integer({ min: 1, max: 1000 }), scale: fc.integer({ min: 0, max: 20 }) }, [
      "kind",
    ]) as fc.Arbitrary<ColumnType>,
    rec({ kind: fc.constant("timestamp" as const), withTimeZone: fc.boolean(), precision: fc.integer({ min: 0, max: 6 }) }, [
      "kind",
      "withTimeZone",
    ]) as fc.Arbitrary<ColumnType>,
    rec({ kind: fc.constant("enum" as const), name: ident, schema: ident }, ["kind", "name"]) as fc.Arbitrary<ColumnType>,
    rec({ kind: fc.constant("custom" as const), sql: sqlText }, ["kind", "sql"]) as fc.Arbitrary<ColumnType>,
  );
  const columnType: fc.Arbitrary<ColumnType> = fc.oneof(
    scalarType,
    rec({ kind: fc.constant("array" as const), element: scalarType, dimensions: fc.integer({ min: 1, max: 3 }) }, [
      "kind",
      "element",
      "dimensions",
    ]) as fc.Arbitrary<ColumnType>,
  );
  const columnDefault: fc.Arbitrary<ColumnDefault> = fc.oneof(
    rec({ kind: fc.constant("literal" as const), value: fc.oneof(text, fc.integer(), fc.bigInt(), fc.boolean(), fc.constant(null)) }, [
      "kind",
      "value",
    ]) as fc.Arbitrary<ColumnDefault>,
    rec({ kind: fc.constant("expression" as const), sql: sqlText }, ["kind", "sql"]) as fc.Arbitrary<ColumnDefault>,
  );
  const column = rec<Column>(
    {
      name: ident,
      type: columnType,
      nullable: fc.boolean(),
      default: columnDefault,
      identity: rec({ always: fc.boolean(), start: fc.integer(), increment: fc.integer({ min: 1, max: 100 }) }, ["always"]) as fc.Arbitrary<
        NonNullable<Column["identity"]>
      >,
      comment: text,
    },
    ["name", "type", "nullable"],
  ) as fc.Arbitrary<Column>;
  const primaryKey = rec<PrimaryKey>({ kind: fc.constant("primaryKey"), name: ident, columns }, [
    "kind",
    "name",
    "columns",
  ]) as fc.Arbitrary<PrimaryKey>;
  const unique = rec<UniqueConstraint>({ kind: fc.constant("unique"), name: ident, columns, deferrable }, [
    "kind",
    "name",
    "columns",
  ]) as fc.Arbitrary<UniqueConstraint>;
  const foreignKey = rec<ForeignKey>(
    {
      kind: fc.constant("foreignKey"),
      name: ident,
      columns,
      referredTable: ident,
      referredSchema: ident,
      referredColumns: columns,
      onDelete: action,
      onUpdate: action,
      deferrable,
    },
    ["kind", "name", "columns", "referredTable", "referredColumns"],
  ) as fc.Arbitrary<ForeignKey>;
  const check = rec<CheckConstraint>({ kind: fc.constant("check"), name: ident, expression: sqlText }, [
    "kind",
    "name",
    "expression",
  ]) as fc.Arbitrary<CheckConstraint>;
  const constraint: fc.Arbitrary<Constraint> = fc.oneof(primaryKey, unique, foreignKey, check);
  const order = fc.constantFrom("asc" as const, "desc" as const);
  const nulls = fc.constantFrom("first" as const, "last" as const);
  const element: fc.Arbitrary<IndexElement> = fc.oneof(
    rec({ kind: fc.constant("column" as const), name: ident, opclass: ident, order, nulls }, [
      "kind",
      "name",
    ]) as fc.Arbitrary<IndexElement>,
    rec({ kind: fc.constant("expression" as const), sql: sqlText, opclass: ident, order, nulls }, [
      "kind",
      "sql",
    ]) as fc.Arbitrary<IndexElement>,
  );
  const index = rec<Index>(
    {
      name: ident,
      elements: fc.array(element, { minLength: 1, maxLength: 3 }),
      unique: fc.boolean(),
      method: fc.constantFrom("btree", "gin", "gist", "hash"),
      where: sqlText,
      include: columns,
    },
    ["name", "elements", "unique"],
  ) as fc.Arbitrary<Index>;
  const table = rec<Table>(
    {
      name: ident,
      schema: ident,
      columns: fc.array(column, { minLength: 1, maxLength: 3 }),
      primaryKey,
      uniqueConstraints: fc.array(unique, { maxLength: 2 }),
      foreignKeys: fc.array(foreignKey, { maxLength: 2 }),
      checkConstraints: fc.array(check, { maxLength: 2 }),
      indexes: fc.array(index, { maxLength: 2 }),
      comment: text,
    },
    ["name", "columns", "uniqueConstraints", "foreignKeys", "checkConstraints", "indexes"],
  ) as fc.Arbitrary<Table>;
  const enumType = rec<EnumType>(
    { kind: fc.constant("enumType"), name: ident, schema: ident, values: fc.uniqueArray(ident, { minLength: 1, maxLength: 4 }) },
    ["kind", "name", "values"],
  ) as fc.Arbitrary<EnumType>;
  const sequence = rec<Sequence>(
    {
      kind: fc.constant("sequence"),
      name: ident,
      schema: ident,
      dataType: fc.constantFrom("smallint" as const, "integer" as const, "bigint" as const),
      start: fc.integer(),
      increment: fc.integer({ min: 1, max: 100 }),
      minValue: fc.integer(),
      maxValue: fc.integer(),
      cache: fc.integer({ min: 1, max: 100 }),
      cycle: fc.boolean(),
      ownedBy: fc.record({ table: ident, column: ident }, { noNullPrototype: true }),
    },
    ["kind", "name"],
  ) as fc.Arbitrary<Sequence>;
  return {
    ident,
    text,
    sqlText,
    columnType,
    columnDefault,
    column,
    constraint,
    primaryKey,
    unique,
    foreignKey,
    check,
    index,
    table,
    enumType,
    sequence,
  };
}

type Schema = ReturnType<typeof schemaArbitraries>;

/** Operations of every reversible kind, each carrying the prior state its reversal needs. */
function withPriorState(s: Schema): Record<string, fc.Arbitrary<Operation>> {
  const { ident, text, sqlText } = s;
  const op = <T extends Operation>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[]) =>
    rec<T>(model, required) as unknown as fc.Arbitrary<Operation>;
  const change = <T>(value: fc.Arbitrary<T>) => fc.record({ from: value, to: value }, { noNullPrototype: true });
  const nullableDefault = fc.option(s.columnDefault, { nil: null });
  const nullableText = fc.option(text, { nil: null });
  // A create with IF NOT EXISTS is reversible only when the revision owns the object.
  const owned = (arbitrary: fc.Arbitrary<Operation>) =>
    arbitrary.map((created) => ("ifNotExists" in created && created.ifNotExists ? { ...created, dropOnDowngrade: true } : created));
  return {
    createTable: s.table.map((table) => ({ kind: "createTable", table })),
    dropTable: s.table.map((table) => ({ kind: "dropTable", name: table.name, ...optional("schema", table.schema), existing: table })),
    renameTable: op({ kind: fc.constant("renameTable"), name: ident, newName: ident, schema: ident }, ["kind", "name", "newName"]),
    addColumn: op(
      {
        kind: fc.constant("addColumn"),
        table: ident,
        schema: ident,
        column: s.column,
        constraints: fc.array(s.constraint, { maxLength: 3 }),
      },
      ["kind", "table", "column", "constraints"],
    ),
    dropColumn: fc
      .tuple(ident, fc.option(ident, { nil: undefined }), s.column, fc.array(s.constraint, { maxLength: 3 }))
      .map(([table, schema, column, constraints]) => ({
        kind: "dropColumn",
        table,
        ...optional("schema", schema),
        name: column.name,
        existing: { column, constraints },
      })),
    alterColumn: op(
      {
        kind: fc.constant("alterColumn"),
        table: ident,
        schema: ident,
        column: ident,
        type: rec({ from: s.columnType, to: s.columnType, using: sqlText, reverseUsing: sqlText }, ["from", "to"]) as fc.Arbitrary<
          NonNullable<Extract<Operation, { kind: "alterColumn" }>["type"]>
        >,
        nullable: change(fc.boolean()),
        default: change(nullableDefault),
        comment: change(nullableText),
        newName: ident,
      },
      ["kind", "table", "column"],
    ),
    createIndex: owned(
      op(
        {
          kind: fc.constant("createIndex"),
          table: ident,
          schema: ident,
          index: s.index,
          concurrently: fc.boolean(),
          ifNotExists: fc.boolean(),
        },
        ["kind", "table", "index"],
      ),
    ),
    dropIndex: fc
      .tuple(
        ident,
        s.index,
        fc.record({ schema: ident, concurrently: fc.boolean(), ifExists: fc.boolean() }, { requiredKeys: [], noNullPrototype: true }),
      )
      .map(([table, index, options]) => ({ kind: "dropIndex", name: index.name, table, ...options, existing: index })),
    createUniqueConstraint: op(
      { kind: fc.constant("createUniqueConstraint"), table: ident, schema: ident, constraint: s.unique, usingIndex: ident },
      ["kind", "table", "constraint"],
    ),
    createForeignKey: op(
      { kind: fc.constant("createForeignKey"), table: ident, schema: ident, constraint: s.foreignKey, notValid: fc.boolean() },
      ["kind", "table", "constraint"],
    ),
    createCheckConstraint: op(
      { kind: fc.constant("createCheckConstraint"), table: ident, schema: ident, constraint: s.check, notValid: fc.boolean() },
      ["kind", "table", "constraint"],
    ),
    createPrimaryKey: op(
      { kind: fc.constant("createPrimaryKey"), table: ident, schema: ident, constraint: s.primaryKey, usingIndex: ident },
      ["kind", "table", "constraint"],
    ),
    dropConstraint: fc
      .tuple(ident, fc.option(ident, { nil: undefined }), s.constraint, fc.option(ident, { nil: undefined }), fc.boolean())
      .map(([table, schema, constraint, index, notValid]) => ({
        kind: "dropConstraint",
        table,
        ...optional("schema", schema),
        name: constraint.name,
        existing: constraint,
        // The state a create's option leaves: the adopted index of a key, NOT VALID of a foreign key or check.
        ...(constraint.kind === "primaryKey" || constraint.kind === "unique"
          ? optional("existingIndex", index)
          : optional("existingNotValid", notValid)),
      })),
    createTableComment: op(
      { kind: fc.constant("createTableComment"), table: ident, schema: ident, comment: text, existing: nullableText },
      ["kind", "table", "comment", "existing"],
    ),
    dropTableComment: op({ kind: fc.constant("dropTableComment"), table: ident, schema: ident, existing: text }, [
      "kind",
      "table",
      "existing",
    ]),
    createEnum: s.enumType.map((enumType) => ({ kind: "createEnum", enumType })),
    dropEnum: s.enumType.map((enumType) => ({
      kind: "dropEnum",
      name: enumType.name,
      ...optional("schema", enumType.schema),
      existing: enumType,
    })),
    renameEnumValue: op({ kind: fc.constant("renameEnumValue"), enumName: ident, schema: ident, from: ident, to: ident }, [
      "kind",
      "enumName",
      "from",
      "to",
    ]),
    createSequence: owned(
      op({ kind: fc.constant("createSequence"), sequence: s.sequence, ifNotExists: fc.boolean() }, ["kind", "sequence"]),
    ),
    dropSequence: fc.tuple(s.sequence, fc.option(fc.boolean(), { nil: undefined })).map(([sequence, ifExists]) => ({
      kind: "dropSequence",
      name: sequence.name,
      ...optional("schema", sequence.schema),
      ...optional("ifExists", ifExists),
      existing: sequence,
    })),
    createSchema: owned(
      op({ kind: fc.constant("createSchema"), name: ident, ifNotExists: fc.boolean(), authorization: ident }, ["kind", "name"]),
    ),
    dropSchema: op({ kind: fc.constant("dropSchema"), name: ident, ifExists: fc.boolean(), authorization: ident }, ["kind", "name"]),
  };
}

/** What a failed reversal reports. */
interface Expected {
  readonly subject: string;
  readonly why: string;
  readonly hint: string;
}

function qualified(name: string, schema: string | undefined): string {
  return schema === undefined ? `"${name}"` : `"${schema}"."${name}"`;
}

const alterAttributes = ["type", "nullable", "default", "comment"] as const;

/** Operations that lack the prior state their reversal needs (or that no state could reverse), with the error each must raise. */
function withoutPriorState(s: Schema): Record<string, fc.Arbitrary<readonly [Operation, Expected]>> {
  const { ident, text, sqlText } = s;
  const schema = fc.option(ident, { nil: undefined });
  const changeTo = <T>(value: fc.Arbitrary<T>, previous: fc.Arbitrary<T>) =>
    fc.record({ from: previous, to: value }, { requiredKeys: ["to"], noNullPrototype: true });
  return {
    dropTable: fc.tuple(ident, schema).map(([name, sch]) => [
      { kind: "dropTable", name, ...optional("schema", sch) },
      {
        subject: qualified(name, sch),
        why: "the dropped table's definition is not recorded",
        hint: "Write the downgrade by hand (op.createTable with the table's columns).",
      },
    ]),
    dropColumn: fc.tuple(ident, schema, ident).map(([table, sch, name]) => [
      { kind: "dropColumn", table, ...optional("schema", sch), name },
      {
        subject: `${qualified(table, sch)}."${name}"`,
        why: "the dropped column's definition is not recorded",
        hint: "Write the downgrade by hand (op.addColumn with the column's type).",
      },
    ]),
    alterColumn: fc
      .record(
        {
          table: ident,
          schema: ident,
          column: ident,
          type: changeTo(s.columnType, s.columnType),
          nullable: changeTo(fc.boolean(), fc.boolean()),
          default: changeTo(fc.option(s.columnDefault, { nil: null }), fc.option(s.columnDefault, { nil: null })),
          comment: changeTo(fc.option(text, { nil: null }), fc.option(text, { nil: null })),
          newName: ident,
          using: sqlText,
        },
        { requiredKeys: ["table", "column"], noNullPrototype: true },
      )
      .filter((fields) => alterAttributes.some((attribute) => fields[attribute] !== undefined && !("from" in fields[attribute])))
      .map(({ using, ...fields }) => {
        const missing = alterAttributes.find((attribute) => fields[attribute] !== undefined && !("from" in fields[attribute]!))!;
        const type = fields.type === undefined ? {} : { type: { ...fields.type, ...optional("using", using) } };
        return [
          { kind: "alterColumn", ...fields, ...type } as Operation,
          {
            subject: `${qualified(fields.table, fields.schema)}."${fields.column}"`,
            why: `the previous ${missing} is not known`,
            hint: `Pass existing${missing[0]!.toUpperCase()}${missing.slice(1)} to op.alterColumn, or write the downgrade by hand.`,
          },
        ] as const;
      }),
    dropIndex: fc
      .tuple(ident, schema, fc.option(ident, { nil: undefined }), fc.option(s.index, { nil: undefined }))
      .filter(([, , table, existing]) => table === undefined || existing === undefined)
      .map(([name, sch, table, existing]) => [
        { kind: "dropIndex", name, ...optional("table", table), ...optional("schema", sch), ...optional("existing", existing) },
        {
          subject: qualified(name, sch),
          why: "the dropped index's table and definition are not recorded",
          hint: "Write the downgrade by hand (op.createIndex).",
        },
      ]),
    createIndex: fc.tuple(ident, schema, s.index, fc.option(fc.boolean(), { nil: undefined })).map(([table, sch, index, concurrently]) => [
      { kind: "createIndex", table, ...optional("schema", sch), index, ...optional("concurrently", concurrently), ifNotExists: true },
      {
        subject: qualified(index.name, sch),
        why: "with ifNotExists the index may have existed before the upgrade, and dropping it would destroy it",
        hint: "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createIndex if this revision owns the index.",
      },
    ]),
    createSequence: s.sequence.map((sequence) => [
      { kind: "createSequence", sequence, ifNotExists: true },
      {
        subject: qualified(sequence.name, sequence.schema),
        why: "with ifNotExists the sequence may have existed before the upgrade, and dropping it would destroy it",
        hint: "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createSequence if this revision owns the sequence.",
      },
    ]),
    createSchema: fc.tuple(ident, fc.option(ident, { nil: undefined })).map(([name, authorization]) => [
      { kind: "createSchema", name, ifNotExists: true, ...optional("authorization", authorization) },
      {
        subject: `"${name}"`,
        why: "with ifNotExists the schema may have existed before the upgrade, and dropping it would destroy it",
        hint: "Write the downgrade by hand, remove ifNotExists, or pass dropOnDowngrade: true to op.createSchema if this revision owns the schema.",
      },
    ]),
    createTableComment: fc.tuple(ident, schema, text).map(([table, sch, comment]) => [
      { kind: "createTableComment", table, ...optional("schema", sch), comment },
      {
        subject: qualified(table, sch),
        why: "the comment it replaces is not recorded",
        hint: "Pass existingComment to op.createTableComment (null when the table had none), or write the downgrade by hand.",
      },
    ]),
    dropConstraint: fc.tuple(ident, schema, ident).map(([table, sch, name]) => [
      { kind: "dropConstraint", table, ...optional("schema", sch), name },
      {
        subject: `"${name}" on ${qualified(table, sch)}`,
        why: "the dropped constraint's definition is not recorded",
        hint: "Write the downgrade by hand (op.createForeignKey, op.createUniqueConstraint, …).",
      },
    ]),
    dropTableComment: fc.tuple(ident, schema).map(([table, sch]) => [
      { kind: "dropTableComment", table, ...optional("schema", sch) },
      { subject: qualified(table, sch), why: "the dropped comment is not recorded", hint: "Pass existingComment to op.dropTableComment." },
    ]),
    dropEnum: fc.tuple(ident, schema).map(([name, sch]) => [
      { kind: "dropEnum", name, ...optional("schema", sch) },
      {
        subject: qualified(name, sch),
        why: "the enum's values are not recorded",
        hint: "Pass existingValues to op.dropEnum, or write the downgrade by hand.",
      },
    ]),
    dropSequence: fc.tuple(ident, schema, fc.option(fc.boolean(), { nil: undefined })).map(([name, sch, ifExists]) => [
      { kind: "dropSequence", name, ...optional("schema", sch), ...optional("ifExists", ifExists) },
      {
        subject: qualified(name, sch),
        why: "the sequence's definition is not recorded",
        hint: "Write the downgrade by hand (op.createSequence).",
      },
    ]),
    addEnumValue: fc.tuple(ident, schema, ident).map(([enumName, sch, value]) => [
      { kind: "addEnumValue", enumName, ...optional("schema", sch), value },
      {
        subject: `${qualified(enumName, sch)} value '${value}'`,
        why: "PostgreSQL cannot remove a value from an enum",
        hint: "Leave the value in place in the downgrade, or recreate the type by hand (create a new type, convert the columns, drop the old type).",
      },
    ]),
    execute: sqlText.map((sql) => [
      { kind: "execute", sql },
      { subject: "raw SQL", why: "Retort cannot know what the SQL did", hint: "Write the downgrade by hand with op.execute." },
    ]),
    bulkInsert: fc.tuple(ident, schema, fc.array(fc.integer(), { minLength: 1, maxLength: 3 })).map(([table, sch, ids]) => [
      { kind: "bulkInsert", table, ...optional("schema", sch), columns: ["id"], rows: ids.map((id) => [id]) },
      {
        subject: qualified(table, sch),
        why: "the inserted rows cannot be identified in general",
        hint: "Write the downgrade by hand (op.execute with a DELETE).",
      },
    ]),
  };
}

const reversibleKinds = [
  "createTable",
  "dropTable",
  "renameTable",
  "addColumn",
  "dropColumn",
  "alterColumn",
  "createIndex",
  "dropIndex",
  "createUniqueConstraint",
  "createForeignKey",
  "createCheckConstraint",
  "createPrimaryKey",
  "dropConstraint",
  "createTableComment",
  "dropTableComment",
  "createEnum",
  "dropEnum",
  "renameEnumValue",
  "createSequence",
  "dropSequence",
  "createSchema",
  "dropSchema",
];

const kindsThatNeedState = [
  "createIndex",
  "createSequence",
  "createSchema",
  "createTableComment",
  "dropTable",
  "dropColumn",
  "alterColumn",
  "dropIndex",
  "dropConstraint",
  "dropTableComment",
  "dropEnum",
  "dropSequence",
  "addEnumValue",
  "execute",
  "bulkInsert",
];

describe("reverseOperation, for generated operations", () => {
  test("the generators cover every reversible kind and every kind that can lack its prior state", () => {
    const s = schemaArbitraries();
    expect(Object.keys(withPriorState(s)).sort()).toEqual([...reversibleKinds].sort());
    expect(Object.keys(withoutPriorState(s)).sort()).toEqual([...kindsThatNeedState].sort());
  });

  test.each(reversibleKinds)("reverse(reverse(op)) deep-equals op for %s carrying its prior state", (kind) => {
    const arbitrary = withPriorState(schemaArbitraries())[kind]!;
    fc.assert(
      fc.property(arbitrary, (op) => {
        expect(op.kind).toBe(kind);
        const reversed = reverseOperation(op);
        expect(Object.isFrozen(reversed)).toBe(true);
        expect(reverseOperation(reversed)).toStrictEqual(op);
      }),
      { numRuns: 60 },
    );
  });

  test.each(kindsThatNeedState)("reversing %s without the state it needs fails with IrreversibleOperationError", (kind) => {
    const arbitrary = withoutPriorState(schemaArbitraries())[kind]!;
    fc.assert(
      fc.property(arbitrary, ([op, expected]) => {
        expect(op.kind).toBe(kind);
        let caught: unknown;
        try {
          reverseOperation(op);
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(IrreversibleOperationError);
        const error = caught as IrreversibleOperationError;
        expect(error.code).toBe("irreversible_operation");
        expect(error.message).toBe(`Cannot reverse ${kind} of ${expected.subject}: ${expected.why}`);
        expect(error.hint).toBe(expected.hint);
        expect(error.details).toStrictEqual({ operation: kind, subject: expected.subject });
      }),
      { numRuns: 60 },
    );
  });
});
