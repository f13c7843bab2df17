import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../src/autogenerate/produce.js";
import { renderMigration } from "../../src/autogenerate/render/migration.js";
import { renderRevisionFile } from "../../src/revisions/template.js";
import {
  customType,
  domain,
  domainColumn,
  extension,
  integer,
  nextval,
  numeric,
  sequence,
  serial,
  sql,
  table,
  text,
} from "../../src/schema/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { expectGolden } from "../helpers/golden.js";
import { AS_BUILT, EMPTY, snapshotOf } from "./helpers.js";

const GOLDEN = fileURLToPath(new URL("../golden/autogenerate/", import.meta.url));

function revisionFile(from: SchemaSnapshot, to: SchemaSnapshot, message: string, parent?: string): string {
  const plan = planMigration(from, to, [], AS_BUILT);
  const body = renderMigration(plan.upgrade, plan.downgrade, plan.manual, AS_BUILT.rules);
  return renderRevisionFile({
    revision: parent === undefined ? "1975ea83b712" : "27c6a30d7c24",
    downRevisions: parent === undefined ? [] : [parent],
    branchLabels: [],
    dependsOn: [],
    message,
    createDate: new Date(2026, 10, 28, 10, 0, 0),
    ...body,
  });
}

function models(changed: boolean): SchemaSnapshot {
  const orderNo = sequence("order_no_seq", changed ? { increment: 10, maxValue: 900000 } : { dataType: "integer", start: 1000 });
  const email = domain(
    "email",
    customType("citext"),
    changed ? { notNull: true, check: sql`VALUE ~ '@'` } : { check: sql`VALUE ~ '^[^@]+@[^@]+$'` },
  );
  const price = domain(
    "price",
    numeric(10, 2),
    changed ? { default: 1 } : { notNull: true, default: 0, checks: { price_not_negative: sql`VALUE >= 0` } },
  );
  return snapshotOf({
    citext: extension("citext"),
    ...(changed ? { trgm: extension("pg_trgm") } : { hstore: extension("hstore", { schema: "public" }) }),
    orderNo,
    audit: sequence("audit_seq", changed ? {} : { cycle: true, ownedBy: { table: "orders", column: "id" } }),
    email,
    price,
    orders: table("orders", {
      id: serial().primaryKey(),
      order_no: integer().notNull().default(nextval(orderNo)),
      contact: domainColumn(email),
      total: domainColumn(price),
      note: text(),
    }),
  });
}

describe("rendered revisions of sequences, domains and extensions", () => {
  it("creates them from an empty database: extensions, sequences and domains before the table, the owner after it", () => {
    const text = revisionFile(EMPTY, models(false), "create orders");
    expectGolden(path.join(GOLDEN, "create-sequences-domains.ts"), text);
    expect(text.indexOf('op.createDomain("email"')).toBeLessThan(text.indexOf('op.createTable("orders"'));
    expect(text.indexOf('op.createTable("orders"')).toBeLessThan(text.indexOf('op.alterSequence("audit_seq"'));
  });

  it("alters them in place and reports what PostgreSQL cannot alter", () => {
    const text = revisionFile(models(false), models(true), "edit orders", "1975ea83b712");
    expectGolden(path.join(GOLDEN, "edit-sequences-domains.ts"), text);
    expect(text).toContain('await op.alterSequence("order_no_seq", {');
    expect(text).not.toContain("op.dropSequence(");
  });
});
