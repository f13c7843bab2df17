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
    ["sqlite::memory:", { engine: "sqlite", file: "memory" }],
    ["sqlite:./data/app.db", { engine: "sqlite", file: "/project/data/app.db" }],
    ["sqlite:/var/app.db", { engine: "sqlite", file: "/var/app.db" }],
    ["sqlite:///var/app.db", { engine: "sqlite", file: "/var/app.db" }],
  ])("%s", (url, expected) => {
    expect(parseDatabaseUrl(url, "/project")).toEqual(expected);
  });

  it.each([
    ["mysql://localhost/x", { engine: "mysql", url: "mysql://localhost/x" }],
    [" mysql://u:p%40ss@db:3307/app ", { engine: "mysql", url: "mysql://u:p%40ss@db:3307/app" }],
  ])("%s is a MySQL server", (url, expected) => {
    expect(parseDatabaseUrl(url, "/project")).toEqual(expected);
  });

  it.each([
    "mysql://localhost",
    "mysql://localhost/",
    "mysql://u:a/b@db/app",
    "embedded:",
    "sqlite:",
    "sqlite://u:pw@host/db",
    "just-a-name",
    "postgres://[bad",
  ])("rejects %s with a hint", (url) => {
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

describe("parseDatabaseUrl: special characters in the password", () => {
  it.each([
    ["postgres://alice:pa#ss@db/app", "#", "%23"],
    ["postgres://alice:pa/ss@db/app", "/", "%2F"],
    ["postgres://alice:12/x@db/app", "/", "%2F"],
    ["postgres://alice:p?ss@db/app", "?", "%3F"],
  ])("%s names the character and its encoding, not the password", (url, char, encoded) => {
    let caught: unknown;
    try {
      parseDatabaseUrl(url, "/p");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectionError);
    const error = caught as ConnectionError;
    expect(error.message).toContain(`holds '${char}', which a URL must spell ${encoded}`);
    expect(error.message).toContain("postgres://alice:***@db/app");
    expect(error.message).not.toMatch(/pa#ss|pa\/ss|p\?ss|12\/x/);
    expect(error.hint).toContain("PGPASSWORD");
  });

  it("accepts a percent-encoded password and a query holding an @", () => {
    expect(parseDatabaseUrl("postgres://alice:pa%23ss@db/app", "/p")).toEqual({ engine: "server", url: "postgres://alice:pa%23ss@db/app" });
    expect(parseDatabaseUrl("postgres://db/app?user=a@b", "/p")).toEqual({ engine: "server", url: "postgres://db/app?user=a@b" });
  });
});
