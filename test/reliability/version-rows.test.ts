import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDirectory } from "../helpers/databases.js";
import { type EngineFixture, engineFixture, versionRows } from "../helpers/engines.js";
import { reportFault } from "../helpers/fault-figures.js";
import { createProject, tableRevision, type TestProject } from "../helpers/project.js";

/** Every command that reads the version table, as it is run on the command line. */
const READERS: readonly (readonly string[])[] = [
  ["current"],
  ["history", "-i"],
  ["upgrade", "head"],
  ["downgrade", "-1"],
  ["stamp", "head"],
  ["accept"],
  ["check"],
  ["revision", "--autogenerate", "-m", "next"],
];

/** Version-table rows that the revision files cannot explain are reported by every command, never acted on. */
describe("a version table that contradicts the revision files", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;
  let c3File: string;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    // The models module is never reached: the version table is checked first.
    project = await createProject(dir.path, engine.url, `, models: "./models.ts"`);
    await project.addRevision(tableRevision("a1", "t_a1"));
    await project.addRevision(tableRevision("b2", "t_b2", ["a1"]));
    c3File = await project.addRevision(tableRevision("c3", "t_c3", ["b2"]));
    expect((await project.run("upgrade", "head")).code).toBe(0);
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("names two rows of which one is an ancestor of the other, and says to stamp --purge", async () => {
    await engine.inspect((query) => query("INSERT INTO retort_version VALUES ('a1')"));
    let refused = 0;
    for (const args of READERS) {
      const result = await project.run(...args);
      if (result.code === 1) refused++;
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      expect(result.stderr, args.join(" ")).toContain(
        "The version table retort_version contradicts the revision graph: it has rows a1 and c3, but a1 is an ancestor of c3",
      );
      expect(result.stderr, args.join(" ")).toContain("retort stamp --purge <rev>");
    }
    const rows = await versionRows(engine);
    reportFault("version-rows-ancestor-and-descendant", {
      trials: READERS.length,
      recovered: refused,
      halfApplied: rows.join() === "a1,c3" ? 0 : 1,
      notes: ["every command refused, none acted on the rows"],
    });
    expect(rows).toEqual(["a1", "c3"]);
    expect((await project.run("stamp", "--purge", "c3")).code).toBe(0);
    expect(await versionRows(engine)).toEqual(["c3"]);
  });

  it("says the database is at a revision no file defines, for every command, and current fails", async () => {
    await rm(c3File);
    let refused = 0;
    for (const args of READERS) {
      const result = await project.run(...args);
      if (result.code === 1) refused++;
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      expect(result.stderr, args.join(" ")).toContain(
        "the database is at revision c3 (a row of its version table retort_version), and no file in migrations/versions defines it",
      );
      expect(result.stderr, args.join(" ")).toContain("Restore the revision file from version control");
      expect(result.stderr, args.join(" ")).toContain("retort stamp --purge <rev>");
    }
    const rows = await versionRows(engine);
    reportFault("version-row-without-file", {
      trials: READERS.length,
      recovered: refused,
      halfApplied: rows.join() === "c3" ? 0 : 1,
      notes: ["every command refused, none acted on the row"],
    });
    expect(rows).toEqual(["c3"]);
  });
});

/** A config whose version table names an existing user table: refused, and the table is never written to. */
describe("a versionTable naming a user's table", () => {
  let dir: Awaited<ReturnType<typeof tempDirectory>>;
  let engine: EngineFixture;
  let project: TestProject;

  beforeAll(async () => {
    dir = await tempDirectory();
    engine = await engineFixture("server", dir.path);
    project = await createProject(dir.path, engine.url, `, versionTable: "orders"`);
    await project.addRevision(tableRevision("a1", "t_a1"));
    expect((await project.run("stamp", "base")).code).toBe(0);
    await engine.inspect((query) =>
      query("CREATE TABLE orders (id integer PRIMARY KEY, total numeric); INSERT INTO orders VALUES (1, 9.5)"),
    );
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it("says the table exists and is not a Retort version table, for every command, and leaves it as it was", async () => {
    for (const args of [["current"], ["upgrade", "head"], ["stamp", "a1"]]) {
      const result = await project.run(...args);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(1);
      expect(result.stderr).toContain("The table orders exists and is not a Retort version table (it has no version_num column).");
    }
    const rows = await engine.inspect((query) => query("SELECT id, total::text AS total FROM orders"));
    expect(rows).toEqual([{ id: 1, total: "9.5" }]);
    const created = await engine.inspect((query) => query("SELECT to_regclass('t_a1') IS NOT NULL AS present"));
    expect(created).toEqual([{ present: false }]);
  });
});
