import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropServerDatabase, queryServer, serverDatabaseUrl, tempDirectory } from "../helpers/databases.js";
import { runRetort } from "../helpers/spawn-cli.js";

/** A newcomer's first minutes: `retort init`, `retort revision -m`, fill it in, upgrade, look around. */
describe("init → revision → upgrade → current → downgrade → history", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let database: { url: string; name: string };

  beforeEach(async () => {
    dir = await tempDirectory();
    database = serverDatabaseUrl();
  });

  afterEach(async () => {
    await dropServerDatabase(database.name);
    await dir.remove();
  });

  it("works from an empty folder with the built command", async () => {
    const env = { DATABASE_URL: database.url };
    const retort = (...args: string[]) => runRetort(args, { cwd: dir.path, env });

    const init = await retort("init");
    expect(init.code).toBe(0);
    expect(init.stderr).toContain(`Created ${path.join(dir.path, "retort.config.ts")}`);
    expect(await readFile(path.join(dir.path, "retort.config.ts"), "utf8")).toContain(
      'url: process.env.DATABASE_URL ?? "embedded:./.retort/dev"',
    );
    expect((await retort("init")).stderr).toContain("Kept existing");

    const first = await retort("revision", "-m", "create movies table", "--rev-id", "1975ea83b712");
    expect(first.code).toBe(0);
    const file = first.stdout.trim();
    expect(file).toBe(path.join(dir.path, "migrations", "versions", "1975ea83b712_create_movies_table.ts"));
    const text = await readFile(file, "utf8");
    expect(text).toContain('export const revision = "1975ea83b712";');
    expect(text).toContain("export const downRevision: string | readonly string[] | null = null;");
    await writeFile(
      file,
      text
        .replace(
          /(upgrade\(op: Operations\): Promise<void> \{\n)\s*\/\/.*\n/,
          '$1  await op.execute("CREATE TABLE movies (id integer PRIMARY KEY, title text NOT NULL)");\n',
        )
        .replace(/(downgrade\(op: Operations\): Promise<void> \{\n)\s*\/\/.*\n/, '$1  await op.execute("DROP TABLE movies");\n'),
    );

    const second = await retort("revision", "-m", "add release_date column to movies");
    expect(second.code).toBe(0);
    const secondId = /([0-9a-f]{12})_add_release_date_column_to_movies\.ts$/.exec(second.stdout.trim())?.[1];
    expect(secondId).toBeDefined();
    expect(await readFile(second.stdout.trim(), "utf8")).toContain(
      'export const downRevision: string | readonly string[] | null = "1975ea83b712";',
    );

    const up = await retort("upgrade", "head");
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toContain(`Created database '${database.name}'`);
    expect(up.stderr).toContain("Running upgrade  -> 1975ea83b712, create movies table");
    expect(up.stderr).toContain(`Running upgrade 1975ea83b712 -> ${secondId}, add release_date column to movies`);
    expect(await queryServer(database.url, "SELECT count(*)::int AS n FROM movies")).toEqual([{ n: 0 }]);

    expect((await retort("current")).stdout).toBe(`${secondId} (head)\n`);
    expect((await retort("heads")).stdout).toBe(`${secondId} (head)\n`);
    expect((await retort("downgrade", "-1")).code).toBe(0);
    expect((await retort("current")).stdout).toBe("1975ea83b712\n");
    expect((await retort("history")).stdout).toBe(
      `1975ea83b712 -> ${secondId} (head), add release_date column to movies\n<base> -> 1975ea83b712, create movies table\n`,
    );
    const show = await retort("show", "1975");
    expect(show.stdout).toContain("Rev: 1975ea83b712\nParent: <base>\n");
    expect(show.stdout).toContain("    create movies table\n");
  });
});
