/**
 * The config's `include` callback (Alembic's `include_object`): each object of a side is offered to it, and
 * what it declines is taken out of that side before comparing, so autogenerate neither creates, drops nor
 * alters it. Pure: returns new snapshots.
 */
import type { Constraint, Index, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { explicitSchema, objectKey } from "./names.js";

/** An object as the callback sees it; `schema` only outside the default schema, `table` for table parts. */
export interface IncludedObject {
  readonly kind: "table" | "column" | "index" | "constraint" | "enum" | "sequence" | "domain" | "extension" | "view" | "schema";
  readonly name: string;
  readonly schema?: string;
  readonly table?: string;
}

/** `false` leaves the object out of the comparison on that side. */
export type IncludeCallback = (object: IncludedObject, side: "database" | "models") => boolean;

function objectOf(kind: IncludedObject["kind"], name: string, schema: string | undefined, table?: string): IncludedObject {
  const explicit = explicitSchema(schema);
  return { kind, name, ...(explicit === undefined ? {} : { schema: explicit }), ...(table === undefined ? {} : { table }) };
}

function constraintColumns(constraint: Constraint): readonly string[] {
  switch (constraint.kind) {
    case "check":
      return [];
    case "exclude":
      return constraint.elements.flatMap((e) => (e.kind === "column" ? [e.name] : []));
    default:
      return constraint.columns;
  }
}

function indexColumns(index: Index): string[] {
  return [...index.elements.flatMap((e) => (e.kind === "column" ? [e.name] : [])), ...(index.include ?? [])];
}

/**
 * A table with the columns, constraints and indexes the callback declines taken out; a constraint or index
 * on a declined column goes with it (it could be neither created nor dropped without the column).
 */
function filterTable(table: Table, keep: (object: IncludedObject) => boolean): Table {
  const part = (kind: IncludedObject["kind"], name: string) => keep(objectOf(kind, name, table.schema, table.name));
  const columns = table.columns.filter((c) => part("column", c.name));
  const present = new Set(columns.map((c) => c.name));
  const constraintKept = (c: Constraint) => constraintColumns(c).every((name) => present.has(name)) && part("constraint", c.name);
  const { primaryKey, ...rest } = table;
  return {
    ...rest,
    columns,
    ...(primaryKey !== undefined && constraintKept(primaryKey) ? { primaryKey } : {}),
    uniqueConstraints: table.uniqueConstraints.filter(constraintKept),
    foreignKeys: table.foreignKeys.filter(constraintKept),
    checkConstraints: table.checkConstraints.filter(constraintKept),
    ...(table.exclusionConstraints === undefined ? {} : { exclusionConstraints: table.exclusionConstraints.filter(constraintKept) }),
    indexes: table.indexes.filter((ix) => indexColumns(ix).every((name) => present.has(name)) && part("index", ix.name)),
  };
}

/** `snapshot` without what `include` declines on `side`; a declined schema takes its objects with it. */
export function includedSnapshot(snapshot: SchemaSnapshot, include: IncludeCallback, side: "database" | "models"): SchemaSnapshot {
  const keep = (object: IncludedObject) => include(object, side) !== false;
  const declinedSchemas = new Set(snapshot.schemas.filter((schema) => !keep({ kind: "schema", name: schema })));
  const inSchema = (schema: string | undefined) => {
    const explicit = explicitSchema(schema);
    return explicit === undefined || !declinedSchemas.has(explicit);
  };
  const tables = snapshot.tables.filter((t) => inSchema(t.schema) && keep(objectOf("table", t.name, t.schema)));
  const tableKeys = new Set(tables.map((t) => objectKey(t.schema, t.name)));
  return {
    tables: tables.map((t) => filterTable(t, keep)),
    enums: snapshot.enums.filter((e) => inSchema(e.schema) && keep(objectOf("enum", e.name, e.schema))),
    sequences: snapshot.sequences.filter((s) => inSchema(s.schema) && keep(objectOf("sequence", s.name, s.schema))),
    ...(snapshot.domains === undefined
      ? {}
      : { domains: snapshot.domains.filter((d) => inSchema(d.schema) && keep(objectOf("domain", d.name, d.schema))) }),
    ...(snapshot.extensions === undefined
      ? {}
      : { extensions: snapshot.extensions.filter((e) => keep(objectOf("extension", e.name, undefined))) }),
    ...(snapshot.views === undefined
      ? {}
      : { views: snapshot.views.filter((v) => inSchema(v.schema) && keep(objectOf("view", v.name, v.schema))) }),
    schemas: snapshot.schemas.filter((s) => !declinedSchemas.has(s)),
    ...(snapshot.routines === undefined ? {} : { routines: snapshot.routines.filter((r) => inSchema(r.schema)) }),
    ...(snapshot.triggers === undefined
      ? {}
      : { triggers: snapshot.triggers.filter((t) => inSchema(t.schema) && keep(objectOf("table", t.table, t.schema))) }),
    // A policy goes with its table.
    ...(snapshot.policies === undefined ? {} : { policies: snapshot.policies.filter((p) => tableKeys.has(objectKey(p.schema, p.table))) }),
  };
}
