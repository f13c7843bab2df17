import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryServer, tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Standalone sequences, domains, extensions and the defaults that use them, as the catalog holds them. */
async function catalog(engine: EngineFixture): Promise<unknown> {
  return engine.inspect(async (query) => ({
    sequences: await query(
      `SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS increment,
              s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
              (SELECT dc.relname || '.' || da.attname FROM pg_depend d JOIN pg_class dc ON dc.oid = d.refobjid
                 JOIN pg_attribute da ON da.attrelid = d.refobjid AND da.attnum = d.refobjsubid
                WHERE d.objid = c.oid AND d.classid = 'pg_class'::regclass AND d.refobjsubid > 0) AS owner
         FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname NOT LIKE 'retort_%' ORDER BY 1`,
    ),
    domains: await query(
      `SELECT t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS type, t.typnotnull AS not_null, t.typdefault AS default,
              ARRAY(SELECT k.conname || ' ' || pg_get_constraintdef(k.oid) FROM pg_constraint k WHERE k.contypid = t.oid ORDER BY 1)::text[] AS checks
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'd' AND n.nspname = 'public' ORDER BY 1`,
    ),
    extensions: await query(`SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`),
    columns: await query(
      `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
              pg_get_expr(d.adbin, d.adrelid) AS default
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname NOT LIKE 'retort_%'
        ORDER BY 1, 2`,
    ),
  }));
}

const SCHEMA_SQL = `
CREATE EXTENSION citext;
CREATE SEQUENCE order_no_seq AS integer START WITH 1000 INCREMENT BY 5 CACHE 10;
CREATE DOMAIN email AS citext CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN price AS numeric(10, 2) DEFAULT 0 NOT NULL CONSTRAINT price_not_negative CHECK (VALUE >= 0);
CREATE TABLE orders (
  id serial PRIMARY KEY,
  order_no integer NOT NULL DEFAULT nextval('order_no_seq'),
  contact email,
  total price
);
CREATE SEQUENCE audit_seq MINVALUE 10 MAXVALUE 99999 CYCLE OWNED BY orders.id;
`;

/** The same schema as hand-written models. */
const MODELS = `
import { domain, domainColumn, extension, integer, nextval, numeric, customType, sequence, serial, sql, table } from "retort/schema";
export const citext = extension("citext");
export const orderNo = sequence("order_no_seq", { dataType: "integer", start: 1000, increment: 5, cache: 10 });
export const auditSeq = sequence("audit_seq", { minValue: 10, maxValue: 99999, cycle: true, ownedBy: { table: "orders", column: "id" } });
export const email = domain("email", customType("citext"), { check: sql\`VALUE ~ '^[^@]+@[^@]+$'\` });
export const price = domain("price", numeric(10, 2), { notNull: true, default: 0, checks: { price_not_negative: sql\`VALUE >= 0\` } });
export const orders = table("orders", {
  id: serial().primaryKey(),
  order_no: integer().notNull().default(nextval(orderNo)),
  contact: domainColumn(email),
  total: domainColumn(price),
});
`;

/** Every property changed: sequence options and owner, domain default / NOT NULL / checks, an extension added. */
const CHANGED = `
import { domain, domainColumn, extension, integer, nextval, numeric, customType, sequence, serial, sql, table } from "retort/schema";
export const citext = extension("citext");
export const hstore = extension("hstore");
export const orderNo = sequence("order_no_seq", { dataType: "bigint", start: 1, increment: 1, minValue: 1, maxValue: 5000000 });
export const auditSeq = sequence("audit_seq", { minValue: 10, maxValue: 99999 });
export const invoiceNo = sequence("invoice_no_seq", { ownedBy: { table: "invoices", column: "no" } });
export const email = domain("email", customType("citext"), { notNull: true, check: sql\`VALUE ~ '@'\` });
export const price = domain("price", numeric(10, 2), { default: 1, checks: { price_small: sql\`VALUE < 1000000\` } });
export const orders = table("orders", {
  id: serial().primaryKey(),
  order_no: integer().notNull().default(nextval(orderNo)),
  contact: domainColumn(email),
  total: domainColumn(price),
});
export const invoices = table("invoices", { no: integer().primaryKey() });
`;

describe("sequences, domains and extensions on the server", () => {
  let project: TestProject;
  let remove: () => Promise<void>;
  let engine: EngineFixture;
  let models: string;

  beforeAll(async () => {
    const directory = await tempDirectory("retort-seqdom-");
    remove = directory.remove;
    engine = await engineFixture("server", directory.path, { existing: true });
    project = await createProject(directory.path, engine.url, `, models: "./models.ts"`);
    models = path.join(project.root, "models.ts");
  });
  afterAll(async () => {
    await engine.dispose();
    await remove();
  });

  const sql = (text: string) => queryServer(engine.url, text);
  const revisionText = async (slug: string): Promise<string> => {
    const file = (await readdir(project.versionsDirectory)).find((name) => name.endsWith(`_${slug}.ts`));
    return readFile(path.join(project.versionsDirectory, file ?? ""), "utf8");
  };
  const check = () => project.run("check");

  it("made by hand in SQL: pull writes them, and the pulled and the hand-written models check clean", async () => {
    await sql(SCHEMA_SQL);
    const pulled = path.join(project.root, "pulled.ts");
    const pull = await project.run("pull", "--out", pulled);
    expect(pull.code, pull.stderr).toBe(0);
    const text = await readFile(pulled, "utf8");
    expect(text).toContain('export const citext = extension("citext");');
    expect(text).toContain('sequence("order_no_seq", { dataType: "integer", start: 1000, increment: 5, cache: 10 })');
    expect(text).toContain('ownedBy: { table: "orders", column: "id" }');
    expect(text).toContain('domain("email", customType("citext"), { check: sql`');
    expect(text).toContain("Everything the database held in these schemas is declared below.");
    await writeFile(models, text);
    const pulledCheck = await check();
    expect(pulledCheck.code, pulledCheck.stdout + pulledCheck.stderr).toBe(0);
    await writeFile(models, MODELS);
    const handCheck = await check();
    expect(handCheck.code, handCheck.stdout + handCheck.stderr).toBe(0);
  });

  // One change in the database per property that matters: check exits 3 and names it; the change is undone.
  it.each([
    ["ALTER SEQUENCE order_no_seq INCREMENT BY 7", "ALTER SEQUENCE order_no_seq INCREMENT BY 5", "alter sequence order_no_seq"],
    ["ALTER SEQUENCE order_no_seq START WITH 1", "ALTER SEQUENCE order_no_seq START WITH 1000", "alter sequence order_no_seq"],
    ["ALTER SEQUENCE order_no_seq CACHE 1", "ALTER SEQUENCE order_no_seq CACHE 10", "alter sequence order_no_seq"],
    ["ALTER SEQUENCE order_no_seq AS bigint", "ALTER SEQUENCE order_no_seq AS integer", "alter sequence order_no_seq"],
    ["ALTER SEQUENCE audit_seq NO CYCLE", "ALTER SEQUENCE audit_seq CYCLE", "alter sequence audit_seq"],
    ["ALTER SEQUENCE audit_seq MAXVALUE 5000", "ALTER SEQUENCE audit_seq MAXVALUE 99999", "alter sequence audit_seq"],
    ["ALTER SEQUENCE audit_seq OWNED BY NONE", "ALTER SEQUENCE audit_seq OWNED BY orders.id", "alter sequence audit_seq"],
    ["CREATE SEQUENCE stray_seq", "DROP SEQUENCE stray_seq", "drop sequence stray_seq"],
    ["ALTER DOMAIN price DROP NOT NULL", "ALTER DOMAIN price SET NOT NULL", "alter domain price"],
    ["ALTER DOMAIN price SET DEFAULT 5", "ALTER DOMAIN price SET DEFAULT 0", "alter domain price"],
    [
      "ALTER DOMAIN email DROP CONSTRAINT email_check",
      "ALTER DOMAIN email ADD CONSTRAINT email_check CHECK (VALUE ~ '^[^@]+@[^@]+$')",
      "alter domain email",
    ],
    ["CREATE DOMAIN stray AS text", "DROP DOMAIN stray", "drop domain stray"],
    ["CREATE EXTENSION hstore", "DROP EXTENSION hstore", "drop extension hstore"],
  ])("%s: check exits 3 and names it", async (change, undo, named) => {
    await sql(change);
    const result = await check();
    await sql(undo);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    expect(result.stdout + result.stderr).toContain(named);
    const clean = await check();
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
  });

  it("a changed base type is reported for a hand-written migration", async () => {
    await sql(
      "DROP TABLE orders; DROP DOMAIN price; CREATE DOMAIN price AS numeric(12, 2) DEFAULT 0 NOT NULL CONSTRAINT price_not_negative CHECK (VALUE >= 0)",
    );
    const result = await project.run("revision", "--autogenerate", "-m", "retyped");
    expect(result.stdout + result.stderr).toContain("PostgreSQL cannot change a domain's type");
  });

  it("round trip from an empty database: autogenerate reproduces the catalog; a change and its downgrade restore it", async () => {
    try {
      for (const file of await readdir(project.versionsDirectory)) await rm(path.join(project.versionsDirectory, file));
      await writeFile(models, MODELS);
      await sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP EXTENSION IF EXISTS citext");
      await sql(SCHEMA_SQL);
      const byHand = await catalog(engine);
      await sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP EXTENSION IF EXISTS citext");
      const first = await project.run("revision", "--autogenerate", "-m", "create");
      expect(first.code, first.stderr).toBe(0);
      const created = await revisionText("create");
      expect(created).toContain('await op.createExtension("citext");');
      expect(created).toContain('await op.createSequence("order_no_seq", { dataType: "integer", start: 1000, increment: 5, cache: 10 });');
      expect(created).toContain(
        'await op.alterSequence("audit_seq", { ownedBy: { table: "orders", column: "id" }, existing: { ownedBy: null } });',
      );
      expect(created).toContain('await op.createDomain("price", numeric(10, 2), {');
      expect((await project.run("upgrade", "head")).code).toBe(0);
      expect((await check()).code).toBe(0);
      expect(await catalog(engine)).toEqual(byHand);

      await writeFile(models, CHANGED);
      const second = await project.run("revision", "--autogenerate", "-m", "change");
      expect(second.code, second.stderr).toBe(0);
      const changed = await revisionText("change");
      expect(changed).toContain('await op.alterSequence("order_no_seq"');
      expect(changed).toContain('await op.alterDomain("price"');
      expect(changed).not.toContain('op.dropSequence("order_no_seq"');
      const up = await project.run("upgrade", "head");
      expect(up.code, up.stderr).toBe(0);
      const after = await check();
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(await catalog(engine)).not.toEqual(byHand);

      const down = await project.run("downgrade", "-1");
      expect(down.code, down.stderr).toBe(0);
      expect(await catalog(engine)).toEqual(byHand);
      expect((await project.run("downgrade", "base")).code).toBe(0);
      expect(await catalog(engine)).toEqual({ sequences: [], domains: [], extensions: [], columns: [] });
    } finally {
      await writeFile(models, MODELS);
    }
  });
});
