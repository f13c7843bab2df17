import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { runRetort } from "../helpers/spawn-cli.js";

describe("retort init", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  const retort = (...args: string[]) => runRetort(args, { cwd: dir.path });
  const at = (...parts: string[]) => path.join(dir.path, ...parts);

  beforeEach(async () => {
    dir = await tempDirectory();
  });

  afterEach(async () => {
    await dir.remove();
  });

  it("writes a config whose models point at a models module it creates, and ignores .retort/", async () => {
    const first = await retort("init");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(
      [
        `Created ${at("retort.config.ts")}`,
        `Created ${at("migrations", "versions")}`,
        `Created ${at("app", "db", "postgres", "models.ts")}`,
        `Created ${at(".gitignore")}`,
        "",
      ].join("\n"),
    );
    const config = await readFile(at("retort.config.ts"), "utf8");
    expect(config).toMatch(/^ {2}models: "\.\/app\/db\/postgres\/models\.ts",$/m);
    expect(await readFile(at("app", "db", "postgres", "models.ts"), "utf8")).toContain('// export const movies = table("movies", {');
    expect(await readFile(at(".gitignore"), "utf8")).toBe(".retort/\n");
    // The models module loads as it is, and exports no table until the example is uncommented.
    const database = serverDatabaseUrl();
    const check = await runRetort(["--url", database.url, "check"], { cwd: dir.path }).finally(() => dropServerDatabase(database.name));
    expect(check.stderr).toContain(`FAILED: The models module(s) ${at("app", "db", "postgres", "models.ts")} export no tables.`);
    expect(check.stderr).toContain("an example to uncomment");

    const second = await retort("init");
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain("Created");
    expect(second.stderr).toContain(`Kept existing ${at("retort.config.ts")} (it already exists)`);
    expect(second.stderr).toContain(`Kept existing ${at("migrations", "versions")} (it already exists)`);
    expect(second.stderr).toContain(`${at(".gitignore")} already ignores .retort/`);
    expect(await readFile(at(".gitignore"), "utf8")).toBe(".retort/\n");
  });

  it("adds .retort/ to an existing .gitignore once", async () => {
    await writeFile(at(".gitignore"), "node_modules\ndist");
    const result = await retort("init", "db");
    expect(result.stderr).toContain(`Added .retort/ to ${at(".gitignore")}`);
    expect(await readFile(at(".gitignore"), "utf8")).toBe("node_modules\ndist\n.retort/\n");
    await retort("init", "db");
    expect(await readFile(at(".gitignore"), "utf8")).toBe("node_modules\ndist\n.retort/\n");
  });
});
