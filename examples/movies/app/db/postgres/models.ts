import { date, integer, table, text, varchar } from "retort/schema";

/** The movies backend's schema: the source of truth that `retort revision --autogenerate` compares with. */
export const directors = table("directors", {
  id: integer().primaryKey(),
  name: text().notNull(),
});

export const movies = table("movies", {
  id: integer().primaryKey(),
  title: varchar(200).notNull(),
  release_date: date(),
  director_id: integer().references(() => directors.id, { onDelete: "set null" }),
});
