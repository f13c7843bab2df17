/**
 * PostgreSQL's own expectations of the operations, run by operations.test.ts on every target that speaks it: each
 * operation applied directly (outside the runtime) and read back from PostgreSQL's catalog, exactly as the server
 * spells it. The dialect-neutral up-and-down cases are in operations.test.ts.
 */
import { expect, test } from "vitest";
import type { Operation } from "../../src/ops/operation.js";
import { Operations } from "../../src/ops/operations.js";
import { reverseOperations } from "../../src/ops/reverse.js";
import {
  bigint,
  boolean,
  bytea,
  char,
  check,
  date,
  doublePrecision,
  enumColumn,
  foreignKey,
  index,
  integer,
  interval,
  jsonb,
  numeric,
  serial,
  sql,
  text,
  time,
  timestamp,
  timestamptz,
  unique,
  uuid,
  varchar,
} from "../../src/schema/index.js";

import type { SuiteDatabase } from "./harness.js";

/** Registers the cases in the current `describe`, against the suite's database of the target. */
export function postgresCatalogCases(suite: SuiteDatabase): void {
  const SCHEMA = suite.schema;

  /** An `op` that compiles each operation and runs it; also records the operations. */
  function applying(): { op: Operations; ops: Operation[] } {
    const ops: Operation[] = [];
    const op = new Operations(async (given) => {
      const operation = given as Operation;
      ops.push(operation);
      await apply([operation]);
    });
    return { op, ops };
  }

  async function apply(operations: readonly Operation[]): Promise<void> {
    for (const operation of operations) {
      for (const statement of suite.dialect.compile(operation)) await suite.db.session.execute(statement);
    }
  }

  async function rows<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return suite.db.session.query<T>(text, params);
  }

  async function columnTypes(schema: string, table: string): Promise<Record<string, string>> {
    const result = await rows<{ attname: string; type: string; notnull: boolean; def: string | null }>(
      `SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [schema, table],
    );
    return Object.fromEntries(
      result.map((r) => [r.attname, `${r.type}${r.notnull ? " not null" : ""}${r.def === null ? "" : ` default ${r.def}`}`]),
    );
  }

  async function constraints(schema: string, table: string): Promise<Record<string, string>> {
    const result = await rows<{ conname: string; def: string }>(
      `SELECT con.conname, pg_get_constraintdef(con.oid) AS def FROM pg_constraint con
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = $2 AND con.contype <> 'n' ORDER BY con.conname`,
      [schema, table],
    );
    return Object.fromEntries(result.map((r) => [r.conname, r.def]));
  }

  async function indexes(schema: string, table: string): Promise<Record<string, string>> {
    const result = await rows<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname",
      [schema, table],
    );
    return Object.fromEntries(result.map((r) => [r.indexname, r.indexdef]));
  }

  async function tableComment(schema: string, table: string): Promise<string | null> {
    const [row] = await rows<{ comment: string | null }>(
      "SELECT obj_description(format('%I.%I', $1::text, $2::text)::regclass, 'pg_class') AS comment",
      [schema, table],
    );
    return row?.comment ?? null;
  }

  async function enumValues(schema: string, name: string): Promise<string[]> {
    const result = await rows<{ enumlabel: string }>(
      `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typname = $2 ORDER BY e.enumsortorder`,
      [schema, name],
    );
    return result.map((r) => r.enumlabel);
  }

  async function relations(schema: string): Promise<string[]> {
    const result = await rows<{ relname: string }>(
      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 ORDER BY c.relname",
      [schema],
    );
    return result.map((r) => r.relname).sort();
  }

  /** The schema `film` with an enum, `directors` and `movies` (every type and constraint): what most cases work on. */
  async function createFilm(op: Operations): Promise<void> {
    await op.createSchema("film");
    await op.createEnum("genre", ["drama", "comedy"], { schema: "film" });
    await op.createTable("directors", { id: integer().primaryKey(), name: text().notNull() }, { schema: "film" });
    await op.createTable(
      "movies",
      {
        id: bigint().generatedAlwaysAsIdentity(),
        title: varchar(200).notNull().comment("the title"),
        code: char(4).unique(),
        price: numeric(10, 2).default(0),
        rating: doublePrecision(),
        watched: boolean().default(false),
        released: date(),
        starts: time({ precision: 3 }),
        created_at: timestamptz().notNull().default(sql`now()`),
        updated_at: timestamp(),
        length: interval(),
        external_id: uuid(),
        meta: jsonb().default(sql`'{}'::jsonb`),
        poster: bytea(),
        tags: text().array(),
        genre: enumColumn("genre", { schema: "film" }).default("drama"),
        director_id: integer().references("film.directors.id", { onDelete: "cascade", deferrable: "deferred" }),
      },
      {
        schema: "film",
        comment: "films we've seen",
        primaryKey: ["id"],
        uniques: [unique(["title", "released"], { name: "uq_movies_title_released" })],
        checks: [check("ck_movies_price", sql`price >= 0`)],
        indexes: [
          index("ix_movies_title_lower", [sql`lower(title)`]),
          index("ix_movies_tags", ["tags"], { method: "gin" }),
          index("ix_movies_live", ["title"], { unique: true, where: sql`watched`, include: ["released"] }),
        ],
      },
    );
  }

  test("createSchema, createEnum and createTable with every type and constraint", async () => {
    const { op } = applying();
    await createFilm(op);
    expect(await columnTypes("film", "movies")).toEqual({
      id: "bigint not null",
      title: "character varying(200) not null",
      code: "character(4)",
      price: "numeric(10,2) default 0",
      rating: "double precision",
      watched: "boolean default false",
      released: "date",
      starts: "time(3) without time zone",
      created_at: "timestamp with time zone not null default now()",
      updated_at: "timestamp without time zone",
      length: "interval",
      external_id: "uuid",
      meta: "jsonb default '{}'::jsonb",
      poster: "bytea",
      tags: "text[]",
      genre: "film.genre default 'drama'::film.genre",
      director_id: "integer",
    });
    expect(await constraints("film", "movies")).toEqual({
      ck_movies_price: "CHECK ((price >= (0)::numeric))",
      movies_code_key: "UNIQUE (code)",
      movies_director_id_fkey: "FOREIGN KEY (director_id) REFERENCES film.directors(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
      movies_pkey: "PRIMARY KEY (id)",
      uq_movies_title_released: "UNIQUE (title, released)",
    });
    expect(await indexes("film", "movies")).toMatchObject({
      ix_movies_title_lower: "CREATE INDEX ix_movies_title_lower ON film.movies USING btree (lower((title)::text))",
      ix_movies_tags: "CREATE INDEX ix_movies_tags ON film.movies USING gin (tags)",
      ix_movies_live: "CREATE UNIQUE INDEX ix_movies_live ON film.movies USING btree (title) INCLUDE (released) WHERE watched",
    });
    expect(await tableComment("film", "movies")).toBe("films we've seen");
    const [identity] = await rows<{ is_identity: string; identity_generation: string }>(
      "SELECT is_identity, identity_generation FROM information_schema.columns WHERE table_schema = 'film' AND table_name = 'movies' AND column_name = 'id'",
    );
    expect(identity).toEqual({ is_identity: "YES", identity_generation: "ALWAYS" });
    const [comment] = await rows<{ c: string }>("SELECT col_description('film.movies'::regclass, 2) AS c");
    expect(comment?.c).toBe("the title");
  });

  test("identifiers that need quoting", async () => {
    const { op } = applying();
    await op.createTable("user", { order: serial().primaryKey(), Select: text() });
    await op.createTable("Order Items", { "Unit Price": numeric(8, 2), user_id: integer().references("user.order") });
    await op.createTable('weird"name', { 'col"umn': text().unique() });
    await op.createTable("фильмы", { название: text().notNull() }, { indexes: [index("фильмы_название", ["название"])] });
    await op.createTableComment("фильмы", "Кино");
    expect(await relations(SCHEMA)).toEqual(
      expect.arrayContaining([
        "Order Items",
        "user",
        "user_order_seq",
        "user_pkey",
        'weird"name',
        'weird"name_col"umn_key',
        "фильмы",
        "фильмы_название",
      ]),
    );
    expect(await constraints(SCHEMA, "Order Items")).toEqual({
      "Order Items_user_id_fkey": 'FOREIGN KEY (user_id) REFERENCES "user"("order")',
    });
    expect(await columnTypes(SCHEMA, "user")).toEqual({
      order: "integer not null default nextval('user_order_seq'::regclass)",
      Select: "text",
    });
    expect(await tableComment(SCHEMA, "фильмы")).toBe("Кино");
  });

  test("columns: add, alter (type with USING, nullable, default, comment, rename), drop", async () => {
    const { op } = applying();
    await createFilm(op);
    await op.createTable("reviews", { id: integer().primaryKey(), score: text() });
    await op.execute("INSERT INTO reviews VALUES (1, '5'), (2, '3')");
    await op.addColumn("reviews", "movie_id", bigint().references("film.movies.id").unique().comment("which film"));
    await op.alterColumn("reviews", "score", {
      type: integer(),
      using: sql`score::integer`,
      nullable: false,
      default: 1,
      comment: "1 to 5",
      newName: "stars",
    });
    expect(await columnTypes(SCHEMA, "reviews")).toEqual({
      id: "integer not null",
      stars: "integer not null default 1",
      movie_id: "bigint",
    });
    expect(await constraints(SCHEMA, "reviews")).toEqual({
      reviews_pkey: "PRIMARY KEY (id)",
      reviews_movie_id_key: "UNIQUE (movie_id)",
      reviews_movie_id_fkey: "FOREIGN KEY (movie_id) REFERENCES film.movies(id)",
    });
    expect(await rows("SELECT stars FROM reviews ORDER BY id")).toEqual([{ stars: 5 }, { stars: 3 }]);
    await op.alterColumn("reviews", "stars", { default: null, nullable: true, comment: null });
    expect((await columnTypes(SCHEMA, "reviews"))["stars"]).toBe("integer");
    await op.dropColumn("reviews", "movie_id");
    expect(await constraints(SCHEMA, "reviews")).toEqual({ reviews_pkey: "PRIMARY KEY (id)" });
    await op.renameTable("reviews", "critiques");
    expect(await relations(SCHEMA)).toContain("critiques");
  });

  test("indexes, including CONCURRENTLY outside a transaction", async () => {
    const { op } = applying();
    await createFilm(op);
    await op.createIndex("ix_movies_released", "movies", ["released"], { schema: "film", concurrently: true });
    await op.createIndex("ix_movies_released", "movies", ["released"], { schema: "film", ifNotExists: true });
    await op.createIndex("ix_movies_rating", "movies", [{ column: "rating", order: "desc", nulls: "last" }], {
      schema: "film",
      method: "btree",
    });
    expect(await indexes("film", "movies")).toMatchObject({
      ix_movies_released: "CREATE INDEX ix_movies_released ON film.movies USING btree (released)",
      ix_movies_rating: "CREATE INDEX ix_movies_rating ON film.movies USING btree (rating DESC NULLS LAST)",
    });
    await op.dropIndex("ix_movies_released", { schema: "film", concurrently: true });
    await op.dropIndex("ix_movies_released", { schema: "film", ifExists: true });
    await op.dropIndex("ix_movies_rating", { schema: "film" });
    expect(Object.keys(await indexes("film", "movies"))).not.toContain("ix_movies_released");
    expect(Object.keys(await indexes("film", "movies"))).not.toContain("ix_movies_rating");
  });

  test("constraints and table comments", async () => {
    const { op } = applying();
    await op.createTable("cities", { country: char(2).notNull(), name: text().notNull(), pop: integer() });
    await op.createPrimaryKey("pk_cities", "cities", ["country", "name"]);
    await op.createUniqueConstraint("uq_cities_pop", "cities", ["pop", "name"], { deferrable: true });
    await op.createCheckConstraint("ck_cities_pop", "cities", "pop > 0");
    await op.createTable(
      "places",
      { country: char(2), city: text() },
      {
        foreignKeys: [foreignKey({ columns: ["country", "city"], references: { table: "cities", columns: ["country", "name"] } })],
      },
    );
    await op.createForeignKey("fk_places_city", "places", "cities", ["country", "city"], ["country", "name"], {
      onUpdate: "cascade",
      onDelete: "set null",
    });
    expect(await constraints(SCHEMA, "cities")).toEqual({
      pk_cities: "PRIMARY KEY (country, name)",
      uq_cities_pop: "UNIQUE (pop, name) DEFERRABLE",
      ck_cities_pop: "CHECK ((pop > 0))",
    });
    expect(await constraints(SCHEMA, "places")).toEqual({
      places_country_city_fkey: "FOREIGN KEY (country, city) REFERENCES cities(country, name)",
      fk_places_city: "FOREIGN KEY (country, city) REFERENCES cities(country, name) ON UPDATE CASCADE ON DELETE SET NULL",
    });
    await op.dropConstraint("fk_places_city", "places");
    await op.dropConstraint("ck_cities_pop", "cities", { ifExists: true });
    await op.dropConstraint("ck_cities_pop", "cities", { ifExists: true });
    expect(Object.keys(await constraints(SCHEMA, "cities"))).toEqual(["pk_cities", "uq_cities_pop"]);
    await op.createTableComment("cities", "towns");
    expect(await tableComment(SCHEMA, "cities")).toBe("towns");
    await op.dropTableComment("cities");
    expect(await tableComment(SCHEMA, "cities")).toBeNull();
  });

  test("enums, sequences, schemas, bulk inserts", async () => {
    const { op } = applying();
    await createFilm(op);
    await op.addEnumValue("genre", "action", { schema: "film", before: "drama" });
    await op.addEnumValue("genre", "noir", { schema: "film", after: "drama" });
    await op.addEnumValue("genre", "noir", { schema: "film", ifNotExists: true });
    await op.renameEnumValue("genre", "comedy", "humour", { schema: "film" });
    expect(await enumValues("film", "genre")).toEqual(["action", "drama", "noir", "humour"]);
    await op.createEnum("mood", ["calm"]);
    await op.dropEnum("mood", { ifExists: true });
    expect(await enumValues(SCHEMA, "mood")).toEqual([]);

    await op.createSequence("ticket_seq", {
      schema: "film",
      dataType: "integer",
      start: 100,
      increment: 10,
      minValue: 100,
      maxValue: 1000,
      cache: 2,
      cycle: true,
      ownedBy: { table: "directors", column: "id" },
    });
    const [seq] = await rows(
      "SELECT data_type, start_value::text, increment_by::text, min_value::text, max_value::text, cache_size::text, cycle FROM pg_sequences WHERE schemaname = 'film' AND sequencename = 'ticket_seq'",
    );
    expect(seq).toEqual({
      data_type: "integer",
      start_value: "100",
      increment_by: "10",
      min_value: "100",
      max_value: "1000",
      cache_size: "2",
      cycle: true,
    });
    await op.dropSequence("ticket_seq", { schema: "film" });
    await op.createSequence("ticket_seq", { schema: "film", ifNotExists: true });
    await op.dropSequence("ticket_seq", { schema: "film", ifExists: true });

    await op.bulkInsert(
      "directors",
      [
        { id: 1, name: "Agnès Varda" },
        { id: 2, name: "O'Brien" },
      ],
      { schema: "film" },
    );
    await op.bulkInsert(
      "movies",
      [
        {
          title: "Cléo",
          director_id: 1,
          meta: { year: 1962, tags: ["nouvelle"] },
          released: new Date("1962-04-11T00:00:00Z"),
          genre: "drama",
        },
        { title: "It's \\ odd", director_id: 2, created_at: sql`now() - interval '1 day'` },
      ],
      { schema: "film" },
    );
    const inserted = await rows(
      "SELECT title, director_id, meta, to_char(released, 'YYYY-MM-DD') AS released, genre FROM film.movies ORDER BY id",
    );
    expect(inserted).toEqual([
      { title: "Cléo", director_id: 1, meta: { year: 1962, tags: ["nouvelle"] }, released: "1962-04-11", genre: "drama" },
      { title: "It's \\ odd", director_id: 2, meta: {}, released: null, genre: "drama" },
    ]);

    await op.createSchema("scratch", { ifNotExists: true });
    await op.createSchema("scratch", { ifNotExists: true });
    await op.dropSchema("scratch");
    await op.dropSchema("scratch", { ifExists: true });
    const schemas = await rows("SELECT nspname FROM pg_namespace WHERE nspname = 'scratch'");
    expect(schemas).toEqual([]);
  });

  test("upgrade then the derived downgrade leaves nothing behind", async () => {
    const { op, ops } = applying();
    await op.createSchema("round");
    await op.createEnum("size", ["s", "m"], { schema: "round" });
    await op.createTable("parents", { id: integer().primaryKey() }, { schema: "round", comment: "p" });
    await op.createTable(
      "items",
      {
        id: integer().primaryKey(),
        size: enumColumn("size", { schema: "round" }),
        label: varchar(20),
      },
      { schema: "round", indexes: [index("ix_items_label", ["label"])] },
    );
    await op.addColumn("items", "parent_id", integer().references("round.parents.id"), { schema: "round" });
    await op.alterColumn("items", "label", {
      type: text(),
      existingType: varchar(20),
      nullable: false,
      existingNullable: true,
      newName: "title",
      schema: "round",
    });
    await op.createIndex("ix_items_parent", "items", ["parent_id"], { schema: "round" });
    await op.createCheckConstraint("ck_items_id", "items", "id > 0", { schema: "round" });
    await op.createTableComment("items", "things", { schema: "round", existingComment: null });
    await op.createSequence("counter", { schema: "round", start: 7 });
    await op.renameEnumValue("size", "m", "medium", { schema: "round" });
    await op.renameTable("items", "things", { schema: "round" });
    expect(await relations("round")).toEqual([
      "counter",
      "items_pkey",
      "ix_items_label",
      "ix_items_parent",
      "parents",
      "parents_pkey",
      "things",
    ]);
    await apply(reverseOperations(ops));
    const [gone] = await rows("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'round'");
    expect(gone).toEqual({ n: 0 });
    // And upgrade again from the reversed reverse: the same operations apply cleanly.
    await apply(reverseOperations(reverseOperations(ops)));
    expect(await relations("round")).toEqual([
      "counter",
      "items_pkey",
      "ix_items_label",
      "ix_items_parent",
      "parents",
      "parents_pkey",
      "things",
    ]);
    expect(await columnTypes("round", "things")).toEqual({
      id: "integer not null",
      size: "round.size",
      title: "text not null",
      parent_id: "integer",
    });
  });
}
