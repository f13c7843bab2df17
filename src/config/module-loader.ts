import { createRequire } from "node:module";
import type { Jiti, TransformOptions, TransformResult } from "jiti";
import { rejectDuplicateExports } from "./duplicate-exports.js";

const require = createRequire(import.meta.url);
let loader: Promise<Jiti> | undefined;

/**
 * Loads the project's TypeScript (config, models, revision files) without a build step.
 *
 * - `retort` and `retort/schema` resolve to this running copy of Retort (jiti's virtual modules): the builders a
 *   revision file imports are the very objects the runtime uses, wherever the project's node_modules are, and
 *   Retort's own code is never transpiled again.
 * - Files are transpiled by sucrase (types stripped, ESM to CommonJS) instead of jiti's default Babel pipeline:
 *   about ten times faster (bench/RESULTS.md), which is what a 1,000-revision upgrade or a large models file
 *   spends its time on. Consequence: no top-level `await` in config, models or revision files.
 */
export function moduleLoader(): Promise<Jiti> {
  loader ??= createLoader();
  return loader;
}

async function createLoader(): Promise<Jiti> {
  const [library, schema] = await Promise.all([import("../index.js"), import("../schema/index.js")]);
  // jiti's CommonJS entry, through require: importing its ESM entry makes Node scan the whole CommonJS bundle
  // behind it for export names first (cjs-module-lexer), ~40 ms of every command that reads the config.
  const { createJiti } = require("jiti") as typeof import("jiti");
  return createJiti(import.meta.url, {
    virtualModules: { retort: library, "retort/schema": schema },
    interopDefault: false,
    // Every load reads the file again: a long-lived process (a library user, a watch mode, a test) sees edits.
    moduleCache: false,
    transform: transpile,
  });
}

function transpile(options: TransformOptions): TransformResult {
  const { transform } = require("sucrase") as typeof import("sucrase");
  // A syntax error throws here, with the position in the message: "Unexpected token, expected "," (5:2)".
  const result = transform(options.source, {
    transforms: options.ts === false ? ["imports"] : ["typescript", "imports"],
    filePath: options.filename,
    production: true,
  });
  rejectDuplicateExports(options.source, options.filename);
  return { code: result.code };
}
