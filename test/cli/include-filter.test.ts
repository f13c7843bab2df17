import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { createProject } from "../helpers/project.js";

const SCHEMA = "retort/schema";

describe("the config's include callback", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory("retort-include-");
    database = serverDatabaseUrl();
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("leaves a table the models lack and a column they declare alone, against a real database", async () => {
    const project = await createProject(
      dir.path,
      database.url,
      `, models: "./models.ts", include: (object, side) => !(object.kind === "table" && object.name.startsWith("legacy_")) && !(object.kind === "column" && object.name === "search" && side === "models")`,
    );
    await writeFile(
      path.join(dir.path, "models.ts"),
      `import { integer, table, text } from ${JSON.stringify(SCHEMA)};
export const movies = table("movies", { id: integer().primaryKey(), title: text(), search: text() });
`,
    );
    expect((await project.run("upgrade", "head")).code).toBe(0);
    await queryServer(database.url, "CREATE TABLE legacy_audit (id integer PRIMARY KEY)");
    const result = await project.run("revision", "--autogenerate", "-m", "create movies", "--rev-id", "a1");
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(result.stdout.trim(), "utf8");
    expect(text).toContain('await op.createTable("movies", {');
    expect(text).toContain("title: text(),");
    expect(text).not.toContain("search");
    expect(text).not.toContain("legacy_audit");
    expect((await project.run("upgrade", "head")).code).toBe(0);
    const check = await project.run("check");
    expect(check.code, check.stdout + check.stderr).toBe(0);
  });
});
