/**
 * Columns that rest on objects a models module cannot declare (domains, range and composite types, sequences no
 * column owns), described for the pulled module's header and for `retort check`. Pure.
 */
import { displayName, schemaKey } from "../autogenerate/names.js";
import type { UndeclaredDependency } from "../dialects/dialect.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";

const KIND_LABELS: Readonly<Record<UndeclaredDependency["kind"], string>> = {
  domain: "domain",
  rangeType: "range type",
  compositeType: "composite type",
  sequence: "sequence",
};

/** `film.release_year: domain year (its type)`, `actor.actor_id: sequence actor_actor_id_seq (its default)`. */
export function describeDependency(dependency: UndeclaredDependency): string {
  const column = `${displayName(dependency.table.schema, dependency.table.name)}.${dependency.column}`;
  const object = displayName(dependency.object.schema, dependency.object.name);
  const where = dependency.kind === "sequence" ? "its default" : "its type";
  return `${column}: ${KIND_LABELS[dependency.kind]} ${object} (${where})`;
}

/** The dependencies of columns `models` declares: those that a database built from these models needs. */
export function dependenciesOfModels(dependencies: readonly UndeclaredDependency[], models: SchemaSnapshot): UndeclaredDependency[] {
  const columns = new Set(
    models.tables.flatMap((table) => table.columns.map((column) => `${schemaKey(table.schema)}.${table.name}.${column.name}`)),
  );
  return dependencies.filter((d) => columns.has(`${schemaKey(d.table.schema)}.${d.table.name}.${d.column}`));
}
