/**
 * Models files for autogenerate's CLI tests: the rich model re-exported, with `movies` (and `genre`)
 * replaced by an edited version, written into a test project as `models.ts`.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as rich from "./fixtures/rich-models.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/rich-models.ts", import.meta.url));
const SCHEMA = "retort/schema";

/** Edits of `movies` and `genre`, applied one after another in the series test. */
export interface MovieEdits {
  /** Extra column definitions, e.g. `language: varchar(8).notNull().default("en")`. */
  readonly columns?: readonly string[];
  /** The title column's name (renamed in the last step). */
  readonly titleName?: string;
  /** The runtime column's builder (`smallint()` in the fixture). */
  readonly runtime?: string;
  /** Extra index builders. */
  readonly indexes?: readonly string[];
  /** The genre enum's values. */
  readonly genreValues?: readonly string[];
}

/** The models module text for `edits`. */
export function moviesModels(edits: MovieEdits = {}): string {
  const title = edits.titleName ?? "title";
  const kept = Object.keys(rich).filter((name) => name !== "movies" && name !== "genre");
  return `import * as base from ${JSON.stringify(FIXTURE)};
import { bigint, date, enumColumn, enumType, index, integer, jsonb, numeric, smallint, sql, table, text, unique, uuid, varchar, customType, check } from ${JSON.stringify(SCHEMA)};

export const { ${kept.join(", ")} } = base;

export const genre = enumType("genre", ${JSON.stringify(edits.genreValues ?? rich.genre.values)});

export const movies = table("movies", {
  id: integer().primaryKey(),
  ${title}: varchar(200).notNull(),
  genre: enumColumn(genre).notNull().default("drama"),
  rating: enumColumn(base.rating),
  release_date: date(),
  runtime_minutes: ${edits.runtime ?? "smallint()"},
  budget: numeric(14, 2),
  director_id: integer().references(() => base.directors.id, { onDelete: "set null" }),
  studio_id: bigint().references(() => base.studios.id),
  tags: text().array().notNull().default(sql\`'{}'::text[]\`),
  metadata: jsonb().notNull().default(sql\`'{}'::jsonb\`),
  search: customType("tsvector"),
  external_id: uuid().notNull().unique().default(sql\`gen_random_uuid()\`),
  ${(edits.columns ?? []).map((c) => `${c},`).join("\n  ")}
}, {
  uniques: [unique(["${title}", "release_date"], { name: "uq_movies_title_release" })],
  checks: [check("ck_movies_runtime", sql\`runtime_minutes > 0\`)],
  indexes: [
    index("ix_movies_title", ["${title}"]),
    index("ix_movies_lower_title", [sql\`lower((${title})::text)\`]),
    index("ix_movies_tags", ["tags"], { method: "gin" }),
    index("ix_movies_release", [{ column: "release_date", order: "desc" }], { where: sql\`release_date IS NOT NULL\` }),
    ${(edits.indexes ?? []).map((ix) => `${ix},`).join("\n    ")}
  ],
});
`;
}

/** Writes `models.ts` into the project root. */
export async function writeModels(root: string, text: string): Promise<void> {
  await writeFile(path.join(root, "models.ts"), text);
}
