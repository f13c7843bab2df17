import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Jiti } from "jiti";

let loader: Jiti | undefined;

/**
 * Loads the project's TypeScript (config, models, revision files) without a build step. `retort` and
 * `retort/schema` are aliased to this running copy of Retort, so the builders a revision file imports are
 * the same objects the runtime checks, wherever the project's node_modules are.
 */
export function moduleLoader(): Jiti {
  if (loader === undefined) {
    // jiti's CommonJS entry, through require: importing its ESM entry makes Node scan the whole CommonJS bundle
    // behind it for export names first (cjs-module-lexer), ~40 ms of every command that reads the config.
    const { createJiti } = createRequire(import.meta.url)("jiti") as typeof import("jiti");
    loader = createJiti(import.meta.url, {
      alias: { "retort/schema": ownModule("../schema/index"), retort: ownModule("../index") },
      interopDefault: false,
      moduleCache: false,
    });
  }
  return loader;
}

/** Our own file next to this one: `.js` when running built code, `.ts` when running from source (tests). */
function ownModule(relative: string): string {
  const js = fileURLToPath(new URL(`${relative}.js`, import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL(`${relative}.ts`, import.meta.url));
}
