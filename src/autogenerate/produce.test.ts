import { describe, expect, it } from "vitest";
import { postgresComparison } from "../dialects/postgres/comparison.js";
import { IrreversibleOperationError } from "../errors.js";
import type { Operation } from "../ops/operation.js";
import { reverseOperation } from "../ops/reverse.js";
import type { Column, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { downgradeOf, type PlanOptions, planMigration, produceMigration } from "./produce.js";
import { renderMigration } from "./render/migration.js";
import { RenameDecisionError, type RenameQuestion } from "./renames.js";

// Literal fixtures, built per test.
const column = (name: string, extra: Partial<Column> = {}): Column => ({ name, type: { kind: "integer" }, nullable: true, ...extra });
const tableOf = (name: string, columns: Column[], extra: Partial<Table> = {}): Table => ({
  name,
  columns,
  uniqueConstraints: [],
  foreignKeys: [],
  checkConstraints: [],
  indexes: [],
  ...extra,
});
const snap = (tables: Table[], extra: Partial<SchemaSnapshot> = {}): SchemaSnapshot => ({
  tables,
  enums: [],
  sequences: [],
  schemas: [],
  ...extra,
});
const asBuilt = (extra: Partial<PlanOptions> = {}): PlanOptions => ({
  rules: { ...postgresComparison, normalize: (snapshot) => snapshot },
  ...extra,
});

describe("downgradeOf", () => {
  it("reverses each operation, last first", () => {
    const upgrade: Operation[] = [
      { kind: "createSchema", name: "inventory" },
      { kind: "renameTable", name: "films", newName: "movies" },
    ];
    expect(downgradeOf(upgrade)).toEqual([
      { kind: "operation", operation: { kind: "renameTable", name: "movies", newName: "films" } },
      { kind: "operation", operation: { kind: "dropSchema", name: "inventory" } },
    ]);
    expect(upgrade[0]).toEqual({ kind: "createSchema", name: "inventory" });
  });

  it("turns an operation that cannot be undone into a note with the reason and hint", () => {
    const drop: Operation = { kind: "dropTable", name: "movies" };
    const create: Operation = { kind: "createSchema", name: "inventory" };
    const error = (() => {
      try {
        reverseOperation(drop);
      } catch (e) {
        return e as IrreversibleOperationError;
      }
      throw new Error("expected dropTable without its table to be irreversible");
    })();
    expect(error).toBeInstanceOf(IrreversibleOperationError);
    expect(error.hint).toBeDefined();
    expect(downgradeOf([drop, create])).toEqual([
      { kind: "operation", operation: { kind: "dropSchema", name: "inventory" } },
      { kind: "irreversible", operation: drop, reason: error.message, hint: error.hint },
    ]);
  });

  it("shows an operation whose downgrade is nothing as a note, and renders it as a comment", () => {
    const validate: Operation = { kind: "validateConstraint", table: "movies", name: "fk_director" };
    const steps = downgradeOf([validate]);
    expect(steps).toEqual([
      { kind: "nothing", operation: validate, note: expect.stringContaining("Nothing to undo for validateConstraint") },
    ]);
    const rendered = renderMigration([validate], steps, [], postgresComparison);
    expect(rendered.upgrade).toEqual(['await op.validateConstraint("fk_director", "movies");']);
    expect(rendered.downgrade).toEqual([
      '// Nothing to undo for validateConstraint of "fk_director" on "movies": PostgreSQL cannot mark a constraint NOT VALID again, and a validated constraint enforces no more than before; it goes when the constraint is dropped.',
    ]);
  });

  it("lets any other failure through", () => {
    expect(() => downgradeOf([{ kind: "teleport" } as never])).toThrow("Unexpected operation");
  });
});

describe("planMigration", () => {
  it("compares both sides in the dialect's normal form", () => {
    const seen: SchemaSnapshot[] = [];
    const options = asBuilt({
      rules: {
        ...postgresComparison,
        normalize: (snapshot) => {
          seen.push(snapshot);
          return snap(
            snapshot.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: { kind: "integer" } as const })) })),
          );
        },
      },
    });
    const from = snap([tableOf("movies", [column("id", { type: { kind: "bigint" } })])]);
    const to = snap([tableOf("movies", [column("id", { type: { kind: "smallint" } })])]);
    const plan = planMigration(from, to, [], options);
    expect(seen).toEqual([from, to]);
    expect(plan.upgrade).toEqual([]);
    expect(plan.empty).toBe(true);
    expect(planMigration(from, to, [], asBuilt()).upgrade.map((op) => op.kind)).toEqual(["alterColumn"]);
  });

  it("honours the equality options", () => {
    const from = snap([tableOf("movies", [column("id", { type: { kind: "bigint" } })])]);
    const to = snap([tableOf("movies", [column("id")])]);
    expect(planMigration(from, to, [], asBuilt({ compareTypes: false })).upgrade).toEqual([]);
  });

  it("returns frozen copies in dependency order, their downgrade and data loss", () => {
    const added = tableOf("directors", [column("id")]);
    const to = snap([added]);
    const from = snap([tableOf("old", [column("id"), column("x")])]);
    const plan = planMigration(from, to, [], asBuilt());
    expect(plan.upgrade.map((op) => op.kind)).toEqual(["dropTable", "createTable"]);
    expect(plan.upgrade.every((op) => Object.isFrozen(op))).toBe(true);
    expect(plan.upgrade[1]).toEqual({ kind: "createTable", table: added });
    expect(plan.upgrade[1]?.kind === "createTable" && plan.upgrade[1].table).not.toBe(added);
    expect(Object.isFrozen(added)).toBe(false);
    expect(plan.downgrade.map((step) => (step.kind === "operation" ? step.operation.kind : step.kind))).toEqual([
      "dropTable",
      "createTable",
    ]);
    expect(plan.dataLoss).toEqual([{ operation: plan.upgrade[0], message: "drops table old and all its rows" }]);
    expect(plan.manual).toEqual([]);
    expect(plan.renames).toEqual([]);
    expect(plan.empty).toBe(false);
  });

  it("counts changes left to a person, and lists those that lose data", () => {
    const genre = (values: string[]) => snap([], { enums: [{ kind: "enumType", name: "genre", values }] });
    const removed = planMigration(genre(["drama", "comedy"]), genre(["drama"]), [], asBuilt());
    expect(removed.upgrade).toEqual([]);
    expect(removed.empty).toBe(false);
    expect(removed.dataLoss).toEqual([{ message: `genre: ${removed.manual[0]?.message}` }]);
    const reordered = planMigration(genre(["drama", "comedy"]), genre(["comedy", "drama"]), [], asBuilt());
    expect(reordered.manual).toHaveLength(1);
    expect(reordered.dataLoss).toEqual([]);
    expect(reordered.empty).toBe(false);
  });

  it("applies and returns the renames it is given", () => {
    const renames = [{ kind: "column" as const, table: "movies", from: "title", to: "name" }];
    const plan = planMigration(
      snap([tableOf("movies", [column("title")])]),
      snap([tableOf("movies", [column("name")])]),
      renames,
      asBuilt(),
    );
    expect(plan.upgrade).toEqual([{ kind: "alterColumn", table: "movies", column: "title", newName: "name" }]);
    expect(plan.renames).toBe(renames);
  });
});

describe("produceMigration", () => {
  const from = snap([tableOf("movies", [column("id"), column("title")], { schema: "public" })]);
  const to = snap([tableOf("movies", [column("id"), column("name")])]);

  it("asks the resolver about candidates, in the default schema without naming it", async () => {
    const asked: RenameQuestion[][] = [];
    const plan = await produceMigration(from, to, {
      ...asBuilt(),
      resolver: async (questions) => {
        asked.push([...questions]);
        return questions.map((q) => ({ ...q, to: "name" }));
      },
    });
    expect(asked).toEqual([[{ kind: "column", table: "movies", from: "title", candidates: ["name"] }]]);
    expect(plan.renames).toEqual([{ kind: "column", table: "movies", from: "title", to: "name" }]);
    expect(plan.upgrade).toEqual([{ kind: "alterColumn", table: "movies", column: "title", newName: "name" }]);
  });

  it("asks about the sides in normal form", async () => {
    // The normal form here makes every column an integer: only then are title (text) and name alike.
    const options = asBuilt({
      rules: {
        ...postgresComparison,
        normalize: (snapshot) =>
          snap(snapshot.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: { kind: "integer" } as const })) }))),
      },
    });
    const textTitle = snap([tableOf("movies", [column("id"), column("title", { type: { kind: "text" } })])]);
    const asked: RenameQuestion[][] = [];
    const resolver = async (questions: readonly RenameQuestion[]) => {
      asked.push([...questions]);
      return questions.map((q) => ({ ...q, to: null }));
    };
    await produceMigration(textTitle, to, { ...options, resolver });
    expect(asked).toEqual([[{ kind: "column", table: "movies", from: "title", candidates: ["name"] }]]);
    asked.length = 0;
    await produceMigration(textTitle, to, { ...asBuilt(), resolver });
    expect(asked).toEqual([]);
  });

  it("does not call the resolver when there is nothing to ask", async () => {
    const plan = await produceMigration(from, from, {
      ...asBuilt(),
      resolver: async () => {
        throw new Error("asked");
      },
    });
    expect(plan.empty).toBe(true);
    expect(plan.renames).toEqual([]);
  });

  it("checks the resolver's answers, and fails by default", async () => {
    await expect(produceMigration(from, to, { ...asBuilt(), resolver: async () => [] })).rejects.toBeInstanceOf(RenameDecisionError);
    await expect(
      produceMigration(from, to, { ...asBuilt(), resolver: async (questions) => questions.map((q) => ({ ...q, to: "other" })) }),
    ).rejects.toThrow("movies.title cannot be renamed to other");
    await expect(produceMigration(from, to, asBuilt())).rejects.toBeInstanceOf(RenameDecisionError);
  });
});
