import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyTemplateDatabase } from "../helpers/database-templates.js";
import { tempDirectory } from "../helpers/databases.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

const [R1, R2] = ["a1a1a1a1a1a1", "b2b2b2b2b2b2"] as const;

/**
 * `--tenants` on the embedded default: schema tenants share the one embedded server (a missing schema is created
 * in development), and database tenants are embedded databases of their own.
 */
describe("--tenants on the embedded default", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let project: TestProject;
  const json = async (...args: string[]) => {
    const result = await project.run(...args, "--json");
    try {
      return { ...result, document: JSON.parse(result.stdout) as Record<string, any> };
    } catch {
      throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
    }
  };
  const statuses = (document: Record<string, any>) => document["tenants"].map((t: any) => [t.tenant, t.status, t.to]);

  beforeAll(async () => {
    dir = await tempDirectory("retort-tenants-embedded-");
    await copyTemplateDatabase("embedded", path.join(dir.path, "db"));
    await copyTemplateDatabase("embedded", path.join(dir.path, "t1"));
    await copyTemplateDatabase("embedded", path.join(dir.path, "t2"));
    await writeFile(path.join(dir.path, "dbs.txt"), "embedded:./t1\nembedded:./t2\n");
    project = await createProject(dir.path, "embedded:./db", `, tenants: { schemas: ["acme", "globex", "initech"] }`);
    await project.addRevision(tableRevision(R1, "movies"));
    await project.addRevision(tableRevision(R2, "widgets", [R1]));
  }, 120_000);

  afterAll(async () => {
    await dir.remove();
  });

  it("upgrades each schema tenant on the shared embedded server, then finds them current", async () => {
    const up = await json("upgrade", "head", "--tenants", "--concurrency", "3");
    expect(up.code).toBe(0);
    expect(statuses(up.document)).toEqual([
      ["acme", "applied", [R2]],
      ["globex", "applied", [R2]],
      ["initech", "applied", [R2]],
    ]);
    const again = await json("current", "--tenants");
    expect(statuses(again.document)).toEqual([
      ["acme", "current", [R2]],
      ["globex", "current", [R2]],
      ["initech", "current", [R2]],
    ]);
    // The default schema was not touched: nothing is applied there.
    const plain = await project.run("current");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe("");
  }, 120_000);

  it("upgrades embedded tenant databases listed in a file", async () => {
    const up = await json("upgrade", "+1", "--tenants", path.join(dir.path, "dbs.txt"));
    expect(up.code).toBe(0);
    expect(statuses(up.document)).toEqual([
      ["embedded:./t1", "applied", [R1]],
      ["embedded:./t2", "applied", [R1]],
    ]);
    const current = await json("current", "--tenants", `file:${path.join(dir.path, "dbs.txt")}`);
    expect(current.document["summary"]).toMatchObject({ total: 2, pending: 2 });
  }, 120_000);
});
