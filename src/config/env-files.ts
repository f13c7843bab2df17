import { readFileSync } from "node:fs";
import path from "node:path";
// A default import: a named `parseEnv` import would fail to link on Node.js before 20.12, for every command.
import util from "node:util";
import { ConfigError } from "../errors.js";
import { chooseEnvironment } from "./environment.js";
import type { Environment } from "./define-config.js";

/** What the `.env` files add to the environment. */
export interface EnvFiles {
  /** The files read, in the order they were applied (later ones win over earlier ones). */
  readonly files: readonly string[];
  /** Variables from the files that the environment does not already set: real variables always win. */
  readonly values: Readonly<Record<string, string>>;
}

/** Reads a file's text, or `undefined` when it does not exist. */
export type ReadTextFile = (file: string) => string | undefined;

/** The files loaded from the project root, least specific first: `.env`, `.env.<environment>`, then the `.local` ones. */
export function envFileNames(environment: Environment): readonly string[] {
  return [".env", `.env.${environment}`, ".env.local", `.env.${environment}.local`];
}

/**
 * The `.env` files of a project, as Node.js tools commonly read them: `.env`, `.env.<environment>`,
 * `.env.local`, `.env.<environment>.local` from `directory`, a more specific file overriding a less specific
 * one, and variables already in `env` overriding them all. The environment that picks the files comes from
 * `RETORT_ENV`/`NODE_ENV`, in `env` or else in `.env` (the config, which may name it too, is evaluated
 * after the files, as it reads them). `file` (`--env-file`) reads that one file instead.
 */
export function readEnvFiles(
  directory: string,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly file?: string | undefined; readonly read?: ReadTextFile } = {},
): EnvFiles {
  const read = options.read ?? readTextFile;
  const merged: Record<string, string> = {};
  const files: string[] = [];
  const apply = (file: string, text: string) => {
    Object.assign(merged, parseEnvText(text, file));
    files.push(file);
  };
  if (options.file !== undefined) {
    const text = read(options.file);
    if (text === undefined) {
      throw new ConfigError("config_not_found", `Env file not found: ${options.file}`, {
        hint: "Check the --env-file path (relative to the working directory).",
      });
    }
    apply(options.file, text);
  } else {
    const base = path.join(directory, ".env");
    const baseText = read(base);
    if (baseText !== undefined) apply(base, baseText);
    const { environment } = chooseEnvironment(undefined, { ...merged, ...definedOnly(env) });
    for (const name of envFileNames(environment).slice(1)) {
      const file = path.join(directory, name);
      const text = read(file);
      if (text !== undefined) apply(file, text);
    }
  }
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(merged)) if (env[key] === undefined) values[key] = value;
  return { files, values };
}

function parseEnvText(text: string, file: string): Record<string, string> {
  const parseEnv = util.parseEnv as typeof util.parseEnv | undefined;
  if (typeof parseEnv !== "function") {
    throw new ConfigError("config_invalid", `Cannot read ${file}: this Node.js (${process.version}) has no util.parseEnv.`, {
      hint: "Use Node.js 20.12 or later, or set the variables in the environment.",
    });
  }
  const parsed = parseEnv(text);
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) result[key] = value;
  return result;
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

function readTextFile(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new ConfigError("config_invalid", `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
