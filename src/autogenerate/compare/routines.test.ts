import { describe, expect, it } from "vitest";
import type { Routine, Trigger } from "../../schema/model.js";
import type { SchemaSnapshot } from "../../schema/snapshot.js";
import { compareRoutines } from "./routines.js";

const touch: Routine = {
  kind: "function",
  name: "touch",
  args: "",
  identityArgs: "",
  returns: "trigger",
  language: "plpgsql",
  body: "BEGIN RETURN NEW; END",
};
const clamp: Routine = {
  kind: "function",
  name: "clamp",
  args: "v integer",
  identityArgs: "v integer",
  returns: "integer",
  language: "sql",
  body: "SELECT v",
};
const moviesTouch: Trigger = {
  kind: "trigger",
  name: "movies_touch",
  table: "movies",
  timing: "before",
  events: ["update"],
  forEach: "row",
  function: { name: "touch" },
};
const snapshot = (routines: Routine[], triggers: Trigger[] = []): SchemaSnapshot => ({
  tables: [],
  enums: [],
  sequences: [],
  schemas: [],
  routines,
  triggers,
});
const kinds = (from: SchemaSnapshot, to: SchemaSnapshot) => compareRoutines(from, to).operations.map((op) => op.kind);
const { identityArgs: _, ...touchWritten } = touch;

describe("compareRoutines", () => {
  it("finds nothing to do between equal definitions", () => {
    expect(kinds(snapshot([touch, clamp], [moviesTouch]), snapshot([clamp, touch], [moviesTouch]))).toEqual([]);
  });

  it("creates and drops, carrying the definition without the catalog's argument types", () => {
    expect(compareRoutines(snapshot([]), snapshot([touch], [moviesTouch])).operations).toEqual([
      { kind: "createFunction", function: touchWritten },
      { kind: "createTrigger", trigger: moviesTouch },
    ]);
    expect(compareRoutines(snapshot([touch, clamp]), snapshot([clamp])).operations).toEqual([
      { kind: "dropFunction", name: "touch", args: "", existing: touchWritten },
    ]);
  });

  it.each<[string, Partial<Routine>]>([
    ["body", { body: "BEGIN RETURN NULL; END" }],
    ["language", { language: "sql" }],
    ["volatility", { volatility: "stable" }],
    ["strictness", { strict: true }],
    ["security", { securityDefiner: true }],
  ])("replaces a function whose %s changed, keeping its triggers", (_what, change) => {
    const ops = compareRoutines(snapshot([touch], [moviesTouch]), snapshot([{ ...touch, ...change }], [moviesTouch])).operations;
    expect(ops).toEqual([{ kind: "replaceFunction", function: { ...touchWritten, ...change }, existing: touchWritten }]);
  });

  it.each<[string, Partial<Routine>]>([
    ["return type", { returns: "bigint" }],
    ["argument list (a default)", { args: "v integer DEFAULT 1" }],
    ["kind", { kind: "procedure", returns: undefined }],
  ])("drops and creates a routine whose %s changed", (_what, change) => {
    expect(kinds(snapshot([clamp]), snapshot([{ ...clamp, ...change }]))).toEqual(["dropFunction", "createFunction"]);
  });

  it("drops and creates the triggers of a function created again", () => {
    expect(kinds(snapshot([touch], [moviesTouch]), snapshot([{ ...touch, returns: "event_trigger" }], [moviesTouch]))).toEqual([
      "dropFunction",
      "createFunction",
      "dropTrigger",
      "createTrigger",
    ]);
  });

  it("leaves the database's routines and triggers alone when the models declare none", () => {
    const none: SchemaSnapshot = { tables: [], enums: [], sequences: [], schemas: [] };
    expect(kinds(snapshot([touch, clamp], [moviesTouch]), none)).toEqual([]);
    expect(kinds(snapshot([touch, clamp], [moviesTouch]), { ...none, routines: [touch] })).toEqual(["dropFunction"]);
    expect(kinds(snapshot([touch], [moviesTouch]), { ...none, triggers: [] })).toEqual(["dropTrigger"]);
  });

  it("tells overloads apart by their argument types", () => {
    const text: Routine = { ...clamp, args: "v text", identityArgs: "v text", returns: "text" };
    expect(kinds(snapshot([clamp]), snapshot([clamp, text]))).toEqual(["createFunction"]);
  });

  it("matches the default schema written either way", () => {
    expect(kinds(snapshot([{ ...touch, schema: "public" }]), snapshot([touch]))).toEqual([]);
  });

  it.each<[string, Partial<Trigger>]>([
    ["timing", { timing: "after" }],
    ["events", { events: ["insert", "update"] }],
    ["columns", { updateOf: ["title"] }],
    ["level", { forEach: "statement" }],
    ["condition", { when: "(new.id > 0)" }],
    ["function", { function: { name: "other" } }],
    ["arguments", { arguments: ["a"] }],
  ])("drops and creates a trigger whose %s changed", (_what, change) => {
    expect(kinds(snapshot([], [moviesTouch]), snapshot([], [{ ...moviesTouch, ...change }]))).toEqual(["dropTrigger", "createTrigger"]);
  });

  it("compares UPDATE OF columns as a set", () => {
    const a = { ...moviesTouch, updateOf: ["a", "b"] };
    expect(kinds(snapshot([], [a]), snapshot([], [{ ...a, updateOf: ["b", "a"] }]))).toEqual([]);
  });
});
