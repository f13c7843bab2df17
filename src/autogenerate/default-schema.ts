import type { Column, ColumnType, EnumType, ForeignKey, Sequence, Table } from "../schema/model.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";

/**
 * A snapshot read from `schema` as if that schema were the default one: its objects lose their schema, as
 * unqualified models have none. A tenant's schema (schema-per-tenant) is compared with the models this way.
 */
export function asDefaultSchema(snapshot: SchemaSnapshot, schema: string): SchemaSnapshot {
  const bare = <T extends { readonly schema?: string }>(item: T): T => {
    if (item.schema !== schema) return item;
    const { schema: _, ...rest } = item;
    return rest as T;
  };
  const type = (columnType: ColumnType): ColumnType => {
    if (columnType.kind === "enum") return bare(columnType);
    if (columnType.kind === "array") return { ...columnType, element: type(columnType.element) };
    return columnType;
  };
  const foreignKey = (fk: ForeignKey): ForeignKey => {
    if (fk.referredSchema !== schema) return fk;
    const { referredSchema: _, ...rest } = fk;
    return rest;
  };
  const column = (c: Column): Column => ({ ...c, type: type(c.type) });
  const table = (t: Table): Table => ({ ...bare(t), columns: t.columns.map(column), foreignKeys: t.foreignKeys.map(foreignKey) });
  return {
    tables: snapshot.tables.map(table).sort(bySchemaAndName),
    enums: snapshot.enums.map((e: EnumType) => bare(e)).sort(bySchemaAndName),
    sequences: snapshot.sequences.map((s: Sequence) => bare(s)).sort(bySchemaAndName),
    ...(snapshot.views === undefined ? {} : { views: snapshot.views.map((v) => bare(v)).sort(bySchemaAndName) }),
    schemas: snapshot.schemas.filter((name) => name !== schema),
    ...(snapshot.routines === undefined ? {} : { routines: snapshot.routines.map((r) => bare(r)) }),
    ...(snapshot.triggers === undefined ? {} : { triggers: snapshot.triggers.map((t) => ({ ...bare(t), function: bare(t.function) })) }),
    ...(snapshot.policies === undefined ? {} : { policies: snapshot.policies.map((p) => bare(p)) }),
  };
}

function bySchemaAndName<T extends { readonly name: string; readonly schema?: string }>(a: T, b: T): number {
  const left = `${a.schema ?? "public"}\u0000${a.name}`;
  const right = `${b.schema ?? "public"}\u0000${b.name}`;
  return left < right ? -1 : left > right ? 1 : 0;
}
