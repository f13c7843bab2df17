import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Generated expressions, collations and NULLS NOT DISTINCT as the catalog holds them. */
async function catalog(engine: EngineFixture): Promise<unknown> {
  return engine.inspect(async (query) => {
    const columns = await query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated AS generated,
            pg_get_expr(d.adbin, d.adrelid) AS expression, co.collname AS collation, a.attnotnull AS not_null,
            a.attidentity AS identity,
            (SELECT s.seqstart || ' by ' || s.seqincrement FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid
              WHERE dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i') AS sequence
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       LEFT JOIN pg_collation co ON co.oid = a.attcollation
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE 'retort_%'
      ORDER BY 1, 2`,
    );
    const indexes = await query(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'retort_%' ORDER BY 1`,
    );
    return { columns, indexes };
  });
}

const BEFORE = `
import { index, integer, sql, table, text, unique, varchar } from "retort/schema";
export const items = table("items", {
  id: integer().primaryKey(),
  price: integer().notNull(),
  qty: integer().notNull(),
  total: integer().generatedAlwaysAs(sql\`price * qty\`),
  code: text().collate("C").notNull(),
  label: varchar(40).collate("C"),
  batch: integer(),
  seq: integer().generatedByDefaultAsIdentity(),
  plain: integer(),
  gone: integer().generatedAlwaysAsIdentity({ start: 10 }),
}, {
  uniques: [unique(["code", "batch"], { nullsNotDistinct: true })],
  indexes: [index("ix_items_label", ["label"], { unique: true, nullsNotDistinct: true })],
});
`;

// Each option changed: the expression, the collations (one with a type change), NULLS NOT DISTINCT both ways.
const AFTER = `
import { index, integer, sql, table, text, unique } from "retort/schema";
export const items = table("items", {
  id: integer().primaryKey(),
  price: integer().notNull(),
  qty: integer().notNull(),
  total: integer().generatedAlwaysAs(sql\`price * qty * 2\`),
  code: text().notNull(),
  label: text().collate("POSIX"),
  batch: integer(),
  seq: integer().generatedAlwaysAsIdentity({ start: 100, increment: 5 }),
  plain: integer().generatedByDefaultAsIdentity(),
  gone: integer().notNull(),
}, {
  uniques: [unique(["code", "batch"])],
  indexes: [index("ix_items_label", ["label"], { unique: true })],
});
`;

// The embedded engine runs the same PostgreSQL as the server does here; PGlite is another build (17).
describe.each(["server", "pglite"] as const)(
  "generated columns, collations, NULLS NOT DISTINCT and identity round-trip on %s",
  (engineName) => {
    let project: TestProject;
    let remove: () => Promise<void>;
    let engine: EngineFixture;

    beforeAll(async () => {
      const directory = await tempDirectory("retort-pg-objects-");
      remove = directory.remove;
      engine = await engineFixture(engineName, directory.path, { existing: true });
      project = await createProject(directory.path, engine.url, `, models: "./models.ts"`);
    });
    afterAll(async () => {
      await engine.dispose();
      await remove();
    });

    const revisionText = async (slug: string): Promise<string> => {
      const file = (await readdir(project.versionsDirectory)).find((name) => name.endsWith(`_${slug}.ts`));
      return readFile(path.join(project.versionsDirectory, file ?? ""), "utf8");
    };

    it("models → autogenerate → upgrade → check is clean; a change and its downgrade restore the catalog", async () => {
      const models = path.join(project.root, "models.ts");
      await writeFile(models, BEFORE);
      const first = await project.run("revision", "--autogenerate", "-m", "before");
      expect(first.code, first.stderr).toBe(0);
      const created = await revisionText("before");
      expect(created).toContain(".generatedAlwaysAs(sql`price * qty`)");
      expect(created).toContain('.collate("C")');
      expect(created).toContain("nullsNotDistinct: true");
      expect((await project.run("upgrade", "head")).code).toBe(0);
      const clean = await project.run("check");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      const before = await catalog(engine);

      // pull writes the options back, and its models check clean against the same database.
      const pulled = path.join(project.root, "pulled.ts");
      const pull = await project.run("pull", "--out", pulled);
      expect(pull.code, pull.stderr).toBe(0);
      const pulledText = await readFile(pulled, "utf8");
      expect(pulledText).toContain(".generatedAlwaysAs(sql`");
      expect(pulledText).toContain('.collate("C")');
      expect(pulledText).toContain("nullsNotDistinct: true");
      await writeFile(models, pulledText);
      const pulledCheck = await project.run("check");
      expect(pulledCheck.code, pulledCheck.stdout + pulledCheck.stderr).toBe(0);
      expect(before).toMatchObject({
        columns: expect.arrayContaining([
          expect.objectContaining({ column: "total", generated: "s", expression: "(price * qty)" }),
          expect.objectContaining({ column: "code", collation: "C" }),
          expect.objectContaining({ column: "gone", identity: "a", sequence: "10 by 1" }),
        ]),
        indexes: expect.arrayContaining([
          expect.objectContaining({ name: "items_code_batch_key", definition: expect.stringContaining("NULLS NOT DISTINCT") }),
          expect.objectContaining({ name: "ix_items_label", definition: expect.stringContaining("NULLS NOT DISTINCT") }),
        ]),
      });

      await writeFile(models, AFTER);
      const second = await project.run("revision", "--autogenerate", "-m", "after");
      expect(second.code, second.stderr).toBe(0);
      const changed = await revisionText("after");
      expect(changed).toContain('op.dropColumn("items", "total")');
      expect(changed).toContain('collation: null, existingCollation: "C"');
      expect(changed).toContain("identity: { always: true, start: 100, increment: 5 }, existingIdentity: { always: false }");
      expect(changed).not.toContain("TODO");
      expect(second.stdout + second.stderr).not.toMatch(/data loss|loses data/i);
      const up = await project.run("upgrade", "head");
      expect(up.code, up.stderr).toBe(0);
      const after = await project.run("check");
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(await catalog(engine)).not.toEqual(before);

      // The safe forms may write a second, non-transactional revision: both go.
      const down = await project.run("downgrade", `-${second.stdout.trim().split("\n").length}`);
      expect(down.code, down.stderr).toBe(0);
      expect(await catalog(engine)).toEqual(before);
      await writeFile(models, BEFORE);

      expect((await project.run("downgrade", "base")).code).toBe(0);
      expect(await catalog(engine)).toEqual({ columns: [], indexes: [] });
    });
  },
);
