/** Loading a models module's Drizzle exports: the project's drizzle-orm/pg-core, found from the module. */
import { type DrizzleCasing, type DrizzleCasingName, drizzleModels, type PgCore } from "../adapters/drizzle/index.js";
import type { ModelModule } from "../autogenerate/models.js";
import { RetortError, UnsupportedModelError } from "../errors.js";
import { importFromProjectFile } from "../project/module-loader.js";

/** The project's own conversion for a `casing` (drizzle-orm/casing), so names match its drizzle-orm exactly. */
export async function casingOf(name: DrizzleCasingName, path: string): Promise<DrizzleCasing> {
  type Casing = { readonly toSnakeCase?: (key: string) => string; readonly toCamelCase?: (key: string) => string };
  let module: Casing | undefined;
  try {
    module = await importFromProjectFile<Casing>("drizzle-orm/casing", path);
  } catch {
    module = undefined;
  }
  const convert = name === "snake_case" ? module?.toSnakeCase : module?.toCamelCase;
  if (typeof convert !== "function") {
    throw new RetortError("models_invalid", `The config sets drizzle.casing, but drizzle-orm/casing cannot be loaded from ${path}.`, {
      hint: "drizzle.casing needs drizzle-orm 0.36 or later in the project (npm install drizzle-orm@latest).",
      details: { path },
    });
  }
  return { name, convert };
}

/**
 * A models module that exports Drizzle tables, read through the project's own `drizzle-orm/pg-core` (Retort
 * does not depend on drizzle-orm): its tables and enum types in the neutral model, its other exports as they are.
 */
export async function drizzleModule(
  path: string,
  exports: Record<string, unknown>,
  configPath: string,
  casingName?: DrizzleCasingName,
): Promise<ModelModule> {
  let pgCore: PgCore | undefined;
  try {
    pgCore = await importFromProjectFile<PgCore>("drizzle-orm/pg-core", path);
  } catch (cause) {
    throw new RetortError("models_invalid", `Cannot load drizzle-orm/pg-core for the Drizzle models in ${path}.`, {
      hint: "Check that drizzle-orm is installed in the project (npm install drizzle-orm).",
      details: { path },
      cause,
    });
  }
  if (pgCore === undefined || typeof pgCore.getTableConfig !== "function") {
    throw new RetortError("models_invalid", `${path} exports Drizzle tables, but drizzle-orm/pg-core cannot be found from it.`, {
      hint: `Install drizzle-orm in the project that holds ${path} (npm install drizzle-orm), or fix the models path in ${configPath}.`,
      details: { path },
    });
  }
  let read: ReturnType<typeof drizzleModels>;
  try {
    read = drizzleModels(exports, pgCore, casingName === undefined ? undefined : await casingOf(casingName, path));
  } catch (cause) {
    if (!(cause instanceof UnsupportedModelError)) throw cause;
    throw new UnsupportedModelError(`${path}: ${cause.message}`, { hint: cause.hint, details: { ...cause.details, path }, cause });
  }
  const rest = Object.fromEntries(Object.entries(exports).filter(([name]) => !read.read.includes(name)));
  return { path, exports: { ...rest, ...read.enums }, tables: read.tables };
}
