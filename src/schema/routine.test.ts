import { describe, expect, it } from "vitest";
import { SchemaError } from "../errors.js";
import { func, isRoutine, procedure } from "./routine.js";
import { sql } from "./sql.js";
import { table } from "./table.js";
import { integer } from "./types.js";
import { isTrigger, trigger } from "./trigger.js";

const touch = func("touch", { returns: "trigger", language: "PLpgSQL", body: sql`BEGIN RETURN NEW; END` });

describe("func and procedure", () => {
  it("build frozen definitions, defaults left out", () => {
    expect(touch).toEqual({
      kind: "function",
      name: "touch",
      args: "",
      returns: "trigger",
      language: "plpgsql",
      body: "BEGIN RETURN NEW; END",
    });
    expect(Object.isFrozen(touch)).toBe(true);
    expect(
      func("f", { returns: "int", language: "sql", body: "SELECT 1", volatility: "volatile", security: "invoker", strict: false }),
    ).toEqual({
      kind: "function",
      name: "f",
      args: "",
      returns: "int",
      language: "sql",
      body: "SELECT 1",
    });
    expect(procedure("p", { args: "n int", language: "sql", body: "SELECT 1", security: "definer", schema: "s" })).toEqual({
      kind: "procedure",
      name: "p",
      schema: "s",
      args: "n int",
      language: "sql",
      body: "SELECT 1",
      securityDefiner: true,
    });
    expect(isRoutine(touch)).toBe(true);
    expect(isRoutine({ kind: "function" })).toBe(false);
  });

  it.each<[string, () => unknown]>([
    ["an empty body", () => func("f", { returns: "int", language: "sql", body: " " })],
    ["no return type", () => func("f", { returns: "", language: "sql", body: "SELECT 1" })],
    ["an unknown volatility", () => func("f", { returns: "int", language: "sql", body: "SELECT 1", volatility: "pure" as never })],
    ["an unknown option", () => func("f", { returns: "int", language: "sql", body: "SELECT 1", stric: true } as never)],
    ["a return type on a procedure", () => procedure("p", { language: "sql", body: "SELECT 1", returns: "int" } as never)],
  ])("refuse %s", (_what, build) => {
    expect(build).toThrow(SchemaError);
  });
});

describe("trigger", () => {
  const movies = table("movies", { id: integer().primaryKey() }, { schema: "film" });

  it("takes its table's name and schema from the table, and the function's from the definition", () => {
    const t = trigger("t", { table: movies, timing: "after", events: ["delete", "insert"], function: touch });
    expect(t).toEqual({
      kind: "trigger",
      name: "t",
      table: "movies",
      schema: "film",
      timing: "after",
      events: ["insert", "delete"],
      forEach: "statement",
      function: { name: "touch" },
    });
    expect(isTrigger(t)).toBe(true);
    expect(trigger("t", { table: "movies", timing: "before", events: ["update"], function: "audit.log" }).function).toEqual({
      schema: "audit",
      name: "log",
    });
  });

  it.each<[string, () => unknown]>([
    ["no events", () => trigger("t", { table: "m", timing: "after", events: [], function: touch })],
    ["an unknown event", () => trigger("t", { table: "m", timing: "after", events: ["select" as never], function: touch })],
    ["an unknown timing", () => trigger("t", { table: "m", timing: "during" as never, events: ["insert"], function: touch })],
    [
      "updateOf without the update event",
      () => trigger("t", { table: "m", timing: "after", events: ["insert"], updateOf: ["a"], function: touch }),
    ],
    [
      "a procedure as the function",
      () =>
        trigger("t", { table: "m", timing: "after", events: ["insert"], function: procedure("p", { language: "sql", body: "SELECT 1" }) }),
    ],
  ])("refuses %s", (_what, build) => {
    expect(build).toThrow(SchemaError);
  });
});
