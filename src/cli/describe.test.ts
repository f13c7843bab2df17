import path from "node:path";
import { describe, expect, it } from "vitest";
import { describeDatabase, initLines } from "./describe.js";

describe("describeDatabase", () => {
  const root = path.join(path.sep, "app");
  it.each([
    [
      "postgres://app:s3cret@db.example.com:6543/shop",
      false,
      "PostgreSQL server at db.example.com:6543, database shop (postgres://app:***@db.example.com:6543/shop)",
    ],
    ["postgresql://h/db%20x", true, "PostgreSQL server at h, database db x (postgresql://h/db%20x, from --url)"],
    [
      "postgres:///shop?host=/var/run/postgresql",
      false,
      "PostgreSQL server at /var/run/postgresql, database shop (postgres:///shop?host=/var/run/postgresql)",
    ],
    ["embedded:./.retort/dev", false, `embedded PostgreSQL in ${path.join(root, ".retort", "dev")} (embedded:./.retort/dev)`],
    ["pglite:memory:", false, "PGlite in memory (pglite:memory:)"],
    ["mysql://u:pw@h/db", false, "MySQL server at h, database db (mysql://u:***@h/db)"],
  ])("%s", (url, fromFlag, expected) => {
    expect(describeDatabase(url, root, fromFlag)).toBe(expected);
  });
});

describe("initLines", () => {
  it("says what was created, what was kept, and what was added to", () => {
    const result = {
      configPath: "/p/retort.config.ts",
      configCreated: false,
      versionsDirectory: "/p/migrations/versions",
      files: [
        { kind: "config", path: "/p/retort.config.ts", action: "exists" },
        { kind: "versions", path: "/p/migrations/versions", action: "created" },
        { kind: "gitignore", path: "/p/.gitignore", action: "updated" },
      ],
    } as const;
    expect(initLines(result)).toEqual([
      "Kept existing /p/retort.config.ts (it already exists)",
      "Created /p/migrations/versions",
      "Added .retort/ to /p/.gitignore",
    ]);
    expect(initLines({ ...result, files: [{ kind: "gitignore", path: "/p/.gitignore", action: "exists" }] })).toEqual([
      "/p/.gitignore already ignores .retort/",
    ]);
  });
});
