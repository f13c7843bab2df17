import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createJiti, type Jiti } from "jiti";

let loader: Jiti | undefined;

/**
 * Loads the project's TypeScript (config, models, revision files) without a build step. `retort` and
 * `retort/schema` are aliased to this running copy of Retort, so the builders a revision file imports are
 * the same objects the runtime checks, wherever the project's node_modules are.
 */
export function moduleLoader(): Jiti {
  loader ??= createJiti(import.meta.url, {
    alias: { "retort/schema": ownModule("../schema/index"), retort: ownModule("../index") },
    interopDefault: false,
    moduleCache: false,
  });
  return loader;
}

/** Our own file next to this one: `.js` when running built code, `.ts` when running from source (tests). */
function ownModule(relative: string): string {
  const js = fileURLToPath(new URL(`${relative}.js`, import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL(`${relative}.ts`, import.meta.url));
}
