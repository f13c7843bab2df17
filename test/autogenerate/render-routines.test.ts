import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { func, integer, procedure, sql, table, text, timestamptz, trigger } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { EMPTY, revisionFile, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

const movies = table("movies", { id: integer().primaryKey(), title: text().notNull(), rating: integer(), updated_at: timestamptz() });
const touch = func("touch_updated_at", {
  returns: "trigger",
  language: "plpgsql",
  body: sql`
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
`,
});
const clamp = func("clamp", {
  args: "v integer, lo integer DEFAULT 0",
  returns: "integer",
  language: "sql",
  volatility: "immutable",
  strict: true,
  body: sql`SELECT greatest(lo, v)`,
});
const archive = procedure("archive_movies", {
  args: "below integer",
  language: "plpgsql",
  security: "definer",
  body: sql`BEGIN DELETE FROM movies WHERE rating < below; END`,
});
const moviesTouch = trigger("movies_touch", {
  table: movies,
  timing: "before",
  events: ["insert", "update"],
  updateOf: ["title"],
  forEach: "row",
  when: sql`NEW.rating IS NOT NULL`,
  function: touch,
  arguments: ["it's"],
});

const before = snapshotOf({ movies, touch, clamp, archive, moviesTouch });
const after = snapshotOf({
  movies,
  touch: func("touch_updated_at", { returns: "trigger", language: "plpgsql", body: sql`BEGIN RETURN NEW; END` }),
  clamp: func("clamp", { args: "v integer, lo integer DEFAULT 0", returns: "bigint", language: "sql", body: sql`SELECT greatest(lo, v)` }),
  moviesTouch: trigger("movies_touch", {
    table: movies,
    timing: "after",
    events: ["update"],
    forEach: "row",
    function: "touch_updated_at",
  }),
});

describe("rendered functions, procedures and triggers", () => {
  it("creates them: functions before the table, the trigger after it", () => {
    const text = revisionFile(EMPTY, before, "create routines");
    expectGolden(path.join(GOLDEN, "create-routines.ts"), text);
    const upgrade = text.slice(text.indexOf("function upgrade"), text.indexOf("function downgrade"));
    expect(upgrade.indexOf('op.createFunction(func("touch_updated_at"')).toBeLessThan(upgrade.indexOf("op.createTable("));
    expect(upgrade.indexOf("op.createTable(")).toBeLessThan(upgrade.indexOf("op.createTrigger("));
  });

  it("changes them: replaced, dropped and created again, each reversible", () => {
    const text = revisionFile(before, after, "change routines");
    expectGolden(path.join(GOLDEN, "change-routines.ts"), text);
    expect(text).toContain('await op.replaceFunction(func("touch_updated_at"');
    expect(text).toContain('await op.dropFunction(procedure("archive_movies"');
    expect(text).not.toContain("TODO");
    expect(text).not.toContain("irreversible");
  });

  it("finds nothing to do between equal models", () => {
    expect(planMigration(before, before, [], { rules: postgresComparison }).upgrade).toEqual([]);
  });
});
