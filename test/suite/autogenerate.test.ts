/**
 * Each autogenerate comparison, on every target that declares what it needs: the database is brought to one
 * model; a change of the model makes autogenerate find exactly the expected operation(s); the upgrade runs
 * online and as a `--sql` script (same statements); comparing again finds nothing (`check` is clean); and the
 * derived downgrade brings the database back to the first model.
 */
import { expect, test } from "vitest";
import { filterSnapshot, modelSnapshot } from "../../src/autogenerate/models.js";
import { type MigrationPlan, produceMigration } from "../../src/autogenerate/produce.js";
import type { RenameResolver } from "../../src/autogenerate/renames.js";
import type { Operation } from "../../src/ops/operation.js";

type OperationKind = Operation["kind"];
import {
  check,
  enumColumn,
  func,
  enumType,
  index,
  integer,
  sql,
  table,
  text,
  trigger,
  unique,
  varchar,
  view,
  materializedView,
  type ColumnBuilder,
  type TableOptions,
} from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { emit, RevisionRunner, type SuiteDatabase, useSuiteDatabase } from "./harness.js";
import { type Needs, withTargets } from "./targets.js";

/** A model: the exports of a models module, built in the case's schema. */
type Model = (schema: string) => Record<string, unknown>;

interface ComparisonCase {
  readonly title: string;
  readonly needs: Needs;
  readonly from: Model;
  readonly to: Model;
  /** The operations autogenerate must find, in order, and nothing else. */
  readonly finds: readonly OperationKind[];
  /** Answers rename questions (default: none may be asked). */
  readonly resolver?: RenameResolver;
}

/** `films` with the columns and options a case changes. */
function films(columns: Readonly<Record<string, ColumnBuilder>> = {}, options: TableOptions = {}): Model {
  return (schema) => ({
    films: table(
      "films",
      { id: integer().primaryKey(), title: varchar(100).notNull(), year: integer(), ...columns },
      { schema, ...options },
    ),
  });
}

const people: Model = (schema) => ({ people: table("people", { id: integer().primaryKey(), name: text() }, { schema }) });
const both =
  (...models: Model[]): Model =>
  (schema) =>
    Object.assign({}, ...models.map((model) => model(schema)));

/** `films` with a trigger function (`body` its body) and, with `trigger`, a row trigger calling it. */
function withTouch(body: string, withTrigger: boolean): Model {
  return (schema) => {
    const touch = func("touch", { schema, returns: "trigger", language: "plpgsql", body });
    const model = films()(schema);
    const triggers = withTrigger
      ? {
          filmsTouch: trigger("films_touch", {
            table: model.films as never,
            timing: "before",
            events: ["update"],
            forEach: "row",
            when: sql`NEW.year IS DISTINCT FROM OLD.year`,
            function: touch,
          }),
        }
      : {};
    return { ...model, touch, ...triggers };
  };
}
const TOUCH = "BEGIN RETURN NEW; END";

const CASES: readonly ComparisonCase[] = [
  { title: "a new table", needs: [], from: films(), to: both(films(), people), finds: ["createTable"] },
  { title: "a table gone", needs: [], from: both(films(), people), to: films(), finds: ["dropTable"] },
  { title: "a new column", needs: [], from: films(), to: films({ rating: integer().default(0) }), finds: ["addColumn"] },
  { title: "a column gone", needs: [], from: films({ rating: integer() }), to: films(), finds: ["dropColumn"] },
  {
    title: "a column renamed (answered by the resolver)",
    needs: [],
    from: films({ rating: integer() }),
    to: films({ score: integer() }),
    finds: ["alterColumn"],
    resolver: async (questions) => questions.map((question) => ({ ...question, to: "score" })),
  },
  {
    title: "a wider column type",
    needs: ["alterTable"],
    from: films({ code: varchar(8) }),
    to: films({ code: varchar(32) }),
    finds: ["alterColumn"],
  },
  {
    title: "a column made not null",
    needs: ["alterTable"],
    from: films({ code: text() }),
    to: films({ code: text().notNull() }),
    finds: ["alterColumn"],
  },
  {
    title: "a new server default",
    needs: ["alterTable"],
    from: films({ code: text() }),
    to: films({ code: text().default("x") }),
    finds: ["alterColumn"],
  },
  {
    title: "a column comment",
    needs: ["comments"],
    from: films({ code: text() }),
    to: films({ code: text().comment("the code") }),
    finds: ["alterColumn"],
  },
  {
    title: "a new index",
    needs: [],
    from: films(),
    to: films({}, { indexes: [index("ix_films_year", ["year"])] }),
    finds: ["createIndex"],
  },
  {
    title: "an index gone",
    needs: [],
    from: films({}, { indexes: [index("ix_films_year", ["year"])] }),
    to: films(),
    finds: ["dropIndex"],
  },
  {
    title: "a new unique constraint",
    needs: ["alterTable"],
    from: films(),
    to: films({}, { uniques: [unique(["title", "year"], { name: "uq_films_title_year" })] }),
    finds: ["createUniqueConstraint"],
  },
  {
    title: "a unique constraint gone",
    needs: ["alterTable"],
    from: films({}, { uniques: [unique(["title", "year"], { name: "uq_films_title_year" })] }),
    to: films(),
    finds: ["dropConstraint"],
  },
  {
    title: "a new foreign key",
    needs: ["alterTable"],
    from: both(people, films({ director_id: integer() })),
    to: (schema) => ({ ...people(schema), ...films({ director_id: integer().references(`${schema}.people.id`) })(schema) }),
    finds: ["createForeignKey"],
  },
  {
    title: "a foreign key gone",
    needs: ["alterTable"],
    from: (schema) => ({ ...people(schema), ...films({ director_id: integer().references(`${schema}.people.id`) })(schema) }),
    to: both(people, films({ director_id: integer() })),
    finds: ["dropConstraint"],
  },
  {
    title: "a new check constraint",
    needs: ["alterTable"],
    from: films(),
    to: films({}, { checks: [check("ck_films_year", sql`year > 1800`)] }),
    finds: ["createCheckConstraint"],
  },
  {
    title: "a check constraint gone",
    needs: ["alterTable"],
    from: films({}, { checks: [check("ck_films_year", sql`year > 1800`)] }),
    to: films(),
    finds: ["dropConstraint"],
  },
  { title: "a table comment", needs: ["comments"], from: films(), to: films({}, { comment: "films" }), finds: ["createTableComment"] },
  { title: "a table comment gone", needs: ["comments"], from: films({}, { comment: "films" }), to: films(), finds: ["dropTableComment"] },
  {
    title: "a new enum type",
    needs: ["enums"],
    from: films(),
    to: (schema) => ({ ...films()(schema), mood: enumType("mood", ["calm", "tense"], { schema }) }),
    finds: ["createEnum"],
  },
  {
    title: "an enum type gone",
    needs: ["enums"],
    from: (schema) => ({ ...films()(schema), mood: enumType("mood", ["calm", "tense"], { schema }) }),
    to: films(),
    finds: ["dropEnum"],
  },
  {
    title: "a new enum value",
    needs: ["enums"],
    from: (schema) => ({ ...films({ mood: enumColumn("mood", { schema }) })(schema), mood: enumType("mood", ["calm"], { schema }) }),
    to: (schema) => ({ ...films({ mood: enumColumn("mood", { schema }) })(schema), mood: enumType("mood", ["calm", "tense"], { schema }) }),
    finds: ["addEnumValue"],
  },
  { title: "a new function", needs: ["routines"], from: films(), to: withTouch(TOUCH, false), finds: ["createFunction"] },
  {
    title: "a function gone",
    needs: ["routines"],
    from: (schema) => ({
      ...withTouch(TOUCH, false)(schema),
      other: func("other", { schema, returns: "integer", language: "sql", body: "SELECT 1" }),
    }),
    to: (schema) => ({ ...films()(schema), other: func("other", { schema, returns: "integer", language: "sql", body: "SELECT 1" }) }),
    finds: ["dropFunction"],
  },
  {
    title: "a function's body changed",
    needs: ["routines"],
    from: withTouch(TOUCH, true),
    to: withTouch("BEGIN RETURN NULL; END", true),
    finds: ["replaceFunction"],
  },
  { title: "a new trigger", needs: ["routines"], from: withTouch(TOUCH, false), to: withTouch(TOUCH, true), finds: ["createTrigger"] },
  // Models that declare no trigger leave the database's alone (see docs/models.md); a trigger gone from models that
  // declare others is dropped (test/autogenerate/routines.test.ts).
  {
    title: "the last trigger gone from the models: left alone",
    needs: ["routines"],
    from: withTouch(TOUCH, true),
    to: withTouch(TOUCH, false),
    finds: [],
  },
  {
    title: "a new view, written as a person writes it",
    needs: ["views"],
    from: films(),
    to: (schema) => ({ ...films()(schema), recent: view("recent", sql`select * from films where year > 2000`, { schema }) }),
    finds: ["createView"],
  },
  {
    title: "a view's query changes, its columns stay",
    needs: ["views"],
    from: (schema) => ({ ...films()(schema), recent: view("recent", sql`SELECT id, title FROM films WHERE year > 2000`, { schema }) }),
    to: (schema) => ({ ...films()(schema), recent: view("recent", sql`SELECT id, title FROM films WHERE year > 2010`, { schema }) }),
    finds: ["replaceView"],
  },
  {
    title: "a materialized view's query changes",
    needs: ["views"],
    from: (schema) => ({
      ...films()(schema),
      counts: materializedView("counts", sql`SELECT year, count(*) AS n FROM films GROUP BY year`, {
        schema,
        indexes: [index("ix_counts_year", ["year"])],
      }),
    }),
    to: (schema) => ({
      ...films()(schema),
      counts: materializedView("counts", sql`SELECT year, count(*) AS n, max(id) AS last FROM films GROUP BY year`, {
        schema,
        indexes: [index("ix_counts_year", ["year"])],
      }),
    }),
    finds: ["dropView", "createView"],
  },
];

/** What autogenerate plans from the live database of the case to `model`. */
async function plan(suite: SuiteDatabase, model: Model, resolver?: RenameResolver): Promise<MigrationPlan> {
  const live = await suite.introspect();
  const filter = { includeSchemas: [suite.schema], excludeTables: [], versionTable: { table: "retort_version" } };
  const written = filterSnapshot(modelSnapshot([{ path: "models.ts", exports: model(suite.schema) }]), filter);
  const support = await suite.dialect.autogenerate();
  // As autogenerate does: the models' views and routines as the database stores them.
  const viewed = support.canonicalViews === undefined ? written : await support.canonicalViews(suite.db.session, written);
  const models = support.canonicalizeRoutines === undefined ? viewed : await support.canonicalizeRoutines(suite.db.session, viewed);
  return produceMigration(live, models, { rules: support.rules, ...(resolver === undefined ? {} : { resolver }) });
}

const upgradeOf = (found: MigrationPlan): readonly Operation[] => found.upgrade;
const downgradeOf = (found: MigrationPlan): Operation[] =>
  found.downgrade.flatMap((step) => (step.kind === "operation" ? [step.operation] : []));

async function runCase(suite: SuiteDatabase, comparison: ComparisonCase): Promise<void> {
  const { db, dialect } = suite;
  const initial = await plan(suite, comparison.from);
  // Planned once the database is at a1; the revision reads it when it runs.
  let changed: MigrationPlan | undefined;
  const runner = new RevisionRunner(dialect, [
    {
      id: "a1",
      upgrade: async (op) => {
        for (const operation of upgradeOf(initial)) await emit(op, operation);
      },
      downgrade: async () => undefined,
    },
    {
      id: "b2",
      parents: ["a1"],
      upgrade: async (op) => {
        for (const operation of upgradeOf(changed!)) await emit(op, operation);
      },
      downgrade: async (op) => {
        for (const operation of downgradeOf(changed!)) await emit(op, operation);
      },
    },
  ]);
  await runner.online(db, "upgrade", "a1");
  const before: SchemaSnapshot = await suite.introspect();
  expect((await plan(suite, comparison.from)).empty).toBe(true);

  changed = await plan(suite, comparison.to, comparison.resolver);
  expect(changed.upgrade.map((operation) => operation.kind)).toEqual(comparison.finds);
  expect(changed.manual).toEqual([]);

  const script = await runner.offline("upgrade", "a1", "b2");
  const up = await runner.online(db, "upgrade", "b2");
  expect(runner.asScript(up, "a1")).toEqual(script.statements);
  expect(await runner.heads(db)).toEqual(["b2"]);
  const clean = await plan(suite, comparison.to);
  expect(clean.upgrade).toEqual([]);
  expect(clean.empty).toBe(true);

  if (changed.downgrade.every((step) => step.kind === "operation")) {
    const downScript = await runner.offline("downgrade", "b2", "a1");
    const down = await runner.online(db, "downgrade", "a1");
    expect(runner.asScript(down, "b2")).toEqual(downScript.statements);
    expect(await suite.introspect()).toEqual(before);
  }
}

withTargets("each autogenerate comparison", [], (target) => {
  const suite = useSuiteDatabase(target);
  for (const comparison of CASES) {
    const run = comparison.needs.every((need) => target.capabilities[need]) ? test : test.skip;
    run(comparison.title, () => runCase(suite, comparison));
  }
});
