import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelSnapshot } from "../../src/autogenerate/models.js";
import { toSnakeCase } from "drizzle-orm/casing";
import { drizzleModule } from "../../src/commands/drizzle-models.js";
import { postgresComparison } from "../../src/dialects/postgres/comparison.js";
import { importProjectModule } from "../../src/project/module-loader.js";
import { renderDrizzleModels } from "../../src/pull/drizzle/render.js";
import type { Table } from "../../src/schema/model.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { check, foreignKey, index, integer, sql, table, text, unique, varchar } from "../../src/schema/index.js";
import * as rich from "../autogenerate/fixtures/rich-models.js";
import { tempDirectory } from "../helpers/databases.js";
import { expectGolden } from "../helpers/golden.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const GOLDEN = fileURLToPath(new URL("../golden/pull/rich-models.drizzle.ts", import.meta.url));

const normalized = (exports: Record<string, unknown>): SchemaSnapshot =>
  postgresComparison.normalize(modelSnapshot([{ path: "models.ts", exports }]));

const SOURCE = {
  database: "postgres://app:***@db.example.com:5432/films",
  schemas: ["public", "inventory"],
  unmodelled: { view: 2, function: 1, trigger: 3, sequence: 1 },
};

/** The snapshot without what a Drizzle schema cannot declare (the header counts it). */
function declarable(snapshot: SchemaSnapshot): SchemaSnapshot {
  const table = (t: Table): Table => {
    const { comment: _comment, ...rest } = t;
    return {
      ...rest,
      columns: t.columns.map(({ comment: _c, collation: _k, ...column }) => column),
      uniqueConstraints: t.uniqueConstraints.map(({ deferrable: _d, ...u }) => u),
      foreignKeys: t.foreignKeys.map(({ deferrable: _d, ...fk }) => fk),
      indexes: t.indexes.map(({ include: _i, nullsNotDistinct: _n, ...ix }) => ix),
    };
  };
  return postgresComparison.normalize({ ...snapshot, tables: snapshot.tables.map(table) });
}

describe("renderDrizzleModels", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let count = 0;

  /** Writes `text` as a Drizzle module of a project that has drizzle-orm, and reads it as the CLI reads models. */
  async function load(text: string, casing?: "snake_case"): Promise<SchemaSnapshot> {
    const file = path.join(dir.path, `models-${count++}.ts`);
    await writeFile(file, text);
    const module = await drizzleModule(file, await importProjectModule(file), "retort.config.ts", casing);
    return postgresComparison.normalize(modelSnapshot([module]));
  }

  beforeAll(async () => {
    dir = await tempDirectory("retort-pull-drizzle-");
    await symlink(path.join(REPO, "node_modules"), path.join(dir.path, "node_modules"));
  });
  afterAll(async () => {
    await dir.remove();
  });

  const snapshot = normalized(rich);
  const rendered = renderDrizzleModels(snapshot, SOURCE);

  // The golden module is type-checked with the project (tsconfig.json includes test/), against drizzle-orm's types.
  it("writes the rich model as the golden Drizzle module", () => {
    expectGolden(GOLDEN, rendered);
  });

  it("reads back, through the Drizzle adapter, to the snapshot it was rendered from, less what Drizzle cannot declare", async () => {
    expect(await load(rendered)).toEqual(declarable(snapshot));
    expect(declarable(snapshot)).not.toEqual(snapshot);
  });

  it("counts in the header what Drizzle cannot declare", () => {
    const header = rendered.slice(0, rendered.indexOf("*/"));
    expect(header).toContain(" * - 2 views\n");
    expect(header).toContain(
      " * Not expressible in a Drizzle schema, so left out below, although Retort compares it (`retort check` reports it):\n" +
        " * - 3 table comments\n * - 1 column comment\n * - 2 deferrable constraints\n * - 1 index with INCLUDE columns\n",
    );
  });

  it("names keys, constraints and indexes only where Drizzle's own names differ, and keeps names that collide apart", async () => {
    const orders = table("Orders", { id: integer().primaryKey(), "unit price": integer(), created_at: text() });
    const models = {
      orders,
      index: table(
        "index",
        {
          order_id: integer().notNull(),
          orderId: integer(),
          code: varchar(8).unique({ name: "index_code_unique" }),
          tag: text().unique(),
        },
        {
          primaryKey: { name: "index_order_id_orderId_pk", columns: ["order_id", "orderId"] },
          uniques: [unique(["tag", "code"], { nullsNotDistinct: true })],
          foreignKeys: [foreignKey({ columns: ["order_id"], references: () => [orders.id], name: "index_order_id_Orders_id_fk" })],
          checks: [check("index_tag", sql`tag <> ''`)],
          indexes: [index("index_tag_index", ["tag"]), index("ix_code", [{ column: "code", order: "desc" }])],
        },
      ),
    };
    const source = renderDrizzleModels(normalized(models), { database: "pglite:memory:", schemas: ["public"], unmodelled: {} });
    expect(source).toContain('export const orders = pgTable("Orders", {');
    expect(source).toContain('export const indexTable = pgTable("index", {');
    expect(source).toContain('  unitPrice: integer("unit price"),');
    expect(source).toContain('  orderId: integer("order_id").notNull().references(() => orders.id),');
    expect(source).toContain('  orderId2: integer("orderId").notNull(),');
    expect(source).toContain("  code: varchar({ length: 8 }).unique(),");
    expect(source).toContain('  tag: text().unique("index_tag_key"),');
    expect(source).toContain("primaryKey({ columns: [t.orderId, t.orderId2] })");
    expect(source).toContain('unique("index_tag_code_key").on(t.tag, t.code).nullsNotDistinct()');
    expect(source).toContain("index().on(t.tag)");
    expect(source).toContain('index("ix_code").on(t.code.desc().nullsFirst())');
    expect(await load(source)).toEqual(normalized(models));
  });

  it("under a snake_case casing, leaves out the names the keys convert to, and reads back with that casing", async () => {
    const users = table("users", {
      user_id: integer().primaryKey(),
      DisplayName: text(),
      first_name: text().unique(),
      nick_name: text().unique({ name: "users_nickName_unique" }),
    });
    const models = {
      users,
      posts: table(
        "posts",
        {
          post_id: integer().notNull(),
          author_id: integer()
            .notNull()
            .references(() => users.user_id),
          first_line: text(),
          created_at: text(),
        },
        {
          primaryKey: { name: "posts_post_id_author_id_pk", columns: ["post_id", "author_id"] },
          uniques: [unique(["first_line", "created_at"])],
          indexes: [index("posts_created_at_index", ["created_at"])],
        },
      ),
    };
    const snapshot = normalized(models);
    const source = renderDrizzleModels(snapshot, { database: "pglite:memory:", schemas: ["public"], unmodelled: {} }, toSnakeCase);
    expect(source).toContain("  userId: integer().primaryKey(),");
    expect(source).toContain('  displayName: text("DisplayName"),');
    // Drizzle names a unique constraint after the key, so a name from the column's is written.
    expect(source).toContain('  firstName: text().unique("users_first_name_key"),');
    expect(source).toContain('foreignKey({ name: "posts_author_id_fkey", columns: [t.authorId], foreignColumns: [users.userId] })');
    // The name drizzle-kit gives under the casing (from the key) is left to it.
    expect(source).toContain("  nickName: text().unique(),");
    expect(source).toContain('unique("posts_first_line_created_at_key").on(t.firstLine, t.createdAt)');
    expect(source).toContain("primaryKey({ columns: [t.postId, t.authorId] })");
    expect(source).toContain("index().on(t.createdAt)");
    expect(await load(source, "snake_case")).toEqual(snapshot);
  });

  it("writes an empty module with its header for an empty database", () => {
    const source = renderDrizzleModels(normalized({}), { database: "pglite:memory:", schemas: ["public"], unmodelled: {} });
    expect(source.split("\n").slice(-3)).toEqual(["", "export {};", ""]);
    expect(source).not.toContain("Not expressible in a Drizzle schema");
  });
});
