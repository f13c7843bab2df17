import { describe, expect, it } from "vitest";
import { ConnectionError } from "../errors.js";
import { parseDatabaseUrl, redactUrl } from "./url.js";

describe("parseDatabaseUrl", () => {
  it.each([
    ["postgres://u:p@db:5432/app", { engine: "server", url: "postgres://u:p@db:5432/app" }],
    ["postgresql://db/app", { engine: "server", url: "postgresql://db/app" }],
    ["embedded:./.retort/dev", { engine: "embedded", directory: "/project/.retort/dev" }],
    ["embedded:/var/data", { engine: "embedded", directory: "/var/data" }],
    ["pglite:memory:", { engine: "pglite", directory: "memory" }],
    ["pglite:data/pg", { engine: "pglite", directory: "/project/data/pg" }],
  ])("%s", (url, expected) => {
    expect(parseDatabaseUrl(url, "/project")).toEqual(expected);
  });

  it.each(["mysql://localhost/x", "embedded:", "just-a-name", "postgres://[bad"])("rejects %s with a hint", (url) => {
    expect(() => parseDatabaseUrl(url, "/project")).toThrow(ConnectionError);
  });

  it("never repeats the password of a rejected URL", () => {
    expect(() => parseDatabaseUrl("postgres://u:s3cret@[bad/x", "/p")).toThrow(/postgres:\/\/u:\*\*\*@/);
  });
});

describe("redactUrl", () => {
  it.each([
    ["postgres://alice:s3cret@db:5432/app", "postgres://alice:***@db:5432/app"],
    ["postgres://alice@db/app", "postgres://alice@db/app"],
    ["postgresql://:pw@db/app", "postgresql://:***@db/app"],
    ["embedded:./x", "embedded:./x"],
    ["postgres://db/app?sslmode=require&password=pw&x=1", "postgres://db/app?sslmode=require&password=***&x=1"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
