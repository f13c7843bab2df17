import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase, dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

const SCHEMA = "retort/schema";
const MODELS = `import { integer, table } from ${JSON.stringify(SCHEMA)};
export const movies = table("movies", { id: integer().primaryKey() });
export const widgets = table("widgets", { id: integer().primaryKey() });
export const gadgets = table("gadgets", { id: integer().primaryKey() });
`;
const [R1, R2, R3] = ["a1a1a1a1a1a1", "b2b2b2b2b2b2", "c3c3c3c3c3c3"] as const;
const SCHEMAS = ["tenant_1", "tenant_2", "tenant_3", "tenant_4", "tenant_5", "tenant_6"];

/**
 * `--tenants` on the server: six tenant schemas in one database (plus a schema that is no tenant) and three
 * tenant databases; one schema and one database hold a table that the second revision creates, so that revision
 * fails there and only there.
 */
describe("--tenants on the server", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let main: { url: string; name: string };
  let databases: { url: string; name: string }[];
  let project: TestProject;
  let firstRun: string;
  const json = async (...args: string[]) => {
    const result = await project.run(...args, "--json");
    let document: Record<string, any>;
    try {
      document = JSON.parse(result.stdout);
    } catch {
      throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
    }
    return { ...result, document };
  };
  const byTenant = (document: Record<string, any>) => new Map<string, any>(document["tenants"].map((t: any) => [t.tenant, t]));
  const versionOf = async (url: string, schema = "public") =>
    (await queryServer<{ v: string }>(url, `SELECT version_num AS v FROM "${schema}".retort_version`)).map((row) => row.v);

  beforeAll(async () => {
    dir = await tempDirectory("retort-tenants-");
    main = serverDatabaseUrl("retort_tenants");
    databases = [1, 2, 3].map(() => serverDatabaseUrl("retort_tenant_db"));
    await createServerDatabase(main.name);
    for (const database of databases) await createServerDatabase(database.name);
    await queryServer(
      main.url,
      `${SCHEMAS.map((s) => `CREATE SCHEMA ${s};`).join(" ")} CREATE SCHEMA other; CREATE TABLE tenant_4.widgets (x text)`,
    );
    await queryServer(databases[1]!.url, "CREATE TABLE widgets (x text)");
    await writeFile(path.join(dir.path, "models.ts"), MODELS);
    await writeFile(path.join(dir.path, "dbs.txt"), `# the tenant databases\n${databases.map((d) => d.url).join("\n")}\n`);
    const tenants = `{ shops: { schemas: "select nspname from pg_namespace where nspname like 'tenant\\\\_%'" }, dbs: { urls: ${JSON.stringify(databases.map((d) => d.url))} }, listed: { urls: "dbs.txt" } }`;
    project = await createProject(dir.path, main.url, `, models: "./models.ts", tenants: ${tenants}`);
    await project.addRevision(tableRevision(R1, "movies"));
    await project.addRevision(tableRevision(R2, "widgets", [R1]));
    await project.addRevision(tableRevision(R3, "gadgets", [R2]));
  }, 60_000);

  afterAll(async () => {
    for (const database of [main, ...databases]) await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("applies every schema tenant but the failing one, reports it with its revision, and a rerun applies only it", async () => {
    const first = await json("upgrade", "head", "--tenants", "shops");
    firstRun = first.stdout;
    expect(first.code).toBe(1);
    expect(first.document["summary"]).toEqual({ total: 6, applied: 5, current: 0, pending: 0, failed: 1 });
    const failed = byTenant(first.document).get("tenant_4");
    expect(failed.status).toBe("failed");
    expect(failed.error.code).toBe("migration_failed");
    expect(failed.error.revision).toBe(R2);
    expect(failed.error.message).toContain('relation "widgets" already exists');
    expect(failed.from).toEqual([]);
    expect(failed.to).toEqual([R1]);
    const applied = byTenant(first.document).get("tenant_2");
    expect(applied).toMatchObject({ kind: "schema", status: "applied", from: [], to: [R3], error: null });
    expect(applied.steps.map((s: any) => s.revision)).toEqual([R1, R2, R3]);
    // Each tenant's tables and version table are in its schema; the failing one keeps the revision before.
    for (const schema of SCHEMAS) expect(await versionOf(main.url, schema)).toEqual([schema === "tenant_4" ? R1 : R3]);
    const tables = await queryServer<{ t: string }>(
      main.url,
      "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname IN ('public', 'other', 'tenant_1', 'tenant_4') ORDER BY 1",
    );
    expect(tables.map((row) => row.t)).toEqual([
      "tenant_1.gadgets",
      "tenant_1.movies",
      "tenant_1.retort_log",
      "tenant_1.retort_version",
      "tenant_1.widgets",
      "tenant_4.movies",
      "tenant_4.retort_log",
      "tenant_4.retort_version",
      "tenant_4.widgets",
    ]);

    const text = await project.run("upgrade", "head", "--tenants", "shops");
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("Tenants: 6: 5 already current, 1 failed.\n");
    expect(text.stdout).toContain(`FAILED tenant_4 at ${R2}: Upgrade of revision ${R2}`);
    expect(text.stderr).toContain("Running upgrade head for 6 tenants");
    expect(text.stderr).toContain("FAILED: tenant_4 at");

    await queryServer(main.url, "DROP TABLE tenant_4.widgets");
    const rerun = await json("upgrade", "head", "--tenants", "shops");
    expect(rerun.code).toBe(0);
    expect(rerun.document["summary"]).toEqual({ total: 6, applied: 1, current: 5, pending: 0, failed: 0 });
    expect(byTenant(rerun.document).get("tenant_4")).toMatchObject({ status: "applied", from: [R1], to: [R3] });
    expect(
      byTenant(rerun.document)
        .get("tenant_4")
        .steps.map((s: any) => s.revision),
    ).toEqual([R2, R3]);
    expect(byTenant(rerun.document).get("tenant_1")).toMatchObject({ status: "current", from: [R3], to: [R3], steps: [] });
  }, 120_000);

  it("runs database tenants from the config's list and from a file, at the concurrency asked", async () => {
    const result = await json("upgrade", "head", "--tenants", "dbs", "--concurrency", "2");
    expect(result.code).toBe(1);
    expect(result.document["concurrency"]).toBe(2);
    expect(result.document["summary"]).toMatchObject({ total: 3, applied: 2, failed: 1 });
    const failed = result.document["tenants"].find((t: any) => t.status === "failed");
    expect(failed.tenant).toBe(databases[1]!.url);
    expect(failed.kind).toBe("database");
    expect(failed.error.revision).toBe(R2);
    expect(await versionOf(databases[0]!.url)).toEqual([R3]);
    expect(await versionOf(databases[1]!.url)).toEqual([R1]);

    const listed = await json("current", "--tenants", "listed");
    expect(listed.code).toBe(0);
    expect(listed.document["tenants"].map((t: any) => [t.tenant, t.status, t.to])).toEqual(
      databases.map((d, i) => [d.url, i === 1 ? "pending" : "current", [i === 1 ? R1 : R3]]).sort(),
    );
    const file = await json("current", "--tenants", path.join(dir.path, "dbs.txt"));
    expect(file.document["summary"]).toMatchObject({ total: 3, current: 2, pending: 1 });
  }, 120_000);

  it("splits the tenants into shards that cover each exactly once, and report merges their results", async () => {
    const files: string[] = [];
    const seen: string[] = [];
    for (const k of [1, 2, 3]) {
      const shard = await json("current", "--tenants", "schema:tenant_*", "--shard", `${k}/3`);
      expect(shard.document["shard"]).toEqual({ index: k, count: 3 });
      expect(shard.document["total"]).toBe(6);
      seen.push(...shard.document["tenants"].map((t: any) => t.tenant));
      const file = path.join(dir.path, `shard-${k}.json`);
      await writeFile(file, shard.stdout);
      files.push(file);
    }
    expect(seen.sort()).toEqual(SCHEMAS);
    const merged = await json("report", ...files);
    expect(merged.code).toBe(0);
    expect(merged.document["summary"]).toMatchObject({ total: 6, current: 6 });
    expect(merged.document["tenants"].map((t: any) => t.tenant)).toEqual(SCHEMAS);
    const partial = await project.run("report", files[0]!, files[2]!);
    expect(partial.stderr).toContain("WARNING: Shard 2/3 missing");

    const failedFile = path.join(dir.path, "first-run.json");
    await writeFile(failedFile, firstRun);
    const failed = await project.run("report", failedFile);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`FAILED tenant_4 at ${R2}`);
    const notJson = await project.run("report", path.join(dir.path, "dbs.txt"));
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("is not the JSON result of a tenant run: it is not JSON");
  }, 120_000);

  it("checks each tenant's schema against the models, and downgrades and stamps the tenants selected", async () => {
    const clean = await project.run("check", "--tenants", "shops");
    expect(clean.stdout).toContain("Tenants: 6: 6 up to date.");
    expect(clean.code).toBe(0);
    await queryServer(main.url, "ALTER TABLE tenant_2.gadgets ADD COLUMN extra integer");
    const pending = await json("check", "--tenants", "shops");
    expect(pending.code).toBe(3);
    expect(byTenant(pending.document).get("tenant_2")).toMatchObject({ status: "pending", changes: ["drop column gadgets.extra"] });
    expect(pending.document["summary"]).toMatchObject({ current: 5, pending: 1 });

    const down = await json("downgrade", "base", "--tenants", "schema:tenant_1,tenant_2");
    expect(down.code).toBe(0);
    expect(down.document["tenants"].map((t: any) => [t.tenant, t.status, t.to])).toEqual([
      ["tenant_1", "applied", []],
      ["tenant_2", "applied", []],
    ]);
    expect(await versionOf(main.url, "tenant_1")).toEqual([]);
    expect(await versionOf(main.url, "tenant_3")).toEqual([R3]);
    const stamped = await json("stamp", "head", "--tenants", "schema:tenant_1");
    expect(stamped.document["tenants"][0]).toMatchObject({ tenant: "tenant_1", status: "applied", to: [R3] });
    expect(await versionOf(main.url, "tenant_1")).toEqual([R3]);
  }, 120_000);

  it("refuses --shard without --tenants, --sql with it, and an unknown source, as usage mistakes", async () => {
    const noTenants = await project.run("upgrade", "head", "--shard", "1/2");
    expect(noTenants.code).toBe(2);
    expect(noTenants.stderr).toContain("--concurrency and --shard go with --tenants.");
    expect((await project.run("upgrade", "head", "--sql", "--tenants")).code).toBe(2);
    const unknown = await project.run("current", "--tenants", "nosuch");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("The config's sources: shops, dbs, listed.");
    expect((await project.run("upgrade", "head", "--tenants", "--shard", "3/2")).code).toBe(2);
  });
});
