import { describe, expect, it } from "vitest";
import { AS_BUILT, snapshotOf } from "../../test/autogenerate/helpers.js";
import { date, integer, table, text, varchar } from "../schema/index.js";
import { planMigration, produceMigration } from "./produce.js";
import {
  applyRenames,
  checkDecisions,
  failingResolver,
  findRenameQuestions,
  hintResolver,
  notRenamedResolver,
  RenameDecisionError,
  type RenameQuestion,
  renameLabel,
} from "./renames.js";
import { RetortError } from "../errors.js";
import type { Column, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";

const directors = table("directors", { id: integer().primaryKey(), name: text().notNull() });
const movies = table("movies", {
  id: integer().primaryKey(),
  title: varchar(200).notNull(),
  director_id: integer().references(() => directors.id),
});
const films = table("films", {
  id: integer().primaryKey(),
  title: varchar(200).notNull(),
  director_id: integer().references(() => directors.id),
});
const renamedColumn = table("movies", {
  id: integer().primaryKey(),
  name: varchar(200).notNull(),
  director_id: integer().references(() => directors.id),
});

describe("rename questions", () => {
  it("asks about a dropped and an added table with the same columns", () => {
    expect(findRenameQuestions(snapshotOf({ directors, movies }), snapshotOf({ directors, films }))).toEqual([
      { kind: "table", from: "movies", candidates: ["films"] },
    ]);
  });

  it("asks about a dropped and an added column with the same definition", () => {
    const questions = findRenameQuestions(snapshotOf({ directors, movies }), snapshotOf({ directors, movies: renamedColumn }));
    expect(questions).toEqual([{ kind: "column", table: "movies", from: "title", candidates: ["name"] }]);
    expect(renameLabel(questions[0]!)).toBe("movies.title");
  });

  it("does not ask when the definitions differ", () => {
    const other = table("movies", {
      id: integer().primaryKey(),
      name: text().notNull(),
      director_id: integer().references(() => directors.id),
    });
    expect(findRenameQuestions(snapshotOf({ directors, movies }), snapshotOf({ directors, movies: other }))).toEqual([]);
    const released = table("movies", {
      id: integer().primaryKey(),
      release_date: date(),
      director_id: integer().references(() => directors.id),
    });
    expect(findRenameQuestions(snapshotOf({ directors, movies }), snapshotOf({ directors, movies: released }))).toEqual([]);
  });
});

describe("resolvers", () => {
  const questions = findRenameQuestions(snapshotOf({ directors, movies }), snapshotOf({ directors, movies: renamedColumn }));

  it("fails listing the decisions it needs, with a distinct code", async () => {
    const error = await failingResolver(questions).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenameDecisionError);
    expect((error as RenameDecisionError).code).toBe("renames_undecided");
    expect((error as RenameDecisionError).message).toContain(
      "column movies.title was dropped and movies.name added with the same definition",
    );
    expect((error as RenameDecisionError).hint).toContain("--rename movies.title=name");
  });

  it("takes decisions from --rename and --not-renamed flags", async () => {
    expect(await hintResolver({ rename: ["movies.title=name"], notRenamed: [] })(questions)).toEqual([
      { kind: "column", table: "movies", from: "title", to: "name" },
    ]);
    expect(await hintResolver({ rename: ["movies.title=movies.name"], notRenamed: [] })(questions)).toEqual([
      { kind: "column", table: "movies", from: "title", to: "name" },
    ]);
    expect(await hintResolver({ rename: [], notRenamed: ["movies.title"] })(questions)).toEqual([
      { kind: "column", table: "movies", from: "title", to: null },
    ]);
  });

  it("refuses a flag that names no candidate, or a target that is not one", async () => {
    await expect(hintResolver({ rename: ["movies.titel=name"], notRenamed: [] })(questions)).rejects.toThrow(/no dropped table or column/);
    await expect(hintResolver({ rename: ["movies.title=other"], notRenamed: [] })(questions)).rejects.toThrow(/cannot be renamed to other/);
    await expect(hintResolver({ rename: ["movies.title"], notRenamed: [] })(questions)).rejects.toThrow(/OLD=NEW/);
  });

  it("passes unanswered questions on", async () => {
    const asked: string[] = [];
    const resolver = hintResolver({ rename: [], notRenamed: [] }, async (open) => {
      asked.push(...open.map(renameLabel));
      return open.map((q) => ({ ...q, to: q.candidates[0]! }));
    });
    expect(await resolver(questions)).toEqual([{ kind: "column", table: "movies", from: "title", to: "name" }]);
    expect(asked).toEqual(["movies.title"]);
  });

  it("refuses two renames to the same new name", () => {
    const two = [
      { kind: "column" as const, table: "t", from: "a", candidates: ["c"] },
      { kind: "column" as const, table: "t", from: "b", candidates: ["c"] },
    ];
    expect(() =>
      checkDecisions(
        two,
        two.map((q) => ({ ...q, to: "c" })),
      ),
    ).toThrow(/Two columns are renamed to c/);
  });

  it("answers everything with 'not renamed' for check", async () => {
    expect(await notRenamedResolver(questions)).toEqual([{ ...questions[0], to: null }]);
  });
});

describe("renames in the plan", () => {
  it("renames a table and keeps foreign keys pointing at it", async () => {
    const reviews = table("reviews", { id: integer().primaryKey(), movie_id: integer().references(() => movies.id, { name: "fk_movie" }) });
    const reviewsOfFilms = table("reviews", {
      id: integer().primaryKey(),
      movie_id: integer().references(() => films.id, { name: "fk_movie" }),
    });
    const plan = await produceMigration(
      snapshotOf({ directors, movies, reviews }),
      snapshotOf({ directors, films, reviews: reviewsOfFilms }),
      {
        ...AS_BUILT,
        resolver: hintResolver({ rename: ["movies=films"], notRenamed: [] }),
      },
    );
    // The primary key and foreign key keep their old names in PostgreSQL (movies_pkey); the models name them
    // after films. Only renamed, they are left alone: dropping movies_pkey would fail, as fk_movie needs it.
    expect(plan.upgrade).toEqual([{ kind: "renameTable", name: "movies", newName: "films" }]);
    expect(plan.downgrade.at(-1)).toEqual({ kind: "operation", operation: { kind: "renameTable", name: "films", newName: "movies" } });
  });

  it("renames a column instead of dropping and adding it", () => {
    const plan = planMigration(
      snapshotOf({ directors, movies }),
      snapshotOf({ directors, movies: renamedColumn }),
      [{ kind: "column", table: "movies", from: "title", to: "name" }],
      AS_BUILT,
    );
    expect(plan.upgrade).toEqual([{ kind: "alterColumn", table: "movies", column: "title", newName: "name" }]);
    expect(plan.dataLoss).toEqual([]);
    expect(plan.downgrade).toEqual([
      { kind: "operation", operation: { kind: "alterColumn", table: "movies", column: "name", newName: "title" } },
    ]);
  });

  it("drops and adds when told it was not renamed", () => {
    const plan = planMigration(
      snapshotOf({ directors, movies }),
      snapshotOf({ directors, movies: renamedColumn }),
      [{ kind: "column", table: "movies", from: "title", to: null }],
      AS_BUILT,
    );
    expect(plan.upgrade.map((op) => op.kind)).toEqual(["dropColumn", "addColumn"]);
    expect(plan.dataLoss.map((loss) => loss.message)).toEqual(["drops column movies.title and its values"]);
  });

  it("never guesses: without a resolver the pipeline fails", async () => {
    await expect(
      produceMigration(snapshotOf({ directors, movies }), snapshotOf({ directors, movies: renamedColumn }), AS_BUILT),
    ).rejects.toBeInstanceOf(RenameDecisionError);
  });

  it("leaves a constraint alone that differs only by name", () => {
    const named = table("directors", { id: integer().primaryKey({ name: "pk_directors" }), name: text().notNull() });
    expect(planMigration(snapshotOf({ directors }), snapshotOf({ directors: named }), [], AS_BUILT).upgrade).toEqual([]);
  });

  it("applies column renames to keys and indexes of the database side", () => {
    const { snapshot } = applyRenames(snapshotOf({ directors, movies }), [
      { kind: "column", table: "directors", from: "id", to: "director_id" },
    ]);
    const renamed = snapshot.tables.find((t) => t.name === "directors")!;
    expect(renamed.primaryKey?.columns).toEqual(["director_id"]);
    expect(snapshot.tables.find((t) => t.name === "movies")!.foreignKeys[0]?.referredColumns).toEqual(["director_id"]);
  });
});

// Literal fixtures: a snapshot of the given tables, and columns with one attribute changed at a time.
const snap = (...tables: Table[]): SchemaSnapshot => ({ tables, enums: [], sequences: [], schemas: [] });
const column = (name: string, extra: Partial<Column> = {}): Column => ({ name, type: { kind: "integer" }, nullable: true, ...extra });
const tableOf = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...extra,
});
const base = [column("id", { nullable: false }), column("title", { type: { kind: "varchar", length: 200 } })];

/** Each attribute that makes a column's definition: the column with it changed. */
const changedDefinitions: readonly (readonly [string, Column])[] = [
  ["type", column("title", { type: { kind: "text" } })],
  ["type parameter", column("title", { type: { kind: "varchar", length: 100 } })],
  ["nullability", column("title", { type: { kind: "varchar", length: 200 }, nullable: false })],
  ["default", column("title", { type: { kind: "varchar", length: 200 }, default: { kind: "literal", value: "x" } })],
  ["identity", column("title", { type: { kind: "varchar", length: 200 }, identity: { always: true } })],
  ["serial", column("title", { type: { kind: "varchar", length: 200 }, default: { kind: "expression", sql: "nextval('s')" } })],
];

describe("table rename questions", () => {
  it("does not offer an unrelated table as a rename", () => {
    const directors = tableOf("directors", [column("id", { nullable: false }), column("name", { type: { kind: "text" } })]);
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(directors))).toEqual([]);
  });

  it("does not offer a table with more or fewer columns", () => {
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(tableOf("films", [...base, column("extra")])))).toEqual([]);
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(tableOf("films", base.slice(0, 1))))).toEqual([]);
    expect(findRenameQuestions(snap(tableOf("movies", base.slice(0, 1))), snap(tableOf("films", base)))).toEqual([]);
  });

  it("does not offer a table whose columns have other names", () => {
    const renamed = [base[0]!, { ...base[1]!, name: "name" }];
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(tableOf("films", renamed)))).toEqual([]);
  });

  it("offers a table with the same columns in another order, and ignores constraints, indexes and comments", () => {
    const films = tableOf("films", [...base].reverse(), {
      comment: "Films",
      primaryKey: { kind: "primaryKey", name: "films_pkey", columns: ["id"] },
      indexes: [{ name: "ix", elements: [{ kind: "column", name: "title" }], unique: false }],
    });
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(films))).toEqual([
      { kind: "table", from: "movies", candidates: ["films"] },
    ]);
  });

  it.each(changedDefinitions)("does not offer a table when one column's %s differs", (_attribute, changed) => {
    const same = findRenameQuestions(snap(tableOf("movies", base)), snap(tableOf("films", base)));
    expect(same).toEqual([{ kind: "table", from: "movies", candidates: ["films"] }]);
    expect(findRenameQuestions(snap(tableOf("movies", base)), snap(tableOf("films", [base[0]!, changed])))).toEqual([]);
  });

  it("offers every candidate, in name order, and asks nothing about tables on both sides", () => {
    const questions = findRenameQuestions(
      snap(tableOf("movies", base), tableOf("kept", base)),
      snap(tableOf("kept", base), tableOf("pictures", base), tableOf("films", base)),
    );
    expect(questions).toEqual([{ kind: "table", from: "movies", candidates: ["films", "pictures"] }]);
  });

  it("offers only tables of the same schema, the default one spelled or not", () => {
    const items = (schema?: string) => tableOf("items", base, schema === undefined ? {} : { schema });
    const goods = (schema?: string) => tableOf("goods", base, schema === undefined ? {} : { schema });
    expect(findRenameQuestions(snap(items("inventory")), snap(goods("inventory")))).toEqual([
      { kind: "table", schema: "inventory", from: "items", candidates: ["goods"] },
    ]);
    expect(findRenameQuestions(snap(items("inventory")), snap(goods()))).toEqual([]);
    expect(findRenameQuestions(snap(items()), snap(goods("inventory")))).toEqual([]);
    expect(findRenameQuestions(snap(items("public")), snap(goods()))).toEqual([
      { kind: "table", schema: "public", from: "items", candidates: ["goods"] },
    ]);
  });
});

describe("column rename questions", () => {
  it.each(changedDefinitions)("offers a column exactly when its %s matches", (_attribute, changed) => {
    const before = snap(tableOf("movies", [base[0]!, { ...changed, name: "old" }]));
    expect(findRenameQuestions(before, snap(tableOf("movies", [base[0]!, { ...changed, name: "new" }])))).toEqual([
      { kind: "column", table: "movies", from: "old", candidates: ["new"] },
    ]);
    const other = { ...base[1]!, name: "new" };
    expect(findRenameQuestions(before, snap(tableOf("movies", [base[0]!, other])))).toEqual([]);
  });

  it("ignores a column's comment", () => {
    const before = snap(tableOf("movies", [base[0]!, column("old")]));
    expect(findRenameQuestions(before, snap(tableOf("movies", [base[0]!, column("new", { comment: "New" })])))).toEqual([
      { kind: "column", table: "movies", from: "old", candidates: ["new"] },
    ]);
  });

  it("offers only columns added to the same table, in name order", () => {
    const before = snap(tableOf("movies", [column("id"), column("old")]), tableOf("other", [column("id")]));
    const after = snap(tableOf("movies", [column("id"), column("b"), column("a")]), tableOf("other", [column("id"), column("c")]));
    expect(findRenameQuestions(before, after)).toEqual([{ kind: "column", table: "movies", from: "old", candidates: ["a", "b"] }]);
  });

  it("asks nothing about columns of a dropped table, and names the schema of a column's table", () => {
    const before = snap(tableOf("movies", [column("old")]), tableOf("items", [column("old"), column("x")], { schema: "inventory" }));
    const after = snap(
      tableOf("items", [column("new"), column("x")], { schema: "inventory" }),
      tableOf("films", [column("y"), column("z")]),
    );
    expect(findRenameQuestions(before, after)).toEqual([
      { kind: "column", schema: "inventory", table: "items", from: "old", candidates: ["new"] },
    ]);
  });

  it("lists table questions before column questions, each by name", () => {
    const before = snap(
      tableOf("b", [column("id"), column("old")]),
      tableOf("z", base),
      tableOf("a", [column("id"), column("old")]),
      tableOf("y", base),
    );
    const after = snap(tableOf("b", [column("id"), column("new")]), tableOf("x", base), tableOf("a", [column("id"), column("new")]));
    expect(findRenameQuestions(before, after).map((q) => `${q.kind} ${renameLabel(q)}`)).toEqual([
      "table y",
      "table z",
      "column a.old",
      "column b.old",
    ]);
  });
});

describe("rename decisions", () => {
  const tableQuestion: RenameQuestion = { kind: "table", schema: "inventory", from: "items", candidates: ["goods", "wares"] };
  const columnQuestion: RenameQuestion = { kind: "column", table: "movies", from: "title", candidates: ["name"] };

  it("labels objects as the flags name them", () => {
    expect(renameLabel(tableQuestion)).toBe("inventory.items");
    expect(renameLabel({ kind: "table", from: "movies" })).toBe("movies");
    expect(renameLabel({ kind: "table", schema: "public", from: "movies" })).toBe("movies");
    expect(renameLabel(columnQuestion)).toBe("movies.title");
    expect(renameLabel({ ...columnQuestion, schema: "inventory" })).toBe("inventory.movies.title");
  });

  it("pairs each question with its decision, without the candidates", () => {
    expect(
      checkDecisions(
        [tableQuestion, columnQuestion],
        [
          { kind: "column", table: "movies", from: "title", to: null },
          { kind: "table", schema: "inventory", from: "items", to: "wares" },
        ],
      ),
    ).toEqual([
      { kind: "table", schema: "inventory", from: "items", to: "wares" },
      { kind: "column", table: "movies", from: "title", to: null },
    ]);
  });

  it("tells a person which target would do", () => {
    const error = catching(() => checkDecisions([tableQuestion], [{ kind: "table", schema: "inventory", from: "items", to: "stock" }]));
    expect(error).toBeInstanceOf(RetortError);
    expect(error.code).toBe("usage");
    expect(error.message).toBe("inventory.items cannot be renamed to stock: it is not an added table with the same definition.");
    expect(error.hint).toBe("Candidates: goods, wares.");
  });

  it("refuses two renames to one name in a table, and allows the same name in two tables", () => {
    const two: RenameQuestion[] = [
      { kind: "column", table: "t", from: "a", candidates: ["c"] },
      { kind: "column", table: "t", from: "b", candidates: ["c"] },
    ];
    const error = catching(() =>
      checkDecisions(two, [
        { ...two[0]!, to: "c" },
        { ...two[1]!, to: "c" },
      ]),
    );
    expect(error).toBeInstanceOf(RetortError);
    expect(error.code).toBe("usage");
    expect(error.message).toBe("Two columns are renamed to c.");
    expect(error.hint).toBe("Rename each dropped object to a different new one.");
    const apart: RenameQuestion[] = [two[0]!, { ...two[1]!, table: "u" }];
    expect(
      checkDecisions(apart, [
        { ...apart[0]!, to: "c" },
        { ...apart[1]!, to: "c" },
      ]).map((d) => d.to),
    ).toEqual(["c", "c"]);
    expect(
      checkDecisions(two, [
        { ...two[0]!, to: null },
        { ...two[1]!, to: null },
      ]).map((d) => d.to),
    ).toEqual([null, null]);
  });

  it("matches a decision by kind and label", () => {
    const error = catching(() => checkDecisions([columnQuestion], [{ kind: "table", from: "movies.title", to: "name" }]));
    expect(error).toBeInstanceOf(RenameDecisionError);
  });

  it("lists the open decisions where a person reads them", () => {
    const error = catching(() =>
      checkDecisions([tableQuestion, columnQuestion], [{ kind: "column", table: "movies", from: "title", to: null }]),
    );
    expect(error).toBeInstanceOf(RenameDecisionError);
    expect(error.code).toBe("renames_undecided");
    expect(error.message).toBe(
      "Autogenerate needs 1 rename decision(s) before it can write the revision:\n" +
        "  table inventory.items was dropped and inventory.goods or inventory.wares added with the same definition",
    );
    expect(error.hint).toBe(
      "Say what happened with --rename OLD=NEW (it was renamed) or --not-renamed OLD (dropped, and the new one created) " +
        "(e.g. --rename inventory.items=goods or --not-renamed inventory.items); on a terminal, Retort asks.",
    );
    expect((error as RenameDecisionError).questions).toEqual([tableQuestion]);
    expect(error.details).toEqual({ questions: [tableQuestion] });
    const both = new RenameDecisionError([columnQuestion, { ...columnQuestion, from: "body", candidates: ["text", "content"] }]);
    expect(both.message).toBe(
      "Autogenerate needs 2 rename decision(s) before it can write the revision:\n" +
        "  column movies.title was dropped and movies.name added with the same definition\n" +
        "  column movies.body was dropped and movies.text or movies.content added with the same definition",
    );
    expect(new RenameDecisionError([]).hint).toBe(
      "Say what happened with --rename OLD=NEW (it was renamed) or --not-renamed OLD (dropped, and the new one created); on a terminal, Retort asks.",
    );
  });

  it("resolves nothing when nothing is asked", async () => {
    expect(await failingResolver([])).toEqual([]);
    expect(await hintResolver({ rename: [], notRenamed: [] }, failingResolver)([])).toEqual([]);
  });
});

describe("--rename and --not-renamed", () => {
  const questions: RenameQuestion[] = [
    { kind: "table", schema: "inventory", from: "items", candidates: ["goods", "wares"] },
    { kind: "column", table: "movies", from: "title", candidates: ["name"] },
  ];

  it("answers tables and columns, with or without the prefix on the new name", async () => {
    const decide = (rename: string[], notRenamed: string[] = []) => hintResolver({ rename, notRenamed })(questions);
    expect(await decide(["inventory.items=wares", "movies.title=name"])).toEqual([
      { kind: "table", schema: "inventory", from: "items", to: "wares" },
      { kind: "column", table: "movies", from: "title", to: "name" },
    ]);
    expect((await decide(["inventory.items=inventory.goods"], ["movies.title"])).map((d) => d.to)).toEqual(["goods", null]);
  });

  it("strips the table from the new name only where it is a prefix", async () => {
    const question: RenameQuestion = { kind: "column", table: "t", from: "a", candidates: ["b", "tb"] };
    expect(await hintResolver({ rename: ["t.a=t.b"], notRenamed: [] })([question])).toEqual([
      { kind: "column", table: "t", from: "a", to: "b" },
    ]);
    expect(await hintResolver({ rename: ["t.a=tb"], notRenamed: [] })([question])).toEqual([
      { kind: "column", table: "t", from: "a", to: "tb" },
    ]);
  });

  it.each([["=name"], ["movies.title="], ["movies.title"]])("refuses --rename %s, saying how to write it", async (hint) => {
    const error = await rejected(hintResolver({ rename: [hint], notRenamed: [] })(questions));
    expect(error.code).toBe("usage");
    expect(error.message).toBe(`--rename ${hint}: write OLD=NEW, e.g. movies.title=name or movies=films.`);
  });

  it("names the flag and the candidates when a flag names no question", async () => {
    const error = await rejected(hintResolver({ rename: [], notRenamed: ["movies.titel"] })(questions));
    expect(error.code).toBe("usage");
    expect(error.message).toBe("--not-renamed movies.titel: no dropped table or column of that name has a rename candidate.");
    expect(error.hint).toBe("Rename candidates: inventory.items, movies.title.");
    const none = await rejected(hintResolver({ rename: ["movies=films"], notRenamed: [] })([]));
    expect(none.message).toBe("--rename movies: no dropped table or column of that name has a rename candidate.");
    expect(none.hint).toBe("Rename candidates: none.");
  });

  it("refuses a label that is both a table and a column", async () => {
    const both: RenameQuestion[] = [
      { kind: "table", schema: "movies", from: "title", candidates: ["name"] },
      { kind: "column", table: "movies", from: "title", candidates: ["name"] },
    ];
    const error = await rejected(hintResolver({ rename: [], notRenamed: ["movies.title"] })(both));
    expect(error.message).toBe("--not-renamed movies.title is ambiguous (a table and a column).");
    expect(error.hint).toBe("Rename candidates: movies.title, movies.title.");
  });

  it("passes only the unanswered questions on, and checks every answer", async () => {
    const asked: RenameQuestion[][] = [];
    const next = async (open: readonly RenameQuestion[]) => {
      asked.push([...open]);
      return open.map((q) => ({ ...q, to: "elsewhere" }));
    };
    await expect(hintResolver({ rename: ["movies.title=name"], notRenamed: [] }, next)(questions)).rejects.toThrow(
      "inventory.items cannot be renamed to elsewhere",
    );
    expect(asked).toEqual([[questions[0]]]);
    asked.length = 0;
    await hintResolver({ rename: ["movies.title=name"], notRenamed: ["inventory.items"] }, next)(questions);
    expect(asked).toEqual([]);
  });
});

describe("applying renames", () => {
  const directorsTable = tableOf("directors", [column("id"), column("name")], {
    primaryKey: { kind: "primaryKey", name: "directors_pkey", columns: ["id"] },
    uniqueConstraints: [{ kind: "unique", name: "directors_name_key", columns: ["name"] }],
    indexes: [
      {
        name: "ix_directors",
        elements: [
          { kind: "column", name: "name", order: "desc" },
          { kind: "expression", sql: "lower(name)" },
        ],
        unique: false,
        include: ["id"],
      },
      { name: "ix_plain", elements: [{ kind: "column", name: "id" }], unique: false },
    ],
  });
  const moviesTable = tableOf("movies", [column("id"), column("director_id")], {
    foreignKeys: [
      {
        kind: "foreignKey",
        name: "movies_director_id_fkey",
        columns: ["director_id"],
        referredTable: "directors",
        referredColumns: ["id"],
      },
    ],
  });
  const itemsTable = tableOf("items", [column("id")], { schema: "inventory" });
  const before = snap(directorsTable, moviesTable, itemsTable);

  it("leaves the snapshot as it is without renames", () => {
    for (const decisions of [[], [{ kind: "table" as const, from: "movies", to: null }]]) {
      const result = applyRenames(before, decisions);
      expect(result.snapshot).toBe(before);
      expect(result.operations).toEqual([]);
      expect([...result.originals]).toEqual([
        ["public.directors", directorsTable],
        ["public.movies", moviesTable],
        ["inventory.items", itemsTable],
      ]);
    }
  });

  it("renames tables (with their schema) and the foreign keys pointing at them", () => {
    const result = applyRenames(before, [
      { kind: "table", from: "directors", to: "people" },
      { kind: "table", schema: "inventory", from: "items", to: "goods" },
    ]);
    expect(result.operations).toEqual([
      { kind: "renameTable", name: "directors", newName: "people" },
      { kind: "renameTable", name: "items", newName: "goods", schema: "inventory" },
    ]);
    expect(result.snapshot.tables.map((t) => t.name)).toEqual(["people", "movies", "goods"]);
    expect(result.snapshot.tables[1]!.foreignKeys[0]).toEqual({ ...moviesTable.foreignKeys[0], referredTable: "people" });
    expect(result.originals.get("public.people")).toBe(directorsTable);
    expect(result.originals.get("inventory.goods")).toBe(itemsTable);
    expect(result.originals.has("public.directors")).toBe(false);
    expect(before.tables[0]!.name).toBe("directors");
  });

  it("renames columns in the table's keys, indexes and the foreign keys pointing at them", () => {
    const result = applyRenames(before, [
      { kind: "column", table: "directors", from: "id", to: "key" },
      { kind: "column", table: "directors", from: "name", to: "full_name" },
      { kind: "column", table: "movies", from: "director_id", to: "by" },
    ]);
    expect(result.operations).toEqual([
      { kind: "alterColumn", table: "directors", column: "id", newName: "key" },
      { kind: "alterColumn", table: "directors", column: "name", newName: "full_name" },
      { kind: "alterColumn", table: "movies", column: "director_id", newName: "by" },
    ]);
    const [directors, movies, items] = result.snapshot.tables;
    expect(directors).toEqual({
      ...directorsTable,
      columns: [column("key"), column("full_name")],
      primaryKey: { kind: "primaryKey", name: "directors_pkey", columns: ["key"] },
      uniqueConstraints: [{ kind: "unique", name: "directors_name_key", columns: ["full_name"] }],
      indexes: [
        {
          name: "ix_directors",
          elements: [
            { kind: "column", name: "full_name", order: "desc" },
            { kind: "expression", sql: "lower(name)" },
          ],
          unique: false,
          include: ["key"],
        },
        { name: "ix_plain", elements: [{ kind: "column", name: "key" }], unique: false },
      ],
    });
    expect(movies!.foreignKeys).toEqual([{ ...moviesTable.foreignKeys[0], columns: ["by"], referredColumns: ["key"] }]);
    expect(items).toEqual(itemsTable);
    expect(result.originals.get("public.directors")).toBe(directorsTable);
  });

  it("renames a column of a table in another schema", () => {
    const result = applyRenames(before, [{ kind: "column", schema: "inventory", table: "items", from: "id", to: "key" }]);
    expect(result.operations).toEqual([{ kind: "alterColumn", table: "items", schema: "inventory", column: "id", newName: "key" }]);
    expect(result.snapshot.tables[2]!.columns.map((c) => c.name)).toEqual(["key"]);
    expect(result.snapshot.tables[0]).toEqual(directorsTable);
  });

  it("keeps a table without a primary key without one", () => {
    const result = applyRenames(before, [{ kind: "column", table: "movies", from: "id", to: "key" }]);
    expect("primaryKey" in result.snapshot.tables[1]!).toBe(false);
  });
});

function catching(run: () => unknown): RetortError {
  try {
    run();
  } catch (error) {
    return error as RetortError;
  }
  throw new Error("expected an error");
}

async function rejected(promise: Promise<unknown>): Promise<RetortError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as RetortError,
  );
}

describe("renames in the default schema", () => {
  // Questions, decisions and operations there carry no `schema` key at all, as the files they are written into.
  it("asks without a schema key", () => {
    const from = snap(tableOf("movies", [column("id"), column("title")]), tableOf("old", [column("id")]));
    const to = snap(tableOf("movies", [column("id"), column("name")]), tableOf("new", [column("id")]));
    expect(findRenameQuestions(from, to)).toStrictEqual([
      { kind: "table", from: "old", candidates: ["new"] },
      { kind: "column", table: "movies", from: "title", candidates: ["name"] },
    ]);
  });

  it("renames without a schema key, and leaves expression elements of an index without a name", () => {
    const expression = { kind: "expression" as const, sql: "lower(title)" };
    const movies = tableOf("movies", [column("id"), column("title")], {
      indexes: [{ name: "ix_title", elements: [{ kind: "column", name: "title" }, expression], unique: false }],
    });
    const result = applyRenames(snap(movies), [
      { kind: "table", from: "movies", to: "films" },
      { kind: "column", table: "movies", from: "title", to: "name" },
    ]);
    expect(result.operations).toStrictEqual([
      { kind: "renameTable", name: "movies", newName: "films" },
      { kind: "alterColumn", table: "movies", column: "title", newName: "name" },
    ]);
    expect(result.snapshot.tables[0]!.indexes[0]!.elements).toStrictEqual([{ kind: "column", name: "name" }, expression]);
  });
});
