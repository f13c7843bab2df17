import { describe, expect, it } from "vitest";
import type { Operation } from "../ops/operation.js";
import type { Routine, Table, Trigger } from "../schema/model.js";
import { orderOperations } from "./order.js";

const movies: Table = {
  name: "movies",
  columns: [{ name: "id", type: { kind: "integer" }, nullable: false }],
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
};
const touch: Routine = {
  kind: "function",
  name: "touch",
  args: "",
  returns: "trigger",
  language: "plpgsql",
  body: "BEGIN RETURN NEW; END",
};
const count: Routine = {
  kind: "function",
  name: "movie_count",
  args: "",
  returns: "bigint",
  language: "sql",
  body: "SELECT count(*) FROM movies",
};
const trigger: Trigger = {
  kind: "trigger",
  name: "movies_touch",
  table: "movies",
  timing: "before",
  events: ["update"],
  forEach: "row",
  function: { name: "touch" },
};
const kinds = (ops: readonly Operation[]) =>
  ops.map((op) =>
    op.kind === "createFunction" ? `createFunction ${op.function.name}` : op.kind === "dropFunction" ? `dropFunction ${op.name}` : op.kind,
  );

describe("functions and triggers in dependency order", () => {
  it("creates a plpgsql function before the tables, and the trigger after the table and the function", () => {
    const ops: Operation[] = [
      { kind: "createTrigger", trigger },
      { kind: "createTable", table: movies },
      { kind: "createFunction", function: touch },
    ];
    expect(kinds(orderOperations(ops))).toEqual(["createFunction touch", "createTable", "createTrigger"]);
  });

  it("creates a SQL function that reads a new table after that table", () => {
    const ops: Operation[] = [
      { kind: "createFunction", function: count },
      { kind: "createTable", table: movies },
    ];
    expect(kinds(orderOperations(ops))).toEqual(["createTable", "createFunction movie_count"]);
  });

  it("keeps a SQL function early when it reads no new table", () => {
    const other: Routine = { ...count, body: "SELECT 1" };
    const ops: Operation[] = [
      { kind: "createTable", table: movies },
      { kind: "createFunction", function: other },
    ];
    expect(kinds(orderOperations(ops))).toEqual(["createFunction movie_count", "createTable"]);
  });

  it("drops a function created again (another return type) before its creation, after its triggers", () => {
    const ops: Operation[] = [
      { kind: "createFunction", function: touch },
      { kind: "dropFunction", name: "touch", args: "", existing: touch },
      { kind: "dropTrigger", name: "movies_touch", table: "movies", existing: trigger },
      { kind: "createTrigger", trigger },
    ];
    expect(kinds(orderOperations(ops))).toEqual(["dropTrigger", "dropFunction touch", "createFunction touch", "createTrigger"]);
  });

  it("drops a function after the tables and triggers that use it", () => {
    const ops: Operation[] = [
      { kind: "dropFunction", name: "touch", args: "", existing: touch },
      { kind: "dropTable", name: "movies", existing: movies },
      { kind: "dropTrigger", name: "movies_touch", table: "movies", existing: trigger },
    ];
    expect(kinds(orderOperations(ops))).toEqual(["dropTrigger", "dropTable", "dropFunction touch"]);
  });
});
