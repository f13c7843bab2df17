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
  renameLabel,
} from "./renames.js";

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
