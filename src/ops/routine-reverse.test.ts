import { describe, expect, it } from "vitest";
import { IrreversibleOperationError } from "../errors.js";
import { func, procedure, sql, trigger } from "../schema/index.js";
import type { Operation } from "./operation.js";
import { reverseOperation } from "./reverse.js";
import { argumentsWithoutDefaults, splitTopLevel } from "./routine-signature.js";

const touch = func("touch", { returns: "trigger", language: "plpgsql", body: sql`BEGIN RETURN NEW; END` });
const clamp = func("clamp", { schema: "s", args: "v int, lo int DEFAULT 0", returns: "int", language: "sql", body: "SELECT v" });
const archive = procedure("archive", { args: "n int", language: "plpgsql", body: "BEGIN END" });
const moviesTouch = trigger("movies_touch", { table: "movies", timing: "before", events: ["update"], forEach: "row", function: touch });

describe("reversing function and trigger operations", () => {
  const reversible: Operation[] = [
    { kind: "createFunction", function: touch },
    { kind: "createFunction", function: clamp },
    { kind: "createFunction", function: archive },
    { kind: "replaceFunction", function: { ...touch, body: "BEGIN RETURN NULL; END" }, existing: touch },
    { kind: "dropFunction", name: "clamp", schema: "s", args: "v int, lo int", existing: clamp },
    { kind: "dropFunction", name: "archive", args: "n int", procedure: true, existing: archive },
    { kind: "createTrigger", trigger: moviesTouch },
    { kind: "dropTrigger", name: "movies_touch", table: "movies", existing: moviesTouch },
  ];

  it.each(reversible.map((op) => [op.kind, op] as const))("reverse(reverse(%s)) is the operation", (_kind, op) => {
    expect(reverseOperation(reverseOperation(op))).toEqual(op);
  });

  it("a create drops the routine by its argument types, a procedure as a procedure", () => {
    expect(reverseOperation({ kind: "createFunction", function: clamp })).toEqual({
      kind: "dropFunction",
      name: "clamp",
      schema: "s",
      args: "v int, lo int",
      existing: clamp,
    });
    expect(reverseOperation({ kind: "createFunction", function: archive })).toMatchObject({ kind: "dropFunction", procedure: true });
  });

  it("a replace puts the replaced definition back", () => {
    const changed = { ...touch, body: "BEGIN RETURN NULL; END" };
    expect(reverseOperation({ kind: "replaceFunction", function: changed, existing: touch })).toEqual({
      kind: "replaceFunction",
      function: touch,
      existing: changed,
    });
  });

  it.each<[string, Operation]>([
    ["a replace without the replaced definition", { kind: "replaceFunction", function: touch }],
    ["a drop by name", { kind: "dropFunction", name: "touch", args: "" }],
    ["a trigger drop by name", { kind: "dropTrigger", name: "t", table: "movies" }],
  ])("%s is irreversible, with a hint", (_what, op) => {
    expect(() => reverseOperation(op)).toThrow(IrreversibleOperationError);
  });
});

describe("argument lists", () => {
  it("splits at the top-level commas only", () => {
    expect(splitTopLevel("a numeric(8, 2), b text DEFAULT 'x, y', c int[]")).toEqual([
      "a numeric(8, 2)",
      "b text DEFAULT 'x, y'",
      "c int[]",
    ]);
  });
  it("drops defaults, written either way", () => {
    expect(argumentsWithoutDefaults("a int DEFAULT 1, b text = 'x', c int")).toBe("a int, b text, c int");
    expect(argumentsWithoutDefaults("")).toBe("");
  });
});
