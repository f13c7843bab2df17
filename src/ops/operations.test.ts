import { describe, expect, test } from "vitest";
import { SchemaError } from "../errors.js";
import { func, integer, sql, text, varchar } from "../schema/index.js";
import type { Operation, RevisionOperation } from "./operation.js";
import { Operations } from "./operations.js";

const touch = func("touch", { returns: "trigger", language: "plpgsql", body: "BEGIN RETURN NEW; END" });

function recorder(): { op: Operations; ops: RevisionOperation[] } {
  const ops: RevisionOperation[] = [];
  return { op: new Operations(async (operation) => void ops.push(operation)), ops };
}

describe("Operations", () => {
  test("each method builds one frozen operation whose kind is the method's name, and awaits run", async () => {
    const order: string[] = [];
    const op = new Operations(async (operation) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(operation.kind);
    });
    await op.createTable("movies", { id: integer().primaryKey() });
    order.push("after");
    expect(order).toEqual(["createTable", "after"]);

    const { op: rec, ops } = recorder();
    await rec.addColumn("movies", "title", varchar(200));
    await rec.dropColumn("movies", "title");
    await rec.execute("SELECT 1");
    expect(ops.map((o) => o.kind)).toEqual(["addColumn", "dropColumn", "execute"]);
    for (const o of ops) expect(Object.isFrozen(o)).toBe(true);
    expect(ops[0]).toStrictEqual({
      kind: "addColumn",
      table: "movies",
      column: { name: "title", type: { kind: "varchar", length: 200 }, nullable: true },
      constraints: [],
    });
  });

  test("op holds every group's methods as its own, usable without `this`", async () => {
    const { op, ops } = recorder();
    expect(Object.keys(op).sort()).toEqual(
      [
        "addColumn",
        "addEnumValue",
        "alterColumn",
        "attachPartition",
        "backfill",
        "bulkInsert",
        "createCheckConstraint",
        "createEnum",
        "createExclusionConstraint",
        "createForeignKey",
        "createFunction",
        "createIndex",
        "createPrimaryKey",
        "createSchema",
        "createSequence",
        "createTable",
        "createTableComment",
        "createTrigger",
        "createUniqueConstraint",
        "createView",
        "createMaterializedView",
        "replaceView",
        "dropView",
        "dropMaterializedView",
        "detachPartition",
        "dropColumn",
        "dropConstraint",
        "dropEnum",
        "dropFunction",
        "dropIndex",
        "alterSequence",
        "createDomain",
        "dropDomain",
        "alterDomain",
        "createExtension",
        "dropExtension",
        "dropSchema",
        "dropSequence",
        "dropTable",
        "dropTableComment",
        "dropTrigger",
        "execute",
        "renameEnumValue",
        "renameTable",
        "replaceFunction",
        "validateConstraint",
        "setRowLevelSecurity",
        "grant",
        "revoke",
        "createPolicy",
        "dropPolicy",
      ].sort(),
    );
    expect(op).toBeInstanceOf(Operations);
    const { createSchema, createIndex, createEnum, execute } = op;
    await createSchema("film");
    await createIndex("ix_a", "t", ["a"]);
    await createEnum("genre", ["a"]);
    await execute("SELECT 1");
    expect(ops.map((o) => o.kind)).toEqual(["createSchema", "createIndex", "createEnum", "execute"]);
  });

  test("a run that fails rejects the method", async () => {
    const op = new Operations(async () => {
      throw new Error("boom");
    });
    await expect(op.execute("SELECT 1")).rejects.toThrow("boom");
  });

  const invalid: [string, (op: Operations) => Promise<void>, RegExp][] = [
    [
      "createTable with two primary keys",
      (op) => op.createTable("movies", { a: integer().primaryKey(), b: integer().primaryKey() }),
      /^Table "movies": declares two primary keys/,
    ],
    ["createTable without a name", (op) => op.createTable("", { a: integer() }), /createTable: the table name must be a non-empty string/],
    ["addColumn with a bad type parameter", (op) => op.addColumn("movies", "title", varchar(-1)), /^Column "movies.title": varchar\(-1\)/],
    [
      "addColumn without a column name",
      (op) => op.addColumn("movies", "", text()),
      /addColumn: the column name must be a non-empty string \(table "movies"\)/,
    ],
    [
      "alterColumn with nothing to change",
      (op) => op.alterColumn("movies", "title", {}),
      /^Column "movies.title": alterColumn was given nothing to change/,
    ],
    [
      "alterColumn with a decorated type",
      (op) => op.alterColumn("movies", "title", { type: text().notNull() }),
      /^Column "movies.title": alterColumn: type takes a bare type builder/,
    ],
    [
      "alterColumn with a malformed identity",
      (op) => op.alterColumn("movies", "id", { identity: { always: "yes" } as never }),
      /^Column "movies.id": alterColumn: identity must be \{ always: boolean/,
    ],
    [
      "alterColumn with a collation but no type",
      (op) => op.alterColumn("movies", "title", { collation: "C" }),
      /^Column "movies.title": alterColumn: a collation change needs the column's type/,
    ],
    [
      "alterColumn with a collated type",
      (op) => op.alterColumn("movies", "title", { type: text().collate("C") }),
      /^Column "movies.title": alterColumn: type takes a bare type builder/,
    ],
    ["execute with no SQL", (op) => op.execute("  "), /execute: the SQL is empty/],
    ["createIndex without columns", (op) => op.createIndex("ix", "movies", []), /Index "ix" has no columns/],
    [
      "createForeignKey with mismatched columns",
      (op) => op.createForeignKey("fk", "movies", "d", ["a", "b"], ["id"]),
      /^Table "movies": foreign key "fk" has 2 column\(s\) but refers to 1/,
    ],
    [
      "createUniqueConstraint listing a column twice",
      (op) => op.createUniqueConstraint("uq", "movies", ["a", "a"]),
      /^Column "movies.a": Unique constraint "uq" lists the column twice/,
    ],
    [
      "createCheckConstraint without a condition",
      (op) => op.createCheckConstraint("ck", "movies", ""),
      /check constraint "ck" needs a condition/,
    ],
    ["addEnumValue before and after", (op) => op.addEnumValue("genre", "x", { before: "a", after: "b" }), /give before or after, not both/],
    ["createEnum with duplicates", (op) => op.createEnum("genre", ["a", "a"]), /lists the value "a" twice/],
    ["createSequence with a fractional start", (op) => op.createSequence("s", { start: 1.5 }), /start must be an integer/],
  ];
  test.each(invalid)("%s is a SchemaError", async (_name, body, message) => {
    const { op, ops } = recorder();
    const error = await body(op).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).message).toMatch(message);
    expect(ops).toEqual([]);
  });

  test("bulkInsert copies JSON values instead of freezing the caller's objects", async () => {
    const { op, ops } = recorder();
    const meta = { tags: ["a"], gone: undefined };
    await op.bulkInsert("t", [{ meta }]);
    expect(Object.isFrozen(meta)).toBe(false);
    expect("gone" in meta).toBe(true);
    expect(ops[0]).toMatchObject({ columns: ["meta"], rows: [[{ kind: "json", value: { tags: ["a"] } }]] });
  });

  test("backfill: one frozen operation with its values, batch size and key as given", async () => {
    const { op, ops } = recorder();
    await op.backfill("movies", { set: { slug: sql`lower(title)`, n: 0, meta: { a: 1 } }, where: sql`slug IS NULL` });
    await op.backfill("movies", { set: { n: 1 }, batchSize: 50, key: "code", schema: "film" });
    expect(ops).toEqual([
      {
        kind: "backfill",
        table: "movies",
        schema: undefined,
        set: [
          { column: "slug", value: { kind: "sql", sql: "lower(title)" } },
          { column: "n", value: 0 },
          { column: "meta", value: { kind: "json", value: { a: 1 } } },
        ],
        where: "slug IS NULL",
        key: undefined,
        batchSize: 1000,
      },
      {
        kind: "backfill",
        table: "movies",
        schema: "film",
        set: [{ column: "n", value: 1 }],
        where: undefined,
        key: ["code"],
        batchSize: 50,
      },
    ]);
    expect(Object.isFrozen(ops[0])).toBe(true);
  });

  test.each([
    [{ set: {} }, /op\.backfill\("movies"\): set must name at least one column/],
    [{ set: { a: 1 }, batchSize: 0 }, /batchSize must be a whole number of rows, 1 or more, got 0/],
    [{ set: { a: 1 }, batchSize: 2.5 }, /batchSize must be a whole number of rows/],
    [{ set: { a: 1 }, where: "a IS NULL" }, /where must be sql`…`/],
    [{ set: { a: 1 }, key: [] }, /key names no column/],
    [{ set: { a: undefined } }, /no value for column a/],
  ])("backfill refuses %j", async (options, pattern) => {
    const { op, ops } = recorder();
    await expect(op.backfill("movies", options as never)).rejects.toThrow(pattern);
    expect(ops).toEqual([]);
  });

  /**
   * Per method: the object named in its messages, a call taking an options object, option sets that together
   * use every documented key (each must be accepted), and a misspelt key with the key it is closest to.
   */
  type Call = (op: Operations, options: Record<string, unknown>) => Promise<void>;
  const optionCases: [method: string, object: string, call: Call, accepted: Record<string, unknown>[], misspelt: string, meant: string][] =
    [
      [
        "createTable",
        "movies",
        (op, o) => op.createTable("movies", { id: integer() }, o),
        [
          {
            schema: "film",
            comment: "Films",
            primaryKey: ["id"],
            indexes: [],
            uniques: [],
            checks: [],
            foreignKeys: [],
            namingConvention: {},
          },
        ],
        "namingConvension",
        "namingConvention",
      ],
      ["dropTable", "movies", (op, o) => op.dropTable("movies", o), [{ schema: "film", cascade: true }], "cascde", "cascade"],
      ["renameTable", "movies", (op, o) => op.renameTable("movies", "films", o), [{ schema: "film" }], "shema", "schema"],
      ["addColumn", "movies.title", (op, o) => op.addColumn("movies", "title", text(), o), [{ schema: "film" }], "Schema", "schema"],
      ["dropColumn", "movies.title", (op, o) => op.dropColumn("movies", "title", o), [{ schema: "film" }], "schem", "schema"],
      [
        "alterColumn",
        "movies.year",
        (op, o) => op.alterColumn("movies", "year", o),
        [
          {
            schema: "film",
            type: integer(),
            using: "year::integer",
            reverseUsing: "year::text",
            nullable: false,
            default: 1900,
            comment: "Year",
            newName: "released",
            existingType: text(),
            existingNullable: true,
            existingDefault: null,
            existingComment: null,
          },
        ],
        "existingTyp",
        "existingType",
      ],
      [
        "createTableComment",
        "movies",
        (op, o) => op.createTableComment("movies", "Films", o),
        [{ schema: "film", existingComment: "Movies" }],
        "existingComent",
        "existingComment",
      ],
      [
        "attachPartition",
        "events.events_2026",
        (op, o) => op.attachPartition("events", "events_2026", o as never),
        [{ schema: "app", partitionSchema: "archive", forValues: "FROM (1) TO (10)" }, { defaultPartition: true }],
        "partition_schema",
        "partitionSchema",
      ],
      [
        "detachPartition",
        "events.events_2026",
        (op, o) => op.detachPartition("events", "events_2026", o),
        [{ schema: "app", partitionSchema: "archive", existingForValues: "FROM (1) TO (10)" }, { existingDefaultPartition: true }],
        "existing_for_values",
        "existingForValues",
      ],
      [
        "dropTableComment",
        "movies",
        (op, o) => op.dropTableComment("movies", o),
        [{ schema: "film", existingComment: "Films" }],
        "existing_comment",
        "existingComment",
      ],
      [
        "createIndex",
        "ix_year",
        (op, o) => op.createIndex("ix_year", "movies", ["year"], o),
        [
          {
            unique: true,
            method: "btree",
            where: "year > 1900",
            include: ["title"],
            schema: "film",
            concurrently: true,
            ifNotExists: true,
            dropOnDowngrade: true,
          },
        ],
        "concurently",
        "concurrently",
      ],
      [
        "dropIndex",
        "ix_year",
        (op, o) => op.dropIndex("ix_year", o),
        [{ schema: "film", table: "movies", concurrently: true, ifExists: true }],
        "tables",
        "table",
      ],
      [
        "createUniqueConstraint",
        "uq_title",
        (op, o) => op.createUniqueConstraint("uq_title", "movies", ["title"], o),
        [{ schema: "film", deferrable: true }, { usingIndex: "ix_title" }],
        "deferable",
        "deferrable",
      ],
      [
        "createForeignKey",
        "fk_director",
        (op, o) => op.createForeignKey("fk_director", "movies", "directors", ["director_id"], ["id"], o),
        [
          { onDelete: "cascade", onUpdate: "restrict", deferrable: "deferred", sourceSchema: "film", referentSchema: "people" },
          { notValid: true },
        ],
        "ondelete",
        "onDelete",
      ],
      [
        "createCheckConstraint",
        "ck_year",
        (op, o) => op.createCheckConstraint("ck_year", "movies", "year > 1900", o),
        [{ schema: "film", notValid: true }],
        "scheme",
        "schema",
      ],
      [
        "createExclusionConstraint",
        "ex_bookings_during",
        (op, o) => op.createExclusionConstraint("ex_bookings_during", "bookings", o as never),
        [{ using: "gist", elements: [{ column: "during", operator: "&&" }], where: "not cancelled", deferrable: true, schema: "film" }],
        "elments",
        "elements",
      ],
      [
        "createPrimaryKey",
        "pk_movies",
        (op, o) => op.createPrimaryKey("pk_movies", "movies", ["id"], o),
        [{ schema: "film", usingIndex: "ix_movies_id" }],
        "schemaa",
        "schema",
      ],
      [
        "dropConstraint",
        "ck_year",
        (op, o) => op.dropConstraint("ck_year", "movies", o),
        [{ schema: "film", ifExists: true, cascade: true }],
        "ifexists",
        "ifExists",
      ],
      ["createEnum", "genre", (op, o) => op.createEnum("genre", ["drama"], o), [{ schema: "film" }], "schemas", "schema"],
      [
        "dropEnum",
        "genre",
        (op, o) => op.dropEnum("genre", o),
        [{ schema: "film", ifExists: true, existingValues: ["drama"] }],
        "existingValue",
        "existingValues",
      ],
      [
        "addEnumValue",
        "genre",
        (op, o) => op.addEnumValue("genre", "noir", o),
        [{ schema: "film", before: "drama", ifNotExists: true }, { after: "drama" }],
        "ifNotExist",
        "ifNotExists",
      ],
      ["validateConstraint", "ck_year", (op, o) => op.validateConstraint("ck_year", "movies", o), [{ schema: "film" }], "shema", "schema"],
      ["renameEnumValue", "genre", (op, o) => op.renameEnumValue("genre", "drama", "tragedy", o), [{ schema: "film" }], "SCHEMA", "schema"],
      [
        "createSequence",
        "ticket_seq",
        (op, o) => op.createSequence("ticket_seq", o),
        [
          {
            schema: "film",
            dataType: "bigint",
            start: 10,
            increment: 2,
            minValue: 1,
            maxValue: 1000,
            cache: 5,
            cycle: true,
            ownedBy: { table: "tickets", column: "id" },
            ifNotExists: true,
            dropOnDowngrade: true,
          },
        ],
        "minvalue",
        "minValue",
      ],
      [
        "dropSequence",
        "ticket_seq",
        (op, o) => op.dropSequence("ticket_seq", o),
        [{ schema: "film", ifExists: true }],
        "ifExist",
        "ifExists",
      ],
      [
        "createSchema",
        "film",
        (op, o) => op.createSchema("film", o),
        [{ ifNotExists: true, dropOnDowngrade: true, authorization: "app" }],
        "autorization",
        "authorization",
      ],
      ["dropSchema", "film", (op, o) => op.dropSchema("film", o), [{ ifExists: true, cascade: true }], "cascad", "cascade"],
      [
        "alterSequence",
        "ticket_seq",
        (op, o) => op.alterSequence("ticket_seq", o as never),
        [
          { increment: 2 },
          {
            schema: "film",
            dataType: "integer",
            start: 5,
            increment: 2,
            minValue: null,
            maxValue: 100,
            cache: 3,
            cycle: true,
            ownedBy: null,
            existing: { dataType: "bigint", start: 1, increment: 1, minValue: 5, maxValue: null, cache: 1, cycle: false, ownedBy: null },
          },
        ],
        "incremnt",
        "increment",
      ],
      [
        "createDomain",
        "email",
        (op, o) => op.createDomain("email", text(), o),
        [{ schema: "film", check: sql`VALUE <> ''`, checks: { c: sql`VALUE ~ '@'` }, notNull: true, default: "a@b", collate: "C" }],
        "notnull",
        "notNull",
      ],
      ["dropDomain", "email", (op, o) => op.dropDomain("email", o), [{ schema: "film", ifExists: true }], "ifExist", "ifExists"],
      [
        "alterDomain",
        "email",
        (op, o) => op.alterDomain("email", o as never),
        [
          { notNull: true },
          {
            schema: "film",
            default: null,
            existingDefault: "x",
            notNull: true,
            existingNotNull: false,
            addChecks: { a: sql`VALUE <> ''` },
            dropChecks: { b: sql`VALUE ~ '@'` },
          },
        ],
        "existingNotnull",
        "existingNotNull",
      ],
      [
        "createExtension",
        "citext",
        (op, o) => op.createExtension("citext", o),
        [{ schema: "film", version: "1.6", ifNotExists: true, dropOnDowngrade: true }],
        "verison",
        "version",
      ],
      [
        "dropExtension",
        "citext",
        (op, o) => op.dropExtension("citext", o),
        [{ ifExists: true, existingSchema: "film", existingVersion: "1.6" }],
        "existingSchem",
        "existingSchema",
      ],
      ["bulkInsert", "genres", (op, o) => op.bulkInsert("genres", [{ id: 1 }], o), [{ schema: "film" }], "shema", "schema"],
      [
        "replaceFunction",
        "touch",
        (op, o) => op.replaceFunction(touch, o),
        [{}, { existing: { ...touch, body: "BEGIN RETURN OLD; END" } }],
        "exsting",
        "existing",
      ],
      [
        "dropFunction",
        "touch",
        (op, o) => op.dropFunction("touch", o),
        [{ schema: "film", args: "a integer DEFAULT 1", procedure: true }],
        "arg",
        "args",
      ],
      [
        "dropTrigger",
        "movies_touch",
        (op, o) => op.dropTrigger("movies_touch", o as never),
        [{ table: "movies", schema: "film" }],
        "tble",
        "table",
      ],
      [
        "createView",
        "active",
        (op, o) => op.createView("active", sql`SELECT 1 AS one`, o),
        [{ schema: "film", columns: ["a"], securityBarrier: true, checkOption: "local" }],
        "checkoption",
        "checkOption",
      ],
      [
        "createMaterializedView",
        "counts",
        (op, o) => op.createMaterializedView("counts", sql`SELECT 1 AS one`, o),
        [{ schema: "film", columns: ["a"], withData: false, indexes: [] }],
        "withdata",
        "withData",
      ],
      [
        "replaceView",
        "active",
        (op, o) => op.replaceView("active", sql`SELECT 1 AS one`, o),
        [{ schema: "film", securityBarrier: true, checkOption: "cascaded" }],
        "securitybarrier",
        "securityBarrier",
      ],
      ["dropView", "active", (op, o) => op.dropView("active", o), [{ schema: "film", ifExists: true }], "ifexists", "ifExists"],
      [
        "dropMaterializedView",
        "counts",
        (op, o) => op.dropMaterializedView("counts", o),
        [{ schema: "film", ifExists: true }],
        "ifexists",
        "ifExists",
      ],
      [
        "setRowLevelSecurity",
        "documents",
        (op, o) => op.setRowLevelSecurity("documents", "forced", o),
        [{ schema: "film", existing: "disabled" }],
        "existng",
        "existing",
      ],
      ["grant", "documents", (op, o) => op.grant("documents", "app_user", ["select"], o), [{ schema: "film" }], "shema", "schema"],
      ["revoke", "documents", (op, o) => op.revoke("documents", "app_user", ["select"], o), [{ schema: "film" }], "shema", "schema"],
      [
        "createPolicy",
        "owner_only",
        (op, o) => op.createPolicy("owner_only", "documents", o),
        [{ schema: "film", as: "restrictive", for: "update", to: ["app_user"], using: sql`owner = current_user`, withCheck: "true" }],
        "withcheck",
        "withCheck",
      ],
      [
        "dropPolicy",
        "owner_only",
        (op, o) => op.dropPolicy("owner_only", "documents", o),
        [{ schema: "film", existing: { for: "select", using: sql`true` } }],
        "existin",
        "existing",
      ],
      [
        "backfill",
        "movies",
        (op, o) => op.backfill("movies", o as never),
        [{ set: { a: 1 } }, { schema: "film", set: { a: sql`b` }, where: sql`a IS NULL`, batchSize: 10, key: ["id"] }],
        "batchsize",
        "batchSize",
      ],
    ];

  async function rejection(body: Promise<void>): Promise<SchemaError> {
    const error = await body.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SchemaError);
    return error as SchemaError;
  }

  test("every method with options has a case (execute, createFunction and createTrigger take none)", () => {
    const { op } = recorder();
    expect(optionCases.map(([method]) => method).sort()).toEqual(
      Object.keys(op)
        .filter((method) => method !== "execute" && method !== "createFunction" && method !== "createTrigger")
        .sort(),
    );
  });

  test.each(optionCases)("%s accepts every documented option", async (method, _object, call, accepted) => {
    for (const options of accepted) {
      const { op, ops } = recorder();
      await call(op, options);
      // A materialized view's methods make the view operations, with `materialized` set.
      const kinds: Record<string, string> = { createMaterializedView: "createView", dropMaterializedView: "dropView" };
      expect(ops.map((o) => o.kind)).toEqual([kinds[method] ?? method]);
    }
  });

  test.each(optionCases)(
    "%s rejects a misspelt option, naming the key it is closest to",
    async (method, object, call, accepted, misspelt, meant) => {
      const { op, ops } = recorder();
      const error = await rejection(call(op, { ...accepted[accepted.length - 1], [misspelt]: true }));
      expect(error.message).toBe(`op.${method}(${JSON.stringify(object)}): unknown option '${misspelt}' (did you mean '${meant}'?)`);
      expect(error.hint).toContain(`'${meant}'`);
      expect(error.details).toStrictEqual({ builder: `op.${method}(${JSON.stringify(object)})`, option: misspelt });
      expect(ops).toEqual([]);
    },
  );

  test("an option like no known one is rejected without a guess; options that are not an object are rejected", async () => {
    const { op, ops } = recorder();
    expect((await rejection(op.dropTable("movies", { transactional: true } as never))).message).toBe(
      `op.dropTable("movies"): unknown option 'transactional'`,
    );
    expect((await rejection(op.dropTable("movies", "cascade" as never))).message).toBe(
      `op.dropTable("movies"): the options must be an object, not "cascade"`,
    );
    expect((await rejection(op.createSchema("film", null as never))).message).toBe(
      `op.createSchema("film"): the options must be an object, not null`,
    );
    expect(ops).toEqual([]);
  });

  test("createSequence checks the keys of ownedBy", async () => {
    const { op, ops } = recorder();
    const error = await rejection(op.createSequence("s", { ownedBy: { table: "t", colum: "id" } as never }));
    expect(error.message).toBe(`op.createSequence("s"): unknown option 'colum' (did you mean 'column'?)`);
    expect(ops).toEqual([]);
  });

  test.each([
    ["createIndex", (op: Operations) => op.createIndex("ix", "t", ["a"], { dropOnDowngrade: true })],
    ["createSequence", (op: Operations) => op.createSequence("ix", { dropOnDowngrade: true })],
    ["createSchema", (op: Operations) => op.createSchema("ix", { dropOnDowngrade: true, ifNotExists: false })],
  ])("%s rejects dropOnDowngrade without ifNotExists", async (method, body) => {
    const { op, ops } = recorder();
    const error = await rejection(body(op));
    expect(error.message).toBe(`op.${method}("ix"): dropOnDowngrade only applies with ifNotExists`);
    expect(ops).toEqual([]);
  });

  test("ifNotExists and dropOnDowngrade reach the operation", async () => {
    const { op, ops } = recorder();
    await op.createSchema("a", { ifNotExists: true });
    await op.createSchema("b", { ifNotExists: true, dropOnDowngrade: true });
    await op.createSchema("c", { ifNotExists: false, dropOnDowngrade: false });
    expect(ops).toStrictEqual([
      { kind: "createSchema", name: "a", ifNotExists: true },
      { kind: "createSchema", name: "b", ifNotExists: true, dropOnDowngrade: true },
      { kind: "createSchema", name: "c" },
    ]);
  });

  test("createTableComment records the replaced comment only when given (null: there was none)", async () => {
    const { op, ops } = recorder();
    await op.createTableComment("movies", "Films");
    await op.createTableComment("movies", "Films", { existingComment: null });
    await op.createTableComment("movies", "Films", { existingComment: "Movies" });
    expect(ops).toStrictEqual([
      { kind: "createTableComment", table: "movies", comment: "Films" },
      { kind: "createTableComment", table: "movies", comment: "Films", existing: null },
      { kind: "createTableComment", table: "movies", comment: "Films", existing: "Movies" },
    ]);
  });

  test("notValid, usingIndex and validateConstraint reach the operations", async () => {
    const { op, ops } = recorder();
    await op.createForeignKey("fk_d", "movies", "directors", ["director_id"], ["id"], { notValid: true });
    await op.createCheckConstraint("ck_year", "movies", "year > 1900", { notValid: true, schema: "film" });
    await op.createCheckConstraint("ck_len", "movies", "length(title) > 0", { notValid: false });
    await op.createUniqueConstraint("uq_title", "movies", ["title"], { usingIndex: "ix_title" });
    await op.createPrimaryKey("pk_movies", "movies", ["id"], { usingIndex: "ix_id" });
    await op.validateConstraint("fk_d", "movies");
    expect(ops).toMatchObject([
      { kind: "createForeignKey", table: "movies", notValid: true, constraint: { name: "fk_d", referredTable: "directors" } },
      { kind: "createCheckConstraint", table: "movies", schema: "film", notValid: true },
      { kind: "createCheckConstraint", constraint: { name: "ck_len" } },
      { kind: "createUniqueConstraint", usingIndex: "ix_title", constraint: { kind: "unique", name: "uq_title", columns: ["title"] } },
      { kind: "createPrimaryKey", usingIndex: "ix_id", constraint: { kind: "primaryKey", name: "pk_movies", columns: ["id"] } },
      { kind: "validateConstraint", table: "movies", name: "fk_d" },
    ]);
    expect("notValid" in ops[2]!).toBe(false);
    expect("notValid" in (ops[0] as { constraint: object }).constraint).toBe(false);
  });

  test("notValid must be a boolean and usingIndex a non-empty name", async () => {
    const { op, ops } = recorder();
    expect((await rejection(op.createCheckConstraint("ck", "movies", "a > 0", { notValid: "yes" as never }))).message).toBe(
      `op.createCheckConstraint("ck"): notValid must be true or false, got "yes"`,
    );
    expect((await rejection(op.createUniqueConstraint("uq", "movies", ["a"], { usingIndex: "" }))).message).toBe(
      `createUniqueConstraint: usingIndex (the index to adopt) must be a non-empty string (constraint "uq"), got ""`,
    );
    expect((await rejection(op.validateConstraint("", "movies"))).message).toMatch(/validateConstraint: the constraint name must be/);
    expect(ops).toEqual([]);
  });
});
