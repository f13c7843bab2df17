import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { loadConfig, resolveConfig } from "./load-config.js";

describe("resolveConfig", () => {
  const file = "/app/retort.config.ts";

  it("fills defaults and resolves paths against the config's directory", () => {
    expect(resolveConfig({ url: "embedded:./.retort/dev", models: "./models.ts" }, file, { env: {} })).toEqual({
      configPath: file,
      rootDirectory: "/app",
      url: "embedded:./.retort/dev",
      migrationsDirectory: "/app/migrations",
      versionsDirectory: "/app/migrations/versions",
      models: ["/app/models.ts"],
      environment: "development",
      versionTable: "retort_version",
      versionTableSchema: undefined,
      auditLogTable: "retort_log",
      transactionPerMigration: true,
      includeSchemas: ["public"],
      excludeTables: [],
    });
  });

  it("takes the environment from the config, then RETORT_ENV, then NODE_ENV", () => {
    expect(resolveConfig({ url: "x:y", environment: "test" }, file, { env: { RETORT_ENV: "production" } }).environment).toBe("test");
    expect(resolveConfig({ url: "x:y" }, file, { env: { RETORT_ENV: "production", NODE_ENV: "test" } }).environment).toBe("production");
    expect(resolveConfig({ url: "x:y" }, file, { env: { NODE_ENV: "test" } }).environment).toBe("test");
  });

  it("lets --url override the config", () => {
    expect(resolveConfig({ url: "embedded:./a" }, file, { url: "postgres://h/db", env: {} }).url).toBe("postgres://h/db");
  });

  it.each([
    [null, /must export a config object/],
    [{ url: 42 }, /'url' must be a non-empty string/],
    [{ url: "x:y", migrations: "" }, /'migrations' must be a non-empty string/],
    [{ url: "x:y", environment: "staging" }, /'environment' must be "development", "production" or "test"/],
    [{ url: "x:y", transactionPerMigration: "yes" }, /'transactionPerMigration' must be true or false/],
    [{ url: "x:y", modles: "./m.ts" }, /'modles' is not a config key/],
    [{ url: "x:y", models: [1] }, /'models' must be a path or a list of paths/],
  ])("rejects %j naming the file", (value, pattern) => {
    expect(() => resolveConfig(value, file, { env: {} })).toThrow(ConfigError);
    expect(() => resolveConfig(value, file, { env: {} })).toThrow(pattern);
    expect(() => resolveConfig(value, file, { env: {} })).toThrow(file);
  });
});

describe("loadConfig", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "retort-config-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("loads TypeScript from the nearest retort.config.ts upward", async () => {
    await writeFile(
      path.join(root, "retort.config.ts"),
      'const url: string = "embedded:./db";\nexport default { url, migrations: "db/migrations" };\n',
    );
    const nested = path.join(root, "src", "deep");
    await mkdir(nested, { recursive: true });
    const config = await loadConfig({ cwd: nested, env: {} });
    expect(config.configPath).toBe(path.join(root, "retort.config.ts"));
    expect(config.versionsDirectory).toBe(path.join(root, "db", "migrations", "versions"));
  });

  it("names the file and the problem when the config does not load", async () => {
    const broken = path.join(root, "broken.config.ts");
    await writeFile(broken, "export default { url: ;\n");
    await expect(loadConfig({ configPath: broken, env: {} })).rejects.toThrow(`Cannot load the config file ${broken}:1:`);
  });

  it("says to run retort init when there is no config", async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), "retort-noconfig-"));
    try {
      await expect(loadConfig({ cwd: empty, env: {} })).rejects.toMatchObject({
        code: "config_not_found",
        hint: expect.stringContaining("retort init"),
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
