/**
 * Rendered revisions for row-level security, grants and policies: created with their table, changed, dropped; the
 * files are golden and type-check.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import { boolean, integer, policy, sql, table, text } from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { AS_BUILT, EMPTY, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/security/", import.meta.url));

function revisionFile(from: SchemaSnapshot, to: SchemaSnapshot, message: string): string {
  const plan = planMigration(from, to, [], AS_BUILT);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, AS_BUILT.rules);
  return renderRevisionFile({
    revision: "1975ea83b712",
    downRevisions: [],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...body,
  });
}

function models(edited: boolean): SchemaSnapshot {
  const documents = table(
    "documents",
    { id: integer().primaryKey(), owner: text().notNull(), published: boolean().notNull().default(false) },
    {
      rowLevelSecurity: edited ? "force" : true,
      grants: edited
        ? [{ to: "app_writer", privileges: ["select", "update"] }]
        : [
            { to: "app_reader", privileges: ["select"] },
            { to: "app_writer", privileges: ["select", "insert"] },
          ],
    },
  );
  const ownerAll = policy("owner_all", {
    table: documents,
    to: ["app_writer"],
    using: sql`owner = current_user`,
    withCheck: sql`owner = current_user`,
  });
  const readPublished = policy("read_published", {
    table: documents,
    as: edited ? "restrictive" : "permissive",
    for: "select",
    using: sql`published`,
  });
  const insertOwn = policy("insert_own", { table: documents, for: "insert", withCheck: sql`owner = current_user` });
  return snapshotOf(edited ? { documents, ownerAll, readPublished } : { documents, ownerAll, readPublished, insertOwn });
}

describe("rendered revisions of row-level security, grants and policies", () => {
  it("creates them with the table, changes and drops them", () => {
    expectGolden(path.join(GOLDEN, "create.ts"), revisionFile(EMPTY, models(false), "secure documents"));
    expectGolden(path.join(GOLDEN, "edit.ts"), revisionFile(models(false), models(true), "tighten documents"));
  });
});
