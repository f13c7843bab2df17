import { describe, expect, it } from "vitest";
import { SchemaError } from "../errors.js";
import { integer, text, time, timestamp, timestamptz } from "./types.js";
import { foreignKey, index, unique } from "./constraints.js";
import { enumType } from "./enum.js";
import { closestKey } from "./options.js";
import { table, tableModel } from "./table.js";

/** Options as a `.js` models module or a cast would pass them, past TypeScript's checks. */
const loose = <T>(value: Record<string, unknown>): T => value as T;

describe("builder options", () => {
  it("rejects Drizzle's withTimezone, naming the builder and Retort's spelling", () => {
    expect(() => timestamp(loose({ withTimezone: true }))).toThrow(SchemaError);
    expect(() => timestamp(loose({ withTimezone: true }))).toThrow(
      "timestamp(): unknown option 'withTimezone' (did you mean 'withTimeZone'?)",
    );
    expect(() => time(loose({ precison: 3 }))).toThrow("time(): unknown option 'precison' (did you mean 'precision'?)");
    expect(() => timestamptz(loose({ withTimeZone: true }))).toThrow("timestamptz(): unknown option 'withTimeZone'");
  });

  it("accepts the documented keys", () => {
    expect(timestamp({ withTimeZone: true, precision: 3 }).spec.type).toEqual({ kind: "timestamp", withTimeZone: true, precision: 3 });
    expect(timestamptz({ precision: 0 }).spec.type).toEqual({ kind: "timestamp", withTimeZone: true, precision: 0 });
  });

  it("checks column modifiers, constraints, indexes, enums and tables", () => {
    expect(() => integer().references("a.id", loose({ ondelete: "cascade" }))).toThrow(
      ".references(): unknown option 'ondelete' (did you mean 'onDelete'?)",
    );
    expect(() => integer().primaryKey(loose({ nam: "pk" }))).toThrow(".primaryKey(): unknown option 'nam'");
    expect(() => integer().generatedAlwaysAsIdentity(loose({ startWith: 1 }))).toThrow(
      ".generatedAlwaysAsIdentity(): unknown option 'startWith'",
    );
    expect(() => index("ix", ["a"], loose({ using: "gin" }))).toThrow(`index("ix"): unknown option 'using'`);
    expect(() => index("ix", [loose({ column: "a", direction: "desc" })])).toThrow(`Index "ix": an element: unknown option 'direction'`);
    expect(() => unique(["a"], loose({ nulsNotDistinct: true }))).toThrow("unique(): unknown option 'nulsNotDistinct'");
    expect(() => foreignKey(loose({ columns: ["a"], references: { table: "t", columns: ["id"] }, onDelet: "cascade" }))).toThrow(
      "foreignKey(): unknown option 'onDelet' (did you mean 'onDelete'?)",
    );
    expect(() => enumType("genre", ["a"], loose({ schemaName: "x" }))).toThrow(`enumType("genre"): unknown option 'schemaName'`);
    expect(() => table("movies", { id: integer().primaryKey() }, loose({ indices: [] }))).toThrow(
      `Table "movies": unknown option 'indices' (did you mean 'indexes'?)`,
    );
    expect(() => table("movies", { id: integer(), t: text() }, loose({ primaryKey: { column: ["id"] } }))).toThrow(
      `Table "movies": primaryKey: unknown option 'column' (did you mean 'columns'?)`,
    );
    expect(() => timestamp(loose([] as unknown as Record<string, unknown>))).toThrow(
      "timestamp(): the options must be an object, not an array",
    );
  });

  it("leaves a table with valid options alone", () => {
    const movies = table("movies", { id: integer(), title: text() }, { primaryKey: { name: "pk_m", columns: ["id"] }, comment: "c" });
    expect(tableModel(movies).primaryKey?.name).toBe("pk_m");
  });
});

describe("closestKey", () => {
  it.each([
    ["withTimezone", ["withTimeZone", "precision"], "withTimeZone"],
    ["indices", ["indexes", "checks"], "indexes"],
    ["x", ["name"], undefined],
    ["totallyDifferent", ["name", "columns"], undefined],
  ])("%s among %j is %j", (key, known, expected) => {
    expect(closestKey(key, known)).toBe(expected);
  });
});
