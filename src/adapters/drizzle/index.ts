/** Drizzle ORM schemas (`pgTable`, `pgEnum`, `pgSchema`) read as Retort models. */
export { drizzleExportKind, hasDrizzleModels, type DrizzleExportKind } from "./detect.js";
export { drizzleModels, type DrizzleModels } from "./models.js";
export type { DrizzleCasing, DrizzleCasingName, PgCore } from "./drizzle-types.js";
