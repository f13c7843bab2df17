/**
 * Recognises Drizzle's PostgreSQL objects among a models module's exports by the markers Drizzle itself sets
 * (global symbols and entity kinds), without importing drizzle-orm.
 */

const IS_DRIZZLE_TABLE = Symbol.for("drizzle:IsDrizzleTable");
const IS_PG_ENUM = Symbol.for("drizzle:isPgEnum");
const ENTITY_KIND = Symbol.for("drizzle:entityKind");

/** The name of a Drizzle table (`drizzle:Name`) and its schema (`drizzle:Schema`). */
export const TABLE_NAME = Symbol.for("drizzle:Name");
export const TABLE_SCHEMA = Symbol.for("drizzle:Schema");

/** What a Drizzle export is, for the adapter. */
export type DrizzleExportKind = "table" | "enum" | "schema" | "view" | "materializedView" | "sequence" | "role" | "other";

function entityKind(value: object): string | undefined {
  // Through the prototype, as Drizzle's own `is()` does: a view is a Proxy that hides `constructor`.
  const constructor = (Object.getPrototypeOf(value) as { constructor?: unknown } | null)?.constructor;
  if (typeof constructor !== "function") return undefined;
  const kind = (constructor as unknown as Record<symbol, unknown>)[ENTITY_KIND];
  return typeof kind === "string" ? kind : undefined;
}

/** The kind of a Drizzle object, or `undefined` for a value Drizzle did not make. */
export function drizzleExportKind(value: unknown): DrizzleExportKind | undefined {
  if (typeof value === "function") {
    return (value as unknown as Record<symbol, unknown>)[IS_PG_ENUM] === true ? "enum" : undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  if ((value as Record<symbol, unknown>)[IS_DRIZZLE_TABLE] === true) {
    return entityKind(value) === "PgTable" ? "table" : "other";
  }
  switch (entityKind(value)) {
    case undefined:
      return undefined;
    case "PgSchema":
      return "schema";
    case "PgView":
      return "view";
    case "PgMaterializedView":
      return "materializedView";
    case "PgSequence":
      return "sequence";
    case "PgRole":
      return "role";
    default:
      return "other";
  }
}

/** True when a models module exports at least one Drizzle table or enum (then drizzle-orm is needed to read it). */
export function hasDrizzleModels(exports: Readonly<Record<string, unknown>>): boolean {
  return Object.values(exports).some((value) => {
    const kind = drizzleExportKind(value);
    return kind === "table" || kind === "enum";
  });
}
