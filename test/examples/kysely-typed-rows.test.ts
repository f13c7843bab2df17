/**
 * Typed rows end to end: models migrated by `retort upgrade head` on the PostgreSQL server, then written and read
 * through `new Kysely<DatabaseOf<typeof models>>` on a `pg` pool. The values asserted are what `pg` returns, so
 * the types the models give (test/types/typed-rows.ts checks those) are the ones a query meets.
 */
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseOf, Insertable, Selectable } from "../../src/schema/index.js";
import type * as models from "../fixtures/typed-rows/models.js";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject } from "../helpers/project.js";
import { runRetort } from "../helpers/spawn-cli.js";

const MODELS = new URL("../fixtures/typed-rows/models.ts", import.meta.url).pathname;

describe("typed rows through Kysely", () => {
  const database = serverDatabaseUrl("retort_typed_rows");
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let db: Kysely<DatabaseOf<typeof models>>;

  beforeAll(async () => {
    dir = await tempDirectory("retort-typed-rows-");
    const project = await createProject(dir.path, database.url, `, models: ${JSON.stringify(MODELS)}, includeSchemas: ["public", "audit"]`);
    const env = { RETORT_ENV: "development" };
    const revision = await runRetort(["-c", project.configPath, "revision", "--autogenerate", "-m", "typed rows"], { cwd: dir.path, env });
    expect(revision.code, revision.stderr).toBe(0);
    const upgrade = await runRetort(["-c", project.configPath, "upgrade", "head"], { cwd: dir.path, env });
    expect(upgrade.code, upgrade.stderr).toBe(0);
    db = new Kysely<DatabaseOf<typeof models>>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }),
    });
  });

  afterAll(async () => {
    await db?.destroy();
    await dropServerDatabase(database.name);
    await dir?.remove();
  });

  it("inserts with defaults left out and reads what pg returns", async () => {
    const alien: Insertable<typeof models.movies> = { title: "Alien" };
    const inserted: Selectable<typeof models.movies> = await db.insertInto("movies").values(alien).returningAll().executeTakeFirstOrThrow();
    expect(inserted).toMatchObject({
      id: 1,
      title: "Alien",
      release_date: null,
      genre: "drama",
      budget: null,
      views: "0",
      runtime: null,
      details: null,
      tags: [],
      genres: null,
      scores: null,
      poster: null,
    });
    expect(inserted.created_at).toBeInstanceOf(Date);

    await db
      .insertInto("movies")
      .values({
        title: "Heat",
        release_date: "1995-12-15",
        genre: "thriller",
        budget: 60000000.5,
        views: 9007199254740993n,
        runtime: "2 hours 50 minutes",
        details: { cast: ["Pacino", "De Niro"] },
        tags: ["heist", "la"],
        genres: ["thriller", "drama"],
        scores: [8.5, "7.0"],
        poster: Buffer.from([1, 2, 3]),
      })
      .execute();
    const heat = await db.selectFrom("movies").selectAll().where("title", "=", "Heat").executeTakeFirstOrThrow();
    expect(heat.id).toBe(2);
    expect(heat.release_date).toBeInstanceOf(Date);
    expect([heat.release_date?.getFullYear(), heat.release_date?.getMonth(), heat.release_date?.getDate()]).toEqual([1995, 11, 15]);
    expect(heat.budget).toBe("60000000.50");
    expect(heat.views).toBe("9007199254740993");
    expect(heat.runtime).toMatchObject({ hours: 2, minutes: 50 });
    expect(heat.runtime?.toISOString()).toBe("P0Y0M0DT2H50M0S");
    expect(heat.details?.cast).toEqual(["Pacino", "De Niro"]);
    expect(heat.tags).toEqual(["heist", "la"]);
    // pg leaves arrays of enum types as text, as their type says.
    const genres: string | null = heat.genres;
    expect(genres).toBe("{thriller,drama}");
    // A numeric arrives as a string, but pg parses an array of them into numbers.
    const scores: number[] | null = heat.scores;
    expect(scores).toEqual([8.5, 7]);
    expect(heat.poster).toEqual(Buffer.from([1, 2, 3]));
  });

  it("updates, and keys a table outside the default schema by its schema", async () => {
    await db.updateTable("movies").set({ genre: "comedy", budget: null }).where("id", "=", 1).execute();
    const alien = await db.selectFrom("movies").select(["genre", "budget"]).where("id", "=", 1).executeTakeFirstOrThrow();
    expect(alien).toEqual({ genre: "comedy", budget: null });

    await db.insertInto("audit.events").values({ movie_id: 1, kind: "retitled" }).execute();
    const events = await db.selectFrom("audit.events").selectAll().execute();
    expect(events).toEqual([{ id: 1, movie_id: 1, kind: "retitled" }]);
  });
});
