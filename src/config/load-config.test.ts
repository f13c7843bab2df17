import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { privateCacheDirectory } from "../project/cache-directory.js";
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
      environmentChoice: { environment: "development", source: "default" },
      envFiles: [],
      versionTable: "retort_version",
      versionTableSchema: undefined,
      auditLogTable: "retort_log",
      transactionPerMigration: true,
      ddlLockTimeout: 30,
      ddlLockRetries: 3,
      safety: "standard",
      includeSchemas: ["public"],
      excludeTables: [],
      include: undefined,
      postWriteHooks: [],
      revisionTemplate: undefined,
      tenants: {},
      drizzle: {},
      manage: {},
    });
  });

  it("manage takes kinds set to true or false; a misspelt kind names the closest one", () => {
    expect(resolveConfig({ url: "x:y", manage: { policies: false, grants: true } }, file, { env: {} }).manage).toEqual({
      policies: false,
      grants: true,
    });
    expect(() => resolveConfig({ url: "x:y", manage: { polices: false } }, file, { env: {} })).toThrow(
      /'manage\.polices' is not a kind Retort manages \(did you mean 'policies'\?\); the kinds are policies, rowLevelSecurity, grants/,
    );
    expect(() => resolveConfig({ url: "x:y", manage: { policies: "no" } }, file, { env: {} })).toThrow(
      /'manage\.policies' must be true or false/,
    );
    expect(() => resolveConfig({ url: "x:y", manage: ["policies"] }, file, { env: {} })).toThrow(/'manage' must be an object/);
  });

  it("drizzle.casing is read as given", () => {
    expect(resolveConfig({ url: "x:y", drizzle: { casing: "snake_case" } }, file, { env: {} }).drizzle).toEqual({ casing: "snake_case" });
    expect(resolveConfig({ url: "x:y", drizzle: { casing: "camelCase" } }, file, { env: {} }).drizzle).toEqual({ casing: "camelCase" });
  });

  it("takes the environment from the config, then RETORT_ENV, then NODE_ENV", () => {
    expect(resolveConfig({ url: "x:y", environment: "test" }, file, { env: { RETORT_ENV: "production" } }).environment).toBe("test");
    expect(resolveConfig({ url: "x:y" }, file, { env: { RETORT_ENV: "production", NODE_ENV: "test" } }).environment).toBe("production");
    expect(resolveConfig({ url: "x:y" }, file, { env: { NODE_ENV: "test" } }).environment).toBe("test");
  });

  it("maps NODE_ENV values of the application's own (staging, ci, Production) instead of rejecting them", () => {
    for (const [nodeEnv, expected] of [
      ["staging", "development"],
      ["ci", "development"],
      ["Production", "production"],
      ["prod", "production"],
    ] as const) {
      expect(resolveConfig({ url: "x:y" }, file, { env: { NODE_ENV: nodeEnv } }).environment).toBe(expected);
    }
  });

  it("rejects a wrong RETORT_ENV naming the variable, and takes an empty one as unset", () => {
    expect(() => resolveConfig({ url: "x:y" }, file, { env: { RETORT_ENV: "staging" } })).toThrow(
      'RETORT_ENV must be "development", "production" or "test", not "staging".',
    );
    expect(resolveConfig({ url: "x:y" }, file, { env: { RETORT_ENV: "", NODE_ENV: "test" } }).environment).toBe("test");
  });

  it("limits lock waits to 50 ms in production (5 s with safety off) and 30 s elsewhere, unless the config says otherwise", () => {
    const resolve = (config: Record<string, unknown>) => resolveConfig({ url: "x:y", ...config }, file, { env: {} }).ddlLockTimeout;
    expect(resolve({ environment: "production" })).toBe(0.05);
    expect(resolve({ environment: "production", safety: "standard" })).toBe(0.05);
    expect(resolve({ environment: "production", safety: "off" })).toBe(5);
    expect(resolve({ environment: "test" })).toBe(30);
    expect(resolve({ environment: "development", safety: "strict" })).toBe(30);
    expect(resolve({ environment: "production", ddlLockTimeout: 0 })).toBe(0);
    expect(resolve({ ddlLockTimeout: 1.5 })).toBe(1.5);
  });

  it("retries a lock timeout 10 times in production with safety on, 3 times otherwise, unless the config says", () => {
    const resolve = (config: Record<string, unknown>) => resolveConfig({ url: "x:y", ...config }, file, { env: {} }).ddlLockRetries;
    expect(resolve({ environment: "production" })).toBe(10);
    expect(resolve({ environment: "production", safety: "off" })).toBe(3);
    expect(resolve({ environment: "development" })).toBe(3);
    expect(resolve({ ddlLockRetries: 0 })).toBe(0);
    expect(resolve({ environment: "production", ddlLockRetries: 7 })).toBe(7);
  });

  it("safety: strict in production, standard in development and test, unless the config says", () => {
    expect(resolveConfig({ url: "x:y", environment: "production" }, file, { env: {} }).safety).toBe("strict");
    expect(resolveConfig({ url: "x:y", environment: "development" }, file, { env: {} }).safety).toBe("standard");
    expect(resolveConfig({ url: "x:y", environment: "test" }, file, { env: {} }).safety).toBe("standard");
    expect(resolveConfig({ url: "x:y", environment: "production", safety: "off" }, file, { env: {} }).safety).toBe("off");
    expect(resolveConfig({ url: "x:y", safety: "strict" }, file, { env: {} }).safety).toBe("strict");
  });

  it("lets --url override the config", () => {
    expect(resolveConfig({ url: "embedded:./a" }, file, { url: "postgres://h/db", env: {} }).url).toBe("postgres://h/db");
  });

  it.each([
    [null, /must export a config object/],
    [{ url: 42 }, /'url' must be a non-empty string/],
    [{ url: "x:y", migrations: "" }, /'migrations' must be a non-empty string/],
    [{ url: "x:y", environment: "staging" }, /'environment' must be "development", "production" or "test", not "staging"/],
    [{ url: "x:y", transactionPerMigration: "yes" }, /'transactionPerMigration' must be true or false/],
    [{ url: "x:y", modles: "./m.ts" }, /'modles' is not a config key/],
    [{ url: "x:y", ddlLockTimeout: -1 }, /'ddlLockTimeout' must be a number of seconds, 0 or more/],
    [{ url: "x:y", safety: "lenient" }, /'safety' must be "strict", "standard" or "off", not "lenient"\./],
    [{ url: "x:y", safety: null }, /'safety' must be "strict", "standard" or "off", not null\./],
    [{ url: "x:y", ddlLockTimeout: "5" }, /'ddlLockTimeout' must be a number of seconds, 0 or more/],
    [{ url: "x:y", ddlLockTimeout: null }, /'ddlLockTimeout' must be a number of seconds, 0 or more/],
    [{ url: "x:y", ddlLockTimeout: Number.POSITIVE_INFINITY }, /'ddlLockTimeout' must be a number of seconds, 0 or more/],
    [{ url: "x:y", ddlLockRetries: -1 }, /'ddlLockRetries' must be a whole number of retries, 0 or more/],
    [{ url: "x:y", ddlLockRetries: 1.5 }, /'ddlLockRetries' must be a whole number of retries, 0 or more/],
    [{ url: "x:y", ddlLockRetries: "3" }, /'ddlLockRetries' must be a whole number of retries, 0 or more/],
    [{ url: "x:y", models: [1] }, /'models' must be a path or a list of paths/],
    [
      { url: "x:y", drizzle: { casing: "snake" } },
      /'drizzle.casing' must be "snake_case" or "camelCase" \(as in drizzle-kit's config\), not "snake"/,
    ],
    [{ url: "x:y", drizzle: { casnig: "snake_case" } }, /'drizzle.casnig' is not a Drizzle setting/],
    [{ url: "x:y", drizzle: "snake_case" }, /'drizzle' must be an object/],
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

  it("caches a config's transpiled code, except one that writes a database password in its text", async () => {
    const marker = `m${process.pid}x${Date.now()}`;
    const held = (text: string) => {
      const directory = privateCacheDirectory("transpiled");
      if (directory === undefined) return 0;
      return readdirSync(directory).filter((name) => readFileSync(path.join(directory, name), "latin1").includes(text)).length;
    };
    const plain = path.join(root, "plain");
    await mkdir(plain, { recursive: true });
    await writeFile(
      path.join(plain, "retort.config.ts"),
      `const url: string = process.env.DATABASE_URL ?? "embedded:./${marker}";\nexport default { url };\n`,
    );
    expect((await loadConfig({ cwd: plain, env: {} })).url).toBe(`embedded:./${marker}`);
    expect(held(marker)).toBe(privateCacheDirectory("transpiled") === undefined ? 0 : 1);

    const secret = `pw${marker}`;
    const literal = path.join(root, "literal");
    await mkdir(literal, { recursive: true });
    await writeFile(
      path.join(literal, "retort.config.ts"),
      `const url: string = "postgres://app:${secret}@db/app";\nexport default { url };\n`,
    );
    const loaded = await loadConfig({ cwd: literal, env: {} });
    expect(loaded.url).toBe(`postgres://app:${secret}@db/app`);
    expect(loaded.warnings).toEqual([expect.stringContaining("holds the password of postgres://app:***@db/app in its text")]);
    expect(held(secret)).toBe(0);
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

  it("says the config needs a default export when it has none", async () => {
    const named = path.join(root, "named.config.ts");
    await writeFile(named, 'export const config = { url: "embedded:./db" };\n');
    const error = await loadConfig({ configPath: named, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${named} has no default export (it exports 'config').`);
    expect((error as ConfigError).hint).toContain("export default defineConfig(");
  });

  it("reads the .env files of the config's folder before the config, unless told not to", async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), "retort-dotenv-"));
    try {
      await writeFile(path.join(project, "retort.config.ts"), 'export default { url: "embedded:./db" };\n');
      await writeFile(path.join(project, ".env"), "NODE_ENV=production\n");
      await writeFile(path.join(project, ".env.production.local"), "RETORT_ENV=test\n");
      const config = await loadConfig({ cwd: project, env: {} });
      expect(config.envFiles).toEqual([path.join(project, ".env"), path.join(project, ".env.production.local")]);
      expect(config.environmentChoice).toEqual({ environment: "test", source: "RETORT_ENV", value: "test" });
      const real = await loadConfig({ cwd: project, env: { RETORT_ENV: "development" } });
      expect(real.environmentChoice.source).toBe("RETORT_ENV");
      expect(real.environment).toBe("development");
      const off = await loadConfig({ cwd: project, env: {}, envFile: false });
      expect(off.envFiles).toEqual([]);
      expect(off.environment).toBe("development");
      await writeFile(path.join(project, "other.env"), "NODE_ENV=test\n");
      const other = await loadConfig({ cwd: project, env: {}, envFile: "other.env" });
      expect(other.envFiles).toEqual([path.join(project, "other.env")]);
      expect(other.environment).toBe("test");
    } finally {
      await rm(project, { recursive: true, force: true });
    }
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
