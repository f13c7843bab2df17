import { describe, expect, it } from "vitest";
import { ConnectionError } from "../errors.js";
import { dialectFor } from "./connect.js";
import { mysqlDialect } from "../dialects/mysql/index.js";
import { postgresDialect } from "../dialects/postgres/index.js";

describe("dialectFor", () => {
  it.each(["postgres://postgres@127.0.0.1:5432/app", "postgresql://db.example/app", "embedded:./.retort/dev", "pglite:memory:"])(
    "speaks PostgreSQL to %s, without connecting",
    (url) => {
      expect(dialectFor(url, "/project")).toBe(postgresDialect);
    },
  );

  it("speaks MySQL to a mysql:// URL, without connecting (and without loading the driver)", () => {
    expect(dialectFor("mysql://root@127.0.0.1/app", "/project")).toBe(mysqlDialect);
  });

  it("refuses a URL it cannot read, as connecting would", () => {
    expect(() => dialectFor("mysql://root@127.0.0.1/", "/project")).toThrow(ConnectionError);
    expect(() => dialectFor("oracle://db/app", "/project")).toThrow(ConnectionError);
  });
});
