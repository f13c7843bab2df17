import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { boolean, customType, exclude, integer, sql, table } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { EMPTY, revisionFile, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

const columns = () => ({
  id: integer().primaryKey(),
  room: integer().notNull(),
  during: customType("tsrange").notNull(),
  area: customType("circle"),
  cancelled: boolean().notNull().default(false),
});

const before = snapshotOf({
  bookings: table("bookings", columns(), {
    excludes: [
      exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled` }),
      exclude("ex_bookings_area", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" }),
    ],
  }),
});

// One kept, one changed (another predicate), one dropped, one added over an expression.
const after = snapshotOf({
  bookings: table("bookings", columns(), {
    excludes: [
      exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled AND room > 0` }),
      exclude("ex_bookings_upper", {
        using: "gist",
        elements: [{ expression: sql`tsrange(lower(during), upper(during), '[]')`, operator: "&&" }],
      }),
    ],
  }),
});

describe("rendered exclusion constraints", () => {
  it("creates them with the table", () => {
    const text = revisionFile(EMPTY, before, "create bookings");
    expectGolden(path.join(GOLDEN, "create-exclusions.ts"), text);
    expect(text).toContain('exclude({ using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled` })');
    expect(text).toContain(
      'exclude("ex_bookings_area", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" })',
    );
  });

  it("adds, drops, and drops then adds a changed one; the downgrade puts back what was there", () => {
    const text = revisionFile(before, after, "change bookings");
    expectGolden(path.join(GOLDEN, "change-exclusions.ts"), text);
    const upgrade = text.slice(text.indexOf("function upgrade"), text.indexOf("function downgrade"));
    const downgrade = text.slice(text.indexOf("function downgrade"));
    expect(upgrade).toContain('await op.dropConstraint("bookings_during_excl", "bookings");');
    expect(upgrade).toContain('await op.dropConstraint("ex_bookings_area", "bookings");');
    expect(upgrade).toContain(
      'await op.createExclusionConstraint("bookings_during_excl", "bookings", { using: "gist", elements: [{ column: "during", operator: "&&" }], where: sql`NOT cancelled AND room > 0` });',
    );
    expect(upgrade).toContain(
      'await op.createExclusionConstraint("ex_bookings_upper", "bookings", { using: "gist", elements: [{ expression: sql`tsrange(lower(during), upper(during), \'[]\')`, operator: "&&" }] });',
    );
    expect(downgrade).toContain(
      'await op.createExclusionConstraint("ex_bookings_area", "bookings", { using: "gist", elements: [{ column: "area", operator: "&&" }], deferrable: "deferred" });',
    );
    expect(downgrade).toContain('await op.dropConstraint("ex_bookings_upper", "bookings");');
  });

  it("finds nothing to do between equal models", () => {
    expect(planMigration(before, before, [], { rules: postgresComparison }).upgrade).toEqual([]);
  });
});
