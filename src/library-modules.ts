import type { LibraryModules } from "./project/module-loader.js";

/**
 * `retort` and `retort/schema` as the project's files see them: this running copy of Retort, so the builders a
 * revision file imports are the very objects the runtime uses, wherever the project's node_modules are. Each entry
 * point (the CLI, the library) hands this to the module loader, which sits below everything it would import.
 */
export async function loadLibraryModules(): Promise<LibraryModules> {
  const [retort, schema] = await Promise.all([import("./library.js"), import("./schema/index.js")]);
  return { retort, "retort/schema": schema };
}
