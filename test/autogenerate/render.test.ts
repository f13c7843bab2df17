import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { planMigration, type PlanOptions } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import type { RenameDecision } from "../../src/autogenerate/renames.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import {
  check,
  enumColumn,
  enumType,
  index,
  integer,
  numeric,
  smallint,
  sql,
  table,
  text,
  timestamptz,
  varchar,
} from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden as expectGoldenFile } from "../helpers/golden.js";
import { AS_BUILT, EMPTY, snapshotOf } from "./helpers.js";
import * as rich from "./fixtures/rich-models.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A whole revision file for the plan from `from` to `to`, byte-stable. */
function revisionFile(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  message: string,
  renames: readonly RenameDecision[] = [],
  parent?: string,
  options: PlanOptions = AS_BUILT,
): string {
  const plan = planMigration(from, to, renames, options);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, options.rules);
  return renderRevisionFile({
    revision: parent === undefined ? "1975ea83b712" : "27c6a30d7c24",
    downRevisions: parent === undefined ? [] : [parent],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...body,
  });
}

function expectGolden(name: string, text: string): void {
  expectGoldenFile(path.join(GOLDEN, name), text);
}

const richSnapshot = snapshotOf(rich);

/** The rich model after a round of everyday edits. */
function editedSnapshot(): SchemaSnapshot {
  const genre = enumType("genre", ["drama", "comedy", "horror", "thriller", "documentary"]);
  const movies = table(
    "movies",
    {
      id: integer().primaryKey(),
      name: varchar(200).notNull(),
      genre: enumColumn(genre).notNull().default("drama"),
      rating: enumColumn(rich.rating),
      release_date: timestamptz(),
      runtime_minutes: integer(),
      budget: numeric(12, 2).comment("In US dollars"),
      director_id: integer().references(() => rich.directors.id, { onDelete: "set null" }),
      studio_id: integer()
        .notNull()
        .references(() => rich.studios.id),
      tags: text().array().notNull().default(sql`'{}'::text[]`),
      metadata: text().notNull().default("{}"),
      search: text(),
      external_id: varchar(36).notNull().unique().default(sql`gen_random_uuid()`),
      language: varchar(8).notNull().default("en"),
    },
    {
      checks: [check("ck_movies_runtime", sql`runtime_minutes BETWEEN 1 AND 600`)],
      indexes: [
        index("ix_movies_title", ["name"]),
        index("ix_movies_tags", ["tags"], { method: "gin" }),
        index("ix_movies_release", [{ column: "release_date", order: "desc" }], { where: sql`release_date IS NOT NULL` }),
        index("ix_movies_language", ["language", "release_date"]),
      ],
    },
  );
  const reviews = table("reviews", {
    id: integer().primaryKey(),
    movie_id: integer()
      .notNull()
      .references(() => movies.id, { onDelete: "cascade", onUpdate: "cascade" }),
    stars: smallint().notNull(),
    body: text(),
    created_at: timestamptz().notNull().default(sql`now()`),
  });
  const { auditEvents: _dropped, moveReason: _changed, ...kept } = rich;
  return snapshotOf({
    ...kept,
    genre,
    movies,
    reviews,
    moveReason: enumType("move_reason", ["purchase", "sale"], { schema: "inventory" }),
  });
}

describe("rendered revisions", () => {
  it("creates the rich model from an empty database", () => {
    expectGolden("create-rich-model.ts", revisionFile(EMPTY, richSnapshot, "create the rich model"));
  });

  it("keeps the models' spelling when comparing normalised snapshots", () => {
    expect(revisionFile(EMPTY, richSnapshot, "create the rich model", [], undefined, { rules: postgresComparison })).toBe(
      revisionFile(EMPTY, richSnapshot, "create the rich model"),
    );
  });

  it("writes a round of edits, with data loss, USING casts and hand-written changes marked", () => {
    const text = revisionFile(
      richSnapshot,
      editedSnapshot(),
      "everyday edits",
      [{ kind: "column", table: "movies", from: "title", to: "name" }],
      "1975ea83b712",
    );
    expectGolden("everyday-edits.ts", text);
    expect(text).toContain("// DATA LOSS: drops table audit_events and all its rows.");
    expect(text).toContain('await op.alterColumn("movies", "title", { newName: "name" });');
    expect(text).toContain("// TODO: autogenerate cannot write these changes; write them here by hand:");
    expect(text).toContain("PostgreSQL cannot remove a value from an enum");
  });

  it("reads like a person wrote it", () => {
    const movies = table("movies", { id: integer().primaryKey(), title: varchar(200).notNull() });
    const text = revisionFile(EMPTY, snapshotOf({ movies }), "create movies table");
    expect(text).toContain(`import { integer, varchar } from "retort/schema";

export const revision = "1975ea83b712";`);
    expect(text).toContain(`export async function upgrade(op: Operations): Promise<void> {
  await op.createTable("movies", {
    id: integer().primaryKey(),
    title: varchar(200).notNull(),
  });
}

export async function downgrade(op: Operations): Promise<void> {
  // DATA LOSS: drops table movies and all its rows.
  await op.dropTable("movies");
}
`);
  });

  it("type-checks with the TypeScript compiler", () => {
    const files = ["create-rich-model.ts", "everyday-edits.ts"].map((name) => path.join(GOLDEN, name));
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
      skipLibCheck: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      baseUrl: ROOT,
      paths: { retort: ["src/index.ts"], "retort/schema": ["src/schema/index.ts"] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n") + (d.file ? ` (${path.basename(d.file.fileName)})` : ""));
    expect(diagnostics).toEqual([]);
  });
});
