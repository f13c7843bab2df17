import { describe, expect, it } from "vitest";
import { chooseEnvironment, describeEnvironment, EnvironmentValueError } from "./environment.js";

describe("chooseEnvironment", () => {
  it.each([
    [{}, "development", "default"],
    [{ NODE_ENV: "staging" }, "development", "NODE_ENV"],
    [{ NODE_ENV: "dev" }, "development", "NODE_ENV"],
    [{ NODE_ENV: "local" }, "development", "NODE_ENV"],
    [{ NODE_ENV: "ci" }, "development", "NODE_ENV"],
    [{ NODE_ENV: "Production" }, "production", "NODE_ENV"],
    [{ NODE_ENV: "PROD" }, "production", "NODE_ENV"],
    [{ NODE_ENV: "production" }, "production", "NODE_ENV"],
    [{ NODE_ENV: "test" }, "test", "NODE_ENV"],
    [{ NODE_ENV: "" }, "development", "default"],
    [{ RETORT_ENV: "", NODE_ENV: "production" }, "production", "NODE_ENV"],
    [{ RETORT_ENV: "test", NODE_ENV: "production" }, "test", "RETORT_ENV"],
    [{ RETORT_ENV: "Production" }, "production", "RETORT_ENV"],
  ])("%j gives %s from %s", (env, environment, source) => {
    expect(chooseEnvironment(undefined, env)).toMatchObject({ environment, source });
  });

  it("prefers the config's key", () => {
    expect(chooseEnvironment("test", { RETORT_ENV: "production", NODE_ENV: "production" })).toEqual({
      environment: "test",
      source: "config",
      value: "test",
    });
  });

  it("rejects a wrong value only in the config or RETORT_ENV", () => {
    expect(() => chooseEnvironment("staging", {})).toThrow(EnvironmentValueError);
    expect(() => chooseEnvironment(null, {})).toThrow('must be "development", "production" or "test", not null');
    expect(() => chooseEnvironment(undefined, { RETORT_ENV: "staging" })).toThrow('not "staging"');
  });

  it("says where the environment came from", () => {
    expect(describeEnvironment(chooseEnvironment(undefined, { NODE_ENV: "staging" }))).toBe("Environment: development (NODE_ENV=staging)");
    expect(describeEnvironment(chooseEnvironment(undefined, {}))).toBe("Environment: development (neither RETORT_ENV nor NODE_ENV is set)");
    expect(describeEnvironment(chooseEnvironment("production", {}))).toBe("Environment: production (the config's environment key)");
  });
});
