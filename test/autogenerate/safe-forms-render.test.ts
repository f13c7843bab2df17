/**
 * The safe forms autogenerate writes for changes to existing tables, as whole revision files (golden), and the
 * plan behind them: what goes into the transactional revision, what into its non-transactional child. The golden
 * files are type-checked with the project (tsconfig.json includes test/).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { renderSafeRevisions } from "../../src/autogenerate/render/safe-revisions.js";
import { planSafeForms } from "../../src/autogenerate/safe-forms.js";
import { postgresSafeForms } from "../../src/dialects/postgres/lint/safe-forms.js";
import type { SafeFormSupport } from "../../src/dialects/safe-forms.js";
import type { Operation } from "../../src/ops/operation.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import { bigint, check, index, integer, sql, table, text, uuid, varchar } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { AS_BUILT, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/safe-forms/", import.meta.url));

const directors = table("directors", { id: integer().primaryKey(), name: text() });

function before(): SchemaSnapshot {
  const movies = table("movies", {
    id: integer().primaryKey(),
    title: varchar(200),
    rating: integer(),
    director_id: integer(),
    slug: text(),
  });
  return snapshotOf({ directors, movies });
}

/** Every kind of change the safe forms rewrite, on the existing movies, and a new table that keeps the plain forms. */
function after(): SchemaSnapshot {
  const studios = table(
    "studios",
    { id: integer().primaryKey(), name: text().notNull(), director_id: integer().references(() => directors.id) },
    { indexes: [index("ix_studios_name", ["name"])] },
  );
  const movies = table(
    "movies",
    {
      id: integer().primaryKey(),
      title: varchar(300).notNull(),
      rating: bigint(),
      director_id: integer().references(() => directors.id),
      slug: text().unique(),
      language: varchar(8).notNull().default("en"),
      external_id: uuid().notNull().default(sql`gen_random_uuid()`),
      studio_id: integer().references(() => studios.id),
    },
    { checks: [check("ck_movies_rating", sql`rating >= 0`)], indexes: [index("ix_movies_title", ["title"])] },
  );
  return snapshotOf({ directors, movies, studios });
}

async function support(ops: readonly Operation[]): Promise<SafeFormSupport> {
  return postgresSafeForms(ops);
}

/** The revision files of the safe plan from `from` to `to`, byte-stable. */
async function revisionFiles(from: SchemaSnapshot, to: SchemaSnapshot, message: string): Promise<string[]> {
  const plan = planMigration(from, to, [], AS_BUILT);
  const bodies = renderSafeRevisions(planSafeForms(plan.upgrade, await support(plan.upgrade)), plan.manual, AS_BUILT.rules);
  const ids = ["1975ea83b712", "27c6a30d7c24"];
  return bodies.map((body, i) =>
    renderRevisionFile({
      revision: ids[i]!,
      downRevisions: i === 0 ? [] : [ids[0]!],
      branchLabels: [],
      dependsOn: [],
      message: i === 0 ? message : `${message} (concurrent part)`,
      createDate: new Date(2026, 10, 28, 10, 0, 0),
      ...body,
    }),
  );
}

describe("safe forms rendered", () => {
  let files: string[];
  beforeEach(async () => {
    files = await revisionFiles(before(), after(), "edit movies");
  });

  it("writes a transactional revision and its non-transactional child", () => {
    expect(files).toHaveLength(2);
    expectGolden(path.join(GOLDEN, "edit-movies.ts"), files[0]!);
    expectGolden(path.join(GOLDEN, "edit-movies-concurrent.ts"), files[1]!);
    expect(files[0]).not.toContain("export const transactional");
    expect(files[1]).toContain("export const transactional = false;");
  });

  it("keeps the plain forms on a table the revision creates", () => {
    const [first, second] = files as [string, string];
    expect(first).toContain('await op.createTable("studios", {');
    expect(first).toContain('director_id: integer().references("directors.id"),');
    expect(first).toContain('indexes: [index("ix_studios_name", ["name"])]');
    expect(second).not.toContain("studios");
  });

  it("writes one non-transactional file when only indexes change", async () => {
    const movies = table("movies", { id: integer().primaryKey(), title: text() });
    const indexed = table("movies", { id: integer().primaryKey(), title: text() }, { indexes: [index("ix_movies_title", ["title"])] });
    const only = await revisionFiles(snapshotOf({ movies }), snapshotOf({ movies: indexed }), "index titles");
    expect(only).toHaveLength(1);
    expect(only[0]).toContain('export const message = "index titles";\nexport const transactional = false;');
    expect(only[0]).toContain('await op.createIndex("ix_movies_title", "movies", ["title"], { concurrently: true });');
    expect(only[0]).toContain('await op.dropIndex("ix_movies_title", { table: "movies", concurrently: true });');
    expect(only[0]).not.toContain("concurrently-mixed");
  });

  it("writes one transactional file when nothing needs to run outside a transaction", async () => {
    const movies = table("movies", { id: integer().primaryKey(), title: text() });
    const added = table("movies", { id: integer().primaryKey(), title: text(), language: varchar(8).notNull().default("en") });
    const only = await revisionFiles(snapshotOf({ movies }), snapshotOf({ movies: added }), "add language");
    expect(only).toHaveLength(1);
    expect(only[0]).toContain('await op.addColumn("movies", "language", varchar(8).notNull().default("en"));');
    expect(only[0]).not.toContain("transactional");
    expect(only[0]).not.toContain("TODO");
  });
});
