/**
 * Type tests of typed rows, checked by `tsc -p tsconfig.json` (`npm run typecheck`): an `Equal` that does not hold
 * or an `@ts-expect-error` line that compiles fails the type check. Nothing here runs.
 */
import type {
  Generated as KyselyGenerated,
  GeneratedAlways as KyselyGeneratedAlways,
  Insertable as KyselyInsertable,
  Kysely,
  Selectable as KyselySelectable,
  Updateable as KyselyUpdateable,
} from "kysely";
import {
  type DatabaseOf,
  type Generated,
  type Insertable,
  integer,
  type PostgresInterval,
  type Selectable,
  serial,
  table,
  text,
  type Updateable,
  withNamingConvention,
} from "../../src/schema/index.js";
import * as models from "./typed-rows-models.js";
import { everything, genre, movies } from "./typed-rows-models.js";

/** True when `A` and `B` are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
/** One object type, so that an intersection compares equal to the object it amounts to. */
type Flat<T> = { [K in keyof T]: T[K] };

type Row = Selectable<typeof everything>;
type Insert = Insertable<typeof everything>;
type Update = Updateable<typeof everything>;

// Every builder's select type, what `pg` returns by default, nullable unless declared otherwise.
export type SelectTypes = [
  Assert<Equal<Row["small"], number | null>>,
  Assert<Equal<Row["int"], number>>,
  Assert<Equal<Row["big"], string | null>>,
  Assert<Equal<Row["small_serial"], number>>,
  Assert<Equal<Row["serial_id"], number>>,
  Assert<Equal<Row["big_serial"], string>>,
  Assert<Equal<Row["flag"], boolean | null>>,
  Assert<Equal<Row["body"], string | null>>,
  Assert<Equal<Row["name"], string>>,
  Assert<Equal<Row["code"], string | null>>,
  Assert<Equal<Row["price"], string | null>>,
  Assert<Equal<Row["ratio"], number | null>>,
  Assert<Equal<Row["precise"], number | null>>,
  Assert<Equal<Row["day"], Date | null>>,
  Assert<Equal<Row["at_time"], string | null>>,
  Assert<Equal<Row["stamp"], Date | null>>,
  Assert<Equal<Row["stamp_tz"], Date>>,
  Assert<Equal<Row["stamp_opts"], Date | null>>,
  Assert<Equal<Row["span"], PostgresInterval | null>>,
  Assert<Equal<Row["external_id"], string>>,
  Assert<Equal<Row["doc"], unknown>>,
  Assert<Equal<Row["settings"], { theme: "dark" | "light"; size: number }>>,
  Assert<Equal<Row["raw"], Buffer | null>>,
  Assert<Equal<Row["kind"], "drama" | "comedy" | "thriller">>,
  Assert<Equal<Row["kind_by_name"], string | null>>,
  Assert<Equal<Row["vector"], unknown>>,
  Assert<Equal<Row["citext"], string | null>>,
  Assert<Equal<Row["tags"], string[]>>,
  Assert<Equal<Row["grid"], number[][] | null>>,
  Assert<Equal<Row["ids"], string[] | null>>,
  Assert<Equal<Row["prices"], number[] | null>>,
  Assert<Equal<Row["days"], Date[] | null>>,
  Assert<Equal<Row["kinds"], string | null>>,
  Assert<Equal<Row["docs"], { n: number }[] | null>>,
  Assert<Equal<Row["words"], string[] | null>>,
  Assert<Equal<Row["identity_always"], number>>,
  Assert<Equal<Row["identity_default"], string>>,
  Assert<Equal<Row["with_default"], number | null>>,
];

// Insertable: required unless nullable, defaulted, serial or identity; identity always absent; inputs wider.
export type InsertTypes = [
  Assert<Equal<Insert["int"], number>>,
  Assert<Equal<Insert["name"], string>>,
  Assert<Equal<Insert["stamp_tz"], Date | string>>,
  Assert<Equal<Insert["kind"], "drama" | "comedy" | "thriller">>,
  Assert<Equal<Insert["external_id"], string | undefined>>,
  Assert<Equal<Insert["big"], string | number | bigint | null | undefined>>,
  Assert<Equal<Insert["price"], string | number | bigint | null | undefined>>,
  Assert<Equal<Insert["span"], PostgresInterval | string | null | undefined>>,
  Assert<Equal<Insert["serial_id"], number | undefined>>,
  Assert<Equal<Insert["big_serial"], string | number | bigint | undefined>>,
  Assert<Equal<Insert["identity_default"], string | number | bigint | undefined>>,
  Assert<Equal<Insert["with_default"], number | null | undefined>>,
  Assert<Equal<Insert["tags"], string[] | undefined>>,
  Assert<Equal<Insert["kinds"], ("drama" | "comedy" | "thriller")[] | null | undefined>>,
  Assert<Equal<Insert["raw"], Uint8Array | null | undefined>>,
  Assert<Equal<"identity_always" extends keyof Insert ? true : false, false>>,
  Assert<Equal<"identity_always" extends keyof Update ? true : false, false>>,
  Assert<Equal<Update["int"], number | undefined>>,
  Assert<Equal<Update["external_id"], string | undefined>>,
  Assert<Equal<Update["day"], Date | string | null | undefined>>,
];

// The movies example of the documentation, whole.
type Movie = Selectable<typeof movies>;
type NewMovie = Insertable<typeof movies>;
type MoviePatch = Updateable<typeof movies>;
export type MovieTypes = [
  Assert<
    Equal<
      Movie,
      {
        id: number;
        title: string;
        release_date: Date | null;
        genre: "drama" | "comedy" | "thriller";
        budget: string | null;
        created_at: Date;
      }
    >
  >,
  Assert<
    Equal<
      NewMovie,
      {
        title: string;
        id?: number;
        release_date?: Date | string | null;
        genre?: "drama" | "comedy" | "thriller";
        budget?: string | number | bigint | null;
        created_at?: Date | string;
      }
    >
  >,
  Assert<
    Equal<
      MoviePatch,
      {
        id?: number;
        title?: string;
        release_date?: Date | string | null;
        genre?: "drama" | "comedy" | "thriller";
        budget?: string | number | bigint | null;
        created_at?: Date | string;
      }
    >
  >,
];

// A composite primary key option makes its columns NOT NULL.
type Credit = Selectable<typeof models.credits>;
export type CompositeKey = [Assert<Equal<Credit, { movie_id: number; person_id: number; role: string | null }>>];

// DatabaseOf: keyed by table name, schema-qualified outside the default schema; other exports ignored.
type DB = DatabaseOf<typeof models>;
export type DatabaseKeys = [
  Assert<Equal<keyof DB, "everything" | "movies" | "credits" | "audit.events" | "people">>,
  Assert<Equal<DB["movies"]["id"], Generated<number>>>,
  Assert<Equal<DB["movies"]["id"], KyselyGenerated<number>>>,
  Assert<Equal<DB["everything"]["identity_always"], KyselyGeneratedAlways<number>>>,
  Assert<Equal<DB["movies"]["title"], string>>,
  Assert<Equal<DB["movies"]["genre"], KyselyGenerated<"drama" | "comedy" | "thriller">>>,
  Assert<Equal<Flat<KyselySelectable<DB["movies"]>>, Flat<Movie>>>,
  Assert<Equal<Flat<KyselyInsertable<DB["movies"]>>, Flat<NewMovie>>>,
  Assert<Equal<Flat<KyselyUpdateable<DB["movies"]>>, Flat<MoviePatch>>>,
  Assert<Equal<Flat<KyselySelectable<DB["everything"]>>, Flat<Row>>>,
  Assert<Equal<Flat<KyselyInsertable<DB["everything"]>>, Flat<Insert>>>,
  Assert<Equal<Flat<KyselyUpdateable<DB["everything"]>>, Flat<Update>>>,
  Assert<Equal<Flat<KyselySelectable<DB["audit.events"]>>, Flat<Selectable<typeof models.auditEvents>>>>,
  Assert<Equal<Flat<KyselySelectable<DB["people"]>>, Flat<Selectable<typeof models.people>>>>,
];

// A table() made by withNamingConvention keeps the same types (never called: only its type matters).
function conventionalTable() {
  const conventional = withNamingConvention({ pk: "pk_{table}" });
  return conventional("tickets", { id: serial().primaryKey(), note: text() }, { schema: "box_office" });
}
type Tickets = ReturnType<typeof conventionalTable>;
export type Conventional = [
  Assert<Equal<keyof DatabaseOf<{ tickets: Tickets }>, "box_office.tickets">>,
  Assert<Equal<Selectable<Tickets>, { id: number; note: string | null }>>,
];

// Genre labels stay a literal tuple.
export type EnumLabels = [Assert<Equal<(typeof genre.values)[number], "drama" | "comedy" | "thriller">>];

// What must not compile.
declare const db: Kysely<DB>;
export async function misuse(): Promise<void> {
  // @ts-expect-error title is required
  await db.insertInto("movies").values({ release_date: new Date() }).execute();
  const complete = { int: 1, name: "n", stamp_tz: new Date(), settings: { theme: "dark", size: 1 }, kind: "drama" } as const;
  await db.insertInto("everything").values(complete).execute();
  // @ts-expect-error an identity generated always is never written
  await db.insertInto("everything").values({ ...complete, identity_always: 1 });
  // @ts-expect-error nor updated
  await db.updateTable("everything").set({ identity_always: 1 });
  // @ts-expect-error not a label of the enum
  await db.updateTable("movies").set({ genre: "western" }).execute();
  // @ts-expect-error a bigint arrives as a string
  const n: number = (await db.selectFrom("everything").select("big").executeTakeFirstOrThrow()).big;
  // @ts-expect-error a table outside the default schema is keyed by its schema
  await db.selectFrom("events").selectAll().execute();
  // @ts-expect-error not a table
  await db.selectFrom("MODELS_VERSION").selectAll().execute();
  const patch: MoviePatch = {};
  // @ts-expect-error a nullable column takes null, a NOT NULL one does not
  const bad: MoviePatch = { title: null };
  // @ts-expect-error an unknown table option is refused as before
  table("typo", { id: integer() }, { indeces: [] });
  // @ts-expect-error and in a composite primary key
  table("typo", { id: integer() }, { primaryKey: { column: ["id"] } });
  void [n, patch, bad, conventionalTable];
}
