import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture } from "../helpers/engines.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** The views of `public` as the catalog holds them: query, options, populated, and the materialized views' indexes. */
async function catalog(engine: EngineFixture): Promise<unknown> {
  return engine.inspect(async (query) => {
    const views = await query(
      `SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid, true) AS definition,
              c.reloptions::text AS options, c.relispopulated AS populated
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') ORDER BY 1`,
    );
    const indexes = await query(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i JOIN pg_class c ON c.relname = i.tablename
        WHERE i.schemaname = 'public' AND c.relkind = 'm' ORDER BY 1`,
    );
    return { views, indexes };
  });
}

const TABLES = `
import { boolean, index, integer, materializedView, sql, table, text, view } from "retort/schema";
export const users = table("users", {
  id: integer().primaryKey(),
  email: text().notNull(),
  active: boolean().notNull(),
  team: integer(),
});
`;

// Written as a person writes them: lower case, SELECT *, no qualification.
const MODELS = `${TABLES}
export const activeUsers = view("active_users", sql\`select * from users where active\`);
export const activeEmails = view("active_emails", sql\`SELECT email FROM active_users\`);
export const secureUsers = view("secure_users", sql\`SELECT id, email, active FROM users WHERE active\`, {
  securityBarrier: true,
  checkOption: "local",
});
export const teamSizes = materializedView("team_sizes", sql\`SELECT team, count(*) AS members FROM users GROUP BY team\`, {
  indexes: [index("ix_team_sizes_team", ["team"], { unique: true })],
});
`;

// active_users keeps its columns (replaced); team_sizes changes (re-created); active_emails gets a column
// (re-created).
const CHANGED = `${TABLES}
export const activeUsers = view("active_users", sql\`SELECT * FROM users WHERE active AND email <> ''\`);
export const activeEmails = view("active_emails", sql\`SELECT email, id FROM active_users\`);
export const secureUsers = view("secure_users", sql\`SELECT id, email, active FROM users WHERE active\`, {
  securityBarrier: true,
  checkOption: "local",
});
export const teamSizes = materializedView("team_sizes", sql\`SELECT team, count(*) AS members, max(id) AS newest FROM users GROUP BY team\`, {
  indexes: [index("ix_team_sizes_team", ["team"], { unique: true })],
  withData: false,
});
`;

/** Each changes one property in the database, then puts it back. */
const MUTATIONS: readonly { readonly name: string; readonly change: string; readonly undo: string; readonly names: string }[] = [
  {
    name: "a view's query",
    change: "CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE NOT active",
    undo: "CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active",
    names: "active_users",
  },
  {
    name: "security_barrier",
    change: "ALTER VIEW secure_users RESET (security_barrier)",
    undo: "ALTER VIEW secure_users SET (security_barrier = true)",
    names: "secure_users",
  },
  {
    name: "the check option",
    change: "ALTER VIEW secure_users SET (check_option = cascaded)",
    undo: "ALTER VIEW secure_users SET (check_option = local)",
    names: "secure_users",
  },
  {
    name: "a materialized view's index",
    change: "DROP INDEX ix_team_sizes_team",
    undo: "CREATE UNIQUE INDEX ix_team_sizes_team ON team_sizes (team)",
    names: "ix_team_sizes_team",
  },
  {
    name: "a materialized view's query",
    change: `DROP MATERIALIZED VIEW team_sizes; CREATE MATERIALIZED VIEW team_sizes AS SELECT team, count(*) + 1 AS members FROM users GROUP BY team;
      CREATE UNIQUE INDEX ix_team_sizes_team ON team_sizes (team)`,
    undo: `DROP MATERIALIZED VIEW team_sizes; CREATE MATERIALIZED VIEW team_sizes AS SELECT team, count(*) AS members FROM users GROUP BY team;
      CREATE UNIQUE INDEX ix_team_sizes_team ON team_sizes (team)`,
    names: "team_sizes",
  },
  {
    name: "a view dropped",
    change: "DROP VIEW active_emails",
    undo: "CREATE VIEW active_emails AS SELECT email FROM active_users",
    names: "active_emails",
  },
];

describe.each(["server", "pglite"] as const)("views and materialized views on %s", (engineName) => {
  let project: TestProject;
  let remove: () => Promise<void>;
  let engine: EngineFixture;

  beforeAll(async () => {
    const directory = await tempDirectory("retort-views-");
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
  // One statement at a time: PGlite takes no several in one query.
  const sql = (text: string) =>
    engine.inspect(async (query) => {
      for (const statement of text.split(";")) await query(statement);
    });

  // PGlite runs the same comparison three times slower: the round trip runs on the server, the by-hand case on both.
  it.runIf(engineName === "server")(
    "round trip: create, check clean, each property drifted is named, change, downgrade, pull",
    async () => {
      const models = path.join(project.root, "models.ts");
      await writeFile(models, MODELS);
      const first = await project.run("revision", "--autogenerate", "-m", "views");
      expect(first.code, first.stderr).toBe(0);
      const created = await revisionText("views");
      expect(created).toContain('await op.createView("active_users", sql`select * from users where active`);');
      expect(created).toContain('securityBarrier: true, checkOption: "local"');
      expect(created).toContain('indexes: [index("ix_team_sizes_team", ["team"], { unique: true })]');
      // Created after the view it reads; dropped before it.
      expect(created.indexOf('createView("active_users"')).toBeLessThan(created.indexOf('createView("active_emails"'));
      expect(created.indexOf('dropView("active_emails"')).toBeLessThan(created.indexOf('dropView("active_users"'));
      const up = await project.run("upgrade", "head");
      expect(up.code, up.stderr).toBe(0);
      const clean = await project.run("check");
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      const before = await catalog(engine);
      expect(before).toMatchObject({
        views: expect.arrayContaining([
          expect.objectContaining({ name: "secure_users", options: "{security_barrier=true,check_option=local}" }),
          expect.objectContaining({ name: "team_sizes", kind: "m", populated: true }),
        ]),
        indexes: [expect.objectContaining({ name: "ix_team_sizes_team" })],
      });

      for (const mutation of MUTATIONS) {
        await sql(mutation.change);
        const drift = await project.run("check");
        expect(drift.code, `${mutation.name}: ${drift.stdout}${drift.stderr}`).toBe(3);
        expect(drift.stdout + drift.stderr, mutation.name).toContain(mutation.names);
        await sql(mutation.undo);
        const back = await project.run("check");
        expect(back.code, `${mutation.name} undone: ${back.stdout}${back.stderr}`).toBe(0);
      }

      // pull writes the views back, no longer counted as left out, and its models check clean.
      const pulled = path.join(project.root, "pulled.ts");
      const pull = await project.run("pull", "--out", pulled);
      expect(pull.code, pull.stderr).toBe(0);
      const pulledText = await readFile(pulled, "utf8");
      expect(pulledText).toContain('export const activeUsers = view("active_users", sql`');
      expect(pulledText).toContain('export const teamSizes = materializedView("team_sizes", sql`');
      expect(pulledText).not.toMatch(/views?:|materialized views?/i);
      expect(pulledText.indexOf('view("active_users"')).toBeLessThan(pulledText.indexOf('view("active_emails"'));
      await writeFile(models, pulledText);
      const pulledCheck = await project.run("check");
      expect(pulledCheck.code, pulledCheck.stdout + pulledCheck.stderr).toBe(0);

      await writeFile(models, CHANGED);
      const second = await project.run("revision", "--autogenerate", "-m", "change views");
      expect(second.code, second.stderr).toBe(0);
      const changed = await revisionText("change_views");
      const upgrade = changed.slice(changed.indexOf("async function upgrade"), changed.indexOf("async function downgrade"));
      expect(upgrade).toContain("await op.replaceView(\"active_users\", sql`SELECT * FROM users WHERE active AND email <> ''`);");
      expect(upgrade).toContain('await op.dropView("active_emails");');
      expect(upgrade).toContain('await op.dropMaterializedView("team_sizes");');
      expect(upgrade).not.toContain("secure_users");
      expect((await project.run("upgrade", "head")).code).toBe(0);
      const after = await project.run("check");
      expect(after.code, after.stdout + after.stderr).toBe(0);
      expect(await catalog(engine)).toMatchObject({
        views: expect.arrayContaining([expect.objectContaining({ name: "team_sizes", populated: false })]),
      });

      const down = await project.run("downgrade", "-1");
      expect(down.code, down.stderr).toBe(0);
      expect(await catalog(engine)).toEqual(before);
      await writeFile(models, MODELS);

      expect((await project.run("downgrade", "base")).code).toBe(0);
      expect(await catalog(engine)).toEqual({ views: [], indexes: [] });
    },
  );

  it("views made by hand in SQL and models written for them: nothing to do", async () => {
    const directory = await tempDirectory("retort-views-by-hand-");
    const own = await engineFixture(engineName, directory.path, { existing: true });
    try {
      const byHand = await createProject(directory.path, own.url, `, models: "./models.ts"`);
      await own.inspect(async (query) => {
        for (const statement of [
          "CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, active boolean NOT NULL, team integer)",
          "CREATE VIEW active_users AS SELECT users.id, users.email, users.active, users.team FROM users WHERE users.active",
          "CREATE VIEW active_emails AS SELECT active_users.email FROM active_users",
          "CREATE VIEW secure_users WITH (security_barrier) AS SELECT id, email, active FROM users WHERE active WITH LOCAL CHECK OPTION",
          "CREATE MATERIALIZED VIEW team_sizes AS SELECT team, count(*) AS members FROM users GROUP BY team",
          "CREATE UNIQUE INDEX ix_team_sizes_team ON team_sizes (team)",
        ])
          await query(statement);
      });
      await writeFile(path.join(byHand.root, "models.ts"), MODELS);
      const check = await byHand.run("check");
      expect(check.code, check.stdout + check.stderr).toBe(0);
      // The same models with a view's query changed: check names it.
      await writeFile(path.join(byHand.root, "models.ts"), MODELS.replace("select * from users where active", "select * from users"));
      const drift = await byHand.run("check");
      expect(drift.code).toBe(3);
      expect(drift.stdout).toContain("active_users");
    } finally {
      await own.dispose();
      await directory.remove();
    }
  });
});
