import { assertNever } from "../errors.js";
import type { Environment } from "./define-config.js";

/** Where the environment came from, for `-v` output and for errors. */
export type EnvironmentSource = "config" | "RETORT_ENV" | "NODE_ENV" | "default";

export interface ChosenEnvironment {
  readonly environment: Environment;
  readonly source: EnvironmentSource;
  /** The value as written (`Production`, `staging`), when it came from a variable or the config. */
  readonly value?: string;
}

const ENVIRONMENTS: readonly Environment[] = ["development", "production", "test"];

/** Why a value was rejected: the caller names the file or variable. */
export class EnvironmentValueError extends Error {
  constructor(
    readonly source: "config" | "RETORT_ENV",
    readonly value: unknown,
  ) {
    super(`must be "development", "production" or "test", not ${JSON.stringify(value)}`);
  }
}

/**
 * The environment a command runs in: the config's `environment` key, else `RETORT_ENV`, else `NODE_ENV`, else
 * development. Only Retort's own settings are checked: `NODE_ENV` belongs to the application, whose teams use
 * values such as `staging` or `ci`, so it maps `production`/`prod` to production, `test` to test and anything
 * else to development. An empty variable counts as unset.
 */
export function chooseEnvironment(configValue: unknown, env: Readonly<Record<string, string | undefined>>): ChosenEnvironment {
  if (configValue !== undefined) {
    if (!ENVIRONMENTS.includes(configValue as Environment)) throw new EnvironmentValueError("config", configValue);
    return { environment: configValue as Environment, source: "config", value: configValue as string };
  }
  const retortEnv = env.RETORT_ENV?.trim();
  if (retortEnv) {
    const environment = ENVIRONMENTS.find((name) => name === retortEnv.toLowerCase());
    if (environment === undefined) throw new EnvironmentValueError("RETORT_ENV", env.RETORT_ENV);
    return { environment, source: "RETORT_ENV", value: env.RETORT_ENV };
  }
  const nodeEnv = env.NODE_ENV?.trim();
  if (nodeEnv) {
    const lower = nodeEnv.toLowerCase();
    const environment: Environment = lower === "production" || lower === "prod" ? "production" : lower === "test" ? "test" : "development";
    return { environment, source: "NODE_ENV", value: env.NODE_ENV };
  }
  return { environment: "development", source: "default" };
}

/** One line for `-v`: `Environment: development (NODE_ENV=staging)`. */
export function describeEnvironment(chosen: ChosenEnvironment): string {
  return `Environment: ${chosen.environment} (${reason(chosen)})`;
}

function reason(chosen: ChosenEnvironment): string {
  switch (chosen.source) {
    case "config":
      return "the config's environment key";
    case "RETORT_ENV":
    case "NODE_ENV":
      return `${chosen.source}=${chosen.value ?? ""}`;
    case "default":
      return "neither RETORT_ENV nor NODE_ENV is set";
    default:
      return assertNever(chosen.source, "environment source");
  }
}
