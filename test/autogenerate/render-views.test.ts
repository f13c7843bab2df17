import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { boolean, index, integer, materializedView, sql, table, text, view } from "../../src/schema/index.js";
import type { View } from "../../src/schema/model.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { EMPTY, revisionFile, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

const upgradeOf = (text: string) => text.slice(text.indexOf("function upgrade"), text.indexOf("function downgrade"));

/** A view as the database (or the canonicaliser) reports it: its stored query, columns and what it reads. */
function stored(v: View, definition: string, columns: readonly string[], reads: readonly string[]): View {
  return { ...v, stored: { definition, columns, reads } };
}

const users = () => table("users", { id: integer().primaryKey(), email: text().notNull(), active: boolean().notNull(), team: integer() });

function models(changed: boolean): SchemaSnapshot {
  const snapshot = snapshotOf({ users: users() });
  const activeUsers = view("active_users", sql`SELECT id, email FROM users WHERE active${changed ? sql` AND email <> ''` : sql``}`);
  const activeEmails = view("active_emails", sql`SELECT email FROM active_users`, { securityBarrier: true, checkOption: "local" });
  const teamSizes = materializedView(
    "team_sizes",
    sql`SELECT team, count(*) AS members${changed ? sql`, max(id) AS newest` : sql``} FROM users GROUP BY team`,
    { indexes: [index("ix_team_sizes_team", ["team"], { unique: true })] },
  );
  return {
    ...snapshot,
    views: [
      stored(activeEmails, "SELECT active_users.email FROM active_users", ["email text"], ["public.active_users"]),
      stored(
        activeUsers,
        `SELECT users.id, users.email FROM users WHERE users.active${changed ? " AND users.email <> ''::text" : ""}`,
        ["id integer", "email text"],
        ["public.users"],
      ),
      stored(
        teamSizes,
        `SELECT team, count(*) AS members${changed ? ", max(id) AS newest" : ""} FROM users GROUP BY team`,
        [],
        ["public.users"],
      ),
    ],
  };
}

describe("rendered views and materialized views", () => {
  it("creates them after the tables, each after the views it reads", () => {
    const text = revisionFile(EMPTY, models(false), "create views");
    expectGolden(path.join(GOLDEN, "create-views.ts"), text);
    expect(text.indexOf('op.createView("active_users"')).toBeLessThan(text.indexOf('op.createView("active_emails"'));
    expect(text.indexOf("op.createTable")).toBeLessThan(text.indexOf("op.createView"));
  });

  it("replaces a view whose columns stay, re-creates a materialized view, leaves the others", () => {
    const text = revisionFile(models(false), models(true), "change views");
    expectGolden(path.join(GOLDEN, "change-views.ts"), text);
    const upgrade = upgradeOf(text);
    expect(upgrade).toContain("await op.replaceView(\"active_users\", sql`SELECT id, email FROM users WHERE active AND email <> ''`);");
    expect(upgrade).toContain('await op.dropMaterializedView("team_sizes");');
    expect(upgrade).toContain("// Runs the query of materialized view team_sizes to fill it (withData: false creates it empty).");
    expect(upgrade).not.toContain("active_emails");
  });

  it("re-creates a view whose columns change, and the views reading it", () => {
    const from = models(false);
    const to: SchemaSnapshot = {
      ...from,
      views: from.views!.map((v) =>
        v.name === "active_users" ? stored(v, "SELECT users.id FROM users", ["id integer"], ["public.users"]) : v,
      ),
    };
    const upgrade = upgradeOf(revisionFile(from, to, "narrow"));
    expect(upgrade.indexOf('op.dropView("active_emails")')).toBeLessThan(upgrade.indexOf('op.dropView("active_users")'));
    expect(upgrade.indexOf('op.createView("active_users"')).toBeLessThan(upgrade.indexOf('op.createView("active_emails"'));
    expect(upgrade).not.toContain("replaceView");
  });

  it("drops and re-creates the views reading a column that is dropped, around the drop", () => {
    const from = models(false);
    const to: SchemaSnapshot = {
      ...from,
      tables: snapshotOf({ users: table("users", { id: integer().primaryKey(), email: text().notNull(), active: boolean().notNull() }) })
        .tables,
    };
    const upgrade = upgradeOf(revisionFile(from, to, "drop team"));
    const dropColumn = upgrade.indexOf('op.dropColumn("users", "team")');
    expect(dropColumn).toBeGreaterThan(-1);
    for (const name of ["active_users", "active_emails"]) {
      expect(upgrade.indexOf(`op.dropView("${name}")`)).toBeLessThan(dropColumn);
      expect(upgrade.indexOf(`op.createView("${name}"`)).toBeGreaterThan(dropColumn);
    }
    expect(upgrade.indexOf('op.dropMaterializedView("team_sizes")')).toBeLessThan(dropColumn);
  });

  it("changes a materialized view's indexes in place", () => {
    const from = models(false);
    const to: SchemaSnapshot = {
      ...from,
      views: from.views!.map((v) => (v.materialized ? { ...v, indexes: [index("ix_team_sizes_members", ["members"])] } : v)),
    };
    const upgrade = upgradeOf(revisionFile(from, to, "indexes"));
    expect(upgrade).toContain('await op.dropIndex("ix_team_sizes_team", { table: "team_sizes" });');
    expect(upgrade).toContain('await op.createIndex("ix_team_sizes_members", "team_sizes", ["members"]);');
    expect(upgrade).not.toContain("MaterializedView");
  });

  it("finds nothing to do between equal models, whatever the spelling of the query", () => {
    const respelled: SchemaSnapshot = {
      ...models(false),
      views: models(false).views!.map((v) => ({ ...v, definition: v.definition.toLowerCase() })),
    };
    expect(planMigration(models(false), respelled, [], { rules: postgresComparison }).upgrade).toEqual([]);
  });
});
