/**
 * `upgrade` guarded by `retort lint` against the PostgreSQL server: per the config's `safety`, a revision with an
 * unsilenced error finding is refused (`strict`, the production default), reported and run (`standard`), or not
 * linted (`off`); `--force` runs it anyway, `--sql` is not gated, and only the revisions the run applies count.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, type RevisionSpec, type TestProject } from "../helpers/project.js";

/** How many times the lint's PostgreSQL support (with its parser) was asked for. */
const parserLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/dialects/postgres/lint/index.js", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/dialects/postgres/lint/index.js")>();
  return {
    ...actual,
    postgresLint: (...args: Parameters<typeof actual.postgresLint>) => {
      parserLoads.count++;
      return actual.postgresLint(...args);
    },
  };
});

const CREATE: RevisionSpec = {
  id: "1975ea83b712",
  message: "create movies",
  imports: ['import { integer, varchar } from "retort/schema";'],
  upgrade: ['await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200), rating: integer() });'],
  downgrade: ['await op.dropTable("movies");'],
};

/** A check added to an existing table without NOT VALID: `check-without-not-valid`, an error. */
const UNSAFE: RevisionSpec = {
  id: "27c6a30d7c24",
  parents: ["1975ea83b712"],
  message: "check the rating",
  upgrade: ['await op.createCheckConstraint("ck_movies_rating", "movies", "rating > 0");'],
  downgrade: ['await op.dropConstraint("ck_movies_rating", "movies");'],
};

const SILENCED: RevisionSpec = {
  ...UNSAFE,
  upgrade: [
    "// retort-lint-disable-next-line check-without-not-valid: movies holds a dozen rows",
    'await op.createCheckConstraint("ck_movies_rating", "movies", "rating > 0");',
  ],
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A project on a fresh database (created here, as production never creates one), with the given config keys. */
async function project(
  configKeys: string,
  revisions: readonly RevisionSpec[] = [CREATE, UNSAFE],
): Promise<{ p: TestProject; url: string }> {
  const dir = await tempDirectory();
  const { url, name } = serverDatabaseUrl("retort_upgrade_safety");
  await createServerDatabase(name);
  cleanups.push(
    () => dir.remove(),
    () => dropServerDatabase(name),
  );
  const p = await createProject(dir.path, url, `, ${configKeys}`);
  for (const revision of revisions) await p.addRevision(revision);
  return { p, url };
}

async function tables(url: string): Promise<string[]> {
  const rows = await queryServer<{ name: string }>(url, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((row) => row.name);
}

async function checks(url: string): Promise<string[]> {
  const rows = await queryServer<{ name: string }>(
    url,
    "SELECT conname AS name FROM pg_constraint WHERE contype = 'c' AND conrelid = 'public.movies'::regclass ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

describe("upgrade with safety", () => {
  it('"strict" refuses an unsilenced error finding: exit 1, the findings and the way out printed, nothing applied', async () => {
    const { p, url } = await project('environment: "development", safety: "strict"');
    expect((await p.run("upgrade", "1975ea83b712")).code).toBe(0);
    const result = await p.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('retort lint found errors in the revisions to apply (safety: "strict"):');
    expect(result.stderr).toContain("error   check-without-not-valid  (line");
    expect(result.stderr).toContain("op.createCheckConstraint(name, table, condition, { notValid: true })");
    expect(result.stderr).toContain(
      "FAILED: Upgrade refused: retort lint found 1 error in the revisions to apply: 27c6a30d7c24 (check-without-not-valid). Nothing was applied.",
    );
    expect(result.stderr).toMatch(/retort-lint-disable-next-line RULE: reason.*retort upgrade --force/);
    expect(result.stderr).not.toContain("Running upgrade");
    // Refused before the lock and the version table: nothing of the refused revision ran.
    expect(await checks(url)).toEqual([]);
    expect((await p.run("current")).stdout).toContain("1975ea83b712");
    const json = await p.run("upgrade", "head", "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.code).toBe("unsafe_migration");
  });

  it('production defaults to "strict": refused; --force runs it, reporting the findings as a warning', async () => {
    const { p, url } = await project('environment: "production"');
    expect((await p.run("upgrade", "1975ea83b712")).code).toBe(0);
    const refused = await p.run("upgrade", "head");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Upgrade refused");
    expect(await checks(url)).toEqual([]);

    const forced = await p.run("upgrade", "head", "--force");
    expect(forced.stderr).toContain("WARNING: retort lint found errors in the revisions to apply; running them anyway (--force):");
    expect(forced.stderr).toContain("check-without-not-valid");
    expect(forced.stderr).toContain("Running upgrade 1975ea83b712 -> 27c6a30d7c24, check the rating");
    expect(forced.code).toBe(0);
    expect(await checks(url)).toEqual(["ck_movies_rating"]);
  });

  it('"strict" runs a revision whose finding is silenced with a reason, and prints nothing of the lint', async () => {
    const { p, url } = await project('environment: "production", safety: "strict"', [CREATE, SILENCED]);
    const result = await p.run("upgrade", "head");
    expect(result.stderr).not.toContain("retort lint");
    expect(result.code).toBe(0);
    expect(await checks(url)).toEqual(["ck_movies_rating"]);
  });

  it('"standard" (the development default) prints the findings as warnings on stderr and runs', async () => {
    for (const keys of ['environment: "production", safety: "standard"', 'environment: "development"']) {
      const { p, url } = await project(keys);
      expect((await p.run("upgrade", "1975ea83b712")).code).toBe(0);
      const loads = parserLoads.count;
      const result = await p.run("upgrade", "head");
      expect(parserLoads.count).toBe(loads + 1);
      expect(result.stderr).toContain('WARNING: retort lint findings in the revisions to apply (safety: "standard"); running them:');
      expect(result.stderr).toContain("error   check-without-not-valid");
      expect(result.stdout).toBe("");
      expect(result.code).toBe(0);
      expect(await checks(url)).toEqual(["ck_movies_rating"]);
    }
  });

  it("a database at base is not linted: every table the run touches, it creates", async () => {
    const { p, url } = await project('environment: "production", safety: "strict"');
    const loads = parserLoads.count;
    const result = await p.run("upgrade", "head");
    expect(parserLoads.count).toBe(loads);
    expect(result.stderr).not.toContain("retort lint");
    expect(result.code).toBe(0);
    expect(await tables(url)).toEqual(["movies", "retort_log", "retort_version"]);
    expect(await checks(url)).toEqual(["ck_movies_rating"]);
  });

  it('"off" skips the lint, and never loads its parser', async () => {
    const { p, url } = await project('environment: "production", safety: "off"');
    const loads = parserLoads.count;
    const result = await p.run("upgrade", "head");
    expect(parserLoads.count).toBe(loads);
    expect(result.stderr).not.toContain("retort lint");
    expect(result.code).toBe(0);
    expect(await checks(url)).toEqual(["ck_movies_rating"]);
  });

  it("only the revisions the run applies are linted; --sql is not gated", async () => {
    const safe: RevisionSpec = {
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "check the title, safely",
      upgrade: ['await op.createCheckConstraint("ck_movies_title", "movies", "title <> \'\'", { notValid: true });'],
      downgrade: ['await op.dropConstraint("ck_movies_title", "movies");'],
    };
    const { p, url } = await project('environment: "production"', [CREATE, UNSAFE, safe]);
    const sql = await p.run("upgrade", "head", "--sql");
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain('ALTER TABLE "movies" ADD CONSTRAINT "ck_movies_rating" CHECK (rating > 0);');
    expect(sql.stderr).not.toContain("retort lint");

    expect((await p.run("upgrade", "27c6a30d7c24", "--force")).code).toBe(0);
    // The unsafe revision is applied already: the run that applies the safe one is not refused for it.
    const result = await p.run("upgrade", "head");
    expect(result.stderr).not.toContain("retort lint");
    expect(result.code).toBe(0);
    expect(await checks(url)).toEqual(["ck_movies_rating", "ck_movies_title"]);
  });

  it("a wrong safety value is a config error naming the allowed ones", async () => {
    const { p } = await project('safety: "paranoid" as never');
    const result = await p.run("upgrade", "head");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`'safety' must be "strict", "standard" or "off", not "paranoid".`);
  });
});
