import { describe, expect, it } from "vitest";
import { resolveConfig } from "./load-config.js";

const file = "/app/retort.config.ts";

describe("tenants in the config", () => {
  it("names a single source 'default' and keeps named ones by their name", () => {
    const query = "select nspname from pg_namespace where nspname like 'tenant_%'";
    expect(resolveConfig({ url: "x:y", tenants: { schemas: query } }, file).tenants).toEqual({ default: { schemas: query } });
    const list = () => ["postgres://db/a"];
    const named = resolveConfig({ url: "x:y", tenants: { eu: { urls: "eu.txt" }, us: { urls: list }, s: { schemas: ["a", "b"] } } }, file);
    expect(named.tenants).toEqual({ eu: { urls: "eu.txt" }, us: { urls: list }, s: { schemas: ["a", "b"] } });
  });

  it("refuses a source of the wrong shape, naming the key", () => {
    const cases: [unknown, string][] = [
      [["a"], "'tenants' must be a source"],
      [{ schemas: "" }, "'tenants.schemas' must be a SQL query"],
      [{ schemas: [1] }, "'tenants.schemas' must be a SQL query"],
      [{ urls: 3 }, "'tenants.urls' must be a list of database URLs"],
      [{ eu: { url: ["x"] } }, "'tenants.eu' must have exactly one key, schemas or urls (it has url)"],
      [{ eu: { schemas: ["a"], urls: ["b"] } }, "'tenants.eu' must have exactly one key"],
      [{ eu: null }, "'tenants.eu' must be { schemas"],
    ];
    for (const [tenants, message] of cases) expect(() => resolveConfig({ url: "x:y", tenants }, file)).toThrow(message);
  });
});
