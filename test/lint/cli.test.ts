import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lint, loadConfig } from "../../src/library.js";
import { tempDirectory } from "../helpers/databases.js";
import { expectGolden } from "../helpers/golden.js";
import { createProject, type TestProject } from "../helpers/project.js";

/** `retort lint` reads no database: the URL points at a port where nothing listens. */
describe("retort lint", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    // ddlLockTimeout 0: Retort sets no lock_timeout, so the lint checks that the revisions do.
    project = await createProject(dir.path, "postgres://postgres@127.0.0.1:1/none", ", ddlLockTimeout: 0");
    await project.addRevision({
      id: "1975ea83b712",
      message: "create movies and directors",
      imports: ['import { index, integer, varchar } from "retort/schema";'],
      upgrade: [
        'await op.createTable("directors", { id: integer().primaryKey(), name: varchar(100).notNull() });',
        'await op.createTable("movies", { id: integer().primaryKey(), title: varchar(200), rating: integer(), director_id: integer() });',
        // A new table is empty: none of this locks anything anybody uses.
        'await op.createIndex("ix_movies_title", "movies", ["title"]);',
        'await op.createForeignKey("fk_movies_director", "movies", "directors", ["director_id"], ["id"]);',
        'await op.alterColumn("movies", "title", { nullable: false });',
      ],
      downgrade: ['await op.dropTable("movies");', 'await op.dropTable("directors");'],
    });
    await project.addRevision({
      id: "27c6a30d7c24",
      parents: ["1975ea83b712"],
      message: "unsafe changes",
      imports: ['import { bigint, integer, sql, uuid, text, varchar } from "retort/schema";'],
      upgrade: [
        'await op.createIndex("ix_movies_rating", "movies", ["rating"]);',
        'await op.createCheckConstraint("ck_movies_rating", "movies", "rating > 0");',
        'await op.alterColumn("movies", "rating", { type: bigint(), existingType: integer() });',
        'await op.alterColumn("movies", "title", { type: text(), existingType: varchar(200) });',
        'await op.addColumn("movies", "public_id", uuid().default(sql`gen_random_uuid()`));',
        'await op.alterColumn("movies", "rating", { nullable: false });',
        'await op.execute("ALTER TABLE directors RENAME COLUMN name TO full_name");',
      ],
      downgrade: [],
    });
    await project.addRevision({
      id: "3b8e5f1a9c20",
      parents: ["27c6a30d7c24"],
      message: "safe forms",
      upgrade: [
        `await op.execute("SET LOCAL lock_timeout = '5s'");`,
        'await op.execute("ALTER TABLE movies ADD CONSTRAINT fk_movies_director2 FOREIGN KEY (director_id) REFERENCES directors (id) NOT VALID");',
        'await op.execute("ALTER TABLE movies ADD CONSTRAINT ck_title_not_null CHECK (title IS NOT NULL) NOT VALID");',
        'await op.execute("this is not sql");',
      ],
      downgrade: [],
    });
    await project.addRevision({
      id: "4c9d0e2b7f31",
      parents: ["3b8e5f1a9c20"],
      message: "validate and index concurrently",
      upgrade: [
        "await op.execute(\"SET lock_timeout = '5s'\");",
        'await op.execute("ALTER TABLE movies VALIDATE CONSTRAINT fk_movies_director2");',
        'await op.execute("ALTER TABLE movies VALIDATE CONSTRAINT ck_title_not_null");',
        'await op.alterColumn("movies", "title", { nullable: false });',
        'await op.createIndex("ix_movies_director", "movies", ["director_id"], { concurrently: true });',
        'await op.dropColumn("movies", "public_id");',
      ],
      downgrade: [],
      extra: [
        "export const transactional = false;",
        'export const lint = { allow: { "drop-column": "public_id was never read; removed from the models in release 12" } };',
      ].join("\n"),
    });
    await project.addRevision({
      id: "5d0e1f3a8b42",
      parents: ["4c9d0e2b7f31"],
      message: "silenced statements",
      imports: ['import { integer } from "retort/schema";'],
      upgrade: [
        `await op.execute("SET LOCAL lock_timeout = '5s'");`,
        "// retort-lint-disable-next-line index-not-concurrent: movies holds 40 rows in every deployment",
        'await op.createIndex("ix_movies_rating2", "movies", ["rating"]);',
        "// retort-lint-disable-next-line drop-table: a comment left behind",
        'await op.addColumn("movies", "n", integer());',
      ],
      downgrade: [],
    });
  });

  afterAll(() => dir.remove());

  it("reports each revision's findings for people, and exits 1 on an error finding", async () => {
    const result = await project.run("lint");
    expectGolden(new URL("../golden/lint-report.txt", import.meta.url), result.stdout);
    expect(result.code).toBe(1);
  });

  it("exits 0 when the revisions linted have warnings only, or nothing", async () => {
    const warnings = await project.run("lint", "4c9d0e2b7f31");
    expect(warnings.stdout).toContain("concurrently-mixed");
    expect(warnings.stdout).not.toMatch(/^ {2}error/m);
    expect(warnings.code).toBe(0);
    const clean = await project.run("lint", "1975ea83b712");
    expect(clean.stdout).toContain("no findings");
    expect(clean.code).toBe(0);
  });

  it("takes a range START:END as history -r does", async () => {
    const result = await project.run("lint", "3b8e5f1a9c20:head");
    const linted = [...result.stdout.matchAll(/^([0-9a-f]{12}) {2}/gm)].map((m) => m[1]);
    expect(linted).toEqual(["3b8e5f1a9c20", "4c9d0e2b7f31", "5d0e1f3a8b42"]);
    const single = await project.run("lint", "4c9d0e2b7f31:4c9d0e2b7f31");
    expect([...single.stdout.matchAll(/^([0-9a-f]{12}) {2}/gm)].map((m) => m[1])).toEqual(["4c9d0e2b7f31"]);
  });

  it("--json: one document with the findings and the counts, same exit code", async () => {
    const result = await project.run("lint", "--json");
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as {
      revisions: {
        revision: string;
        transactional: boolean;
        findings: { rule: string; severity: string; allowed: string | null; line: number | null; locks: { mode: string }[] }[];
      }[];
      counts: Record<string, number>;
    };
    const rules = (revision: string) => document.revisions.find((r) => r.revision === revision)?.findings.map((f) => f.rule);
    expect(rules("1975ea83b712")).toEqual([]);
    expect(rules("27c6a30d7c24")).toEqual([
      "index-not-concurrent",
      "missing-lock-timeout",
      "check-without-not-valid",
      "type-change-rewrite",
      "add-column-volatile-default",
      "set-not-null-without-check",
      "rename-column",
    ]);
    expect(rules("3b8e5f1a9c20")).toEqual(["execute-not-analysed"]);
    expect(rules("4c9d0e2b7f31")).toEqual(["concurrently-mixed", "drop-column"]);
    const drop = document.revisions[3]?.findings.find((f) => f.rule === "drop-column");
    expect(drop?.allowed).toBe("public_id was never read; removed from the models in release 12");
    expect(document.revisions[1]?.findings[0]?.locks[0]?.mode).toBe("SHARE");
    expect(rules("5d0e1f3a8b42")).toEqual(["index-not-concurrent", "unused-lint-disable"]);
    const silenced = document.revisions[4]?.findings;
    expect(silenced?.map((f) => [f.allowed, f.line])).toEqual([
      ["movies holds 40 rows in every deployment", 20],
      [null, 21],
    ]);
    expect(document.counts).toEqual({ error: 5, warning: 4, info: 1, allowed: 2 });
  });

  it("is a library function that returns the findings", async () => {
    const result = await lint(await loadConfig({ configPath: project.configPath }), { revisions: "27c6a30d7c24" });
    expect(result.revisions.map((r) => r.header.revision)).toEqual(["27c6a30d7c24"]);
    expect(result.counts.error).toBe(5);
  });

  it("leaves out missing-lock-timeout when the runtime limits lock waits itself (ddlLockTimeout above 0, the default)", async () => {
    const config = await loadConfig({ configPath: project.configPath });
    const limited = await lint({ ...config, ddlLockTimeout: 5 }, { revisions: "27c6a30d7c24" });
    const rules = limited.revisions[0]?.findings.map((f) => f.rule) ?? [];
    expect(rules).toContain("index-not-concurrent");
    expect(rules).not.toContain("missing-lock-timeout");
    const unlimited = await lint(config, { revisions: "27c6a30d7c24" });
    expect(unlimited.revisions[0]?.findings.map((f) => f.rule)).toContain("missing-lock-timeout");
  });

  it("refuses `current`, which would need a database", async () => {
    const result = await project.run("lint", "current:head", "--json");
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.code).toBe("invalid_target");
  });
});
