/**
 * Row-level security, policies and grants against a real PostgreSQL: created by hand in SQL, hand-written models
 * and pulled models both check clean; each property changed in the database makes `check` exit 3 naming it;
 * models → autogenerate → upgrade reproduces the catalog, and the downgrade removes it.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** Roles are cluster-wide: made once, tolerating another test process making them at the same time. */
const ROLES = ["retort_rls_reader", "retort_rls_writer"];

async function ensureRoles(engine: EngineFixture): Promise<void> {
  await engine.inspect(async (query) => {
    for (const role of ROLES) {
      await query(`DO $$ BEGIN CREATE ROLE ${role}; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    }
  });
}

const SQL = `
CREATE TABLE documents (id integer PRIMARY KEY, owner text NOT NULL, body text, published boolean NOT NULL DEFAULT false);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY owner_all ON documents TO retort_rls_writer USING (owner = current_user) WITH CHECK (owner = current_user);
CREATE POLICY published_read ON documents FOR SELECT TO retort_rls_reader, retort_rls_writer USING (published AND body IS NOT NULL);
CREATE POLICY no_empty ON documents AS RESTRICTIVE FOR INSERT WITH CHECK (length(body) > 0);
GRANT SELECT ON documents TO retort_rls_reader;
GRANT SELECT, INSERT, UPDATE ON documents TO retort_rls_writer;
CREATE TABLE notes (id integer PRIMARY KEY);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
GRANT SELECT ON notes TO PUBLIC;
`;

const MODELS = `
import { boolean, integer, policy, sql, table, text } from "retort/schema";
export const documents = table("documents", {
  id: integer().primaryKey(),
  owner: text().notNull(),
  body: text(),
  published: boolean().notNull().default(false),
}, {
  rowLevelSecurity: true,
  grants: [
    { to: "retort_rls_reader", privileges: ["select"] },
    { to: "retort_rls_writer", privileges: ["select", "insert", "update"] },
  ],
});
export const notes = table("notes", { id: integer().primaryKey() }, {
  rowLevelSecurity: "force",
  grants: [{ to: "public", privileges: ["select"] }],
});
export const ownerAll = policy("owner_all", {
  table: documents,
  to: ["retort_rls_writer"],
  using: sql\`owner = current_user\`,
  withCheck: sql\`owner = current_user\`,
});
export const publishedRead = policy("published_read", {
  table: documents,
  for: "select",
  to: ["retort_rls_writer", "retort_rls_reader"],
  using: sql\`published and body is not null\`,
});
export const noEmpty = policy("no_empty", { table: documents, as: "restrictive", for: "insert", withCheck: sql\`length(body) > 0\` });
`;

/** What the catalog says about row-level security, policies and grants in public. */
async function catalog(engine: EngineFixture): Promise<unknown> {
  return engine.inspect(async (query) => ({
    tables: await query(
      `SELECT relname AS table, relrowsecurity AS rls, relforcerowsecurity AS force FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname NOT LIKE 'retort_%' ORDER BY 1`,
    ),
    policies: await query(
      `SELECT tablename, policyname, permissive, roles::text AS roles, cmd, qual, with_check FROM pg_policies
        WHERE schemaname = 'public' ORDER BY 1, 2`,
    ),
    grants: await query(
      `SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_schema = 'public' AND grantee <> current_user AND table_name NOT LIKE 'retort_%' ORDER BY 1, 2, 3`,
    ),
  }));
}

// The embedded engine runs the same PostgreSQL as the server; PGlite is another build (17).
describe.each(["server", "pglite"] as const)("row-level security, policies and grants on %s", (engineName) => {
  let project: TestProject;
  let remove: () => Promise<void>;
  let engine: EngineFixture;

  beforeAll(async () => {
    const directory = await tempDirectory("retort-security-");
    remove = directory.remove;
    engine = await engineFixture(engineName, directory.path, { existing: true });
    // The view one test makes stands for an object another tool owns: views are not managed here.
    project = await createProject(directory.path, engine.url, `, models: "./models.ts", manage: { views: false }`);
    await ensureRoles(engine);
  });
  afterAll(async () => {
    await engine.dispose();
    await remove();
  });

  const models = () => path.join(project.root, "models.ts");
  // One statement at a time (PGlite's query takes one); the statements here hold no semicolon of their own.
  const exec = (sql: string) =>
    engine.inspect(async (query) => {
      for (const statement of sql.split(";").filter((part) => part.trim() !== "")) await query(statement);
    });

  it("hand-made SQL: hand-written models and pulled models check clean; each change is named by check", async () => {
    await exec(SQL);
    const made = await catalog(engine);
    await writeFile(models(), MODELS);
    const clean = await project.run("check");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);

    const pulled = path.join(project.root, "pulled.ts");
    const pull = await project.run("pull", "--out", pulled);
    expect(pull.code, pull.stderr).toBe(0);
    const text = await readFile(pulled, "utf8");
    expect(text).toContain('rowLevelSecurity: "force"');
    expect(text).toContain("policy(");
    expect(text).not.toMatch(/polic(y|ies) .*not|row-level security enabled/);
    await writeFile(models(), text);
    const pulledCheck = await project.run("check");
    expect(pulledCheck.code, pulledCheck.stdout + pulledCheck.stderr + text).toBe(0);
    await writeFile(models(), MODELS);

    // One mutation per property: check exits 3 and names the change; undone, check is clean again.
    const mutations: [string, string, RegExp][] = [
      [
        "ALTER TABLE documents DISABLE ROW LEVEL SECURITY",
        "ALTER TABLE documents ENABLE ROW LEVEL SECURITY",
        /row-level security of table documents/,
      ],
      [
        "ALTER TABLE documents FORCE ROW LEVEL SECURITY",
        "ALTER TABLE documents NO FORCE ROW LEVEL SECURITY",
        /row-level security of table documents to enabled/,
      ],
      [
        "ALTER TABLE notes NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE notes FORCE ROW LEVEL SECURITY",
        /row-level security of table notes to forced/,
      ],
      [
        "REVOKE INSERT ON documents FROM retort_rls_writer",
        "GRANT INSERT ON documents TO retort_rls_writer",
        /grant insert on documents to retort_rls_writer/,
      ],
      [
        "GRANT DELETE ON documents TO retort_rls_reader",
        "REVOKE DELETE ON documents FROM retort_rls_reader",
        /revoke delete on documents from retort_rls_reader/,
      ],
      ["REVOKE SELECT ON notes FROM PUBLIC", "GRANT SELECT ON notes TO PUBLIC", /grant select on notes to public/],
      [
        "ALTER POLICY owner_all ON documents USING (owner = session_user)",
        "ALTER POLICY owner_all ON documents USING (owner = current_user)",
        /policy owner_all on documents/,
      ],
      [
        "ALTER POLICY owner_all ON documents WITH CHECK (true)",
        "ALTER POLICY owner_all ON documents WITH CHECK (owner = current_user)",
        /policy owner_all on documents/,
      ],
      [
        "ALTER POLICY published_read ON documents TO retort_rls_reader",
        "ALTER POLICY published_read ON documents TO retort_rls_reader, retort_rls_writer",
        /policy published_read on documents/,
      ],
      [
        "DROP POLICY no_empty ON documents; CREATE POLICY no_empty ON documents FOR INSERT WITH CHECK (length(body) > 0)",
        "DROP POLICY no_empty ON documents; CREATE POLICY no_empty ON documents AS RESTRICTIVE FOR INSERT WITH CHECK (length(body) > 0)",
        /policy no_empty on documents/,
      ],
      [
        "DROP POLICY no_empty ON documents; CREATE POLICY no_empty ON documents AS RESTRICTIVE FOR UPDATE WITH CHECK (length(body) > 0)",
        "DROP POLICY no_empty ON documents; CREATE POLICY no_empty ON documents AS RESTRICTIVE FOR INSERT WITH CHECK (length(body) > 0)",
        /policy no_empty on documents/,
      ],
      [
        "DROP POLICY no_empty ON documents",
        "CREATE POLICY no_empty ON documents AS RESTRICTIVE FOR INSERT WITH CHECK (length(body) > 0)",
        /add policy no_empty/,
      ],
      ["CREATE POLICY extra ON notes USING (true)", "DROP POLICY extra ON notes", /drop policy extra on notes/],
    ];
    for (const [change, undo, named] of mutations) {
      await exec(change);
      const drift = await project.run("check");
      expect(drift.code, `${change}\n${drift.stdout}${drift.stderr}`).toBe(3);
      expect(drift.stdout + drift.stderr, change).toMatch(named);
      await exec(undo);
      const again = await project.run("check");
      expect(again.code, `${undo}\n${again.stdout}${again.stderr}`).toBe(0);
    }
    expect(await catalog(engine)).toEqual(made);
    await exec("DROP TABLE documents, notes");
  });

  it("check -v lists what Retort does not manage; manage: { policies: false } neither compares nor reports policies", async () => {
    await exec(SQL);
    await exec("CREATE VIEW published AS SELECT id FROM documents WHERE published");
    await writeFile(models(), MODELS);
    const verbose = await project.run("check", "-v");
    expect(verbose.code, verbose.stdout + verbose.stderr).toBe(0);
    expect(verbose.stderr).toContain("Not managed by Retort (neither compared nor reported as drift):\n  1 view\n");
    expect(verbose.stderr).not.toMatch(/polic|row-level/);
    const json = await project.run("--json", "check");
    expect(JSON.parse(json.stdout)).toMatchObject({ pending: false, unmanaged: { view: 1 } });
    expect(JSON.parse(json.stdout).unmanaged).not.toHaveProperty("policy");

    // Another tool owns the policies: their drift is not reported, and check -v counts them as not managed.
    const root = path.join(project.root, "policies-elsewhere");
    const other = await createProject(root, engine.url, `, models: "../models.ts", manage: { policies: false, views: false }`);
    await exec("DROP POLICY no_empty ON documents");
    expect((await project.run("check")).code).toBe(3);
    const unmanaged = await other.run("check", "-v");
    expect(unmanaged.code, unmanaged.stdout + unmanaged.stderr).toBe(0);
    expect(unmanaged.stderr).toContain("  2 row-level security policies\n");
    const misspelt = await createProject(
      path.join(project.root, "misspelt"),
      engine.url,
      `, models: "../models.ts", manage: { polices: false }`,
    );
    const refused = await misspelt.run("check");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("'manage.polices' is not a kind Retort manages (did you mean 'policies'?)");
    await exec("DROP VIEW published; DROP TABLE documents, notes");
  });

  it("a policy PostgreSQL stores in another form is canonicalised by the database; a missing role is named", async () => {
    await exec(SQL);
    await exec(
      "CREATE POLICY notes_in ON notes USING (id IN (1, 2) AND EXISTS (SELECT 1 FROM documents d WHERE d.id = notes.id AND d.owner::varchar(10) = 'x'))",
    );
    const written = `${MODELS}
export const notesIn = policy("notes_in", {
  table: notes,
  using: sql\`id in (1, 2) and exists (select 1 from documents d where d.id = notes.id and d.owner::varchar(10) = 'x')\`,
});
`;
    await writeFile(models(), written);
    const clean = await project.run("check");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    await exec(
      "ALTER POLICY notes_in ON notes USING (id IN (1, 3) AND EXISTS (SELECT 1 FROM documents d WHERE d.id = notes.id AND d.owner::varchar(10) = 'x'))",
    );
    const drift = await project.run("check");
    expect(drift.code, drift.stdout + drift.stderr).toBe(3);
    expect(drift.stdout).toContain("policy notes_in on notes");

    await writeFile(models(), MODELS.replace('to: ["retort_rls_writer"],', 'to: ["retort_rls_writer", "retort_no_such_role"],'));
    const missing = await project.run("check");
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("a role the database does not have: retort_no_such_role.");
    expect(missing.stderr).toContain("Retort does not create roles");
    await exec("DROP TABLE documents, notes");
  });

  it("models → autogenerate → upgrade reproduces the hand-made catalog; downgrade removes it", async () => {
    await exec(SQL);
    const made = await catalog(engine);
    await exec("DROP TABLE documents, notes");
    await writeFile(models(), MODELS);
    const revision = await project.run("revision", "--autogenerate", "-m", "secure documents");
    expect(revision.code, revision.stderr).toBe(0);
    const file = (await readdir(project.versionsDirectory)).find((name) => name.endsWith("_secure_documents.ts")) ?? "";
    const written = await readFile(path.join(project.versionsDirectory, file), "utf8");
    expect(written).toContain("await op.createPolicy(");
    expect(written).toContain("rowLevelSecurity: true");
    expect((await project.run("upgrade", "head")).code).toBe(0);
    expect(await catalog(engine)).toEqual(made);
    const clean = await project.run("check");
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    const down = await project.run("downgrade", "base");
    expect(down.code, down.stderr).toBe(0);
    expect(await catalog(engine)).toEqual({ tables: [], policies: [], grants: [] });
  });
});
